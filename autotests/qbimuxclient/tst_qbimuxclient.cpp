// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "faultyproxy.h"
#include "muxerpair.h"
#include "unusedport.h"

#include <QBiMuxClient>
#include <QBiMuxObserver>

#include <QtCore/qelapsedtimer.h>
#include <QtCore/qregularexpression.h>
#include <QtCore/qthread.h>
#include <QtNetwork/qtcpserver.h>
#include <QtTest/qtest.h>

#include <atomic>

using namespace std::chrono_literals;

namespace {
QUrl urlOf(quint16 port)
{
    return QUrl(QStringLiteral("ws://127.0.0.1:%1/mux").arg(port));
}

// Delays of milliseconds, no jitter: tests see exactly the backoff they expect, fast.
void makeQuick(QBiMuxClient &client)
{
    client.setInitialReconnectDelay(20ms);
    client.setMaxReconnectDelay(160ms);
    client.setReconnectMultiplier(2);
    client.setReconnectJitter(0);
}

std::chrono::milliseconds delayAt(const QSignalSpy &scheduled, int i)
{
    return scheduled.at(i).at(1).value<std::chrono::milliseconds>();
}

class CountingObserver : public QBiMuxObserver
{
public:
    void connectionOpened(QBiMuxer *) override { ++opened; }
    void connectionClosed(QBiMuxer *, QWebSocketProtocol::CloseCode, const QString &) override
    {
        ++closed;
    }
    int opened = 0;
    int closed = 0;
};
} // namespace

class tst_QBiMuxClient : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void connectsAndCallsBothWays();
    void unhandledRequestsAndMessagesGoToSignals();
    void settingsAndObserversApplyToEveryMuxer();

    // Reconnecting
    void redialsAfterServerClosesConnection();
    void redialsAfterLinkIsCut();
    void backoffGrowsWhileServerIsDown();
    void backoffResetsAfterStableConnection();
    void jitterSpreadsDelays();
    void inFlightCallsFailAndAreNotRetried();

    // Calls while disconnected
    void failFastPolicy();
    void queuePolicyHoldsCallsUntilConnected();
    void queuedCallTimesOut();
    void queuedCallWithTheLargestTimeoutsWaits();
    void queuedOnewayWaitsForTheDefaultTimeout();
    void offlinePolicyPerCallOverridesTheClients();
    void telemetryDoesNotStarveCalls();
    void queuedMessageWaitsForItsOwnTimeout();
    void replyHandlerCallsQueueAndEndOnce();
    void callCancelledBeforeTheClientsThreadSawIt();
    void sendFromAnotherThreadWhileConnected();
    void openWhileOpenIsRefused();
    void cancelOfQueuedCall();
    void cancelOfSentQueuedCallReachesPeer();
    void callsFromWorkerThreadsWhileReconnecting();

    // Ending
    void closeEndsEverything();
    void closeEndsQueuedCalls();
    void continuationMayDeleteTheClient_data();
    void continuationMayDeleteTheClient();
    void destroyingClientEndsItsCalls();
};

void tst_QBiMuxClient::initTestCase()
{
    qRegisterMetaType<QBiMuxRequest>();
    qRegisterMetaType<QWebSocketProtocol::CloseCode>();
    qRegisterMetaType<QBiMuxClient::State>();
    qRegisterMetaType<std::chrono::milliseconds>();
}

void tst_QBiMuxClient::connectsAndCallsBothWays()
{
    QBiMuxServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    server.setRequestHandler(1, this, [](const QByteArray &data) { return "echo: " + data; });
    QByteArrayList atServer;
    server.setMessageHandler(20, this, [&](const QByteArray &data) { atServer.append(data); });

    QBiMuxClient client;
    client.setId(QStringLiteral("device-1"));
    client.setRequestHandler(10, this, [](const QByteArray &data) { return "device: " + data; });
    QByteArrayList atClient;
    client.setMessageHandler(30, this, [&](const QByteArray &data) { atClient.append(data); });
    QSignalSpy states(&client, &QBiMuxClient::stateChanged);
    QSignalSpy connected(&client, &QBiMuxClient::connected);
    QCOMPARE(client.state(), QBiMuxClient::State::Disconnected);
    QCOMPARE(client.currentMuxer(), nullptr);

    client.open(server.serverUrl());
    QCOMPARE(client.url(), server.serverUrl());
    QVERIFY(connected.wait(10000) || connected.count() == 1);
    QCOMPARE(states.count(), 2);
    QCOMPARE(states.at(0).first().value<QBiMuxClient::State>(), QBiMuxClient::State::Connecting);
    QCOMPARE(states.at(1).first().value<QBiMuxClient::State>(), QBiMuxClient::State::Connected);
    QVERIFY(client.isConnected());
    QVERIFY(client.currentMuxer());
    QVERIFY(client.currentMuxer()->isConnected());

    QFuture<QByteArray> call = client.rpc(1, "hi");
    QVERIFY(waitForFinished(call));
    QCOMPARE(call.result(), QByteArray("echo: hi"));

    QTRY_VERIFY(server.connection(QStringLiteral("device-1")));
    QFuture<QByteArray> back = server.connection(QStringLiteral("device-1"))->rpc(10, "temp");
    QVERIFY(waitForFinished(back));
    QCOMPARE(back.result(), QByteArray("device: temp"));

    QVERIFY(client.send(20, "telemetry"));
    QTRY_COMPARE(atServer, QByteArrayList {"telemetry"});
    QCOMPARE(server.broadcast(30, "news"), 1);
    QTRY_COMPARE(atClient, QByteArrayList {"news"});
}

