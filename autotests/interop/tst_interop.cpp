#include "muxerpair.h"

#include <QtCore/qdir.h>
#include <QtCore/qfileinfo.h>
#include <QtCore/qprocess.h>
#include <QtTest/qtest.h>

using namespace std::chrono_literals;

// The node peer, run as a child process, with its stdout collected line by line.
class NodePeer : public QObject
{
public:
    ~NodePeer() override
    {
        if (process.state() != QProcess::NotRunning) {
            process.kill();
            process.waitForFinished(5000);
        }
    }

    bool start(const QStringList &arguments)
    {
        connect(&process, &QProcess::readyReadStandardOutput, this, [this] {
            while (process.canReadLine()) {
                const QString line = QString::fromUtf8(process.readLine()).trimmed();
                lines.append(line);
            }
        });
        process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        process.start(QStringLiteral(NODE_EXECUTABLE),
                      QStringList {QStringLiteral(INTEROP_DIR "/peer.mjs")} + arguments);
        return process.waitForStarted(10000);
    }

    bool sawLine(const QString &line) const { return lines.contains(line); }
    QString lineStartingWith(const QString &prefix) const
    {
        for (const QString &line : lines) {
            if (line.startsWith(prefix))
                return line;
        }
        return QString();
    }

    QProcess process;
    QStringList lines;
};

class tst_Interop : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void qtDialsPlainPeer();
    void plainPeerDialsQt();

private:
    // Runs the whole conversation over `muxer`, connected to `node`.
    void converse(QBiMuxer *muxer, NodePeer *node);
    // Registered before the peer can send anything: it starts talking as soon as it is
    // connected.
    void serveRoutes(QBiMuxer *muxer);

    QList<std::pair<qint32, QByteArray>> m_oneways;
};

void tst_Interop::initTestCase()
{
    QVERIFY2(QFileInfo(QStringLiteral(NODE_EXECUTABLE)).isExecutable(),
             "node was not found when configuring; tools/run-tests.sh installs it");
    QVERIFY2(QDir(QStringLiteral(INTEROP_DIR "/node_modules/ws")).exists()
                 && QDir(QStringLiteral(INTEROP_DIR "/node_modules/protobufjs")).exists(),
             "the peer's npm packages are missing: run tools/interop/setup.sh");
    qRegisterMetaType<QWebSocketProtocol::CloseCode>();
}

void tst_Interop::serveRoutes(QBiMuxer *muxer)
{
    muxer->setRequestHandler(10, this, [](const QByteArray &data) { return "qt:" + data; });
    muxer->setRequestHandler(11, this, [](const QBiMuxRequest &request) {
        request.fail(QBiMux::StatusCode::PermissionDenied, QStringLiteral("not for you"));
    });
    for (qint32 route : {20, 22}) {
        muxer->setMessageHandler(route, this, [this](qint32 route, const QByteArray &data) {
            m_oneways.append({route, data});
        });
    }
}

