// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "faultyproxy.h"
#include "muxerpair.h"
#include "tcppeers.h"
#include "unusedport.h"

#include <QBiMuxClient>
#include <QBiMuxDialError>
#include <QBiMuxObserver>
#include <QBiMuxServer>
#include <QBiMuxTunnelClient>
#include <QBiMuxTunnelServer>
#include <QBiMuxer>

#include <QtCore/qjsondocument.h>
#include <QtCore/qjsonobject.h>
#include <QtCore/qscopeguard.h>
#include <QtNetwork/qnetworkrequest.h>
#include <QtTest/qsignalspy.h>
#include <QtTest/qtest.h>

#include <memory>

using namespace std::chrono_literals;
using namespace TcpPeers;
using Kind = QBiMuxForward::Kind;

namespace {

// 100 MiB each way in the plain run. The sanitizer run moves 16 MiB through the very same
// paths: 100 MiB there took ~8 s a direction against ~1 s (measured on 2 cores), time the
// CI's ASan run would spend on no path the smaller transfer does not take.
#if defined(__SANITIZE_ADDRESS__)
constexpr qint64 BigTransfer = 16 * 1024 * 1024;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr qint64 BigTransfer = 16 * 1024 * 1024;
#else
constexpr qint64 BigTransfer = 100 * 1024 * 1024;
#endif
#else
constexpr qint64 BigTransfer = 100 * 1024 * 1024;
#endif

// The serve side, the connect side and the link between them, all in the test's thread
// unless the server is given worker threads. Through a FaultyProxy if asked, so that the
// link can be cut.
struct Tunnel
{
    QBiMuxServer server;
    QBiMuxTunnelServer serveSide {&server};
    std::unique_ptr<FaultyProxy> proxy;
    QBiMuxClient client;
    QBiMuxTunnelClient connectSide {&client};
    QList<QBiMuxTunnelConnectionInfo> clientEnded;
    QList<QBiMuxTunnelConnectionInfo> serverEnded;

    Tunnel()
    {
        QObject::connect(
            &connectSide, &QBiMuxTunnelClient::connectionFinished, &connectSide,
            [this](const QBiMuxTunnelConnectionInfo &info) { clientEnded.append(info); });
        QObject::connect(
            &serveSide, &QBiMuxTunnelServer::connectionFinished, &serveSide,
            [this](const QBiMuxTunnelConnectionInfo &info) { serverEnded.append(info); });
        client.setInitialReconnectDelay(50ms);
        client.setReconnectJitter(0);
        client.setId(QStringLiteral("device"));
    }

    [[nodiscard]] bool start(bool viaProxy = false, int workers = 0)
    {
        server.setWorkerThreadCount(workers);
        if (!server.listen(QHostAddress::LocalHost))
            return false;
        QUrl url = server.serverUrl();
        if (viaProxy) {
            proxy = std::make_unique<FaultyProxy>();
            if (!proxy->listen(server.serverPort()))
                return false;
            url = proxy->url();
        }
        QSignalSpy connected(&client, &QBiMuxClient::connected);
        client.open(url);
        return connected.wait(10000) || !connected.isEmpty();
    }

    // Adds the forward and waits until it listens; returns the port, 0 on failure.
    quint16 forward(Kind kind, const QString &spec)
    {
        const auto forward = QBiMuxForward::fromString(kind, spec);
        if (!forward)
            return 0;
        QSignalSpy ready(&connectSide, &QBiMuxTunnelClient::forwardReady);
        if (!connectSide.addForward(*forward))
            return 0;
        if (!ready.wait(10000) && ready.isEmpty())
            return 0;
        return ready.last().at(1).value<quint16>();
    }
};

// One client's exchange, the event loop running meanwhile (the tunnel lives in it).
Outcome attempt(quint16 port, const Exchange &exchange = {10, 1})
{
    Client client(port, exchange);
    QDeadlineTimer deadline(30000);
    while (!client.isDone() && !deadline.hasExpired())
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
    return client.outcome(); // a client still busy ends with its own timeout
}

QByteArray hex(const QByteArray &digest)
{
    return digest.toHex().left(16);
}

// Sees what the streams of a muxer hold at every step (unsent and unread bytes), and how
// much they received in all.
class StreamHoldings : public QBiMuxObserver
{
public:
    void streamEvent(QBiMuxer *, const QBiMuxStreamInfo &info) override
    {
        const qint64 held = info.bytesToWrite + info.bytesAvailable;
        qint64 seen = maxHeld.load();
        while (held > seen && !maxHeld.compare_exchange_weak(seen, held)) { }
        if (info.event == QBiMux::StreamEvent::Progress) {
            const quint64 key = info.id * 2 + (info.direction == QBiMux::Direction::Outgoing);
            const qint64 before = m_received.value(key, 0);
            m_received.insert(key, info.bytesReceived);
            total += std::max<qint64>(info.bytesReceived - before, 0);
        }
    }
    std::atomic<qint64> maxHeld {0};
    std::atomic<qint64> total {0};

private:
    QHash<quint64, qint64> m_received; // the muxer's thread only
};

} // namespace