void tst_QBiMuxClient::unhandledRequestsAndMessagesGoToSignals()
{
    QBiMuxServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    QBiMuxClient client;
    client.setId(QStringLiteral("signals"));
    QSignalSpy connected(&client, &QBiMuxClient::connected);
    client.open(server.serverUrl());
    QVERIFY(connected.wait(10000) || connected.count() == 1);
    QTRY_VERIFY(server.connection(QStringLiteral("signals")));
    QBiMuxer *serverSide = server.connection(QStringLiteral("signals"));

    // Nobody listens: answered as a plain muxer would.
    QFuture<QByteArray> unhandled = serverSide->rpc(11, "x");
    QVERIFY(waitForFinished(unhandled));
    QCOMPARE(errorOf(unhandled).code(), QBiMux::StatusCode::Unimplemented);
    QCOMPARE(errorOf(unhandled).origin(), QBiMuxStatus::Origin::Remote);

    connect(&client, &QBiMuxClient::requestReceived, this,
            [](const QBiMuxRequest &request) { request.reply("via signal: " + request.data()); });
    QFuture<QByteArray> viaSignal = serverSide->rpc(11, "x");
    QVERIFY(waitForFinished(viaSignal));
    QCOMPARE(viaSignal.result(), QByteArray("via signal: x"));

    QSignalSpy messages(&client, &QBiMuxClient::messageReceived);
    QCOMPARE(server.broadcast(31, "hello"), 1);
    QTRY_COMPARE(messages.count(), 1);
    QCOMPARE(messages.first().at(0).value<QBiMuxMessage>().route(), 31);
    QCOMPARE(messages.first().at(0).value<QBiMuxMessage>().data(), QByteArray("hello"));
}

void tst_QBiMuxClient::settingsAndObserversApplyToEveryMuxer()
{
    QBiMuxServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    QSignalSpy accepted(&server, &QBiMuxServer::newConnection);
    CountingObserver observer;

    QBiMuxClient client;
    makeQuick(client);
    client.setSettings(client.settings().setDefaultTimeout(1234ms));
    client.setSettings(client.settings().setHeartbeat(1000ms, 3000ms));
    client.setSettings(client.settings().setMaxMessageSize(4096));
    client.setSettings(client.settings().setMaxPendingCalls(77));
    client.setSettings(client.settings().setMaxConcurrentRequests(88));
    client.setSettings(client.settings().setHighWaterMark(99999));
    client.addObserver(&observer);
    QSignalSpy connected(&client, &QBiMuxClient::connected);
    client.open(server.serverUrl());

    for (int connection = 1; connection <= 2; ++connection) {
        QTRY_COMPARE(connected.count(), connection);
        QBiMuxer *muxer = client.currentMuxer();
        QVERIFY(muxer);
        QCOMPARE(muxer->settings().defaultTimeout(), 1234ms);
        QCOMPARE(muxer->settings().heartbeatInterval(), 1000ms);
        QCOMPARE(muxer->settings().idleTimeout(), 3000ms);
        QCOMPARE(muxer->settings().maxMessageSize(), 4096);
        QCOMPARE(muxer->settings().maxPendingCalls(), 77);
        QCOMPARE(muxer->settings().maxConcurrentRequests(), 88);
        QCOMPARE(muxer->settings().highWaterMark(), 99999);
        QCOMPARE(observer.opened, connection);
        QCOMPARE(observer.closed, connection - 1);
        QTRY_COMPARE(accepted.count(), connection);
        accepted.last().first().value<QBiMuxer *>()->close();
    }
    QTRY_COMPARE(observer.closed, 2);

    // Too large for any muxer of this client, connected or not: refused at once.
    QFuture<QByteArray> tooLarge = client.rpc(1, QByteArray(8192, 'x'));
    QVERIFY(waitForFinished(tooLarge));
    QCOMPARE(errorOf(tooLarge).code(), QBiMux::StatusCode::ResourceExhausted);
    client.close();
}

void tst_QBiMuxClient::redialsAfterServerClosesConnection()
{
    QBiMuxServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    server.setRequestHandler(1, this, [](const QByteArray &data) { return "echo: " + data; });
    QSignalSpy accepted(&server, &QBiMuxServer::newConnection);

    QBiMuxClient client;
    makeQuick(client);
    client.setId(QStringLiteral("device-2"));
    client.setRequestHandler(10, this, [](const QByteArray &data) { return "device: " + data; });
    QSignalSpy connected(&client, &QBiMuxClient::connected);
    QSignalSpy disconnected(&client, &QBiMuxClient::disconnected);
    QSignalSpy scheduled(&client, &QBiMuxClient::reconnectScheduled);
    QSignalSpy states(&client, &QBiMuxClient::stateChanged);
    client.open(server.serverUrl());
    QVERIFY(connected.wait(10000) || connected.count() == 1);
    QTRY_COMPARE(accepted.count(), 1);
    QBiMuxer *first = accepted.first().first().value<QBiMuxer *>();
    QCOMPARE(first->id(), QStringLiteral("device-2"));

    first->close(QWebSocketProtocol::CloseCodeGoingAway, QStringLiteral("kicked"));
    QTRY_COMPARE(disconnected.count(), 1);
    QCOMPARE(disconnected.first().at(0).value<QWebSocketProtocol::CloseCode>(),
             QWebSocketProtocol::CloseCodeGoingAway);
    QCOMPARE(disconnected.first().at(1).toString(), QStringLiteral("kicked"));
    QCOMPARE(scheduled.count(), 1);
    QCOMPARE(scheduled.first().at(0).toInt(), 1);
    QCOMPARE(delayAt(scheduled, 0), 20ms);

    QTRY_COMPARE(connected.count(), 2);
    QTRY_COMPARE(accepted.count(), 2);
    QBiMuxer *second = accepted.last().first().value<QBiMuxer *>();
    // The id is announced again, so the server finds the device under it.
    QCOMPARE(second->id(), QStringLiteral("device-2"));
    QCOMPARE(server.connection(QStringLiteral("device-2")), second);
    QList<QBiMuxClient::State> seen;
    for (const QList<QVariant> &args : std::as_const(states))
        seen.append(args.first().value<QBiMuxClient::State>());
    const QList<QBiMuxClient::State> expected {
        QBiMuxClient::State::Connecting, QBiMuxClient::State::Connected,
        QBiMuxClient::State::BackingOff, QBiMuxClient::State::Connecting,
        QBiMuxClient::State::Connected};
    QCOMPARE(seen, expected);

    // The handlers are still there, both ways.
    QFuture<QByteArray> back = second->rpc(10, "again");
    QVERIFY(waitForFinished(back));
    QCOMPARE(back.result(), QByteArray("device: again"));
    QFuture<QByteArray> call = client.rpc(1, "still");
    QVERIFY(waitForFinished(call));
    QCOMPARE(call.result(), QByteArray("echo: still"));
}

