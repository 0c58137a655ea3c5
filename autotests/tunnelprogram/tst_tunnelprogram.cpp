// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "testcertificates.h"
#include "unusedport.h"

#include <QtCore/qjsondocument.h>
#include <QtCore/qjsonobject.h>
#include <QtCore/qprocess.h>
#include <QtCore/qregularexpression.h>
#include <QtCore/qstandardpaths.h>
#include <QtNetwork/qtcpserver.h>
#include <QtNetwork/qtcpsocket.h>
#include <QtTest/qtest.h>

#include <memory>

// The bimux-tunnel program as a user runs it: real processes, curl and iperf3 through
// its forwards, its log lines, its token.

namespace {

// A running program (bimux-tunnel unless said otherwise), its output (stderr and stdout)
// kept as it comes; terminated (SIGTERM) at the end.
class Running : public QObject
{
public:
    explicit Running(const QStringList &arguments,
                     const QProcessEnvironment &environment
                     = QProcessEnvironment::systemEnvironment(),
                     const QString &program = QStringLiteral(BIMUX_TUNNEL_PATH))
    {
        m_process.setProcessChannelMode(QProcess::MergedChannels);
        m_process.setProcessEnvironment(environment);
        connect(&m_process, &QProcess::readyRead, this,
                [this] { m_output += m_process.readAll(); });
        m_process.start(program, arguments);
    }
    ~Running() override
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.terminate();
            if (!m_process.waitForFinished(10000))
                m_process.kill();
            m_process.waitForFinished(5000);
        }
    }

    QString output() const { return QString::fromUtf8(m_output); }
    // SIGTERM, as a user's Ctrl-C or a service manager: the program closes its link and
    // exits with 0 (under the sanitizers, only without a leak or an error).
    int stop()
    {
        m_process.terminate();
        if (!m_process.waitForFinished(20000))
            return -1;
        m_output += m_process.readAll();
        if (m_process.exitStatus() != QProcess::NormalExit || m_process.exitCode() != 0)
            qWarning().noquote() << m_process.program() << "ended badly:\n" << output();
        return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
    }
    // The exit code of a program that ends by itself, waiting up to 15 s; -1 if it did
    // not, or crashed.
    int waitForExit()
    {
        QDeadlineTimer deadline(15000);
        while (m_process.state() != QProcess::NotRunning && !deadline.hasExpired())
            QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        if (m_process.state() != QProcess::NotRunning)
            return -1;
        m_output += m_process.readAll();
        return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
    }
    // The first capture of `pattern` in the output, waiting for it up to 15 s.
    QString waitFor(const QString &pattern)
    {
        const QRegularExpression expression(pattern);
        QDeadlineTimer deadline(15000);
        while (!deadline.hasExpired()) {
            const QRegularExpressionMatch match = expression.match(output());
            if (match.hasMatch())
                return match.captured(match.lastCapturedIndex());
            if (m_process.state() == QProcess::NotRunning && !m_process.bytesAvailable())
                break;
            QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        }
        qWarning().noquote() << m_process.program() << "said:\n" << output();
        return QString();
    }

private:
    QProcess m_process;
    QByteArray m_output;
};

// A tiny HTTP server: answers every request with `body`.
class HttpServer : public QTcpServer
{
public:
    explicit HttpServer(const QByteArray &body)
        : m_body(body)
    {
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = nextPendingConnection()) {
                socket->setParent(this);
                connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
                    m_request += socket->readAll();
                    if (!m_request.contains("\r\n\r\n"))
                        return;
                    m_request.clear();
                    socket->write("HTTP/1.1 200 OK\r\nContent-Length: "
                                  + QByteArray::number(m_body.size())
                                  + "\r\nConnection: close\r\n\r\n" + m_body);
                    socket->disconnectFromHost();
                });
            }
        });
        listen(QHostAddress::LocalHost);
    }

private:
    QByteArray m_body;
    QByteArray m_request;
};

