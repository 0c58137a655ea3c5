// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "muxerpair.h"

#include <QBiMuxAdmission>
#include <QBiMuxServer>
#include <QBiMuxer>

#include <QtNetwork/qtcpsocket.h>
#include <QtTest/qsignalspy.h>
#include <QtTest/qtest.h>

using namespace std::chrono_literals;

// A graceful shutdown starts no new work, lets the calls in flight finish, and tells
// the peer why it closes; a drain timeout bounds how long that may take.
class tst_Shutdown : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void serverDrainsCallsInFlightThenCloses();
    void drainTimeoutClosesAnyway();
    void muxerWaitsForItsOwnCalls();
    void drainTimeoutsBeyondTheTimersRange();
    void serverWithoutConnectionsFinishesAtOnce();
    void handshakeAdmittedWhileShutdownStartsIsTurnedAway();
    void handshakeEndingAfterShutdownStartedIsClosed();

    void muxerShutdownRefusesNewWorkBothWays();
    void muxerShutdownReasonAndRepeats();
    void handshakeDuringShutdownIsAnswered503();

private:
    // Dials `url` with a call waiting to be sent; returns once the dial ended.
    struct LateDial
    {
        QBiMuxer client;
        QSignalSpy connected {&client, &QBiMuxer::connected};
        QSignalSpy disconnected {&client, &QBiMuxer::disconnected};
        QFuture<QByteArray> call;
    };
    static void dialAndEnd(LateDial &dial, const QUrl &url);
};

void tst_Shutdown::serverDrainsCallsInFlightThenCloses()
{
    MuxerPair pair;
    QVERIFY(pair.connect());
    RequestCollector requests(pair.serverSide);
    QSignalSpy disconnected(pair.client.get(), &QBiMuxer::disconnected);
    QSignalSpy finished(pair.server.get(), &QBiMuxServer::shutdownFinished);
    QFuture<QByteArray> inFlight = pair.client->rpc(1, "finish me");
    QTRY_COMPARE(requests.size(), 1);

    pair.server->shutdown(10s);
    QVERIFY(pair.server->isShuttingDown());
    QVERIFY(!pair.server->isListening());
    QTRY_VERIFY(pair.serverSide->isShuttingDown());

    // New work is refused both ways while the old finishes.
    QFuture<QByteArray> late = pair.client->rpc(1, "too late");
    QVERIFY(waitForFinished(late));
    QCOMPARE(errorOf(late).code(), QBiMux::StatusCode::Unavailable);
    QCOMPARE(errorOf(late).origin(), QBiMuxStatus::Origin::Remote);
    QFuture<QByteArray> fromServer = pair.serverSide->rpc(2, "no");
    QVERIFY(fromServer.isFinished());
    QCOMPARE(errorOf(fromServer).code(), QBiMux::StatusCode::Unavailable);
    QVERIFY(!pair.serverSide->send(2, "no"));
    QBiMuxer newcomer;
    QSignalSpy newcomerGone(&newcomer, &QBiMuxer::disconnected);
    newcomer.open(pair.server->serverUrl().isValid() ? pair.server->serverUrl()
                                                     : pair.client->socket()->requestUrl());
    QTRY_COMPARE_WITH_TIMEOUT(newcomerGone.count(), 1, 10000);
    QCOMPARE(disconnected.count(), 0);

    requests.first().reply("finished");
    QVERIFY(waitForFinished(inFlight));
    QCOMPARE(inFlight.result(), QByteArray("finished"));
    QTRY_COMPARE_WITH_TIMEOUT(disconnected.count(), 1, 10000);
    QCOMPARE(disconnected.first().at(0).value<QWebSocketProtocol::CloseCode>(),
             QWebSocketProtocol::CloseCodeGoingAway);
    QCOMPARE(disconnected.first().at(1).toString(), QStringLiteral("server shutting down"));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);
    QCOMPARE(pair.server->connectionCount(), 0);
}

void tst_Shutdown::drainTimeoutClosesAnyway()
{
    MuxerPair pair;
    QVERIFY(pair.connect());
    RequestCollector requests(pair.serverSide); // holds the request, never answers
    QSignalSpy disconnected(pair.client.get(), &QBiMuxer::disconnected);
    QFuture<QByteArray> stuck
        = pair.client->rpc(1, "never answered", QBiMuxCallOptions().setTimeout(60s));
    QTRY_COMPARE(requests.size(), 1);

    QElapsedTimer elapsed;
    elapsed.start();
    pair.server->shutdown(200ms);
    QTRY_COMPARE_WITH_TIMEOUT(disconnected.count(), 1, 10000);
    QVERIFY2(elapsed.elapsed() >= 150 && elapsed.elapsed() < 5000,
             QByteArray::number(elapsed.elapsed()));
    QCOMPARE(disconnected.first().at(0).value<QWebSocketProtocol::CloseCode>(),
             QWebSocketProtocol::CloseCodeGoingAway);
    QVERIFY(waitForFinished(stuck));
    QCOMPARE(errorOf(stuck).code(), QBiMux::StatusCode::Unavailable);
    QVERIFY(requests.first().isCancelled());
}