void tst_QBiMuxClient::redialsAfterLinkIsCut()
{
    QBiMuxServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    server.setRequestHandler(1, this, [](const QByteArray &data) { return data; });
    FaultyProxy proxy;
    QVERIFY(proxy.listen(server.serverPort()));

    QBiMuxClient client;
    makeQuick(client);
    QSignalSpy connected(&client, &QBiMuxClient::connected);
    QSignalSpy disconnected(&client, &QBiMuxClient::disconnected);
    client.open(proxy.url());
    QVERIFY(connected.wait(10000) || connected.count() == 1);

    // No close frame: the TCP connection just ends.
    proxy.cut();
    QTRY_COMPARE(disconnected.count(), 1);
    QCOMPARE(disconnected.first().at(0).value<QWebSocketProtocol::CloseCode>(),
             QWebSocketProtocol::CloseCodeAbnormalDisconnection);
    QTRY_COMPARE(connected.count(), 2);
    QFuture<QByteArray> call = client.rpc(1, "through the proxy");
    QVERIFY(waitForFinished(call));
    QCOMPARE(call.result(), QByteArray("through the proxy"));
}

void tst_QBiMuxClient::backoffGrowsWhileServerIsDown()
{
    QBiMuxServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    const quint16 port = server.serverPort();

    QBiMuxClient client;
    makeQuick(client);
    QSignalSpy connected(&client, &QBiMuxClient::connected);
    QSignalSpy scheduled(&client, &QBiMuxClient::reconnectScheduled);
    client.open(urlOf(port));
    QVERIFY(connected.wait(10000) || connected.count() == 1);

    // Down: the connection is closed and every dial is refused.
    server.close();
    QTRY_VERIFY_WITH_TIMEOUT(scheduled.count() >= 6, 10000);
    const QList<std::chrono::milliseconds> expected {20ms, 40ms, 80ms, 160ms, 160ms, 160ms};
    for (int i = 0; i < expected.size(); ++i) {
        QCOMPARE(scheduled.at(i).at(0).toInt(), i + 1);
        QCOMPARE(delayAt(scheduled, i), expected.at(i));
    }
    QCOMPARE(connected.count(), 1);

    // Up again on the same port: the next dial gets through.
    QVERIFY(server.listen(QHostAddress::LocalHost, port));
    QTRY_COMPARE_WITH_TIMEOUT(connected.count(), 2, 10000);
    QVERIFY(client.isConnected());
}

void tst_QBiMuxClient::backoffResetsAfterStableConnection()
{
    QBiMuxServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    QSignalSpy accepted(&server, &QBiMuxServer::newConnection);

    QBiMuxClient client;
    makeQuick(client);
    // No connection is stable enough: a server that keeps dropping the client at once
    // is dialed less and less often.
    client.setStableConnectionTime(1h);
    QSignalSpy connected(&client, &QBiMuxClient::connected);
    QSignalSpy scheduled(&client, &QBiMuxClient::reconnectScheduled);
    client.open(server.serverUrl());

    auto kick = [&](int connection) {
        QTRY_COMPARE(connected.count(), connection);
        QTRY_COMPARE(accepted.count(), connection);
        accepted.last().first().value<QBiMuxer *>()->close();
        QTRY_COMPARE(scheduled.count(), connection);
    };
    kick(1);
    kick(2);
    kick(3);
    QCOMPARE(delayAt(scheduled, 0), 20ms);
    QCOMPARE(delayAt(scheduled, 1), 40ms);
    QCOMPARE(delayAt(scheduled, 2), 80ms);

    // Every connection is stable enough: each loss starts over.
    client.setStableConnectionTime(0ms);
    kick(4);
    QCOMPARE(scheduled.at(3).at(0).toInt(), 1);
    QCOMPARE(delayAt(scheduled, 3), 20ms);
    QTRY_COMPARE(connected.count(), 5);
}

void tst_QBiMuxClient::jitterSpreadsDelays()
{
    QBiMuxClient client;
    client.setInitialReconnectDelay(40ms);
    client.setReconnectMultiplier(1);
    client.setMaxReconnectDelay(1000ms);
    client.setReconnectJitter(0.5);
    QCOMPARE(client.reconnectJitter(), 0.5);
    QSignalSpy scheduled(&client, &QBiMuxClient::reconnectScheduled);
    client.open(urlOf(unusedPort()));
    QTRY_VERIFY_WITH_TIMEOUT(scheduled.count() >= 8, 10000);
    client.close();

    QSet<qint64> distinct;
    for (int i = 0; i < scheduled.count(); ++i) {
        const std::chrono::milliseconds delay = delayAt(scheduled, i);
        QVERIFY2(delay >= 20ms && delay <= 60ms, QByteArray::number(qint64(delay.count())));
        distinct.insert(delay.count());
    }
    // Eight draws from 41 values that all agree: about one chance in 10^11.
    QVERIFY(distinct.size() > 1);
}

void tst_QBiMuxClient::inFlightCallsFailAndAreNotRetried()
{
    QBiMuxServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    QList<QBiMuxRequest> held;
    server.setRequestHandler(2, this, [&](const QBiMuxRequest &request) { held.append(request); });
    server.setRequestHandler(1, this, [](const QByteArray &data) { return data; });
    QSignalSpy accepted(&server, &QBiMuxServer::newConnection);

    QBiMuxClient client;
    makeQuick(client);
    QSignalSpy connected(&client, &QBiMuxClient::connected);
    client.open(server.serverUrl());
    QVERIFY(connected.wait(10000) || connected.count() == 1);
    QTRY_COMPARE(accepted.count(), 1);

    QFuture<QByteArray> call = client.rpc(2, "only once", QBiMuxCallOptions().setTimeout(60s));
    QTRY_COMPARE(held.size(), 1);
    accepted.first().first().value<QBiMuxer *>()->close(QWebSocketProtocol::CloseCodeGoingAway,
                                                        QStringLiteral("restart"));
    QTRY_VERIFY(call.isFinished());
    const QBiMuxStatus error = errorOf(call);
    QCOMPARE(error.code(), QBiMux::StatusCode::Unavailable);
    QVERIFY2(error.message().contains(QLatin1String("restart")), qPrintable(error.message()));

    QTRY_COMPARE(connected.count(), 2);
    // A round trip on the new connection: had the call been sent again, it came first.
    QFuture<QByteArray> probe = client.rpc(1, "probe");
    QVERIFY(waitForFinished(probe));
    QCOMPARE(probe.result(), QByteArray("probe"));
    QCOMPARE(held.size(), 1);
}

