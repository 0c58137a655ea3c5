// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "muxerpair.h"

#include <QBiMuxServer>
#include <QBiMuxer>

#include <QtCore/qprocess.h>
#include <QtCore/qtimer.h>
#include <QtNetwork/qtcpsocket.h>
#include <QtTest/qtest.h>

#include <dirent.h>
#include <sys/resource.h>

#include <atomic>
#include <cstdio>

using namespace std::chrono_literals;

// Thousands of TCP connects that never send a handshake, against a server in a process
// of its own limited to 1,024 file descriptors (a common default). Each accepted
// connection costs the server a descriptor until its handshake ends, so the server bounds
// the handshakes in progress: in all (maxPendingHandshakes(), 512) and per peer address
// (maxPendingHandshakesPerAddress(), 32, once half the places are taken), turning the
// rest away at once. The test
// measures the server's descriptors and handshakes while the flood runs, checks that a
// client connected before keeps getting answers throughout and that a new client from
// another address gets in during a flood from one address, and that every attacking
// socket is cut within the handshake timeout.
class tst_HandshakeFlood : public QObject
{
    Q_OBJECT

public:
    static int serve(int argc, char **argv);

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void floodFromOneAddress();
    void floodFromManyAddresses();

private:
    struct Stats
    {
        int fds = -1;
        int peakFds = -1;
        int handshakes = -1;
        int peakHandshakes = -1;
        int acceptErrors = -1;
    };
    Stats stats();
    // Opens `count` silent connections from `addresses` (round robin) and waits until the
    // server has closed them all, while `established` keeps calling. Returns the time the
    // last one took to be cut, in ms, or -1.
    qint64 flood(const QList<QHostAddress> &addresses, int count, bool newcomerMustGetIn);

    static constexpr int ServerFdLimit = 1024;
    static constexpr int HandshakeTimeoutMs = 3000;
    static constexpr int FloodConnections = 2000;

    QProcess m_server;
    quint16 m_port = 0;
    std::unique_ptr<QBiMuxer> m_established;
};

namespace {
int openDescriptors()
{
    DIR *dir = opendir("/proc/self/fd");
    if (!dir)
        return -1; // at the limit: not even this one could be opened
    int count = -1; // the directory's own
    while (const dirent *entry = readdir(dir)) {
        if (entry->d_name[0] != '.')
            ++count;
    }
    closedir(dir);
    return count;
}

std::atomic<int> g_acceptErrors {0};
QtMessageHandler g_previousHandler = nullptr;

void countAcceptErrors(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (message.contains(QLatin1String("accept error"))
        || message.contains(QLatin1String("cannot take over"))) {
        ++g_acceptErrors;
    }
    g_previousHandler(type, context, message);
}
} // namespace

// The server process: a QBiMuxServer with one worker thread, descriptors limited to
// ServerFdLimit; route 1 echoes, route 2 reports what it measured, route 3 starts over.
int tst_HandshakeFlood::serve(int argc, char **argv)
{
    rlimit limit {};
    getrlimit(RLIMIT_NOFILE, &limit);
    limit.rlim_cur = ServerFdLimit;
    if (setrlimit(RLIMIT_NOFILE, &limit) != 0) {
        std::perror("setrlimit");
        return 1;
    }
    QCoreApplication app(argc, argv);
    g_previousHandler = qInstallMessageHandler(countAcceptErrors);
    QBiMuxServer server;
    server.setWorkerThreadCount(1);
    server.setHandshakeTimeout(std::chrono::milliseconds(HandshakeTimeoutMs));
    std::atomic<int> fds {0};
    std::atomic<int> peakFds {0};
    std::atomic<int> peakHandshakes {0};
    QTimer sampler;
    // In the main thread, while the connections are handled in the worker.
    QObject::connect(&sampler, &QTimer::timeout, &app, [&] {
        const int now = openDescriptors();
        fds = now;
        peakFds = std::max(peakFds.load(), now < 0 ? ServerFdLimit : now);
        peakHandshakes = std::max(peakHandshakes.load(), server.pendingHandshakeCount());
    });
    sampler.start(2ms);
    server.setRequestHandler(1, nullptr, [](const QByteArray &data) { return data; });
    server.setRequestHandler(2, nullptr, [&](const QByteArray &) {
        return QStringLiteral("%1 %2 %3 %4 %5")
            .arg(fds.load())
            .arg(peakFds.load())
            .arg(server.pendingHandshakeCount())
            .arg(peakHandshakes.load())
            .arg(g_acceptErrors.load())
            .toLatin1();
    });
    server.setRequestHandler(3, nullptr, [&](const QByteArray &) {
        peakFds = fds.load();
        peakHandshakes = server.pendingHandshakeCount();
        g_acceptErrors = 0;
        return QByteArray("reset");
    });
    if (!server.listen(QHostAddress::Any, 0))
        return 1;
    std::printf("PORT %d\n", int(server.serverPort()));
    std::fflush(stdout);
    // Ends with its test, or after a minute if that test died.
    QTimer::singleShot(60s, &app, &QCoreApplication::quit);
    return app.exec();
}