void tst_Shutdown::muxerWaitsForItsOwnCalls()
{
    MuxerPair pair;
    QVERIFY(pair.connect());
    RequestCollector requests(pair.serverSide);
    QSignalSpy serverSideGone(pair.serverSide, &QBiMuxer::disconnected);
    QFuture<QByteArray> mine = pair.client->rpc(1, "wait for me");
    QTRY_COMPARE(requests.size(), 1);

    pair.client->shutdown(10s, QStringLiteral("device going to sleep"));
    QTRY_VERIFY(pair.client->isShuttingDown());
    QVERIFY(pair.client->isConnected());
    requests.first().reply("done");
    QVERIFY(waitForFinished(mine));
    QCOMPARE(mine.result(), QByteArray("done"));
    QTRY_COMPARE_WITH_TIMEOUT(serverSideGone.count(), 1, 10000);
    QCOMPARE(serverSideGone.first().at(0).value<QWebSocketProtocol::CloseCode>(),
             QWebSocketProtocol::CloseCodeGoingAway);
    QCOMPARE(serverSideGone.first().at(1).toString(), QStringLiteral("device going to sleep"));
}

void tst_Shutdown::drainTimeoutsBeyondTheTimersRange()
{
    // More milliseconds than a Qt timer takes (an int): QTimer cut them to a negative
    // number and refused them.
    QTest::failOnWarning(QRegularExpression(QStringLiteral("[Tt]imer")));
    MuxerPair pair;
    QVERIFY(pair.connect());
    RequestCollector requests(pair.serverSide);
    QSignalSpy serverSideGone(pair.serverSide, &QBiMuxer::disconnected);
    QFuture<QByteArray> mine = pair.client->rpc(1, "wait for me");
    QTRY_COMPARE(requests.size(), 1);

    pair.client->shutdown(std::chrono::hours(24 * 30));
    pair.serverSide->shutdown(std::chrono::milliseconds::max());
    QTRY_VERIFY(pair.client->isShuttingDown() && pair.serverSide->isShuttingDown());
    QVERIFY(pair.client->isConnected());
    requests.first().reply("done");
    QVERIFY(waitForFinished(mine));
    QCOMPARE(mine.result(), QByteArray("done"));
    QTRY_COMPARE_WITH_TIMEOUT(serverSideGone.count(), 1, 10000);
    QCOMPARE(serverSideGone.first().at(0).value<QWebSocketProtocol::CloseCode>(),
             QWebSocketProtocol::CloseCodeGoingAway);
}

void tst_Shutdown::serverWithoutConnectionsFinishesAtOnce()
{
    QBiMuxServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    QSignalSpy finished(&server, &QBiMuxServer::shutdownFinished);
    server.shutdown(10s);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 1000);
    QCOMPARE(finished.count(), 1);
}

void tst_Shutdown::dialAndEnd(LateDial &dial, const QUrl &url)
{
    dial.call = dial.client.rpc(1, "anyone there?");
    dial.client.open(url);
    QTRY_COMPARE_WITH_TIMEOUT(dial.disconnected.count(), 1, 10000);
    QVERIFY(waitForFinished(dial.call));
}

void tst_Shutdown::handshakeAdmittedWhileShutdownStartsIsTurnedAway()
{
    // shutdown() is called while the authenticator decides (here from inside it, as
    // another thread might): its "admit" comes too late, the peer gets HTTP 503.
    QBiMuxServer server;
    server.setAuthenticator([&server](const QBiMuxHandshake &) {
        server.shutdown(10s);
        return QBiMuxAdmission::admit();
    });
    QVERIFY(server.listen(QHostAddress::LocalHost));
    const QUrl url = server.serverUrl();
    QSignalSpy accepted(&server, &QBiMuxServer::newConnection);
    QSignalSpy finished(&server, &QBiMuxServer::shutdownFinished);

    LateDial dial;
    dialAndEnd(dial, url);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(dial.connected.count(), 0);
    const QString reason = dial.disconnected.first().at(1).toString();
    QVERIFY2(reason.contains(QLatin1String("503")), qPrintable(reason));
    QCOMPARE(errorOf(dial.call).code(), QBiMux::StatusCode::Unavailable);
    QTRY_COMPARE(finished.count(), 1);
    QCOMPARE(accepted.count(), 0);
    QCOMPARE(server.connectionCount(), 0);
}