void tst_QBiMuxClient::failFastPolicy()
{
    QBiMuxServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    server.setRequestHandler(1, this, [](const QByteArray &data) { return data; });

    QBiMuxClient client;
    makeQuick(client);
    QCOMPARE(client.offlinePolicy(), QBiMux::OfflinePolicy::Queue);
    client.setOfflinePolicy(QBiMux::OfflinePolicy::FailFast);

    // Not opened yet.
    QFuture<QByteArray> early = client.rpc(1, "x");
    QVERIFY(early.isFinished());
    QCOMPARE(errorOf(early).code(), QBiMux::StatusCode::Unavailable);
    QVERIFY(!client.send(1, "x"));

    // Dialing.
    QSignalSpy connected(&client, &QBiMuxClient::connected);
    client.open(server.serverUrl());
    QCOMPARE(client.state(), QBiMuxClient::State::Connecting);
    QFuture<QByteArray> dialing = client.rpc(1, "x");
    QVERIFY(dialing.isFinished());
    QCOMPARE(errorOf(dialing).code(), QBiMux::StatusCode::Unavailable);

    QVERIFY(connected.wait(10000) || connected.count() == 1);
    QFuture<QByteArray> ok = client.rpc(1, "up");
    QVERIFY(waitForFinished(ok));
    QCOMPARE(ok.result(), QByteArray("up"));

    // Backing off.
    server.close();
    QTRY_COMPARE(client.state(), QBiMuxClient::State::BackingOff);
    QFuture<QByteArray> down = client.rpc(1, "x");
    QVERIFY(down.isFinished());
    QCOMPARE(errorOf(down).code(), QBiMux::StatusCode::Unavailable);
    QVERIFY(!client.send(1, "x"));
    QCOMPARE(client.queuedCallCount(), 0);
}

void tst_QBiMuxClient::queuePolicyHoldsCallsUntilConnected()
{
    const quint16 port = unusedPort();
    QBiMuxServer server;
    QByteArrayList arrived;
    server.setRequestHandler(1, this, [&](const QByteArray &data) {
        arrived.append(data);
        return "echo: " + data;
    });
    server.setMessageHandler(20, this,
                             [&](const QByteArray &data) { arrived.append("message " + data); });

    QBiMuxClient client;
    makeQuick(client);
    client.setMaxQueuedCalls(3);
    client.setMaxQueuedMessages(1);
    QSignalSpy scheduled(&client, &QBiMuxClient::reconnectScheduled);
    QSignalSpy connected(&client, &QBiMuxClient::connected);
    client.open(urlOf(port));

    QFuture<QByteArray> a = client.rpc(1, "a", QBiMuxCallOptions().setTimeout(60s));
    QFuture<QByteArray> b = client.rpc(1, "b", QBiMuxCallOptions().setTimeout(60s));
    QVERIFY(client.send(20, "m"));
    QFuture<QByteArray> c = client.rpc(1, "c", QBiMuxCallOptions().setTimeout(60s));
    QCOMPARE(client.queuedCallCount(), 3);
    QCOMPARE(client.queuedMessageCount(), 1);
    // The bounds, each of its own: the fourth call fails at once, the second message is
    // not queued.
    QFuture<QByteArray> over = client.rpc(1, "d", QBiMuxCallOptions().setTimeout(60s));
    QVERIFY(over.isFinished());
    QCOMPARE(errorOf(over).code(), QBiMux::StatusCode::ResourceExhausted);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("not queued")));
    QVERIFY(!client.send(20, "m2"));

    // They wait through failed dials.
    QTRY_VERIFY(scheduled.count() >= 2);
    QVERIFY(!a.isFinished());
    QCOMPARE(client.queuedCallCount(), 3);
    QCOMPARE(client.queuedMessageCount(), 1);

    QVERIFY(server.listen(QHostAddress::LocalHost, port));
    QVERIFY(waitForFinished(a));
    QVERIFY(waitForFinished(b));
    QVERIFY(waitForFinished(c));
    QCOMPARE(a.result(), QByteArray("echo: a"));
    QCOMPARE(b.result(), QByteArray("echo: b"));
    QCOMPARE(c.result(), QByteArray("echo: c"));
    // In the order they were made.
    QCOMPARE(arrived, (QByteArrayList {"a", "b", "message m", "c"}));
    QCOMPARE(client.queuedCallCount(), 0);
    QCOMPARE(connected.count(), 1);
}

void tst_QBiMuxClient::queuedCallTimesOut()
{
    const quint16 port = unusedPort();
    QBiMuxClient client;
    makeQuick(client);
    client.setSettings(client.settings().setDefaultTimeout(150ms));
    client.open(urlOf(port));

    QElapsedTimer elapsed;
    elapsed.start();
    QFuture<QByteArray> shortCall = client.rpc(1, "x", QBiMuxCallOptions().setTimeout(100ms));
    QFuture<QByteArray> longCall = client.rpc(1, "y", QBiMuxCallOptions().setTimeout(60s));
    QVERIFY(client.send(20, "expires with the default timeout"));
    QCOMPARE(client.queuedCallCount(), 2);
    QCOMPARE(client.queuedMessageCount(), 1);

    QVERIFY(waitForFinished(shortCall));
    QVERIFY2(elapsed.elapsed() >= 100, QByteArray::number(elapsed.elapsed()));
    QCOMPARE(errorOf(shortCall).code(), QBiMux::StatusCode::DeadlineExceeded);
    QCOMPARE(client.queuedCallCount(), 1);
    QTRY_COMPARE(client.queuedMessageCount(), 0);
    QVERIFY(elapsed.elapsed() >= 150);
    QVERIFY(!longCall.isFinished());

    // The long one is still sent once there is a server, with what is left of its timeout.
    QBiMuxServer server;
    QDeadlineTimer seenDeadline;
    server.setRequestHandler(1, this, [&](const QBiMuxRequest &request) {
        seenDeadline = request.deadline();
        request.reply("late but in time");
    });
    QVERIFY(server.listen(QHostAddress::LocalHost, port));
    QVERIFY(waitForFinished(longCall));
    QCOMPARE(longCall.result(), QByteArray("late but in time"));
    QVERIFY(!seenDeadline.isForever());
    QVERIFY2(seenDeadline.remainingTime() <= 60000 - 150,
             QByteArray::number(seenDeadline.remainingTime()));
}