void tst_HandshakeFlood::initTestCase()
{
    // The attacker (this process) needs more descriptors than it attacks with.
    rlimit limit {};
    getrlimit(RLIMIT_NOFILE, &limit);
    limit.rlim_cur = std::min<rlim_t>(limit.rlim_max, 16384);
    setrlimit(RLIMIT_NOFILE, &limit);
    if (limit.rlim_cur < rlim_t(FloodConnections + 512))
        QSKIP("this process may not open enough sockets for the flood");

    m_server.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_server.start(QCoreApplication::applicationFilePath(), {QStringLiteral("--serve")});
    QVERIFY(m_server.waitForStarted(10000));
    QByteArray line;
    QTRY_VERIFY_WITH_TIMEOUT((line += m_server.readAllStandardOutput()).contains('\n'), 10000);
    QVERIFY2(line.startsWith("PORT "), line.constData());
    m_port = quint16(line.mid(5).trimmed().toUInt());
    QVERIFY(m_port != 0);

    m_established = std::make_unique<QBiMuxer>();
    QSignalSpy connected(m_established.get(), &QBiMuxer::connected);
    m_established->open(QUrl(QStringLiteral("ws://127.0.0.1:%1/mux").arg(m_port)));
    QTRY_COMPARE_WITH_TIMEOUT(connected.count(), 1, 10000);
}

void tst_HandshakeFlood::cleanupTestCase()
{
    m_established.reset();
    if (m_server.state() != QProcess::NotRunning) {
        m_server.kill();
        m_server.waitForFinished(10000);
    }
}

tst_HandshakeFlood::Stats tst_HandshakeFlood::stats()
{
    Stats result;
    QFuture<QByteArray> answer = m_established->rpc(2, QByteArray());
    if (!waitForFinished(answer) || errorOf(answer).code() != QBiMux::StatusCode::Ok)
        return result;
    const QList<QByteArray> fields = answer.result().split(' ');
    if (fields.size() != 5)
        return result;
    result.fds = fields.at(0).toInt();
    result.peakFds = fields.at(1).toInt();
    result.handshakes = fields.at(2).toInt();
    result.peakHandshakes = fields.at(3).toInt();
    result.acceptErrors = fields.at(4).toInt();
    return result;
}

qint64 tst_HandshakeFlood::flood(const QList<QHostAddress> &addresses, int count,
                                 bool newcomerMustGetIn)
{
    QFuture<QByteArray> reset = m_established->rpc(3, QByteArray());
    if (!waitForFinished(reset) || reset.result() != "reset") {
        qWarning("the server did not reset its measurements");
        return -1;
    }
    QElapsedTimer elapsed;
    elapsed.start();
    std::vector<std::unique_ptr<QTcpSocket>> attackers;
    int cut = 0;
    qint64 lastCut = 0;
    for (int i = 0; i < count; ++i) {
        auto socket = std::make_unique<QTcpSocket>();
        socket->bind(addresses.at(i % addresses.size()), 0);
        QObject::connect(socket.get(), &QTcpSocket::disconnected, socket.get(), [&] {
            ++cut;
            lastCut = elapsed.elapsed();
        });
        socket->connectToHost(QHostAddress::LocalHost, m_port);
        attackers.push_back(std::move(socket));
        // In waves of 100 within about 100 ms: at once, 2,000 SYNs would overflow the
        // kernel's listen queue (1,024), which then drops the newcomer's SYN too, and it
        // would wait a second for its retry: a matter of the kernel, not of the server.
        if (i % 100 == 99)
            QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    }

    // While the flood runs: the established client calls every 50 ms, each call must be
    // answered, and (for a flood from one address) a newcomer from 127.0.0.1 gets in.
    QBiMuxer newcomer;
    QSignalSpy newcomerConnected(&newcomer, &QBiMuxer::connected);
    newcomer.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/mux").arg(m_port)));
    int handshakesWhenNewcomerGotIn = -1;
    QList<QFuture<QByteArray>> calls;
    QElapsedTimer sinceCall;
    sinceCall.start();
    QDeadlineTimer deadline(HandshakeTimeoutMs + 20000);
    while (cut < count && !deadline.hasExpired()) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
        if (sinceCall.elapsed() >= 50) {
            calls.append(m_established->rpc(1, QByteArray::number(calls.size()),
                                            QBiMuxCallOptions().setTimeout(5s)));
            sinceCall.restart();
        }
        if (handshakesWhenNewcomerGotIn < 0 && !newcomerConnected.isEmpty())
            handshakesWhenNewcomerGotIn = stats().handshakes;
    }
    if (cut < count) {
        qWarning("%d of %d attacking sockets were not cut", count - cut, count);
        return -1;
    }
    qInfo("%d attacking sockets from %lld address(es) cut, the last after %lld ms; the "
          "established client made %lld calls meanwhile",
          count, qint64(addresses.size()), lastCut, qint64(calls.size()));
    for (const QFuture<QByteArray> &call : std::as_const(calls)) {
        if (!waitForFinished(call) || errorOf(call).code() != QBiMux::StatusCode::Ok) {
            qWarning("a call of the established client failed: %s",
                     qPrintable(errorOf(call).message()));
            return -1;
        }
    }
    if (newcomerMustGetIn) {
        if (handshakesWhenNewcomerGotIn < 0) {
            qWarning("the newcomer did not get in during the flood");
            return -1;
        }
        qInfo("the newcomer got in while the server held %d attacking handshakes",
              handshakesWhenNewcomerGotIn);
        // It got in while the attacker's places were taken, not after they were freed.
        if (handshakesWhenNewcomerGotIn < 16) {
            qWarning("the newcomer got in only after the flood");
            return -1;
        }
    }
    return lastCut;
}

