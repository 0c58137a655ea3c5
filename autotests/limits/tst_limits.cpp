// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "faultyproxy.h"
#include "muxerpair.h"
#include "testcertificates.h"

#include <QBiMuxObserver>
#include <QBiMuxServer>
#include <QBiMuxer>

#include <QtCore/qscopeguard.h>
#include <QtCore/qtimer.h>
#include <QtNetwork/qsslsocket.h>
#include <QtTest/qsignalspy.h>
#include <QtTest/qtest.h>
#include <QtWebSockets/qwebsocket.h>
#include <QtWebSockets/qwebsocketserver.h>

using namespace std::chrono_literals;

// The limits that keep one peer from exhausting the other: each is reached with an
// explicit error, never by silently dropping work or by growing without bound.
class tst_Limits : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void outgoingCallsBeyondTheLimitFailAtOnce();
    void incomingRequestsBeyondTheLimitAreAnsweredBusy();
    void serverLimitsApplyToEveryConnection();
    void congestionRefusesNewWorkUntilTheQueueDrains();
    void answersAndCancelsStillLeaveWhileCongested();
    void congestionOnASocketFromTheApplicationsOwnServer();
    void peerThatStopsReadingIsDroppedWithBoundedMemory_data();
    void peerThatStopsReadingIsDroppedWithBoundedMemory();
};

void tst_Limits::outgoingCallsBeyondTheLimitFailAtOnce()
{
    MuxerPair pair;
    QVERIFY(pair.connect());
    RequestCollector requests(pair.serverSide);
    pair.client->setSettings(pair.client->settings().setMaxPendingCalls(3));
    QCOMPARE(pair.client->settings().maxPendingCalls(), 3);

    QList<QFuture<QByteArray>> calls;
    for (int i = 0; i < 3; ++i)
        calls.append(pair.client->rpc(1, QByteArray::number(i)));
    QFuture<QByteArray> refused = pair.client->rpc(1, "one too many");
    // Refused in the caller's thread, before anything is written.
    QVERIFY(refused.isFinished());
    QCOMPARE(errorOf(refused).code(), QBiMux::StatusCode::ResourceExhausted);
    QTRY_COMPARE(requests.size(), 3);

    // An answered call frees its place.
    requests.first().reply("done");
    QVERIFY(waitForFinished(calls.first()));
    QFuture<QByteArray> next = pair.client->rpc(1, "fits again");
    QTRY_COMPARE(requests.size(), 4);
    QVERIFY(!next.isFinished());
    // So do calls that end any other way: a cancel (once the muxer noticed it), a timeout.
    calls[1].cancel();
    QTRY_COMPARE(pair.client->pendingCallCount(), 2);
    QFuture<QByteArray> short_
        = pair.client->rpc(1, "times out", QBiMuxCallOptions().setTimeout(50ms));
    QVERIFY(waitForFinished(short_));
    QCOMPARE(errorOf(short_).code(), QBiMux::StatusCode::DeadlineExceeded);
    QTRY_COMPARE(pair.client->pendingCallCount(), 2);
    QFuture<QByteArray> last = pair.client->rpc(1, "fits");
    QTRY_COMPARE(requests.size(), 6);
    QVERIFY(!last.isFinished());
}

void tst_Limits::incomingRequestsBeyondTheLimitAreAnsweredBusy()
{
    MuxerPair pair;
    QVERIFY(pair.connect());
    RequestCollector requests(pair.serverSide);
    pair.serverSide->setSettings(pair.serverSide->settings().setMaxConcurrentRequests(2));

    QList<QFuture<QByteArray>> calls;
    for (int i = 0; i < 5; ++i)
        calls.append(pair.client->rpc(7, QByteArray::number(i)));
    QTRY_COMPARE(requests.size(), 2);
    for (int i = 2; i < 5; ++i) {
        QVERIFY(waitForFinished(calls.at(i)));
        const QBiMuxStatus error = errorOf(calls.at(i));
        QCOMPARE(error.code(), QBiMux::StatusCode::ResourceExhausted);
        QCOMPARE(error.origin(), QBiMuxStatus::Origin::Remote);
    }
    QCOMPARE(requests.size(), 2); // the refused ones reached no handler
    QCOMPARE(pair.serverSide->pendingRequestCount(), 2);

    // Answering makes room; the link stays up throughout.
    requests.at(0).reply("a");
    requests.at(1).reply("b");
    QVERIFY(waitForFinished(calls.at(1)));
    QFuture<QByteArray> again = pair.client->rpc(7, "again");
    QTRY_COMPARE(requests.size(), 3);
    requests.last().reply("ok");
    QVERIFY(waitForFinished(again));
    QCOMPARE(again.result(), QByteArray("ok"));
    QVERIFY(pair.client->isConnected());
}