class tst_Tunnel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void forwardSpecs_data();
    void forwardSpecs();
    void invalidForwardsAreRefused();

    // Data
    void bigTransferHashedBothWays_data();
    void bigTransferHashedBothWays();
    void manyConnectionsAtOnce();
    void halfCloseCarriesTheAnswer_data();
    void halfCloseCarriesTheAnswer();
    void stalledTargetBoundsWhatTheTunnelHolds();

    // Refusals
    void refusedTargetClosesPromptly_data();
    void refusedTargetClosesPromptly();
    void targetsOutsideTheAllowListAreRefused();
    void remotePortsOutsideTheAllowListAreRefused();
    void wrongTokenNeverReachesTheTunnel();
    void hostilePeerGetsTypedRefusals();

    // The link
    void linkKilledMidTransferClosesEverything();
    void reconnectRebindsRemoteForwards();
    void staleConnectionsPortIsTakenOver();
    void overOneMuxer();
};

void tst_Tunnel::initTestCase()
{
    qRegisterMetaType<QBiMuxForward>();
    qRegisterMetaType<QBiMuxTunnelConnectionInfo>();
    qRegisterMetaType<QBiMuxStatus>();
}

void tst_Tunnel::forwardSpecs_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QString>("bind");
    QTest::addColumn<int>("bindPort");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("hostPort");
    QTest::addColumn<QString>("roundTrip");
    QTest::newRow("short") << "8080:127.0.0.1:80" << true << "" << 8080 << "127.0.0.1" << 80
                           << "8080:127.0.0.1:80";
    QTest::newRow("bind") << "0.0.0.0:2222:localhost:22" << true << "0.0.0.0" << 2222 << "localhost"
                          << 22 << "0.0.0.0:2222:localhost:22";
    QTest::newRow("any") << ":8080:db:5432" << true << "*" << 8080 << "db" << 5432
                         << "*:8080:db:5432";
    QTest::newRow("ipv6") << "[::1]:8080:[::1]:80" << true << "::1" << 8080 << "::1" << 80
                          << "[::1]:8080:[::1]:80";
    QTest::newRow("port 0") << "0:h:1" << true << "" << 0 << "h" << 1 << "0:h:1";
    QTest::newRow("too few") << "8080:80" << false << "" << 0 << "" << 0 << "";
    QTest::newRow("no host") << "8080::80" << false << "" << 0 << "" << 0 << "";
    QTest::newRow("target port 0") << "8080:h:0" << false << "" << 0 << "" << 0 << "";
    QTest::newRow("port too big") << "70000:h:1" << false << "" << 0 << "" << 0 << "";
    QTest::newRow("bad bind") << "nowhere:1:h:1" << false << "" << 0 << "" << 0 << "";
    QTest::newRow("open bracket") << "[::1:1:h:1" << false << "" << 0 << "" << 0 << "";
}

void tst_Tunnel::forwardSpecs()
{
    QFETCH(QString, spec);
    QFETCH(bool, valid);
    QString error;
    const auto forward = QBiMuxForward::fromString(Kind::Remote, spec, &error);
    QCOMPARE(forward.has_value(), valid);
    if (!valid) {
        QVERIFY(!error.isEmpty());
        return;
    }
    QFETCH(QString, bind);
    QFETCH(int, bindPort);
    QFETCH(QString, host);
    QFETCH(int, hostPort);
    QFETCH(QString, roundTrip);
    QCOMPARE(forward->kind(), Kind::Remote);
    QCOMPARE(forward->bindAddress(), bind);
    QCOMPARE(forward->bindPort(), bindPort);
    QCOMPARE(forward->host(), host);
    QCOMPARE(forward->hostPort(), hostPort);
    QCOMPARE(forward->toString(), roundTrip);
    QCOMPARE(QBiMuxForward::fromString(Kind::Remote, forward->toString()), forward);
    QString printed;
    QDebug(&printed) << *forward;
    QCOMPARE(printed, QStringLiteral("QBiMuxForward(-R %1) ").arg(roundTrip));
    // A value: copies compare equal, a moved-from one can be assigned again.
    QBiMuxForward copy = *forward;
    QBiMuxForward moved = std::move(copy);
    QCOMPARE(moved, *forward);
    copy = moved;
    QCOMPARE(copy, *forward);
    QVERIFY(!QBiMuxForward().isValid());
    QVERIFY(QBiMuxForward() != *forward);
}

// A forward made with the constructor is held to what fromString() would accept: one
// with a bind address that is not one is refused, not listened for everywhere (which
// QTcpServer makes of a null address).
void tst_Tunnel::invalidForwardsAreRefused()
{
    QBiMuxClient client;
    QBiMuxTunnelClient connectSide(&client);
    for (const QBiMuxForward &forward :
         {QBiMuxForward(Kind::Local, QStringLiteral("nowhere"), 0, QStringLiteral("127.0.0.1"), 1),
          QBiMuxForward(Kind::Remote, QStringLiteral("10.0.0.300"), 0, QStringLiteral("h"), 1),
          QBiMuxForward(Kind::Local, QString(), 0, QString(), 1),
          QBiMuxForward(Kind::Local, QString(), 0, QStringLiteral("h"), 0)}) {
        QVERIFY2(!forward.isValid(), qPrintable(forward.toString()));
        QVERIFY(!connectSide.addForward(forward));
        QVERIFY(connectSide.errorString().contains(QLatin1String("not a forward")));
    }
    QVERIFY(connectSide.forwards().isEmpty());
    const QBiMuxForward everywhere(Kind::Local, QStringLiteral("*"), 0, QStringLiteral("h"), 1);
    QVERIFY(everywhere.isValid());
    QVERIFY(QBiMuxForward(Kind::Local, QStringLiteral("::1"), 0, QStringLiteral("h"), 1).isValid());
}