void tst_HandshakeFlood::floodFromOneAddress()
{
    const Stats before = stats();
    QVERIFY(before.fds > 0);
    const qint64 lastCut
        = flood({QHostAddress(QStringLiteral("127.0.0.2"))}, FloodConnections, true);
    QVERIFY(lastCut >= 0);
    const Stats after = stats();
    qInfo("server: %d descriptors before, at most %d during the flood; at most %d handshakes "
          "in progress; %d accept errors",
          before.fds, after.peakFds, after.peakHandshakes, after.acceptErrors);
    QCOMPARE(after.acceptErrors, 0);
    // One address gets half of the 512 places (then its share of 32 is long passed); the
    // other half is left to everyone else, the newcomer included.
    QVERIFY2(after.peakHandshakes <= 256 + 1, QByteArray::number(after.peakHandshakes));
    QVERIFY2(after.peakFds <= before.fds + 256 + 16, QByteArray::number(after.peakFds));
    QVERIFY2(lastCut < HandshakeTimeoutMs + 10000, QByteArray::number(lastCut));
    QTRY_COMPARE_WITH_TIMEOUT(stats().handshakes, 0, 10000);
}

void tst_HandshakeFlood::floodFromManyAddresses()
{
    // 100 addresses with 20 connections each: below the per-address bound, so the global
    // one (512) holds. A new client may be turned away meanwhile (every place is taken),
    // but the established one is served.
    QList<QHostAddress> addresses;
    for (int i = 0; i < 100; ++i)
        addresses.append(QHostAddress(QStringLiteral("127.0.1.%1").arg(i + 1)));
    const Stats before = stats();
    QVERIFY(before.fds > 0);
    const qint64 lastCut = flood(addresses, FloodConnections, false);
    QVERIFY(lastCut >= 0);
    const Stats after = stats();
    qInfo("server: %d descriptors before, at most %d during the flood; at most %d handshakes "
          "in progress; %d accept errors",
          before.fds, after.peakFds, after.peakHandshakes, after.acceptErrors);
    QCOMPARE(after.acceptErrors, 0);
    QVERIFY2(after.peakHandshakes <= 512, QByteArray::number(after.peakHandshakes));
    QVERIFY2(after.peakFds <= before.fds + 512 + 16, QByteArray::number(after.peakFds));
    QVERIFY2(after.peakFds < ServerFdLimit, QByteArray::number(after.peakFds));
    QTRY_COMPARE_WITH_TIMEOUT(stats().handshakes, 0, 10000);

    // Afterwards a new client gets in again.
    QBiMuxer later;
    QSignalSpy connected(&later, &QBiMuxer::connected);
    later.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/mux").arg(m_port)));
    QTRY_COMPARE_WITH_TIMEOUT(connected.count(), 1, 10000);
}

int main(int argc, char **argv)
{
    if (argc > 1 && qstrcmp(argv[1], "--serve") == 0)
        return tst_HandshakeFlood::serve(argc, argv);
    QCoreApplication app(argc, argv);
    tst_HandshakeFlood test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_handshakeflood.moc"