// Runs a tool to its end with the event loop running (the tunnel may be in this process).
struct ToolRun
{
    int exitCode = -1;
    QByteArray output;
};

ToolRun runTool(const QString &program, const QStringList &arguments, int timeoutMs = 30000)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::SeparateChannels);
    process.start(program, arguments);
    QDeadlineTimer deadline(timeoutMs);
    while (process.state() != QProcess::NotRunning && !deadline.hasExpired())
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    ToolRun run;
    if (process.state() != QProcess::NotRunning) {
        process.kill();
        process.waitForFinished();
        return run;
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.output = process.readAllStandardOutput();
    if (run.exitCode != 0)
        qWarning().noquote() << program << "failed:" << process.readAllStandardError();
    return run;
}

QString tool(const char *name)
{
    return QStandardPaths::findExecutable(QString::fromLatin1(name));
}

QByteArray body(qsizetype size)
{
    QByteArray data(size, Qt::Uninitialized);
    for (qsizetype i = 0; i < size; ++i)
        data[i] = char('a' + i % 26);
    return data;
}

} // namespace

class tst_TunnelProgram : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void curlThroughLocalForward();
    void remoteForwardWithTokenFromEnvironmentOverTls();
    void wrongTokenIsRefusedAndNeverLogged();
    void manyForwardsRefusedTargetAndVerbose();
    void connectionLimitRefusesTheOneTooMany();
    void iperf3ThroughLocalForward();
};

void tst_TunnelProgram::initTestCase()
{
    // tools/ensure-packages.sh installs both.
    QVERIFY2(!tool("curl").isEmpty(), "curl is missing (tools/ensure-packages.sh)");
    QVERIFY2(!tool("iperf3").isEmpty(), "iperf3 is missing (tools/ensure-packages.sh)");
}

void tst_TunnelProgram::curlThroughLocalForward()
{
    const QByteArray page = body(300 * 1024);
    HttpServer http(page);
    QVERIFY(http.isListening());
    Running serve({QStringLiteral("serve"), QStringLiteral("--listen"),
                   QStringLiteral("127.0.0.1:0"), QStringLiteral("--token"),
                   QStringLiteral("s3cret")});
    const QString url = serve.waitFor(QStringLiteral("serving tunnels on (ws://\\S+)"));
    QVERIFY(!url.isEmpty());
    Running connect({QStringLiteral("connect"), url, QStringLiteral("--token"),
                     QStringLiteral("s3cret"), QStringLiteral("-L"),
                     QStringLiteral("0:127.0.0.1:%1").arg(http.serverPort())});
    const QString port = connect.waitFor(QStringLiteral("-L \\S+ listening on port (\\d+)"));
    QVERIFY(!port.isEmpty());
    QVERIFY(!connect.waitFor(QStringLiteral("(link up)")).isEmpty());

    const ToolRun curl = runTool(tool("curl"),
                                 {QStringLiteral("-sS"), QStringLiteral("-m"), QStringLiteral("20"),
                                  QStringLiteral("http://127.0.0.1:%1/").arg(port)});
    QCOMPARE(curl.exitCode, 0);
    QCOMPARE(curl.output.size(), page.size());
    QVERIFY(curl.output == page);
    // Both ends log the connection with its bytes.
    for (Running *end : {&serve, &connect}) {
        QVERIFY(!end->waitFor(QStringLiteral("(#1 -L .* closed after [0-9.]+ s: \\d+ B to the "
                                             "target, 300\\.\\d KiB back)"))
                     .isEmpty());
    }
    QCOMPARE(connect.stop(), 0);
    QCOMPARE(serve.stop(), 0);
    QVERIFY(!serve.output().contains(QLatin1String("s3cret")));
    QVERIFY(!connect.output().contains(QLatin1String("s3cret")));
}