void tst_Tunnel::bigTransferHashedBothWays_data()
{
    QTest::addColumn<Kind>("kind");
    QTest::newRow("-L") << Kind::Local;
    QTest::newRow("-R") << Kind::Remote;
}

// A real client and a real target exchange BigTransfer bytes each way at once, through
// one forward; both ends' SHA-256 must match what the other sent.
void tst_Tunnel::bigTransferHashedBothWays()
{
    QFETCH(Kind, kind);
    Tunnel tunnel;
    tunnel.serveSide.setAllowedRemotePorts(QStringLiteral("0"));
    QVERIFY(tunnel.start());
    Target target({BigTransfer, 2});
    const quint16 port = tunnel.forward(kind, QStringLiteral("0:127.0.0.1:%1").arg(target.port()));
    QVERIFY(port);

    QElapsedTimer timer;
    timer.start();
    Client client(port, {BigTransfer, 1});
    QTRY_VERIFY_WITH_TIMEOUT(client.isDone(), 90000);
    const Outcome atClient = client.outcome();
    QTRY_COMPARE(target.outcomes().size(), 1);
    const Outcome atTarget = target.outcomes().first();
    qInfo("%lld MiB each way in %lld ms", BigTransfer >> 20, timer.elapsed());

    QCOMPARE(atClient.error, 0);
    QCOMPARE(atTarget.error, 0);
    QCOMPARE(atClient.sent, BigTransfer);
    QCOMPARE(atTarget.received, BigTransfer);
    QCOMPARE(hex(atTarget.receivedDigest), hex(atClient.sentDigest));
    QCOMPARE(atClient.received, BigTransfer);
    QCOMPARE(hex(atClient.receivedDigest), hex(atTarget.sentDigest));
    QCOMPARE(hex(atClient.receivedDigest), hex(digestOf(BigTransfer, 2)));

    // Both ends report it, with the same counts, as a clean end.
    QTRY_COMPARE(tunnel.clientEnded.size(), 1);
    QTRY_COMPARE(tunnel.serverEnded.size(), 1);
    for (const QBiMuxTunnelConnectionInfo &info :
         {tunnel.clientEnded.first(), tunnel.serverEnded.first()}) {
        QCOMPARE(info.kind, kind);
        QCOMPARE(info.status.code(), QBiMux::StatusCode::Ok);
        QCOMPARE(info.bytesToTarget, BigTransfer);
        QCOMPARE(info.bytesFromTarget, BigTransfer);
        QCOMPARE(info.target, QStringLiteral("127.0.0.1:%1").arg(target.port()));
        QVERIFY(info.origin.startsWith(QLatin1String("127.0.0.1:")));
        QCOMPARE(info.link, QStringLiteral("device"));
    }
    QTRY_COMPARE(tunnel.connectSide.connectionCount(), 0);
    QTRY_COMPARE(tunnel.serveSide.connectionCount(), 0);
}

// 100 clients through a local forward and 100 through a remote one, all open at once, on
// one link to a server with worker threads.
void tst_Tunnel::manyConnectionsAtOnce()
{
    constexpr int PerKind = 100;
    constexpr qint64 Bytes = 256 * 1024;
    Tunnel tunnel;
    tunnel.serveSide.setAllowedRemotePorts(QStringLiteral("0"));
    QVERIFY(tunnel.start(false, 2));
    // Nobody sends before every connection is open end to end.
    std::promise<void> go;
    const std::shared_future<void> gate = go.get_future().share();
    Target target({Bytes, 7, false, false, 60000, gate});
    const quint16 local
        = tunnel.forward(Kind::Local, QStringLiteral("0:127.0.0.1:%1").arg(target.port()));
    const quint16 remote
        = tunnel.forward(Kind::Remote, QStringLiteral("0:127.0.0.1:%1").arg(target.port()));
    QVERIFY(local && remote);

    std::vector<std::unique_ptr<Client>> clients;
    // Opened on the way out too (before the peers are joined), should a check fail first.
    auto openGate = qScopeGuard([&go] { go.set_value(); });
    for (int i = 0; i < PerKind; ++i) {
        clients.push_back(std::make_unique<Client>(
            local, Exchange {Bytes, quint32(100 + i), false, false, 60000, gate}));
        clients.push_back(std::make_unique<Client>(
            remote, Exchange {Bytes, quint32(500 + i), false, false, 60000, gate}));
    }
    QTRY_COMPARE_WITH_TIMEOUT(target.accepted(), 2 * PerKind, 60000);
    QTRY_COMPARE(tunnel.connectSide.connectionCount(), 2 * PerKind);
    QTRY_COMPARE(tunnel.serveSide.connectionCount(), 2 * PerKind);
    openGate.dismiss();
    go.set_value();
    QTRY_VERIFY_WITH_TIMEOUT(std::all_of(clients.begin(), clients.end(),
                                         [](const auto &client) { return client->isDone(); }),
                             120000);
    const QByteArray expected = hex(digestOf(Bytes, 7));
    for (const auto &client : clients) {
        const Outcome outcome = client->outcome();
        QCOMPARE(outcome.error, 0);
        QVERIFY(outcome.sawEnd);
        QCOMPARE(outcome.received, Bytes);
        QCOMPARE(hex(outcome.receivedDigest), expected);
    }
    QTRY_COMPARE(target.outcomes().size(), 2 * PerKind);
    QSet<QByteArray> received;
    for (const Outcome &outcome : target.outcomes()) {
        QCOMPARE(outcome.received, Bytes);
        received.insert(outcome.receivedDigest);
    }
    QCOMPARE(received.size(), 2 * PerKind); // every client's own bytes, once
    QTRY_COMPARE(tunnel.clientEnded.size(), 2 * PerKind);
    QTRY_COMPARE(tunnel.serverEnded.size(), 2 * PerKind);
    QTRY_COMPARE(tunnel.serveSide.connectionCount(), 0);
}