void tst_QBiMuxClient::queuedCallWithTheLargestTimeoutsWaits()
{
    // "now + timeout" overflowed (the call failed at once with DeadlineExceeded), and a
    // wait of more milliseconds than an int holds went to the queue's QTimer unclamped.
    QTest::failOnWarning(QRegularExpression(QStringLiteral("[Tt]imer")));
    const quint16 port = unusedPort();
    QBiMuxClient client;
    makeQuick(client);
    client.setSettings(client.settings().setDefaultTimeout(std::chrono::milliseconds::max()));
    client.open(urlOf(port));
    QFuture<QByteArray> endless = client.rpc(
        1, "forever", QBiMuxCallOptions().setTimeout(std::chrono::milliseconds::max()));
    QFuture<QByteArray> month
        = client.rpc(1, "month", QBiMuxCallOptions().setTimeout(std::chrono::hours(24 * 30)));
    QVERIFY(client.send(20, "a oneway with the default timeout"));
    QCOMPARE(client.queuedCallCount(), 2);
    QCOMPARE(client.queuedMessageCount(), 1);
    // Another call's timeout still runs on time.
    QFuture<QByteArray> hasty = client.rpc(1, "hasty", QBiMuxCallOptions().setTimeout(100ms));
    QVERIFY(waitForFinished(hasty));
    QCOMPARE(errorOf(hasty).code(), QBiMux::StatusCode::DeadlineExceeded);
    QVERIFY(!endless.isFinished());
    QVERIFY(!month.isFinished());
    QCOMPARE(client.queuedCallCount(), 2);
    QCOMPARE(client.queuedMessageCount(), 1);

    QBiMuxServer server;
    QDeadlineTimer endlessDeadline;
    server.setRequestHandler(1, this, [&](const QBiMuxRequest &request) {
        if (request.data() == "forever")
            endlessDeadline = request.deadline();
        request.reply(request.data() + " sent");
    });
    int onewaysReceived = 0;
    server.setMessageHandler(20, this,
                             [&onewaysReceived](const QByteArray &) { ++onewaysReceived; });
    QVERIFY(server.listen(QHostAddress::LocalHost, port));
    QVERIFY(waitForFinished(endless));
    QCOMPARE(endless.result(), QByteArray("forever sent"));
    QVERIFY(endlessDeadline.isForever());
    QVERIFY(waitForFinished(month));
    QCOMPARE(month.result(), QByteArray("month sent"));
    QTRY_COMPARE(onewaysReceived, 1);
}

void tst_QBiMuxClient::queuedOnewayWaitsForTheDefaultTimeout()
{
    // Offline, a oneway message waits for a connection for up to defaultTimeout(); the
    // ones still waiting then are dropped, and never sent.
    const quint16 port = unusedPort();
    QBiMuxClient client;
    makeQuick(client);
    client.setSettings(client.settings().setDefaultTimeout(200ms));
    client.open(urlOf(port));
    QVERIFY(client.send(5, "dropped"));
    QCOMPARE(client.queuedMessageCount(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(client.queuedMessageCount(), 0, 10000);

    QBiMuxServer server;
    QList<QByteArray> arrived;
    server.setMessageHandler(5, this, [&arrived](const QByteArray &data) { arrived.append(data); });
    QVERIFY(server.listen(QHostAddress::LocalHost, port));
    client.setSettings(client.settings().setDefaultTimeout(30s));
    QVERIFY(client.send(5, "queued later")); // waits for the next dial
    QTRY_COMPARE_WITH_TIMEOUT(arrived.size(), 1, 10000);
    QCOMPARE(arrived.first(), QByteArray("queued later"));
    QVERIFY(client.send(5, "connected"));
    QTRY_COMPARE(arrived.size(), 2);
    QCOMPARE(arrived.last(), QByteArray("connected"));
}

void tst_QBiMuxClient::offlinePolicyPerCallOverridesTheClients()
{
    const quint16 port = unusedPort();
    QBiMuxClient client;
    makeQuick(client);
    client.open(urlOf(port));
    const auto failFast = QBiMuxCallOptions().setOfflinePolicy(QBiMux::OfflinePolicy::FailFast);
    const auto queue = QBiMuxCallOptions().setOfflinePolicy(QBiMux::OfflinePolicy::Queue);

    // The client queues; these do not wait.
    QFuture<QByteArray> urgent = client.rpc(1, "urgent", failFast);
    QVERIFY(urgent.isFinished());
    QCOMPARE(errorOf(urgent).code(), QBiMux::StatusCode::Unavailable);
    QVERIFY(!client.send(20, "volatile", failFast));
    QCOMPARE(client.queuedCallCount(), 0);
    QCOMPARE(client.queuedMessageCount(), 0);

    // The client fails fast; these wait.
    client.setOfflinePolicy(QBiMux::OfflinePolicy::FailFast);
    QVERIFY(!client.send(20, "dropped by default"));
    QFuture<QByteArray> patient = client.rpc(1, "patient", queue);
    QVERIFY(client.send(20, "kept", queue));
    QCOMPARE(client.queuedCallCount(), 1);
    QCOMPARE(client.queuedMessageCount(), 1);

    QBiMuxServer server;
    QByteArrayList arrived;
    server.setRequestHandler(1, this, [&arrived](const QByteArray &data) {
        arrived.append(data);
        return data;
    });
    server.setMessageHandler(20, this,
                             [&arrived](const QByteArray &data) { arrived.append(data); });
    QVERIFY(server.listen(QHostAddress::LocalHost, port));
    QVERIFY(waitForFinished(patient));
    QCOMPARE(patient.result(), QByteArray("patient"));
    QTRY_COMPARE(arrived, (QByteArrayList {"patient", "kept"}));
}

void tst_QBiMuxClient::telemetryDoesNotStarveCalls()
{
    // A device that reports faster than it can while offline: its messages used to fill
    // the one queue (1,000 places), and then every call failed at once.
    const quint16 port = unusedPort();
    QBiMuxClient client;
    makeQuick(client);
    client.open(urlOf(port));
    int queued = 0;
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("not queued")));
    for (int i = 0; i < 1001; ++i)
        queued += client.send(20, "reading") ? 1 : 0;
    QCOMPARE(queued, client.maxQueuedMessages());
    QFuture<QByteArray> call = client.rpc(1, "still possible");
    QVERIFY(!call.isFinished());
    QCOMPARE(client.queuedCallCount(), 1);

    QBiMuxServer server;
    int readings = 0;
    server.setMessageHandler(20, this, [&readings](const QByteArray &) { ++readings; });
    server.setRequestHandler(1, this, [](const QByteArray &) { return "answered"; });
    QVERIFY(server.listen(QHostAddress::LocalHost, port));
    QVERIFY(waitForFinished(call));
    QCOMPARE(call.result(), QByteArray("answered"));
    QTRY_COMPARE(readings, client.maxQueuedMessages());
}