void tst_TunnelProgram::remoteForwardWithTokenFromEnvironmentOverTls()
{
    TestCertificates certificates;
    QVERIFY2(certificates.generate(), qPrintable(certificates.errorString()));
    const QByteArray page = body(1000);
    HttpServer http(page);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("BIMUX_TUNNEL_TOKEN"), QStringLiteral("from-env"));
    Running serve({QStringLiteral("serve"), QStringLiteral("--listen"),
                   QStringLiteral("127.0.0.1:0"), QStringLiteral("--tls"),
                   certificates.path(QStringLiteral("server.crt")),
                   certificates.path(QStringLiteral("server.key")),
                   QStringLiteral("--allow-remote"), QStringLiteral("0")},
                  environment);
    const QString url = serve.waitFor(QStringLiteral("serving tunnels on (wss://\\S+)"));
    QVERIFY(!url.isEmpty());
    Running connect({QStringLiteral("connect"), url, QStringLiteral("--ca"),
                     certificates.path(QStringLiteral("ca.crt")), QStringLiteral("--id"),
                     QStringLiteral("device-7"), QStringLiteral("-R"),
                     QStringLiteral("0:127.0.0.1:%1").arg(http.serverPort())},
                    environment);
    const QString port
        = connect.waitFor(QStringLiteral("-R \\S+ listening on the serve side's port (\\d+)"));
    QVERIFY(!port.isEmpty());
    QVERIFY(!serve.waitFor(QStringLiteral("(\\[device-7\\] -R \\S+ listening on port \\d+)"))
                 .isEmpty());

    const ToolRun curl = runTool(tool("curl"),
                                 {QStringLiteral("-sS"), QStringLiteral("-m"), QStringLiteral("20"),
                                  QStringLiteral("http://127.0.0.1:%1/").arg(port)});
    QCOMPARE(curl.exitCode, 0);
    QVERIFY(curl.output == page);
    QVERIFY(!connect.waitFor(QStringLiteral("(#1 -R \\[device-7\\] .* closed after)")).isEmpty());
    QCOMPARE(connect.stop(), 0);
    QCOMPARE(serve.stop(), 0);
}

void tst_TunnelProgram::wrongTokenIsRefusedAndNeverLogged()
{
    Running serve({QStringLiteral("serve"), QStringLiteral("--listen"),
                   QStringLiteral("127.0.0.1:0"), QStringLiteral("--token"),
                   QStringLiteral("right-one")});
    const QString url = serve.waitFor(QStringLiteral("serving tunnels on (ws://\\S+)"));
    QVERIFY(!url.isEmpty());
    Running connect({QStringLiteral("connect"), url, QStringLiteral("--token"),
                     QStringLiteral("wrong-one"), QStringLiteral("-L"),
                     QStringLiteral("0:127.0.0.1:9")});
    QVERIFY(!connect.waitFor(QStringLiteral("(dial failed: .*HTTP 401)")).isEmpty());
    QVERIFY(
        !serve.waitFor(QStringLiteral("(refused 127.0.0.1: missing or wrong token)")).isEmpty());
    // Refused credentials would be refused again: the connect side says so and exits
    // with 1 (a service manager restarts it, e.g. once the token file was fixed).
    QVERIFY(!connect.waitFor(QStringLiteral("(the serve side refused the token)")).isEmpty());
    QCOMPARE(connect.waitForExit(), 1);
    QVERIFY2(!connect.output().contains(QLatin1String("dialing again in")),
             qPrintable(connect.output()));
    QCOMPARE(serve.stop(), 0);
    for (const QString &secret : {QStringLiteral("right-one"), QStringLiteral("wrong-one")}) {
        QVERIFY(!serve.output().contains(secret));
        QVERIFY(!connect.output().contains(secret));
    }
}