void tst_Tunnel::halfCloseCarriesTheAnswer_data()
{
    bigTransferHashedBothWays_data();
}

// The client sends its request and ends its data; the target answers only after it read
// that end. The answer must come back whole through the half-closed connection.
void tst_Tunnel::halfCloseCarriesTheAnswer()
{
    QFETCH(Kind, kind);
    constexpr qint64 Request = 3 * 1024 * 1024 + 17;
    constexpr qint64 Answer = 5 * 1024 * 1024 + 3;
    Tunnel tunnel;
    tunnel.serveSide.setAllowedRemotePorts(QStringLiteral("0"));
    QVERIFY(tunnel.start());
    Exchange answering {Answer, 9};
    answering.sendAfterEnd = true;
    Target target(answering);
    const quint16 port = tunnel.forward(kind, QStringLiteral("0:127.0.0.1:%1").arg(target.port()));
    QVERIFY(port);

    Client client(port, {Request, 8});
    QTRY_VERIFY_WITH_TIMEOUT(client.isDone(), 60000);
    const Outcome outcome = client.outcome();
    QCOMPARE(outcome.error, 0);
    QCOMPARE(outcome.received, Answer);
    QCOMPARE(hex(outcome.receivedDigest), hex(digestOf(Answer, 9)));
    QTRY_COMPARE(target.outcomes().size(), 1);
    QCOMPARE(target.outcomes().first().received, Request);
    QCOMPARE(hex(target.outcomes().first().receivedDigest), hex(outcome.sentDigest));
    QTRY_COMPARE(tunnel.clientEnded.size(), 1);
    QCOMPARE(tunnel.clientEnded.first().status.code(), QBiMux::StatusCode::Ok);
}

// A target that never reads: the client's bytes must stop in the kernels' buffers, not pile
// up in the tunnel. Each end's stream holds at most its write buffer plus its window.
void tst_Tunnel::stalledTargetBoundsWhatTheTunnelHolds()
{
    constexpr qint64 Window = 256 * 1024;
    StreamHoldings atServer; // both outlive the tunnel, whose muxers report to the end
    StreamHoldings atClient;
    Tunnel tunnel;
    tunnel.server.setSettings(tunnel.server.settings().setStreamReceiveWindow(Window));
    tunnel.client.setSettings(tunnel.client.settings().setStreamReceiveWindow(Window));
    tunnel.server.addObserver(&atServer);
    tunnel.client.addObserver(&atClient);
    QVERIFY(tunnel.start());
    Exchange stalled;
    stalled.stallReading = true;
    stalled.timeoutMs = 4000;
    Target target(stalled);
    const quint16 port
        = tunnel.forward(Kind::Local, QStringLiteral("0:127.0.0.1:%1").arg(target.port()));
    QVERIFY(port);

    Exchange flood {1024LL * 1024 * 1024, 3};
    flood.timeoutMs = 4000;
    Client client(port, flood);
    QTRY_VERIFY_WITH_TIMEOUT(client.isDone(), 30000);
    // The client gave up after 4 s, long after the pipe filled.
    QVERIFY(client.outcome().timedOut);
    qInfo("the client got %lld KiB into the tunnel before it stalled",
          client.outcome().sent / 1024);
    // The kernels' buffers on both sides of both tunnel ends (at most 4 MiB to send and
    // 6 MiB to receive each, on Linux's defaults) and the tunnel's own bound.
    QVERIFY2(client.outcome().sent < 24 * 1024 * 1024,
             qPrintable(QString::number(client.outcome().sent)));
    const qint64 bound = Window + 512 * 1024; // the window plus the default write buffer
    QVERIFY2(atServer.maxHeld <= bound, qPrintable(QString::number(atServer.maxHeld)));
    QVERIFY2(atClient.maxHeld <= bound, qPrintable(QString::number(atClient.maxHeld)));
    QVERIFY(atServer.maxHeld > 0);
}

void tst_Tunnel::refusedTargetClosesPromptly_data()
{
    QTest::addColumn<Kind>("kind");
    QTest::addColumn<QString>("host");
    QTest::addColumn<QBiMux::StatusCode>("code");
    QTest::addColumn<QString>("words");
    QTest::newRow("-L refused") << Kind::Local << "127.0.0.1" << QBiMux::StatusCode::Unavailable
                                << "refused";
    QTest::newRow("-L unresolvable")
        << Kind::Local << "no-such-host.invalid" << QBiMux::StatusCode::NotFound << "resolve";
    QTest::newRow("-R refused") << Kind::Remote << "127.0.0.1" << QBiMux::StatusCode::Unavailable
                                << "refused";
}