void tst_QBiMuxClient::queuedMessageWaitsForItsOwnTimeout()
{
    const quint16 port = unusedPort();
    QBiMuxClient client;
    makeQuick(client);
    client.open(urlOf(port));
    QVERIFY(client.send(20, "stale soon", QBiMuxCallOptions().setTimeout(100ms)));
    QVERIFY(client.send(20, "kept"));
    QCOMPARE(client.queuedMessageCount(), 2);
    QTRY_COMPARE(client.queuedMessageCount(), 1);

    QBiMuxServer server;
    QByteArrayList arrived;
    server.setMessageHandler(20, this,
                             [&arrived](const QByteArray &data) { arrived.append(data); });
    QVERIFY(server.listen(QHostAddress::LocalHost, port));
    QTRY_COMPARE(arrived, QByteArrayList {"kept"});
}

void tst_QBiMuxClient::replyHandlerCallsQueueAndEndOnce()
{
    const quint16 port = unusedPort();
    QBiMuxClient client;
    makeQuick(client);
    client.open(urlOf(port));
    QList<std::pair<QByteArray, QBiMuxStatus>> outcomes;
    const auto record = [&outcomes](const QByteArray &reply, const QBiMuxStatus &status) {
        outcomes.append({reply, status});
    };

    // Refused at once, yet reported from the event loop, not inside rpc().
    client.rpc(1, "volatile", QBiMuxCallOptions().setOfflinePolicy(QBiMux::OfflinePolicy::FailFast),
               this, record);
    QVERIFY(outcomes.isEmpty());
    QTRY_COMPARE(outcomes.size(), 1);
    QCOMPARE(outcomes.at(0).second.code(), QBiMux::StatusCode::Unavailable);

    // Queued: one times out there, one is sent once connected, one's context goes first.
    client.rpc(1, "hasty", QBiMuxCallOptions().setTimeout(50ms), this, record);
    client.rpc(1, "patient", {}, this, record);
    auto *shortLived = new QObject;
    bool ranForTheGone = false;
    client.rpc(
        1, "gone", {}, shortLived,
        [&ranForTheGone](const QByteArray &, const QBiMuxStatus &) { ranForTheGone = true; });
    QCOMPARE(client.queuedCallCount(), 3);
    QTRY_COMPARE(outcomes.size(), 2);
    QCOMPARE(outcomes.at(1).second.code(), QBiMux::StatusCode::DeadlineExceeded);
    delete shortLived;

    QBiMuxServer server;
    server.setRequestHandler(1, this, [](const QByteArray &data) { return data + " done"; });
    QVERIFY(server.listen(QHostAddress::LocalHost, port));
    QTRY_COMPARE(outcomes.size(), 3);
    QCOMPARE(outcomes.at(2).first, QByteArray("patient done"));
    QVERIFY(outcomes.at(2).second.isOk());
    QTRY_COMPARE(client.currentMuxer()->pendingCallCount(), 0);
    QVERIFY(!ranForTheGone);

    // Connected: straight through the muxer. Queued when closed: ends with the close.
    client.rpc(1, "now", {}, this, record);
    QTRY_COMPARE(outcomes.size(), 4);
    QCOMPARE(outcomes.at(3).first, QByteArray("now done"));
    server.close();
    QTRY_VERIFY(!client.isConnected());
    client.rpc(1, "left waiting", {}, this, record);
    QCOMPARE(client.queuedCallCount(), 1);
    client.close();
    QTRY_COMPARE(outcomes.size(), 5);
    QCOMPARE(outcomes.at(4).second.code(), QBiMux::StatusCode::Unavailable);
    QTest::qWait(20);
    QCOMPARE(outcomes.size(), 5);
}

void tst_QBiMuxClient::callCancelledBeforeTheClientsThreadSawIt()
{
    // A call queued from another thread and cancelled there at once, before the client's
    // thread watches it: it still ends cancelled and leaves the queue.
    QBiMuxClient client;
    makeQuick(client);
    client.open(urlOf(unusedPort()));
    QFuture<QByteArray> call;
    std::unique_ptr<QThread> caller(QThread::create([&] {
        call = client.rpc(1, "x", QBiMuxCallOptions().setTimeout(60s));
        call.cancel();
    }));
    caller->start();
    QVERIFY(caller->wait(10000));
    QCOMPARE(client.queuedCallCount(), 1); // the client's thread has not looked yet
    QTRY_COMPARE(client.queuedCallCount(), 0);
    QVERIFY(call.isFinished());
    QVERIFY(call.isCanceled());
}

void tst_QBiMuxClient::sendFromAnotherThreadWhileConnected()
{
    QBiMuxServer server;
    QList<QByteArray> arrived;
    server.setMessageHandler(5, this, [&arrived](const QByteArray &data) { arrived.append(data); });
    QVERIFY(server.listen(QHostAddress::LocalHost));
    QBiMuxClient client;
    QSignalSpy connected(&client, &QBiMuxClient::connected);
    client.open(server.serverUrl());
    QVERIFY(connected.wait(10000) || connected.count() == 1);
    constexpr int Messages = 100;
    std::atomic<int> accepted {0};
    std::unique_ptr<QThread> sender(QThread::create([&] {
        for (int i = 0; i < Messages; ++i)
            accepted += client.send(5, QByteArray::number(i));
    }));
    sender->start();
    QVERIFY(sender->wait(10000));
    QCOMPARE(accepted.load(), Messages);
    QTRY_COMPARE_WITH_TIMEOUT(arrived.size(), Messages, 10000);
    for (int i = 0; i < Messages; ++i)
        QCOMPARE(arrived.at(i), QByteArray::number(i)); // in order
}