void tst_Interop::converse(QBiMuxer *muxer, NodePeer *node)
{
    QSignalSpy protocolErrors(muxer, &QBiMuxer::protocolErrorOccurred);

    // The peer calls our routes: an answer, a remote error and an unknown route, which a
    // plain peer sees as responses with empty data.
    QTRY_VERIFY_WITH_TIMEOUT(node->sawLine(QStringLiteral("CALLS-DONE")), 15000);
    QVERIFY(node->sawLine(QStringLiteral("REPLY 10 12 qt:from-node")));
    QVERIFY(node->sawLine(QStringLiteral("REPLY 11 0")));
    QVERIFY(node->sawLine(QStringLiteral("REPLY 99 0")));
    QTRY_COMPARE(m_oneways.size(), 1);
    QCOMPARE(m_oneways.first(), std::make_pair(20, QByteArray("hello-from-node")));

    // We call the peer's routes.
    QFuture<QByteArray> echo = muxer->rpc(1, "hi");
    QFuture<QByteArray> upper = muxer->rpc(2, "shout");
    QVERIFY(waitForFinished(echo));
    QVERIFY(waitForFinished(upper));
    QCOMPARE(echo.result(), QByteArray("node:hi"));
    QCOMPARE(upper.result(), QByteArray("SHOUT"));

    // Oneways both ways: our ping gets the peer's pong.
    QVERIFY(muxer->send(21, "ping"));
    QTRY_COMPARE(m_oneways.size(), 2);
    QCOMPARE(m_oneways.last(), std::make_pair(22, QByteArray("pong")));
    QTRY_VERIFY(node->sawLine(QStringLiteral("ONEWAY 21 ping")));

    // Our cancel is an unknown flag to a plain peer, which ignores it and answers later
    // anyway; the late answer is dropped quietly on our side.
    QFuture<QByteArray> slow = muxer->rpc(3, "s");
    QTRY_VERIFY(node->sawLine(QStringLiteral("REQUEST 3 s")));
    slow.cancel();
    QTRY_VERIFY(slow.isFinished());
    QVERIFY(slow.isCanceled());
    QTRY_VERIFY(node->lineStartingWith(QStringLiteral("IGNORED flag=3"))
                    .endsWith(QStringLiteral("route=3")));
    QTRY_VERIFY(node->sawLine(QStringLiteral("ANSWERED 3")));

    // A route the peer does not serve is never answered by a plain peer: the timeout ends it.
    QFuture<QByteArray> unanswered = muxer->rpc(4, "x", 300ms);
    QVERIFY(waitForFinished(unanswered));
    QCOMPARE(errorOf(unanswered).code(), QBiMux::StatusCode::DeadlineExceeded);
    QTRY_VERIFY(node->lineStartingWith(QStringLiteral("IGNORED flag=3"))
                    .endsWith(QStringLiteral(
                        "route=3"))); // and its cancel after the timeout is ignored too

    // Still one healthy connection after all of that.
    QFuture<QByteArray> after = muxer->rpc(1, "still here");
    QVERIFY(waitForFinished(after));
    QCOMPARE(after.result(), QByteArray("node:still here"));
    QCOMPARE(protocolErrors.count(), 0);
    QVERIFY(muxer->isConnected());
    QVERIFY(!node->lineStartingWith(QStringLiteral("FAIL")).size());
    QVERIFY(!node->lineStartingWith(QStringLiteral("UNKNOWN-RESPONSE")).size());

    // Goodbye: the peer closes normally and exits 0 once every check on its side passed.
    QSignalSpy disconnected(muxer, &QBiMuxer::disconnected);
    QVERIFY(muxer->send(23, "bye"));
    QTRY_COMPARE(disconnected.count(), 1);
    QCOMPARE(disconnected.first().first().value<QWebSocketProtocol::CloseCode>(),
             QWebSocketProtocol::CloseCodeNormal);
    QTRY_COMPARE_WITH_TIMEOUT(node->process.state(), QProcess::NotRunning, 10000);
    QCOMPARE(node->process.exitStatus(), QProcess::NormalExit);
    QVERIFY2(node->process.exitCode() == 0, qPrintable(node->lines.join(u'\n')));
    QVERIFY2(node->sawLine(QStringLiteral("DONE")), qPrintable(node->lines.join(u'\n')));
}

void tst_Interop::qtDialsPlainPeer()
{
    m_oneways.clear();
    NodePeer node;
    QVERIFY(node.start({QStringLiteral("server")}));
    QTRY_VERIFY_WITH_TIMEOUT(!node.lineStartingWith(QStringLiteral("LISTENING ")).isEmpty(), 15000);
    const QString port = node.lineStartingWith(QStringLiteral("LISTENING ")).section(u' ', 1);

    QBiMuxer muxer;
    serveRoutes(&muxer);
    QSignalSpy connected(&muxer, &QBiMuxer::connected);
    muxer.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/mux").arg(port)));
    QVERIFY(connected.wait(10000) || connected.count() == 1);
    converse(&muxer, &node);
}

void tst_Interop::plainPeerDialsQt()
{
    m_oneways.clear();
    QBiMuxServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    QSignalSpy accepted(&server, &QBiMuxServer::newConnection);
    // The server's handlers serve the peer from its first frame on.
    connect(&server, &QBiMuxServer::newConnection, this,
            [this](QBiMuxer *muxer) { serveRoutes(muxer); });

    NodePeer node;
    QVERIFY(node.start({QStringLiteral("client"), server.serverUrl().toString()}));
    QTRY_COMPARE_WITH_TIMEOUT(accepted.count(), 1, 15000);
    converse(accepted.first().first().value<QBiMuxer *>(), &node);
}

QTEST_MAIN(tst_Interop)
#include "tst_interop.moc"