void tst_Limits::serverLimitsApplyToEveryConnection()
{
    MuxerPair pair;
    pair.server->setSettings(pair.server->settings().setMaxConcurrentRequests(1));
    pair.server->setSettings(pair.server->settings().setMaxPendingCalls(1));
    pair.server->setSettings(pair.server->settings().setHighWaterMark(4096));
    QCOMPARE(pair.server->settings().maxConcurrentRequests(), 1);
    QCOMPARE(pair.server->settings().maxPendingCalls(), 1);
    QVERIFY(pair.connect());
    QCOMPARE(pair.serverSide->settings().maxConcurrentRequests(), 1);
    QCOMPARE(pair.serverSide->settings().maxPendingCalls(), 1);
    QCOMPARE(pair.serverSide->settings().highWaterMark(), 4096);
    // Defaults elsewhere stay as they were.
    QCOMPARE(pair.client->settings().maxConcurrentRequests(), 16384);
    QCOMPARE(pair.client->settings().maxPendingCalls(), 65536);
}

void tst_Limits::congestionRefusesNewWorkUntilTheQueueDrains()
{
    MuxerPair pair;
    QVERIFY(pair.connect());
    int received = 0;
    pair.serverSide->setMessageHandler(2, this, [&received](const QByteArray &) { ++received; });
    pair.client->setSettings(pair.client->settings().setHighWaterMark(256 * 1024));
    QSignalSpy congestion(pair.client.get(), &QBiMuxer::congestedChanged);

    // Without returning to the event loop the socket writes nothing, so the queue grows
    // with every message until the muxer refuses more.
    const QByteArray chunk(64 * 1024, 'x');
    int sent = 0;
    while (sent < 100 && pair.client->send(2, chunk))
        ++sent;
    QVERIFY2(sent >= 4 && sent < 10, QByteArray::number(sent));
    QVERIFY(pair.client->isCongested());
    QVERIFY(pair.client->bytesToWrite() > 256 * 1024);
    QCOMPARE(congestion.count(), 1);
    QCOMPARE(congestion.first().first().toBool(), true);
    QFuture<QByteArray> refused = pair.client->rpc(1, "later");
    QVERIFY(refused.isFinished());
    QCOMPARE(errorOf(refused).code(), QBiMux::StatusCode::ResourceExhausted);

    // A peer that reads drains the queue; then work is accepted again, and every message
    // that was accepted arrived.
    QTRY_COMPARE_WITH_TIMEOUT(congestion.count(), 2, 10000);
    QCOMPARE(congestion.last().first().toBool(), false);
    QVERIFY(!pair.client->isCongested());
    QVERIFY(pair.client->send(2, chunk));
    QTRY_COMPARE(received, sent + 1);
}

void tst_Limits::congestionOnASocketFromTheApplicationsOwnServer()
{
    // A muxer on a QWebSocket that the application's own QWebSocketServer accepted: the
    // muxer never sees the TCP socket under it, and reads the queue from QWebSocket.
    QWebSocketServer webSocketServer(QStringLiteral("app"), QWebSocketServer::NonSecureMode);
    QVERIFY(webSocketServer.listen(QHostAddress::LocalHost));
    std::unique_ptr<QBiMuxer> serverSide;
    connect(&webSocketServer, &QWebSocketServer::newConnection, this, [&] {
        serverSide = std::make_unique<QBiMuxer>(webSocketServer.nextPendingConnection());
    });
    QBiMuxer client;
    int received = 0;
    client.setMessageHandler(2, this, [&received](const QByteArray &) { ++received; });
    client.open(QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(webSocketServer.serverPort())));
    QTRY_VERIFY_WITH_TIMEOUT(serverSide && serverSide->isConnected() && client.isConnected(),
                             10000);
    serverSide->setSettings(serverSide->settings().setHighWaterMark(256 * 1024));
    QSignalSpy congestion(serverSide.get(), &QBiMuxer::congestedChanged);

    const QByteArray chunk(64 * 1024, 'x');
    int sent = 0;
    while (sent < 100 && serverSide->send(2, chunk))
        ++sent;
    QVERIFY2(sent >= 4 && sent < 10, QByteArray::number(sent));
    QVERIFY(serverSide->isCongested());
    QVERIFY(serverSide->bytesToWrite() > 256 * 1024);
    QCOMPARE(congestion.count(), 1);

    // QWebSocket::bytesWritten() reports the drain.
    QTRY_COMPARE_WITH_TIMEOUT(congestion.count(), 2, 10000);
    QVERIFY(!serverSide->isCongested());
    QTRY_COMPARE(received, sent);
}