void tst_QBiMuxClient::openWhileOpenIsRefused()
{
    // open() on a client that dials or is connected warns and keeps its URL and link;
    // after close() it dials the new one.
    QBiMuxServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    QBiMuxClient client;
    QSignalSpy connected(&client, &QBiMuxClient::connected);
    client.open(server.serverUrl());
    QVERIFY(connected.wait(10000) || connected.count() == 1);
    QBiMuxer *muxer = client.currentMuxer();
    const QUrl elsewhere = urlOf(unusedPort());
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("close\\(\\) first")));
    client.open(elsewhere);
    QCOMPARE(client.url(), server.serverUrl());
    QCOMPARE(client.currentMuxer(), muxer);
    QVERIFY(client.isConnected());
    client.close();
    client.open(elsewhere);
    QCOMPARE(client.url(), elsewhere);
    QVERIFY(!client.isConnected());
}

void tst_QBiMuxClient::cancelOfQueuedCall()
{
    const quint16 port = unusedPort();
    QBiMuxServer server;
    QByteArrayList arrived;
    server.setRequestHandler(1, this, [&](const QByteArray &data) {
        arrived.append(data);
        return data;
    });

    QBiMuxClient client;
    makeQuick(client);
    client.open(urlOf(port));
    QFuture<QByteArray> cancelled = client.rpc(1, "cancelled", QBiMuxCallOptions().setTimeout(60s));
    QFuture<QByteArray> kept = client.rpc(1, "kept", QBiMuxCallOptions().setTimeout(60s));
    QCOMPARE(client.queuedCallCount(), 2);

    cancelled.cancel();
    QTRY_COMPARE(client.queuedCallCount(), 1);
    QTRY_VERIFY(cancelled.isFinished());
    QVERIFY(cancelled.isCanceled());

    QVERIFY(server.listen(QHostAddress::LocalHost, port));
    QVERIFY(waitForFinished(kept));
    QCOMPARE(kept.result(), QByteArray("kept"));
    QCOMPARE(arrived, QByteArrayList {"kept"});
}

void tst_QBiMuxClient::cancelOfSentQueuedCallReachesPeer()
{
    const quint16 port = unusedPort();
    QBiMuxServer server;
    QList<QBiMuxRequest> held;
    server.setRequestHandler(2, this, [&](const QBiMuxRequest &request) { held.append(request); });

    QBiMuxClient client;
    makeQuick(client);
    QFuture<QByteArray> call
        = client.rpc(2, "queued, then sent", QBiMuxCallOptions().setTimeout(60s));
    QCOMPARE(client.queuedCallCount(), 1);
    client.open(urlOf(port));
    QVERIFY(server.listen(QHostAddress::LocalHost, port));
    QTRY_COMPARE(held.size(), 1);
    QCOMPARE(client.queuedCallCount(), 0);

    call.cancel();
    QTRY_VERIFY(held.first().isCancelled());
    QTRY_VERIFY(call.isFinished());
    QVERIFY(call.isCanceled());
}

void tst_QBiMuxClient::callsFromWorkerThreadsWhileReconnecting()
{
    QBiMuxServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    server.setRequestHandler(1, this, [](const QByteArray &data) { return data; });
    FaultyProxy proxy;
    QVERIFY(proxy.listen(server.serverPort()));

    QBiMuxClient client;
    makeQuick(client);
    client.setMaxQueuedCalls(100000);
    QSignalSpy connected(&client, &QBiMuxClient::connected);
    client.open(proxy.url());
    QVERIFY(connected.wait(10000) || connected.count() == 1);

    constexpr int Threads = 4;
    constexpr int CallsPerThread = 300;
    std::atomic<int> answered {0};
    std::atomic<int> lost {0}; // in flight when a link was cut
    std::atomic<int> wrong {0};
    QList<QThread *> workers;
    for (int t = 0; t < Threads; ++t) {
        workers.append(QThread::create([&, t] {
            for (int i = 0; i < CallsPerThread; ++i) {
                const QByteArray payload = QByteArray::number(t) + '/' + QByteArray::number(i);
                QFuture<QByteArray> call
                    = client.rpc(1, payload, QBiMuxCallOptions().setTimeout(20s));
                try {
                    call.waitForFinished();
                    if (call.isCanceled() || call.resultCount() != 1)
                        wrong++;
                    else
                        (call.result() == payload ? answered : wrong)++;
                } catch (const QBiMuxError &error) {
                    (error.code() == QBiMux::StatusCode::Unavailable ? lost : wrong)++;
                } catch (...) {
                    wrong++;
                }
            }
        }));
        workers.last()->start();
    }

    // Cut the link a few times while the workers call, each time once calls got through.
    constexpr int Cuts = 4;
    for (int cut = 0; cut < Cuts; ++cut) {
        QTRY_COMPARE_WITH_TIMEOUT(connected.count(), cut + 1, 20000);
        const int before = answered.load();
        QTRY_VERIFY_WITH_TIMEOUT(answered.load() > before
                                     || answered.load() + lost.load() + wrong.load()
                                         == Threads * CallsPerThread,
                                 20000);
        proxy.cut();
    }
    QTRY_COMPARE_WITH_TIMEOUT(answered.load() + lost.load() + wrong.load(),
                              Threads * CallsPerThread, 60000);
    for (QThread *worker : std::as_const(workers)) {
        QVERIFY(worker->wait(10000));
        delete worker;
    }
    QCOMPARE(wrong.load(), 0);
    QVERIFY(answered.load() > 0);
    QTRY_COMPARE_WITH_TIMEOUT(connected.count(), Cuts + 1, 20000);
    QCOMPARE(client.queuedCallCount(), 0);
}