// Several forwards of both kinds on one link, one of them to a port nothing listens on:
// the others work, the refused one is closed and both ends log why; --verbose logs the
// frames on both sides.
void tst_TunnelProgram::manyForwardsRefusedTargetAndVerbose()
{
    HttpServer first(body(1000));
    HttpServer second(body(2000));
    QVERIFY(first.isListening() && second.isListening());
    const quint16 closed = unusedPort();
    QVERIFY(closed);

    Running serve({QStringLiteral("serve"), QStringLiteral("--listen"),
                   QStringLiteral("127.0.0.1:0"), QStringLiteral("--token"), QStringLiteral("t"),
                   QStringLiteral("--allow-remote"), QStringLiteral("0"),
                   QStringLiteral("--verbose")});
    const QString url = serve.waitFor(QStringLiteral("serving tunnels on (ws://\\S+)"));
    QVERIFY(!url.isEmpty());
    const auto spec = [](quint16 port) {
        return QStringLiteral("0:127.0.0.1:%1").arg(port);
    };
    Running connect({QStringLiteral("connect"), url, QStringLiteral("--token"), QStringLiteral("t"),
                     QStringLiteral("--verbose"), QStringLiteral("-L"), spec(first.serverPort()),
                     QStringLiteral("-L"), spec(second.serverPort()), QStringLiteral("-R"),
                     spec(second.serverPort()), QStringLiteral("-L"), spec(closed)});
    const auto listening = [&connect](const QString &kind, const QString &forward) {
        return connect.waitFor(
            QStringLiteral("%1 %2 listening on (?:the serve side's )?port (\\d+)")
                .arg(kind, QRegularExpression::escape(forward)));
    };
    const QString toFirst = listening(QStringLiteral("-L"), spec(first.serverPort()));
    const QString toSecond = listening(QStringLiteral("-L"), spec(second.serverPort()));
    const QString fromServe = listening(QStringLiteral("-R"), spec(second.serverPort()));
    const QString toClosed = listening(QStringLiteral("-L"), spec(closed));
    QVERIFY(!toFirst.isEmpty() && !toSecond.isEmpty() && !fromServe.isEmpty()
            && !toClosed.isEmpty());
    QVERIFY(!connect.waitFor(QStringLiteral("(link up)")).isEmpty());

    const auto fetch = [](const QString &port) {
        return runTool(tool("curl"),
                       {QStringLiteral("-sS"), QStringLiteral("-m"), QStringLiteral("20"),
                        QStringLiteral("http://127.0.0.1:%1/").arg(port)});
    };
    QCOMPARE(fetch(toFirst).output, body(1000));
    QCOMPARE(fetch(toSecond).output, body(2000));
    QCOMPARE(fetch(fromServe).output, body(2000));
    QVERIFY(fetch(toClosed).exitCode != 0);
    // The serve side dialed and was refused; the connect side has the reason from it.
    const QString refused = QStringLiteral("-> 127.0.0.1:%1 failed \\(Unavailable%2: cannot "
                                           "connect to 127.0.0.1:%1: Connection refused\\)");
    QVERIFY(
        !serve.waitFor(QStringLiteral("(%1)").arg(refused.arg(closed).arg(QString()))).isEmpty());
    QVERIFY(!connect
                 .waitFor(QStringLiteral("(%1)").arg(
                     refused.arg(closed).arg(QStringLiteral(", from the other end"))))
                 .isEmpty());
    for (Running *end : {&serve, &connect})
        QVERIFY(!end->waitFor(QStringLiteral("(bimuxqt\\.wire: .* -> )")).isEmpty());
    QCOMPARE(connect.stop(), 0);
    QCOMPARE(serve.stop(), 0);
}