// A target that refuses (or cannot be found) closes the client's connection at once, and
// both tunnel ends say why.
void tst_Tunnel::refusedTargetClosesPromptly()
{
    QFETCH(Kind, kind);
    QFETCH(QString, host);
    QFETCH(QBiMux::StatusCode, code);
    QFETCH(QString, words);
    Tunnel tunnel;
    tunnel.serveSide.setAllowedRemotePorts(QStringLiteral("0"));
    QVERIFY(tunnel.start());
    const quint16 port
        = tunnel.forward(kind, QStringLiteral("0:%1:%2").arg(host).arg(unusedPort()));
    QVERIFY(port);

    QElapsedTimer timer;
    timer.start();
    Client client(port, {1000, 1});
    QTRY_VERIFY_WITH_TIMEOUT(client.isDone(), 20000);
    QVERIFY(!client.outcome().timedOut);
    QVERIFY(client.outcome().error == ECONNRESET || client.outcome().error == EPIPE);
    QCOMPARE(client.outcome().received, 0);
    QVERIFY2(timer.elapsed() < 8000, qPrintable(QString::number(timer.elapsed())));

    QTRY_COMPARE(tunnel.clientEnded.size(), 1);
    QTRY_COMPARE(tunnel.serverEnded.size(), 1);
    // The dialing end refused; the listening end got the reason from it.
    const QBiMuxTunnelConnectionInfo dialing
        = kind == Kind::Local ? tunnel.serverEnded.first() : tunnel.clientEnded.first();
    const QBiMuxTunnelConnectionInfo listening
        = kind == Kind::Local ? tunnel.clientEnded.first() : tunnel.serverEnded.first();
    QCOMPARE(dialing.status.code(), code);
    QVERIFY2(dialing.status.message().contains(words, Qt::CaseInsensitive),
             qPrintable(dialing.status.message()));
    QCOMPARE(dialing.status.origin(), QBiMuxStatus::Origin::Local);
    QCOMPARE(listening.status,
             QBiMuxStatus(code, dialing.status.message(), QBiMuxStatus::Origin::Remote));
}

// The serve side dials only what its allow list lets a local forward reach: loopback by
// default (also for names), else the patterns.
void tst_Tunnel::targetsOutsideTheAllowListAreRefused()
{
    Tunnel tunnel;
    QVERIFY(tunnel.start());
    Target target({10, 1});
    const quint16 allowed
        = tunnel.forward(Kind::Local, QStringLiteral("0:127.0.0.1:%1").arg(target.port()));
    const quint16 offLoopback = tunnel.forward(Kind::Local, QStringLiteral("0:192.0.2.1:80"));
    QVERIFY(allowed && offLoopback);

    QCOMPARE(attempt(allowed).received, 10);
    QVERIFY(attempt(offLoopback).finished());
    QTRY_COMPARE(tunnel.clientEnded.size(), 2);
    QCOMPARE(tunnel.clientEnded.last().status.code(), QBiMux::StatusCode::PermissionDenied);
    QVERIFY(tunnel.clientEnded.last().status.isRemote());
    QVERIFY2(tunnel.clientEnded.last().status.message().contains(QLatin1String("loopback")),
             qPrintable(tunnel.clientEnded.last().status.message()));

    // An explicit list: only what it names, whatever the address.
    QString error;
    QVERIFY(!tunnel.serveSide.setAllowedTargets({QStringLiteral("127.0.0.1:x")}, &error));
    QVERIFY(!error.isEmpty());
    QVERIFY(tunnel.serveSide.setAllowedTargets({QStringLiteral("localhost:*")}));
    QVERIFY(attempt(allowed).finished());
    QTRY_COMPARE(tunnel.clientEnded.size(), 3);
    QCOMPARE(tunnel.clientEnded.last().status.code(), QBiMux::StatusCode::PermissionDenied);
    QVERIFY(tunnel.serveSide.setAllowedTargets(
        {QStringLiteral("127.0.0.1:%1-%2").arg(target.port() - 1).arg(target.port())}));
    QCOMPARE(attempt(allowed).received, 10);
}

void tst_Tunnel::remotePortsOutsideTheAllowListAreRefused()
{
    Tunnel tunnel;
    QVERIFY(tunnel.start());
    QList<QBiMuxStatus> failed;
    connect(&tunnel.connectSide, &QBiMuxTunnelClient::forwardFailed, this,
            [&](const QBiMuxForward &, const QBiMuxStatus &status) { failed.append(status); });
    QSignalSpy refused(&tunnel.serveSide, &QBiMuxTunnelServer::remoteForwardRefused);
    const quint16 free = unusedPort();
    const auto forward
        = *QBiMuxForward::fromString(Kind::Remote, QStringLiteral("%1:127.0.0.1:22").arg(free));

    // None allowed by default.
    QVERIFY(tunnel.connectSide.addForward(forward));
    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 10000);
    QCOMPARE(failed.last().code(), QBiMux::StatusCode::PermissionDenied);
    QVERIFY(failed.last().isRemote());
    QTRY_COMPARE(refused.count(), 1);
    QCOMPARE(tunnel.connectSide.boundPort(forward), 0);
    QCOMPARE(TcpPeers::connectTo(free), -1);

    // Allowed port, but not on loopback without gateway ports.
    QVERIFY(tunnel.serveSide.setAllowedRemotePorts(QStringLiteral("%1").arg(free)));
    const auto everywhere
        = *QBiMuxForward::fromString(Kind::Remote, QStringLiteral("*:%1:127.0.0.1:22").arg(free));
    QVERIFY(tunnel.connectSide.addForward(everywhere));
    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 2, 10000);
    QCOMPARE(failed.last().code(), QBiMux::StatusCode::PermissionDenied);
    QVERIFY2(failed.last().message().contains(QLatin1String("loopback")),
             qPrintable(failed.last().message()));
    tunnel.connectSide.removeForward(everywhere);

    // A PermissionDenied is final: not tried again on its own.
    QTest::qWait(1500);
    QCOMPARE(failed.size(), 2);
}