void tst_Limits::answersAndCancelsStillLeaveWhileCongested()
{
    // Congestion refuses new work only: an answer the peer waits for, and the cancels
    // that let it stop working, are written all the same. The server's side is congested
    // by a client behind a proxy that stops reading.
    QBiMuxServer server;
    server.setSettings(server.settings().setHighWaterMark(256 * 1024));
    QVERIFY(server.listen(QHostAddress::LocalHost));
    QSignalSpy accepted(&server, &QBiMuxServer::newConnection);
    FaultyProxy proxy;
    QVERIFY(proxy.listen(server.serverPort()));
    QBiMuxer client;
    QSignalSpy connected(&client, &QBiMuxer::connected);
    client.open(proxy.url());
    QTRY_COMPARE_WITH_TIMEOUT(connected.count(), 1, 10000);
    QTRY_COMPARE(accepted.count(), 1);
    auto *serverSide = accepted.first().first().value<QBiMuxer *>();
    RequestCollector serverHeld(serverSide);
    RequestCollector clientHeld(&client);
    client.setMessageHandler(2, &client, [](const QByteArray &) {});
    // Counts the Cancel frames the server's side writes.
    class CancelCounter : public QBiMuxObserver
    {
    public:
        void frameEvent(QBiMuxer *, const QBiMuxFrameInfo &frame) override
        {
            if (frame.direction == QBiMux::Direction::Outgoing
                && frame.flag == QBiMux::FrameFlag::Cancel) {
                ++cancels;
                cancelBytes += frame.wireSize;
            }
        }
        void callEvent(QBiMuxer *, const QBiMuxCallInfo &) override { }
        int cancels = 0;
        qint64 cancelBytes = 0;
    } counter;
    serverSide->addObserver(&counter);
    const auto removeObserver = qScopeGuard([&] {
        if (server.connectionCount())
            serverSide->removeObserver(&counter);
    });

    QFuture<QByteArray> fromClient
        = client.rpc(1, "answer me", QBiMuxCallOptions().setTimeout(60s));
    QFuture<QByteArray> cancelled
        = serverSide->rpc(1, "cancel me", QBiMuxCallOptions().setTimeout(60s));
    QFuture<QByteArray> timesOut
        = serverSide->rpc(1, "time me out", QBiMuxCallOptions().setTimeout(3s));
    QTRY_COMPARE(serverHeld.size(), 1);
    QTRY_COMPARE(clientHeld.size(), 2);

    // The client stops reading; the server's side writes until it is congested and stays
    // so: the kernel's buffers take megabytes first, and grow while they fill.
    proxy.stopReadingFromServer();
    const QByteArray chunk(64 * 1024, 'x');
    int congestedFor = 0;
    for (int i = 0; i < 4000 && congestedFor < 40; ++i) {
        if (serverSide->isCongested()) {
            ++congestedFor;
            QTest::qWait(5); // not a synchronization: the kernel takes what it can meanwhile
        } else {
            congestedFor = 0;
            QVERIFY(serverSide->send(2, chunk));
            QCoreApplication::processEvents();
        }
    }
    QVERIFY(serverSide->isCongested());
    // Otherwise there is no timeout left to expire while congested.
    QVERIFY2(!timesOut.isFinished(), "timed out before the link was congested");
    QVERIFY(!serverSide->send(2, "refused"));

    // What the socket took: still queued, or passed to the kernel since. The queue alone may
    // shrink meanwhile, as the kernel's buffers keep growing.
    qint64 written = 0;
    QObject counting; // gone before `written`; the server, gone after both, writes as it closes
    connect(serverSide->socket(), &QWebSocket::bytesWritten, &counting,
            [&written](qint64 bytes) { written += bytes; });
    const auto taken = [&] {
        return serverSide->bytesToWrite() + written;
    };

    // The answer is written at once.
    qint64 takenBefore = taken();
    QVERIFY(serverHeld.first().reply("answered while congested"));
    QVERIFY(taken() > takenBefore);
    takenBefore = taken();

    // The cancels: one by the caller, one by the timeout.
    cancelled.cancel();
    QTRY_COMPARE_WITH_TIMEOUT(counter.cancels, 2, 10000);
    QCOMPARE(errorOf(timesOut).code(), QBiMux::StatusCode::DeadlineExceeded);
    QVERIFY(serverSide->isCongested());
    QCOMPARE_GE(taken() - takenBefore, counter.cancelBytes);

    // Once the client reads again it has them all.
    proxy.resumeReadingFromServer();
    QVERIFY(waitForFinished(fromClient, 30000));
    QCOMPARE(fromClient.result(), QByteArray("answered while congested"));
    QTRY_VERIFY_WITH_TIMEOUT(clientHeld.at(0).isCancelled(), 30000);
    QTRY_VERIFY(clientHeld.at(1).isCancelled());
    QTRY_VERIFY_WITH_TIMEOUT(!serverSide->isCongested(), 30000);
    QVERIFY(client.isConnected());
}

