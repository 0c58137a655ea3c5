// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "muxerpair.h"

#include <QBiMuxStream>

#include <QtCore/qdir.h>
#include <QtCore/qelapsedtimer.h>
#include <QtCore/qfileinfo.h>
#include <QtCore/qpointer.h>
#include <QtCore/qprocess.h>
#include <QtCore/qurlquery.h>
#include <QtTest/qtest.h>

#include <algorithm>

using namespace std::chrono_literals;

// tools/interop/peer.mjs, a plain bimux peer outside the project, run by node as a child
// process; its stdout is collected line by line (see peer.mjs for what each line means).
class NodePeer : public QObject
{
public:
    ~NodePeer() override
    {
        if (process.state() != QProcess::NotRunning) {
            process.kill();
            process.waitForFinished(5000);
        }
        // The peer's side of the story is what explains most failures.
        if (QTest::currentTestFailed())
            qWarning().noquote() << "node peer said:\n " << lines.join(QStringLiteral("\n  "));
    }

    bool start(const QStringList &arguments)
    {
        connect(&process, &QProcess::readyReadStandardOutput, this, [this] {
            while (process.canReadLine())
                lines.append(QString::fromUtf8(process.readLine()).trimmed());
        });
        // Its stderr (stack traces, node's own errors) goes to the test's output.
        process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        process.start(QStringLiteral(NODE_EXECUTABLE),
                      QStringList {QStringLiteral(INTEROP_DIR "/peer.mjs")} + arguments);
        return process.waitForStarted(10000);
    }

    bool said(const QString &line) const { return lines.contains(line); }
    bool saidAnythingStartingWith(const QString &prefix) const
    {
        return std::any_of(lines.cbegin(), lines.cend(),
                           [&](const QString &line) { return line.startsWith(prefix); });
    }

    QProcess process;
    QStringList lines;
};

class tst_Interop : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void qtDialsPlainPeer();
    void plainPeerDialsQt();

private:
    // The routes the peer calls and the oneway messages it sends, on a QBiMuxer or for
    // every connection of a QBiMuxServer. Set before the peer connects: it starts talking
    // at once.
    template<typename Target> void serveRoutes(Target *target);
    // The whole conversation over `muxer`, connected to `node`, up to the peer's exit.
    void converse(QBiMuxer *muxer, NodePeer *node);

    QList<std::pair<qint32, QByteArray>> m_oneways;
};

void tst_Interop::initTestCase()
{
    QVERIFY2(QFileInfo(QStringLiteral(NODE_EXECUTABLE)).isExecutable(),
             "node was not found when configuring (find_program(NODE_EXECUTABLE node)); "
             "install Node.js (tools/run-tests.sh does) and configure again");
    QVERIFY2(QDir(QStringLiteral(INTEROP_DIR "/node_modules")).exists(),
             "tools/interop/node_modules is missing: run tools/interop/setup.sh, which installs "
             "the peer's npm packages (tools/run-tests.sh calls it)");

    // The packages must also load, so that a broken install fails here with node's own
    // words rather than later as a peer that never says anything.
    QProcess probe;
    probe.setWorkingDirectory(QStringLiteral(INTEROP_DIR));
    probe.setProcessChannelMode(QProcess::MergedChannels);
    probe.start(QStringLiteral(NODE_EXECUTABLE),
                {QStringLiteral("--input-type=module"), QStringLiteral("-e"),
                 QStringLiteral("await import('ws'); await import('protobufjs');")});
    QVERIFY2(probe.waitForFinished(30000), "node did not finish loading ws and protobufjs");
    QVERIFY2(probe.exitStatus() == QProcess::NormalExit && probe.exitCode() == 0,
             qPrintable(QStringLiteral("the peer's npm packages do not load; run "
                                       "tools/interop/setup.sh. node said:\n")
                        + QString::fromUtf8(probe.readAll())));

    qRegisterMetaType<QWebSocketProtocol::CloseCode>();
}

void tst_Interop::init()
{
    m_oneways.clear();
}

template<typename Target> void tst_Interop::serveRoutes(Target *target)
{
    target->setRequestHandler(10, this, [](const QByteArray &data) { return "qt:" + data; });
    target->setRequestHandler(11, this, [](const QBiMuxRequest &request) {
        request.fail(QBiMux::StatusCode::PermissionDenied, QStringLiteral("not for you"));
    });
    // Route 99 has no handler: the library answers Unimplemented by itself.
    for (qint32 route : {20, 22}) {
        target->setMessageHandler(route, this, [this](qint32 route, const QByteArray &data) {
            m_oneways.append({route, data});
        });
    }
}