// bimux-tunnel's token: the authenticator turns a wrong one away before any route, so no
// forward is bound and a local forward's connections close at once, saying why. The
// client does not dial again with refused credentials (its default), and the local
// forward keeps listening all the same.
void tst_Tunnel::wrongTokenNeverReachesTheTunnel()
{
    QBiMuxServer server;
    QBiMuxTunnelServer serveSide(&server);
    serveSide.setAllowedRemotePorts(QStringLiteral("0"));
    server.setAuthenticator([](const QBiMuxHandshake &handshake, QString *reason) {
        *reason = QStringLiteral("wrong token");
        return handshake.header("Authorization") == "Bearer right";
    });
    QVERIFY(server.listen(QHostAddress::LocalHost));
    QBiMuxClient client;
    QBiMuxTunnelClient connectSide(&client);
    QSignalSpy dialFailed(&client, &QBiMuxClient::dialFailed);
    QSignalSpy bound(&serveSide, &QBiMuxTunnelServer::remoteForwardBound);
    QSignalSpy ended(&connectSide, &QBiMuxTunnelClient::connectionFinished);
    // A log reads them in order: the connection is opened, then it fails.
    QStringList events;
    connect(&connectSide, &QBiMuxTunnelClient::connectionOpened, this,
            [&events](const QBiMuxTunnelConnectionInfo &info) {
                events.append(QStringLiteral("opened %1").arg(info.id));
            });
    connect(&connectSide, &QBiMuxTunnelClient::connectionFinished, this,
            [&events](const QBiMuxTunnelConnectionInfo &info) {
                events.append(QStringLiteral("finished %1").arg(info.id));
            });
    QVERIFY(connectSide.addForward(*QBiMuxForward::fromString(Kind::Remote, u"0:127.0.0.1:22")));
    QVERIFY(connectSide.addForward(*QBiMuxForward::fromString(Kind::Local, u"0:127.0.0.1:22")));
    QNetworkRequest request(server.serverUrl());
    request.setRawHeader("Authorization", "Bearer wrong");
    client.open(request);
    QVERIFY(dialFailed.wait(10000));
    QCOMPARE(dialFailed.first().first().value<QBiMuxDialError>().httpStatus(), 401);
    QCOMPARE(client.state(), QBiMuxClient::State::Closed);

    const quint16 local = connectSide.boundPort(connectSide.forwards().last());
    QVERIFY(local);
    Client attempt(local, {10, 1});
    QTRY_VERIFY_WITH_TIMEOUT(attempt.isDone(), 10000);
    QVERIFY(attempt.outcome().finished());
    QVERIFY(ended.count() == 1 || ended.wait(5000));
    const auto info = ended.first().first().value<QBiMuxTunnelConnectionInfo>();
    QCOMPARE(info.status.code(), QBiMux::StatusCode::Unavailable);
    QVERIFY2(info.status.message().contains(QLatin1String("not connected")),
             qPrintable(info.status.message()));
    QCOMPARE(events, QStringList({QStringLiteral("opened 1"), QStringLiteral("finished 1")}));
    QCOMPARE(bound.count(), 0);
    QCOMPARE(server.connectionCount(), 0);
}

// A peer that speaks the tunnel protocol badly, on the routes docs/protocol.md reserves:
// each mistake gets a typed refusal, the serve side holds at most a header's 4 KiB for it,
// and the link stays up.
void tst_Tunnel::hostilePeerGetsTypedRefusals()
{
    constexpr qint32 LocalStreamRoute = 0x7FFF0100;
    constexpr qint32 BindRoute = 0x7FFF0102;
    constexpr qint32 UnbindRoute = 0x7FFF0103;
    MuxerPair pair;
    QBiMuxTunnelServer serveSide(pair.server.get());
    serveSide.setAllowedRemotePorts(QStringLiteral("0"));
    QList<QBiMuxTunnelConnectionInfo> refused;
    connect(&serveSide, &QBiMuxTunnelServer::connectionFinished, this,
            [&](const QBiMuxTunnelConnectionInfo &info) { refused.append(info); });
    QVERIFY(pair.connect(QStringLiteral("hostile")));

    const auto refusalOf = [&](const QByteArray &bytes) {
        QBiMuxStream *stream = pair.client->openStream(LocalStreamRoute);
        stream->write(bytes);
        QBiMuxStatus error;
        connect(stream, &QBiMuxStream::errorOccurred, this,
                [&error](const QBiMuxStatus &status) { error = status; });
        QDeadlineTimer deadline(10000);
        while (stream->state() != QBiMux::StreamState::Failed && !deadline.hasExpired())
            QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
        QCoreApplication::processEvents();
        delete stream;
        return error;
    };
    QCOMPARE(refusalOf(QByteArray(5000, 'x')).code(), QBiMux::StatusCode::InvalidArgument);
    QCOMPARE(refusalOf("not json\n").code(), QBiMux::StatusCode::InvalidArgument);
    QCOMPARE(refusalOf("{\"v\":1}\n").code(), QBiMux::StatusCode::InvalidArgument);
    QCOMPARE(refusalOf("{\"v\":1,\"target\":\"127.0.0.1:0\"}\n").code(),
             QBiMux::StatusCode::InvalidArgument);
    const QBiMuxStatus offLimits = refusalOf("{\"v\":1,\"target\":\"10.1.2.3:22\"}\n");
    QCOMPARE(offLimits.code(), QBiMux::StatusCode::PermissionDenied);
    QVERIFY(offLimits.isRemote());
    QTRY_COMPARE(refused.size(), 5);
    QCOMPARE(refused.last().status.code(), QBiMux::StatusCode::PermissionDenied);
    QCOMPARE(refused.last().link, QStringLiteral("hostile"));

    const auto callError = [&](qint32 route, const QByteArray &data) {
        QFuture<QByteArray> call = pair.client->rpc(route, data);
        return waitForFinished(call) ? errorOf(call).code() : QBiMux::StatusCode::DeadlineExceeded;
    };
    QCOMPARE(callError(BindRoute, "garbage"), QBiMux::StatusCode::InvalidArgument);
    QCOMPARE(callError(BindRoute, R"({"id":1,"port":70000})"), QBiMux::StatusCode::InvalidArgument);
    QCOMPARE(callError(BindRoute, R"({"id":1,"bind":"nowhere","port":0})"),
             QBiMux::StatusCode::InvalidArgument);
    QCOMPARE(callError(BindRoute, R"({"id":1,"port":22})"), QBiMux::StatusCode::PermissionDenied);
    QCOMPARE(callError(UnbindRoute, R"({"id":9})"), QBiMux::StatusCode::NotFound);
    // And a proper one still works on the same link.
    QFuture<QByteArray> bound = pair.client->rpc(BindRoute, R"({"id":2,"port":0})");
    QVERIFY(waitForFinished(bound));
    QVERIFY(QJsonDocument::fromJson(bound.result()).object().value(QStringLiteral("port")).toInt()
            > 0);
    QCOMPARE(callError(UnbindRoute, R"({"id":2})"), QBiMux::StatusCode::Ok);
    QVERIFY(pair.client->isConnected());
}