void tst_Shutdown::handshakeEndingAfterShutdownStartedIsClosed()
{
    // Admitted before shutdown() began, its WebSocket handshake ends after: it must not
    // become a connection that nobody drains and that serves calls after
    // shutdownFinished(). It is closed at once with the shutdown's reason.
    QBiMuxServer server;
    server.setAuthenticator([&server](const QBiMuxHandshake &) {
        // Runs before the WebSocket handshake that follows this answer.
        QMetaObject::invokeMethod(
            &server, [&server] { server.shutdown(10s); }, Qt::QueuedConnection);
        return QBiMuxAdmission::admit();
    });
    QVERIFY(server.listen(QHostAddress::LocalHost));
    const QUrl url = server.serverUrl();
    QSignalSpy accepted(&server, &QBiMuxServer::newConnection);
    QSignalSpy finished(&server, &QBiMuxServer::shutdownFinished);

    LateDial dial;
    dialAndEnd(dial, url);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(dial.disconnected.first().at(0).value<QWebSocketProtocol::CloseCode>(),
             QWebSocketProtocol::CloseCodeGoingAway);
    QCOMPARE(dial.disconnected.first().at(1).toString(), QStringLiteral("server shutting down"));
    // Not Unimplemented: the call never reached the server's routes.
    QCOMPARE(errorOf(dial.call).code(), QBiMux::StatusCode::Unavailable);
    QTRY_COMPARE(finished.count(), 1);
    QCOMPARE(accepted.count(), 0);
    QCOMPARE(server.connectionCount(), 0);
}

void tst_Shutdown::muxerShutdownRefusesNewWorkBothWays()
{
    // QBiMuxer::shutdown() on its own, without a server: no new call leaves, no new
    // request of the peer reaches a handler, and what was in flight still finishes.
    MuxerPair pair;
    QVERIFY(pair.connect());
    RequestCollector held(pair.serverSide);
    int handled = 0;
    pair.client->setRequestHandler(2, this, [&handled](const QByteArray &) {
        ++handled;
        return QByteArray("handled");
    });
    QFuture<QByteArray> inFlight = pair.client->rpc(1, "before");
    QTRY_COMPARE(held.size(), 1);
    // A request of the peer that is in progress when the shutdown starts.
    RequestCollector clientHeld(pair.client.get()); // routes without a handler
    QFuture<QByteArray> peersInFlight = pair.serverSide->rpc(3, "peer's, before");
    QTRY_COMPARE(clientHeld.size(), 1);

    pair.client->shutdown(10s, QStringLiteral("going to sleep"));
    QVERIFY(pair.client->isShuttingDown()); // at once, in the muxer's own thread

    // New calls fail at once, locally, and nothing is written for them.
    QFuture<QByteArray> refused = pair.client->rpc(1, "after");
    QVERIFY(refused.isFinished());
    QCOMPARE(errorOf(refused).code(), QBiMux::StatusCode::Unavailable);
    QCOMPARE(errorOf(refused).origin(), QBiMuxStatus::Origin::Local);
    QVERIFY(!pair.client->send(1, "after"));
    bool callbackRan = false;
    QBiMux::StatusCode callbackCode = QBiMux::StatusCode::Ok;
    pair.client->rpc(1, "after", QBiMuxCallOptions().setTimeout(5s), this,
                     [&](const QByteArray &, const QBiMuxStatus &error) {
                         callbackRan = true;
                         callbackCode = error.code();
                     });
    QTRY_VERIFY(callbackRan);
    QCOMPARE(callbackCode, QBiMux::StatusCode::Unavailable);

    // The peer's new requests are answered Unavailable without reaching the handler.
    QFuture<QByteArray> peersNew = pair.serverSide->rpc(2, "peer's, after");
    QVERIFY(waitForFinished(peersNew));
    QCOMPARE(errorOf(peersNew).code(), QBiMux::StatusCode::Unavailable);
    QCOMPARE(errorOf(peersNew).origin(), QBiMuxStatus::Origin::Remote);
    QVERIFY(errorOf(peersNew).message().contains(QLatin1String("going to sleep")));
    QCOMPARE(handled, 0);
    QCOMPARE(held.size(), 1); // nothing new reached the server's side either

    // What was in flight both ways finishes; then the muxer closes.
    QSignalSpy serverSideGone(pair.serverSide, &QBiMuxer::disconnected);
    QVERIFY(clientHeld.first().reply("answered while draining"));
    QVERIFY(waitForFinished(peersInFlight));
    QCOMPARE(peersInFlight.result(), QByteArray("answered while draining"));
    QVERIFY(pair.client->isConnected());
    QVERIFY(held.first().reply("done"));
    QVERIFY(waitForFinished(inFlight));
    QCOMPARE(inFlight.result(), QByteArray("done"));
    QTRY_COMPARE_WITH_TIMEOUT(serverSideGone.count(), 1, 10000);
    QCOMPARE(serverSideGone.first().at(1).toString(), QStringLiteral("going to sleep"));
}