// --max-connections 1 on the serve side: a second connection through a local forward is
// closed at once and logged at both ends, while the first one goes on working.
void tst_TunnelProgram::connectionLimitRefusesTheOneTooMany()
{
    QTcpServer target; // keeps what it accepts open
    QVERIFY(target.listen(QHostAddress::LocalHost));
    Running serve({QStringLiteral("serve"), QStringLiteral("--listen"),
                   QStringLiteral("127.0.0.1:0"), QStringLiteral("--token"), QStringLiteral("t"),
                   QStringLiteral("--max-connections"), QStringLiteral("1")});
    const QString url = serve.waitFor(QStringLiteral("serving tunnels on (ws://\\S+)"));
    QVERIFY(!url.isEmpty());
    Running connect({QStringLiteral("connect"), url, QStringLiteral("--token"), QStringLiteral("t"),
                     QStringLiteral("-L"),
                     QStringLiteral("0:127.0.0.1:%1").arg(target.serverPort())});
    const QString port = connect.waitFor(QStringLiteral("-L \\S+ listening on port (\\d+)"));
    QVERIFY(!port.isEmpty());
    QVERIFY(!connect.waitFor(QStringLiteral("(link up)")).isEmpty());

    QTcpSocket first;
    first.connectToHost(QHostAddress::LocalHost, port.toUShort());
    QTRY_VERIFY_WITH_TIMEOUT(target.hasPendingConnections(), 15000);
    QTcpSocket *firstAtTarget = target.nextPendingConnection();

    QTcpSocket second;
    second.connectToHost(QHostAddress::LocalHost, port.toUShort());
    QTRY_COMPARE_WITH_TIMEOUT(second.state(), QAbstractSocket::UnconnectedState, 15000);
    QVERIFY(!connect
                 .waitFor(QStringLiteral("(#2 -L .* failed \\(ResourceExhausted, from the other "
                                         "end: .*\\))"))
                 .isEmpty());
    QVERIFY(!target.hasPendingConnections());

    first.write("still here");
    QTRY_COMPARE_WITH_TIMEOUT(firstAtTarget->bytesAvailable(), 10, 15000);
    QCOMPARE(first.state(), QAbstractSocket::ConnectedState);
    QCOMPARE(connect.stop(), 0);
    QCOMPARE(serve.stop(), 0);
}

// A second of iperf3 through a local forward: its control and data connections, and its
// end-of-test exchange, all through the tunnel.
void tst_TunnelProgram::iperf3ThroughLocalForward()
{
    const quint16 iperfPort = unusedPort(); // for iperf3's server
    QVERIFY(iperfPort);
    Running iperfServer({QStringLiteral("-s"), QStringLiteral("-1"), QStringLiteral("--forceflush"),
                         QStringLiteral("-B"), QStringLiteral("127.0.0.1"), QStringLiteral("-p"),
                         QString::number(iperfPort)},
                        QProcessEnvironment::systemEnvironment(), tool("iperf3"));
    QVERIFY(!iperfServer.waitFor(QStringLiteral("(Server listening)")).isEmpty());
    Running serve({QStringLiteral("serve"), QStringLiteral("--listen"),
                   QStringLiteral("127.0.0.1:0"), QStringLiteral("--token"), QStringLiteral("t")});
    const QString url = serve.waitFor(QStringLiteral("serving tunnels on (ws://\\S+)"));
    Running connect({QStringLiteral("connect"), url, QStringLiteral("--token"), QStringLiteral("t"),
                     QStringLiteral("-L"), QStringLiteral("0:127.0.0.1:%1").arg(iperfPort)});
    const QString port = connect.waitFor(QStringLiteral("-L \\S+ listening on port (\\d+)"));
    QVERIFY(!connect.waitFor(QStringLiteral("(link up)")).isEmpty());
    const ToolRun iperf
        = runTool(tool("iperf3"),
                  {QStringLiteral("-c"), QStringLiteral("127.0.0.1"), QStringLiteral("-p"), port,
                   QStringLiteral("-t"), QStringLiteral("1"), QStringLiteral("-J")},
                  60000);
    QCOMPARE(iperf.exitCode, 0);
    const QJsonObject end
        = QJsonDocument::fromJson(iperf.output).object().value(QStringLiteral("end")).toObject();
    const double received = end.value(QStringLiteral("sum_received"))
                                .toObject()
                                .value(QStringLiteral("bytes"))
                                .toDouble();
    qInfo("iperf3 moved %.1f MiB in a second through the tunnel (Debug build)",
          received / (1 << 20));
    QVERIFY(received > 0);
    QCOMPARE(connect.stop(), 0);
    QCOMPARE(serve.stop(), 0);
}

QTEST_MAIN(tst_TunnelProgram)
#include "tst_tunnelprogram.moc"