// The link dies with transfers in flight through both kinds of forward: every local
// connection, at both ends, is closed (reset) at once; nothing waits for a timeout; the
// local forward still listens and works once the link is back.
void tst_Tunnel::linkKilledMidTransferClosesEverything()
{
    constexpr int Connections = 4;
    constexpr qint64 Endless = 1024LL * 1024 * 1024;
    StreamHoldings received; // outlives the tunnel, whose muxers report to it to the end
    Tunnel tunnel;
    tunnel.serveSide.setAllowedRemotePorts(QStringLiteral("0"));
    tunnel.client.addObserver(&received);
    QVERIFY(tunnel.start(true));
    Target target({Endless, 5});
    const QString spec = QStringLiteral("0:127.0.0.1:%1").arg(target.port());
    const quint16 local = tunnel.forward(Kind::Local, spec);
    const quint16 remote = tunnel.forward(Kind::Remote, spec);
    QVERIFY(local && remote);

    std::vector<std::unique_ptr<Client>> clients;
    for (int i = 0; i < Connections; ++i) {
        clients.push_back(
            std::make_unique<Client>(i % 2 ? remote : local, Exchange {Endless, quint32(i)}));
    }
    QTRY_COMPARE_WITH_TIMEOUT(target.accepted(), Connections, 20000);
    QTRY_COMPARE_WITH_TIMEOUT(tunnel.connectSide.connectionCount(), Connections, 20000);
    // Mid-transfer: the client's side of the link has received a good MiB on its streams.
    QTRY_VERIFY_WITH_TIMEOUT(received.total > 4 * 1024 * 1024, 20000);

    QSignalSpy ready(&tunnel.connectSide, &QBiMuxTunnelClient::forwardReady);
    QElapsedTimer timer;
    timer.start();
    tunnel.proxy->cut();
    QTRY_VERIFY_WITH_TIMEOUT(std::all_of(clients.begin(), clients.end(),
                                         [](const auto &client) { return client->isDone(); }),
                             10000);
    QTRY_COMPARE_WITH_TIMEOUT(target.outcomes().size(), Connections, 10000);
    qInfo("every connection closed %lld ms after the cut", timer.elapsed());
    // Reset, not ended: nobody may take a cut-off transfer for a complete one.
    const auto wasReset = [](const Outcome &outcome) {
        return !outcome.timedOut && !outcome.sawEnd
            && (outcome.error == ECONNRESET || outcome.error == EPIPE);
    };
    for (const auto &client : clients) {
        QVERIFY2(wasReset(client->outcome()), qPrintable(QString::number(client->outcome().error)));
        QVERIFY(client->outcome().received < Endless);
    }
    for (const Outcome &outcome : target.outcomes())
        QVERIFY2(wasReset(outcome), qPrintable(QString::number(outcome.error)));
    QTRY_COMPARE(tunnel.clientEnded.size(), Connections);
    QTRY_COMPARE(tunnel.serverEnded.size(), Connections);
    for (const auto &info : std::as_const(tunnel.clientEnded))
        QCOMPARE(info.status.code(), QBiMux::StatusCode::Unavailable);
    QTRY_COMPARE(tunnel.connectSide.connectionCount(), 0);
    QTRY_COMPARE(tunnel.serveSide.connectionCount(), 0);

    // Back: the remote forward is bound again, and the local one, which kept listening,
    // forwards over the new link (the target sends until the client gives up).
    QTRY_VERIFY_WITH_TIMEOUT(tunnel.client.isConnected(), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, 10000);
    QCOMPARE(tunnel.connectSide.boundPort(tunnel.connectSide.forwards().first()), local);
    Exchange briefly {100, 1};
    briefly.timeoutMs = 2000;
    Client after(local, briefly);
    QTRY_VERIFY_WITH_TIMEOUT(after.isDone(), 10000);
    QVERIFY(after.outcome().received > 0);
    QCOMPARE(target.accepted(), Connections + 1);
    // The client gave up and closed: the tunnel ends the target's side too.
    QTRY_COMPARE_WITH_TIMEOUT(target.outcomes().size(), Connections + 1, 10000);
}