void tst_Shutdown::muxerShutdownReasonAndRepeats()
{
    // Without a reason the peer hears "shutting down"; a second shutdown() neither
    // restarts the drain nor changes the reason; on a closed muxer it does nothing.
    MuxerPair pair;
    QVERIFY(pair.connect());
    RequestCollector held(pair.serverSide);
    QFuture<QByteArray> inFlight = pair.client->rpc(1, "x");
    QTRY_COMPARE(held.size(), 1);
    QSignalSpy serverSideGone(pair.serverSide, &QBiMuxer::disconnected);
    QElapsedTimer elapsed;
    elapsed.start();
    pair.client->shutdown(300ms);
    pair.client->shutdown(60s, QStringLiteral("another reason"));
    QVERIFY(pair.client->isShuttingDown());
    // The first drain timeout closes it, though the call is never answered.
    QTRY_COMPARE_WITH_TIMEOUT(serverSideGone.count(), 1, 10000);
    QVERIFY2(elapsed.elapsed() >= 250 && elapsed.elapsed() < 30000,
             QByteArray::number(elapsed.elapsed()));
    QCOMPARE(serverSideGone.first().at(0).value<QWebSocketProtocol::CloseCode>(),
             QWebSocketProtocol::CloseCodeGoingAway);
    QCOMPARE(serverSideGone.first().at(1).toString(), QStringLiteral("shutting down"));
    QVERIFY(inFlight.isFinished());
    QCOMPARE(errorOf(inFlight).code(), QBiMux::StatusCode::Unavailable);

    QSignalSpy clientGone(pair.client.get(), &QBiMuxer::disconnected);
    pair.client->shutdown(10ms);
    QTest::qWait(50); // not a synchronization: a drain timer would have fired by now
    QCOMPARE(clientGone.count(), 0);
    QCOMPARE(pair.client->state(), QBiMuxer::State::Closed);
}

void tst_Shutdown::handshakeDuringShutdownIsAnswered503()
{
    // A peer whose TCP connection was accepted before the shutdown but whose handshake
    // comes after it is turned away with HTTP 503, not left hanging.
    QBiMuxServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    QTcpSocket slow;
    slow.connectToHost(QHostAddress::LocalHost, server.serverPort());
    QVERIFY(slow.waitForConnected(10000));
    // The server takes connections in the order they came: once a later one is open,
    // the slow one has been accepted too and waits for its request.
    MuxerPair later;
    later.server.reset(); // only its client is used, dialing `server`
    QSignalSpy accepted(&server, &QBiMuxServer::newConnection);
    QSignalSpy laterConnected(later.client.get(), &QBiMuxer::connected);
    later.client->open(server.serverUrl());
    QVERIFY(laterConnected.wait(10000) || laterConnected.count() == 1);
    QTRY_COMPARE(accepted.count(), 1);

    server.shutdown(10s);
    QVERIFY(!server.isListening());
    slow.write("GET /mux HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
               "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
               "Sec-WebSocket-Version: 13\r\n\r\n");
    QByteArray answer;
    QTRY_VERIFY_WITH_TIMEOUT((answer += slow.readAll()).contains("shutting down")
                                 || slow.state() == QAbstractSocket::UnconnectedState,
                             10000);
    answer += slow.readAll();
    QVERIFY2(answer.startsWith("HTTP/1.1 503 "), answer.constData());
    QVERIFY2(answer.contains("shutting down"), answer.constData());
    QTRY_COMPARE_WITH_TIMEOUT(slow.state(), QAbstractSocket::UnconnectedState, 10000);
    QCOMPARE(accepted.count(), 1);
}

QTEST_MAIN(tst_Shutdown)
#include "tst_shutdown.moc"