void tst_Limits::peerThatStopsReadingIsDroppedWithBoundedMemory_data()
{
    QTest::addColumn<bool>("tls");
    QTest::newRow("ws") << false;
    // TLS keeps what it has encrypted in the socket underneath, where QWebSocket's
    // bytesToWrite() does not look: the muxer counts it too.
    QTest::newRow("wss") << true;
}

void tst_Limits::peerThatStopsReadingIsDroppedWithBoundedMemory()
{
    QFETCH(bool, tls);
    TestCertificates certificates;
    QBiMuxServer server;
    if (tls) {
        if (!QSslSocket::supportsSsl())
            QSKIP("Qt has no TLS backend here");
        QVERIFY2(certificates.generate(), qPrintable(certificates.errorString()));
        server.setSslConfiguration(certificates.serverConfiguration());
    }
    server.setSettings(server.settings().setHighWaterMark(64 * 1024));
    server.setSettings(server.settings().setMaxMessageSize(1024 * 1024));
    QVERIFY(server.listen(QHostAddress::LocalHost));
    const qint64 answerSize = 64 * 1024;
    server.setRequestHandler(
        3, this, [answerSize](const QByteArray &) { return QByteArray(answerSize, 'r'); });
    QSignalSpy accepted(&server, &QBiMuxServer::newConnection);
    QSignalSpy closed(&server, &QBiMuxServer::connectionClosed);
    FaultyProxy proxy;
    QVERIFY(proxy.listen(server.serverPort()));

    QBiMuxer client;
    client.setSettings(client.settings().setMaxMessageSize(1024 * 1024));
    QSignalSpy connected(&client, &QBiMuxer::connected);
    QUrl url = proxy.url();
    if (tls) {
        client.socket()->setSslConfiguration(certificates.clientConfiguration());
        url.setScheme(QStringLiteral("wss"));
    }
    client.open(url);
    QTRY_COMPARE_WITH_TIMEOUT(connected.count(), 1, 10000);
    QTRY_COMPARE(accepted.count(), 1);
    // Large answers arrive whole while the client reads.
    QFuture<QByteArray> first
        = client.rpc(3, "big one please", QBiMuxCallOptions().setTimeout(30s));
    QVERIFY(waitForFinished(first));
    QCOMPARE(first.result().size(), answerSize);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("stopped reading")));

    // The client keeps asking for large answers and never takes them off the wire: the
    // server's queue grows until the server gives up on it instead of growing forever.
    // One call at a time, so that each answer is written in a turn of the event loop of
    // its own, in which TLS encrypts it and moves it to the socket underneath: the queue
    // grows there, not in what QWebSocket counts.
    proxy.stopReadingFromServer();
    QList<QFuture<QByteArray>> calls;
    QTimer caller;
    connect(&caller, &QTimer::timeout, this, [&] {
        if (calls.size() < 1000 && closed.isEmpty())
            calls.append(client.rpc(3, "big one please", QBiMuxCallOptions().setTimeout(30s)));
    });
    caller.start(1ms);
    QTRY_COMPARE_WITH_TIMEOUT(closed.count(), 1, 20000);
    caller.stop();
    QCOMPARE(closed.first().at(1).value<QWebSocketProtocol::CloseCode>(),
             QWebSocketProtocol::CloseCodePolicyViolated);
    const QString reason = closed.first().at(2).toString();
    const QRegularExpressionMatch queued
        = QRegularExpression(QStringLiteral("stopped reading: (\\d+) bytes")).match(reason);
    QVERIFY2(queued.hasMatch(), qPrintable(reason));
    // The limit is twice the mark plus one message: the answer that would have crossed it
    // was not queued.
    const qint64 limit = 2 * 64 * 1024 + 1024 * 1024;
    QVERIFY2(queued.captured(1).toLongLong() + answerSize + 64 > limit, qPrintable(reason));
    QVERIFY2(queued.captured(1).toLongLong() <= limit, qPrintable(reason));
    QCOMPARE(server.connectionCount(), 0);

    // Every call on the client ends too, once the client notices the link is gone.
    proxy.cut();
    for (const QFuture<QByteArray> &call : std::as_const(calls))
        QVERIFY(waitForFinished(call));
}

QTEST_MAIN(tst_Limits)
#include "tst_limits.moc"