// After a reconnect the remote forwards are bound again, on the same fixed port.
void tst_Tunnel::reconnectRebindsRemoteForwards()
{
    Tunnel tunnel;
    const quint16 fixed = unusedPort();
    tunnel.serveSide.setAllowedRemotePorts(QString::number(fixed));
    QSignalSpy bound(&tunnel.serveSide, &QBiMuxTunnelServer::remoteForwardBound);
    QSignalSpy closed(&tunnel.serveSide, &QBiMuxTunnelServer::remoteForwardClosed);
    QVERIFY(tunnel.start(true));
    Target target({1000, 4});
    QCOMPARE(tunnel.forward(Kind::Remote,
                            QStringLiteral("%1:127.0.0.1:%2").arg(fixed).arg(target.port())),
             fixed);
    QTRY_COMPARE(bound.count(), 1);

    for (int round = 1; round <= 2; ++round) {
        QSignalSpy ready(&tunnel.connectSide, &QBiMuxTunnelClient::forwardReady);
        tunnel.proxy->cut();
        QTRY_COMPARE_WITH_TIMEOUT(closed.count(), round, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, 10000);
        QCOMPARE(ready.first().at(1).value<quint16>(), fixed);
        QTRY_COMPARE(bound.count(), round + 1);
        Client client(fixed, {10, 1});
        QTRY_VERIFY_WITH_TIMEOUT(client.isDone(), 10000);
        QCOMPARE(client.outcome().received, 1000);
    }
}

// The serve side has not noticed yet that the client's old link is dead (a NAT forgot
// it) when the client comes back: the client's remote forward takes its port over.
void tst_Tunnel::staleConnectionsPortIsTakenOver()
{
    Tunnel tunnel;
    const quint16 fixed = unusedPort();
    tunnel.serveSide.setAllowedRemotePorts(QString::number(fixed));
    tunnel.client.setSettings(tunnel.client.settings().setHeartbeat(100ms, 400ms));
    QVERIFY(tunnel.start(true));
    Target target({1000, 4});
    QCOMPARE(tunnel.forward(Kind::Remote,
                            QStringLiteral("%1:127.0.0.1:%2").arg(fixed).arg(target.port())),
             fixed);
    QCOMPARE(tunnel.server.connectionCount(), 1);

    QSignalSpy ready(&tunnel.connectSide, &QBiMuxTunnelClient::forwardReady);
    QSignalSpy disconnected(&tunnel.client, &QBiMuxClient::disconnected);
    tunnel.proxy->freezeCurrent();
    QVERIFY(disconnected.wait(10000));
    QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, 10000);
    QCOMPARE(ready.first().at(1).value<quint16>(), fixed);
    // The old connection is still there: the server's heartbeat has not given up on it.
    QCOMPARE(tunnel.server.connectionCount(), 2);
    Client client(fixed, {10, 1});
    QTRY_VERIFY_WITH_TIMEOUT(client.isDone(), 10000);
    QCOMPARE(client.outcome().received, 1000);
}

// The connect side on a plain QBiMuxer (one connection, no reconnect): both kinds of
// forward work while it is up; once it closed, the serve side stops listening for its
// remote forward and the local forward's connections fail at once.
void tst_Tunnel::overOneMuxer()
{
    MuxerPair pair;
    QBiMuxTunnelServer serveSide(pair.server.get());
    serveSide.setAllowedRemotePorts(QStringLiteral("0"));
    QVERIFY(pair.connect(QStringLiteral("muxer")));
    QBiMuxTunnelClient connectSide(pair.client.get());
    QSignalSpy ready(&connectSide, &QBiMuxTunnelClient::forwardReady);
    QSignalSpy closed(&serveSide, &QBiMuxTunnelServer::remoteForwardClosed);
    QSignalSpy ended(&connectSide, &QBiMuxTunnelClient::connectionFinished);
    Target target({1000, 6});
    const QString spec = QStringLiteral("0:127.0.0.1:%1").arg(target.port());
    QVERIFY(connectSide.addForward(*QBiMuxForward::fromString(Kind::Local, spec)));
    QVERIFY(connectSide.addForward(*QBiMuxForward::fromString(Kind::Remote, spec)));
    QTRY_COMPARE(ready.count(), 2);
    const quint16 local = connectSide.boundPort(connectSide.forwards().first());
    const quint16 remote = connectSide.boundPort(connectSide.forwards().last());
    QVERIFY(local && remote);
    QCOMPARE(attempt(local).received, 1000);
    QCOMPARE(attempt(remote).received, 1000);
    QTRY_COMPARE(ended.count(), 2);
    QCOMPARE(ended.last().first().value<QBiMuxTunnelConnectionInfo>().link,
             QStringLiteral("muxer"));

    pair.client->close();
    QTRY_COMPARE(closed.count(), 1);
    QCOMPARE(TcpPeers::connectTo(remote), -1); // closed() comes once it stopped listening
    QVERIFY(attempt(local).finished());
    QTRY_COMPARE(ended.count(), 3);
    QCOMPARE(ended.last().first().value<QBiMuxTunnelConnectionInfo>().status.code(),
             QBiMux::StatusCode::Unavailable);
}

QTEST_MAIN(tst_Tunnel)
#include "tst_tunnel.moc"