void tst_Interop::converse(QBiMuxer *muxer, NodePeer *node)
{
    QSignalSpy protocolErrors(muxer, &QBiMuxer::protocolErrorOccurred);
    QSignalSpy disconnected(muxer, &QBiMuxer::disconnected);

    // The peer calls us. Our error answers (route 11 failed by the handler, route 99 with no
    // handler) carry field 5, which a plain peer skips: it sees empty data. A successful
    // answer carries nothing it does not know.
    QTRY_VERIFY_WITH_TIMEOUT(node->said(QStringLiteral("CALLS-DONE")), 15000);
    QVERIFY(node->said(QStringLiteral("REPLY 10 12 qt:from-node")));
    QVERIFY(node->said(QStringLiteral("REPLY 11 0")));
    QVERIFY(node->said(QStringLiteral("REPLY 99 0")));
    QVERIFY(node->said(QStringLiteral("SKIPPED-FIELDS response 11 5")));
    QVERIFY(node->said(QStringLiteral("SKIPPED-FIELDS response 99 5")));
    QVERIFY(!node->saidAnythingStartingWith(QStringLiteral("SKIPPED-FIELDS response 10 ")));
    QTRY_COMPARE(m_oneways.size(), 1);
    QCOMPARE(m_oneways.first(), std::make_pair(20, QByteArray("hello-from-node")));

    // We call the peer. Our requests carry the caller's timeout (field 6, the default 30 s
    // here), which it skips as well.
    QFuture<QByteArray> echo = muxer->rpc(1, "hi");
    QFuture<QByteArray> upper = muxer->rpc(2, "shout");
    QVERIFY(waitForFinished(echo));
    QVERIFY(waitForFinished(upper));
    QCOMPARE(echo.result(), QByteArray("node:hi"));
    QCOMPARE(upper.result(), QByteArray("SHOUT"));
    QTRY_VERIFY(node->said(QStringLiteral("SKIPPED-FIELDS request 1 6")));

    // Oneway messages both ways: our ping gets the peer's pong.
    QVERIFY(muxer->send(21, "ping"));
    QTRY_COMPARE(m_oneways.size(), 2);
    QCOMPARE(m_oneways.last(), std::make_pair(22, QByteArray("pong")));
    QTRY_VERIFY(node->said(QStringLiteral("ONEWAY 21 ping")));
    QVERIFY(!node->saidAnythingStartingWith(QStringLiteral("SKIPPED-FIELDS oneway ")));

    // Metadata (field 9, QBiMuxCallOptions) on a request and on a oneway message: the peer
    // skips it and answers as it would without.
    const QBiMuxCallOptions traced = QBiMuxCallOptions().addMetadata("trace-id", "4bf92f35");
    QFuture<QByteArray> tracedCall = muxer->rpc(2, "traced", traced);
    QVERIFY(waitForFinished(tracedCall));
    QCOMPARE(tracedCall.result(), QByteArray("TRACED"));
    QTRY_VERIFY(node->said(QStringLiteral("SKIPPED-FIELDS request 2 6,9")));
    QVERIFY(muxer->send(21, "traced-ping", traced));
    QTRY_COMPARE(m_oneways.size(), 3);
    QTRY_VERIFY(node->said(QStringLiteral("ONEWAY 21 traced-ping")));
    QVERIFY(node->said(QStringLiteral("SKIPPED-FIELDS oneway 21 9")));

    // Our cancel is a frame with an unknown flag to a plain peer: it ignores it, keeps the
    // connection and answers anyway once its handler is done (route 3 holds the request
    // until our "release"). That late answer must be dropped quietly on our side.
    QFuture<QByteArray> slow = muxer->rpc(3, "s");
    QTRY_VERIFY(node->said(QStringLiteral("REQUEST 3 s")));
    slow.cancel();
    QTRY_VERIFY(slow.isFinished());
    QVERIFY(slow.isCanceled());
    QTRY_VERIFY(node->said(QStringLiteral("IGNORED-FLAG 3 3")));
    QVERIFY(muxer->send(24, "release"));
    QTRY_VERIFY(node->said(QStringLiteral("ANSWERED 3 slow:s")));

    // A plain peer's hook that never returns (route 4): only the timeout ends the call, and
    // the cancel sent when it expires is ignored too.
    QFuture<QByteArray> unanswered = muxer->rpc(4, "x", QBiMuxCallOptions().setTimeout(300ms));
    QVERIFY(waitForFinished(unanswered));
    QCOMPARE(errorOf(unanswered).code(), QBiMux::StatusCode::DeadlineExceeded);
    QTRY_VERIFY(node->said(QStringLiteral("REQUEST 4 x")));
    QTRY_VERIFY(node->said(QStringLiteral("SKIPPED-FIELDS request 4 6")));
    QTRY_VERIFY(node->said(QStringLiteral("IGNORED-FLAG 3 4")));

    // Streams: the peer ignores the hello and the stream_open (flags 4 and 5, frames a
    // plain peer skips) and answers the probe, a request on route 2147483647 with empty
    // data, as its hook answers any route it does not know: an answer without a hello
    // before it tells this side at once, without a timeout, that it does not speak streams.
    QElapsedTimer elapsed;
    elapsed.start();
    QBiMuxStream *stream = muxer->openStream(7);
    QSignalSpy streamFinished(stream, &QBiMuxStream::finished);
    QVERIFY(streamFinished.wait(10000) || streamFinished.count() == 1);
    QCOMPARE(stream->status().code(), QBiMux::StatusCode::Unimplemented);
    QCOMPARE(stream->status().message(), QStringLiteral("the peer does not speak bimux streams"));
    QVERIFY2(elapsed.elapsed() < 5000, qPrintable(QString::number(elapsed.elapsed())));
    QTRY_VERIFY(node->said(QStringLiteral("IGNORED-FLAG 4 0")));
    QTRY_VERIFY(node->said(QStringLiteral("REQUEST 2147483647")));
    QTRY_VERIFY(node->said(QStringLiteral("IGNORED-FLAG 5 7")));
    // Nothing in the probe that a plain peer does not know.
    QVERIFY(!node->saidAnythingStartingWith(QStringLiteral("SKIPPED-FIELDS request 2147483647")));
    // Known from now on: no more stream frames reach the peer.
    QCOMPARE(muxer->openStream(8)->status().code(), QBiMux::StatusCode::Unimplemented);

    // Still one healthy connection after all of that. The peer wrote the late answer to
    // route 3 before this one, so by now our muxer has read (and dropped) it.
    QFuture<QByteArray> after = muxer->rpc(1, "again");
    QVERIFY(waitForFinished(after));
    QCOMPARE(after.result(), QByteArray("node:again"));
    QCOMPARE(protocolErrors.count(), 0);
    QVERIFY(muxer->isConnected());
    QCOMPARE(muxer->pendingCallCount(), 0);

    // Goodbye: the peer closes normally and exits 0 once every check on its side passed
    // (its whole output has been read by then).
    QVERIFY(muxer->send(23, "bye"));
    QTRY_COMPARE(disconnected.count(), 1);
    QCOMPARE(disconnected.first().first().value<QWebSocketProtocol::CloseCode>(),
             QWebSocketProtocol::CloseCodeNormal);
    QTRY_COMPARE_WITH_TIMEOUT(node->process.state(), QProcess::NotRunning, 10000);
    QCOMPARE(node->process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(node->process.exitCode(), 0);
    QVERIFY(node->said(QStringLiteral("DONE")));
    QVERIFY(!node->saidAnythingStartingWith(QStringLiteral("FAIL")));
    QVERIFY(!node->said(QStringLiteral("IGNORED-FLAG 5 8")));
    // We never answer a number the peer did not use (it would ignore it, as Go bimux does).
    QVERIFY(!node->saidAnythingStartingWith(QStringLiteral("UNKNOWN-RESPONSE")));
    QCOMPARE(protocolErrors.count(), 0);
}

void tst_Interop::qtDialsPlainPeer()
{
    NodePeer node;
    QVERIFY(node.start({QStringLiteral("server")}));
    QTRY_VERIFY_WITH_TIMEOUT(node.saidAnythingStartingWith(QStringLiteral("LISTENING ")), 15000);
    const QString listening
        = *std::find_if(node.lines.cbegin(), node.lines.cend(), [](const QString &line) {
              return line.startsWith(QStringLiteral("LISTENING "));
          });
    const QString port = listening.section(u' ', 1);

    QBiMuxer muxer;
    serveRoutes(&muxer);
    // Our id announcement is an extra handshake header, which a plain server ignores.
    muxer.setId(QStringLiteral("qt-side"));
    QSignalSpy connected(&muxer, &QBiMuxer::connected);
    muxer.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/mux").arg(port)));
    QVERIFY(connected.wait(10000) || connected.count() == 1);
    QTRY_VERIFY(node.said(QStringLiteral("HANDSHAKE /mux qt-side")));

    converse(&muxer, &node);
}

void tst_Interop::plainPeerDialsQt()
{
    QBiMuxServer server;
    // Server-wide handlers serve the connection from its first frame on.
    serveRoutes(&server);
    QVERIFY(server.listen(QHostAddress::LocalHost));
    QSignalSpy accepted(&server, &QBiMuxServer::newConnection);

    // A plain client cannot set our id header, but it can put the id in the URL's query.
    QUrl url = server.serverUrl();
    url.setQuery(QUrlQuery {{QStringLiteral("id"), QStringLiteral("node-peer")}});
    NodePeer node;
    QVERIFY(node.start({QStringLiteral("client"), url.toString()}));
    QTRY_COMPARE_WITH_TIMEOUT(accepted.count(), 1, 15000);
    // The server deletes the muxer (later) once the peer has closed.
    QPointer<QBiMuxer> muxer = accepted.first().first().value<QBiMuxer *>();
    QVERIFY(muxer);
    QCOMPARE(muxer->id(), QStringLiteral("node-peer"));
    QCOMPARE(server.connection(QStringLiteral("node-peer")), muxer.data());

    converse(muxer, &node);
}

QTEST_MAIN(tst_Interop)
#include "tst_interop.moc"