void tst_QBiMuxClient::closeEndsEverything()
{
    QBiMuxServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    QList<QBiMuxRequest> held;
    server.setRequestHandler(2, this, [&](const QBiMuxRequest &request) { held.append(request); });
    server.setRequestHandler(1, this, [](const QByteArray &data) { return data; });

    QBiMuxClient client;
    makeQuick(client);
    // Queued before open(), so sent once connected: a forwarded call.
    QFuture<QByteArray> queuedThenSent
        = client.rpc(2, "queued", QBiMuxCallOptions().setTimeout(60s));
    QSignalSpy connected(&client, &QBiMuxClient::connected);
    client.open(server.serverUrl());
    QVERIFY(connected.wait(10000) || connected.count() == 1);
    QFuture<QByteArray> direct = client.rpc(2, "direct", QBiMuxCallOptions().setTimeout(60s));
    QTRY_COMPARE(held.size(), 2);

    QSignalSpy states(&client, &QBiMuxClient::stateChanged);
    QSignalSpy disconnected(&client, &QBiMuxClient::disconnected);
    QSignalSpy scheduled(&client, &QBiMuxClient::reconnectScheduled);
    client.close(QWebSocketProtocol::CloseCodeNormal, QStringLiteral("done"));

    // Everything ended before close() returned.
    QVERIFY(direct.isFinished());
    QVERIFY(queuedThenSent.isFinished());
    QCOMPARE(errorOf(direct).code(), QBiMux::StatusCode::Unavailable);
    QCOMPARE(errorOf(queuedThenSent).code(), QBiMux::StatusCode::Unavailable);
    QCOMPARE(client.state(), QBiMuxClient::State::Closed);
    QCOMPARE(client.currentMuxer(), nullptr);
    QCOMPARE(disconnected.count(), 1);
    QCOMPARE(disconnected.first().at(1).toString(), QStringLiteral("done"));
    QCOMPARE(states.count(), 1);
    QCOMPARE(states.first().first().value<QBiMuxClient::State>(), QBiMuxClient::State::Closed);

    QFuture<QByteArray> afterwards = client.rpc(1, "x");
    QVERIFY(afterwards.isFinished());
    QCOMPARE(errorOf(afterwards).code(), QBiMux::StatusCode::Unavailable);
    QVERIFY(!client.send(1, "x"));

    QTRY_COMPARE(server.connectionCount(), 0);
    // Nothing is dialed any more: time has to pass for that to show, many backoff delays.
    QTest::qWait(300);
    QCOMPARE(scheduled.count(), 0);
    QCOMPARE(server.connectionCount(), 0);

    // open() starts it again.
    client.open(server.serverUrl());
    QTRY_COMPARE(connected.count(), 2);
    QFuture<QByteArray> again = client.rpc(1, "again");
    QVERIFY(waitForFinished(again));
    QCOMPARE(again.result(), QByteArray("again"));
}

void tst_QBiMuxClient::closeEndsQueuedCalls()
{
    QBiMuxClient client;
    makeQuick(client);
    QSignalSpy scheduled(&client, &QBiMuxClient::reconnectScheduled);
    client.open(urlOf(unusedPort()));
    QFuture<QByteArray> first = client.rpc(1, "a", QBiMuxCallOptions().setTimeout(60s));
    QFuture<QByteArray> second
        = client.rpc(1, "b", QBiMuxCallOptions().setTimeout(0ms)); // no timeout at all
    QVERIFY(client.send(20, "m"));
    QTRY_VERIFY(scheduled.count() >= 1);

    client.close();
    QVERIFY(first.isFinished());
    QVERIFY(second.isFinished());
    QCOMPARE(errorOf(first).code(), QBiMux::StatusCode::Unavailable);
    QCOMPARE(errorOf(second).code(), QBiMux::StatusCode::Unavailable);
    QCOMPARE(client.queuedCallCount(), 0);
    QCOMPARE(client.state(), QBiMuxClient::State::Closed);
    const int scheduledBefore = scheduled.count();
    QTest::qWait(200); // time has to pass: nothing may happen in it
    QCOMPARE(scheduled.count(), scheduledBefore);
}

void tst_QBiMuxClient::continuationMayDeleteTheClient_data()
{
    QTest::addColumn<bool>("byClose"); // else: the calls time out while queued
    QTest::newRow("timed out while queued") << false;
    QTest::newRow("ended by close()") << true;
}

void tst_QBiMuxClient::continuationMayDeleteTheClient()
{
    // Queued calls that end together end one after another, each running its caller's
    // continuations. One of those may delete the client; the other call must still end,
    // and the client must not touch itself afterwards (ASan sees that).
    QFETCH(bool, byClose);
    auto client = std::make_unique<QBiMuxClient>();
    makeQuick(*client);
    client->open(urlOf(unusedPort()));
    const auto timeout = byClose ? 60s : 100ms;
    QFuture<QByteArray> first = client->rpc(1, "a", QBiMuxCallOptions().setTimeout(timeout));
    QFuture<QByteArray> second = client->rpc(1, "b", QBiMuxCallOptions().setTimeout(timeout));
    QCOMPARE(client->queuedCallCount(), 2);
    QFuture<QByteArray> deleting = first.onFailed([&client](const QBiMuxError &) {
        client.reset();
        return QByteArray();
    });
    if (byClose)
        client->close();
    QVERIFY(waitForFinished(deleting));
    QVERIFY(!client);
    QVERIFY(waitForFinished(second));
    // Timed out with the first one, or failed by the client's destructor.
    const QBiMux::StatusCode code = errorOf(second).code();
    QVERIFY2(code == QBiMux::StatusCode::DeadlineExceeded
                 || code == QBiMux::StatusCode::Unavailable,
             qPrintable(errorOf(second).message()));
}

void tst_QBiMuxClient::destroyingClientEndsItsCalls()
{
    QBiMuxServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    QList<QBiMuxRequest> held;
    server.setRequestHandler(2, this, [&](const QBiMuxRequest &request) { held.append(request); });

    auto connectedClient = std::make_unique<QBiMuxClient>();
    QSignalSpy connected(connectedClient.get(), &QBiMuxClient::connected);
    connectedClient->open(server.serverUrl());
    QVERIFY(connected.wait(10000) || connected.count() == 1);
    QFuture<QByteArray> inFlight
        = connectedClient->rpc(2, "x", QBiMuxCallOptions().setTimeout(60s));
    QTRY_COMPARE(held.size(), 1);

    auto offlineClient = std::make_unique<QBiMuxClient>();
    offlineClient->open(urlOf(unusedPort()));
    QFuture<QByteArray> queued = offlineClient->rpc(1, "y", QBiMuxCallOptions().setTimeout(60s));

    connectedClient.reset();
    offlineClient.reset();
    QVERIFY(inFlight.isFinished());
    QVERIFY(queued.isFinished());
    QCOMPARE(errorOf(inFlight).code(), QBiMux::StatusCode::Unavailable);
    QCOMPARE(errorOf(queued).code(), QBiMux::StatusCode::Unavailable);
    QTRY_COMPARE(server.connectionCount(), 0);
}

QTEST_MAIN(tst_QBiMuxClient)
#include "tst_qbimuxclient.moc"
