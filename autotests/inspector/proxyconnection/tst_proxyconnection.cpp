// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "inspectorsession.h"
#include "proxyconnection.h"
#include "proxyserver.h"
#include "wiredecoder.h"

#include "muxerpair.h"
#include "readframes.h"
#include "shared_frames.h"

#include <QBiMuxObserver>
#include <QtNetwork/qtcpsocket.h>
#include <QtTest/qsignalspy.h>
#include <QtTest/qtest.h>
#include <QtWebSockets/qwebsocket.h>
#include <QtWebSockets/qwebsocketserver.h>

#include <memory>

using namespace std::chrono_literals;

namespace {
// A raw QWebSocket client and server with the proxy between them: peers that do only
// what a test tells them to (answer after a cancel, as a plain bimux peer does).
struct RawLink
{
    QWebSocketServer upstream {QStringLiteral("raw"), QWebSocketServer::NonSecureMode};
    QWebSocket client;
    std::unique_ptr<QWebSocket> server; // accepted: not the server's child
    std::unique_ptr<QSignalSpy> clientGot;
    std::unique_ptr<QSignalSpy> serverGot;
    ProxyConnection *connection = nullptr;

    bool open(ProxyServer *proxy)
    {
        if (!upstream.listen(QHostAddress::LocalHost, 0)
            || !proxy->listen(
                QHostAddress::LocalHost, 0,
                QUrl(QStringLiteral("ws://127.0.0.1:%1/").arg(upstream.serverPort())))) {
            return false;
        }
        QSignalSpy accepted(&upstream, &QWebSocketServer::newConnection);
        clientGot = std::make_unique<QSignalSpy>(&client, &QWebSocket::binaryMessageReceived);
        client.open(proxy->url());
        if (!accepted.wait(10000))
            return false;
        server.reset(upstream.nextPendingConnection());
        serverGot = std::make_unique<QSignalSpy>(server.get(), &QWebSocket::binaryMessageReceived);
        const auto open = [proxy] {
            return !proxy->connections().isEmpty() && proxy->connections().first()->isOpen();
        };
        if (!QTest::qWaitFor(open, 10000))
            return false;
        connection = proxy->connections().first();
        return true;
    }
};

QBiMux::StatusCode codeOf(const QSignalSpy &ended, int i = 0)
{
    return ended.at(i).at(1).value<QBiMux::StatusCode>();
}
} // namespace

// Calls and oneways the inspector injects into a proxied connection between two real
// BiMuxQt peers: the callee answers the inspector, the other peer never hears of it.
class tst_ProxyConnection : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void injectedCallIsAnsweredToTheInspectorOnly();
    void injectedCallTowardTheClient();
    void injectedOnewayReachesOnePeer();
    void cancelTellsTheCalleeAndEndsTheCall();
    void timeoutSendsACancelAndEndsOnce();
    void timeoutsBeyondTheTimersRangeDoNotWrap();
    void closingEndsInjectedCallsOnce();
    void lateAnswerIsKeptFromTheOtherPeer();
    void answersToNumbersNotInjectedHereAreRelayed();
    void relaysAndClosesAfterTheSessionWentAway();
    void upstreamOpensAfterTheSessionWentAway();
    void messagesLargerThanTheReadBufferPass();
    void applicationCloseCodeIsRecordedAndRelayedAsNormal();

private:
    ProxyConnection *connectThroughProxy();
    // The session's frames that the inspector injected or kept back.
    QList<FrameRecord> injectedFrames();

    ReadFrames m_clientRead;
    ReadFrames m_serverRead;
    std::unique_ptr<InspectorSession> m_session;
    std::unique_ptr<QBiMuxServer> m_server;
    std::unique_ptr<ProxyServer> m_proxy;
    std::unique_ptr<QBiMuxer> m_client;
    QBiMuxer *m_serverSide = nullptr;
};

void tst_ProxyConnection::init()
{
    m_clientRead.frames.clear();
    m_serverRead.frames.clear();
    m_session = std::make_unique<InspectorSession>();
    m_server = std::make_unique<QBiMuxServer>();
    m_server->setRequestHandler(8, m_server.get(),
                                [](const QByteArray &data) { return "answer:" + data; });
    m_proxy = std::make_unique<ProxyServer>(m_session.get());
    m_client = std::make_unique<QBiMuxer>();
    m_client->addObserver(&m_clientRead);
    m_serverSide = nullptr;
}

void tst_ProxyConnection::cleanup()
{
    m_client.reset();
    m_proxy.reset();
    m_server.reset();
    m_session.reset();
}

ProxyConnection *tst_ProxyConnection::connectThroughProxy()
{
    if (!m_server->listen(QHostAddress::LocalHost, 0)
        || !m_proxy->listen(QHostAddress::LocalHost, 0, m_server->serverUrl()))
        return nullptr;
    QSignalSpy accepted(m_server.get(), &QBiMuxServer::newConnection);
    QSignalSpy connected(m_client.get(), &QBiMuxer::connected);
    m_client->open(m_proxy->url());
    if ((connected.isEmpty() && !connected.wait(10000))
        || (accepted.isEmpty() && !accepted.wait(10000)))
        return nullptr;
    m_serverSide = accepted.first().first().value<QBiMuxer *>();
    m_serverSide->addObserver(&m_serverRead);
    // The proxy answers the client's handshake before its own upstream socket is open.
    const bool open = QTest::qWaitFor(
        [this] {
            return m_proxy->connectionCount() == 1 && m_proxy->connections().first()->isOpen();
        },
        10000);
    return open ? m_proxy->connections().first() : nullptr;
}

QList<FrameRecord> tst_ProxyConnection::injectedFrames()
{
    m_session->flush();
    QList<FrameRecord> frames;
    for (int row = 0; row < m_session->frames()->rowCount(); ++row) {
        if (m_session->frames()->frame(row).injected)
            frames.append(m_session->frames()->frame(row));
    }
    return frames;
}

void tst_ProxyConnection::injectedCallIsAnsweredToTheInspectorOnly()
{
    ProxyConnection *connection = connectThroughProxy();
    QVERIFY(connection);
    QSignalSpy clientErrors(m_client.get(), &QBiMuxer::protocolErrorOccurred);
    QSignalSpy serverErrors(m_serverSide, &QBiMuxer::protocolErrorOccurred);
    QSignalSpy ended(connection, &ProxyConnection::injectedCallEnded);

    // The client's own call is on its way while the inspector injects one.
    QFuture<QByteArray> own = m_client->rpc(8, "mine", QBiMuxCallOptions().setTimeout(10s));
    const quint64 number
        = connection->injectRpc(ProxyConnection::Side::Upstream, 8, "from the inspector", 10s);
    QVERIFY(number >= ProxyConnection::InjectedNumberBase);
    QVERIFY(ended.wait(10000));
    QCOMPARE(ended.count(), 1);
    QCOMPARE(ended.first().at(0).toULongLong(), number);
    QCOMPARE(codeOf(ended), QBiMux::StatusCode::Ok);
    QCOMPARE(ended.first().at(2).toByteArray(), QByteArray("answer:from the inspector"));
    QVERIFY(ended.first().at(4).toLongLong() >= 0);

    // Normal traffic on the same link goes on, before and after.
    QVERIFY(waitForFinished(own));
    QCOMPARE(own.result(), QByteArray("answer:mine"));
    QFuture<QByteArray> after = m_client->rpc(8, "after", QBiMuxCallOptions().setTimeout(10s));
    QVERIFY(waitForFinished(after));
    QCOMPARE(after.result(), QByteArray("answer:after"));

    // The client read the answers to its two calls, nothing else: the injected answer
    // (whose number it never sent, a protocol error for it) was kept back.
    QCOMPARE(m_clientRead.frames.size(), 2);
    for (const QBiMuxFrameInfo &frame : std::as_const(m_clientRead.frames))
        QVERIFY(frame.number < ProxyConnection::InjectedNumberBase);
    QVERIFY(clientErrors.isEmpty());
    QVERIFY(serverErrors.isEmpty());

    // The Frames view has both halves, marked; the request carries the timeout.
    const QList<FrameRecord> injected = injectedFrames();
    QCOMPARE(injected.size(), 2);
    QCOMPARE(injected.at(0).flag, QBiMux::FrameFlag::Request);
    QCOMPARE(injected.at(0).direction, QBiMux::Direction::Outgoing);
    QCOMPARE(injected.at(0).number, number);
    QCOMPARE(injected.at(0).timeoutMs, 10000u);
    QCOMPARE(injected.at(0).payload, QByteArray("from the inspector"));
    QCOMPARE(injected.at(1).flag, QBiMux::FrameFlag::Response);
    QCOMPARE(injected.at(1).direction, QBiMux::Direction::Incoming);
    QCOMPARE(injected.at(1).number, number);
    QCOMPARE(m_session->frames()->rowCount(), 6); // 3 calls, a request and a response each
    QTRY_COMPARE(m_session->inflight()->rowCount(), 0);
    QVERIFY(connection->injectedCalls().isEmpty());
}

void tst_ProxyConnection::injectedCallTowardTheClient()
{
    m_client->setRequestHandler(11, m_client.get(),
                                [](const QByteArray &data) { return "client says " + data; });
    ProxyConnection *connection = connectThroughProxy();
    QVERIFY(connection);
    QSignalSpy clientErrors(m_client.get(), &QBiMuxer::protocolErrorOccurred);
    QSignalSpy ended(connection, &ProxyConnection::injectedCallEnded);
    const quint64 number = connection->injectRpc(ProxyConnection::Side::Client, 11, "hi", 10s);
    QVERIFY(number);
    QVERIFY(ended.wait(10000));
    QCOMPARE(codeOf(ended), QBiMux::StatusCode::Ok);
    QCOMPARE(ended.first().at(2).toByteArray(), QByteArray("client says hi"));
    // The client saw the request, the server none of it.
    QCOMPARE(m_clientRead.frames.size(), 1);
    QCOMPARE(m_clientRead.frames.first().number, number);
    QVERIFY(m_serverRead.frames.isEmpty());
    QVERIFY(clientErrors.isEmpty());
    // The inspector stood in for the server: its request is "in", the answer "out".
    const QList<FrameRecord> injected = injectedFrames();
    QCOMPARE(injected.size(), 2);
    QCOMPARE(injected.at(0).direction, QBiMux::Direction::Incoming);
    QCOMPARE(injected.at(1).direction, QBiMux::Direction::Outgoing);
    QCOMPARE(injected.at(1).flag, QBiMux::FrameFlag::Response);
}

void tst_ProxyConnection::injectedOnewayReachesOnePeer()
{
    QByteArray received;
    m_server->setMessageHandler(20, m_server.get(),
                                [&received](const QByteArray &data) { received = data; });
    ProxyConnection *connection = connectThroughProxy();
    QVERIFY(connection);
    QVERIFY(connection->injectOneway(ProxyConnection::Side::Upstream, 20, "telemetry"));
    QTRY_COMPARE(received, QByteArray("telemetry"));
    QCOMPARE(m_serverRead.frames.size(), 1);
    QVERIFY(m_serverRead.frames.first().number >= ProxyConnection::InjectedNumberBase);
    QVERIFY(m_clientRead.frames.isEmpty());
    const QList<FrameRecord> injected = injectedFrames();
    QCOMPARE(injected.size(), 1);
    QCOMPARE(injected.first().flag, QBiMux::FrameFlag::Oneway);
}

void tst_ProxyConnection::cancelTellsTheCalleeAndEndsTheCall()
{
    ProxyConnection *connection = connectThroughProxy();
    QVERIFY(connection);
    RequestCollector held(m_serverSide); // route 9 has no handler: held here
    QSignalSpy ended(connection, &ProxyConnection::injectedCallEnded);
    const quint64 number = connection->injectRpc(ProxyConnection::Side::Upstream, 9, "wait", 0ms);
    QTRY_COMPARE(held.size(), 1);
    // The call's in-flight row is the inspector's to cancel.
    QTRY_COMPARE(m_session->inflight()->rowCount(), 1);
    QVERIFY(m_session->inflight()->canCancel(0));

    QVERIFY(connection->cancelInjected(number));
    QCOMPARE(ended.count(), 1);
    QCOMPARE(codeOf(ended), QBiMux::StatusCode::Cancelled);
    QTRY_VERIFY(held.first().isCancelled()); // the server read the cancel frame
    QVERIFY(!connection->cancelInjected(number)); // ended already
    // A reply after the cancel is dropped by the server's muxer; nothing reaches the client.
    held.first().reply("too late");
    QFuture<QByteArray> probe = m_client->rpc(8, "probe", QBiMuxCallOptions().setTimeout(10s));
    QVERIFY(waitForFinished(probe));
    QCOMPARE(m_clientRead.frames.size(), 1);
    QCOMPARE(ended.count(), 1);
    const QList<FrameRecord> injected = injectedFrames();
    QCOMPARE(injected.size(), 2);
    QCOMPARE(injected.at(1).flag, QBiMux::FrameFlag::Cancel);
    QCOMPARE(injected.at(1).number, number);
    QTRY_COMPARE(m_session->inflight()->rowCount(), 0);
}

void tst_ProxyConnection::timeoutSendsACancelAndEndsOnce()
{
    ProxyConnection *connection = connectThroughProxy();
    QVERIFY(connection);
    RequestCollector held(m_serverSide);
    QSignalSpy ended(connection, &ProxyConnection::injectedCallEnded);
    connection->injectRpc(ProxyConnection::Side::Upstream, 9, "slow", 150ms);
    QTRY_COMPARE(held.size(), 1);
    // The callee learns the budget from the request, as from a BiMuxQt caller.
    QVERIFY(held.first().deadline().remainingTime() <= 150);
    QVERIFY(ended.wait(10000));
    QCOMPARE(codeOf(ended), QBiMux::StatusCode::DeadlineExceeded);
    QTRY_VERIFY(held.first().isCancelled());
    // Closing afterwards does not end it again.
    QSignalSpy finished(connection, &ProxyConnection::finished);
    m_client->close();
    QVERIFY(finished.wait(10000));
    QCOMPARE(ended.count(), 1);
}

void tst_ProxyConnection::timeoutsBeyondTheTimersRangeDoNotWrap()
{
    // QTimer takes int milliseconds: 2^32 ms + 50 ms must not become 50 ms, nor 2^31 ms a
    // negative timeout that never fires.
    QTest::failOnWarning(QRegularExpression(QStringLiteral("negative")));
    ProxyConnection *connection = connectThroughProxy();
    QVERIFY(connection);
    RequestCollector held(m_serverSide);
    QSignalSpy ended(connection, &ProxyConnection::injectedCallEnded);
    const quint64 wraps = connection->injectRpc(ProxyConnection::Side::Upstream, 9, "wraps",
                                                std::chrono::milliseconds(1ll << 32) + 50ms);
    const quint64 negative = connection->injectRpc(ProxyConnection::Side::Upstream, 9, "negative",
                                                   std::chrono::milliseconds(1ll << 31));
    // Ends later than a wrapped timer of the first call would.
    const quint64 control
        = connection->injectRpc(ProxyConnection::Side::Upstream, 9, "control", 200ms);
    QVERIFY(ended.wait(10000));
    QCOMPARE(ended.count(), 1);
    QCOMPARE(ended.first().at(0).toULongLong(), control);
    QCOMPARE(codeOf(ended), QBiMux::StatusCode::DeadlineExceeded);
    QCOMPARE(connection->injectedCalls().size(), 2);
    QVERIFY(connection->injectedCalls().contains(wraps));
    QVERIFY(connection->injectedCalls().contains(negative));
    // The requests carry the whole budget, as far as timeout_ms reaches.
    QTRY_COMPARE(held.size(), 3);
    const QList<FrameRecord> injected = injectedFrames();
    QCOMPARE(injected.at(0).timeoutMs, UINT32_MAX);
    QCOMPARE(injected.at(1).timeoutMs, quint32(1u << 31));
    QVERIFY(connection->cancelInjected(wraps));
    QVERIFY(connection->cancelInjected(negative));
    QCOMPARE(ended.count(), 3);
}

void tst_ProxyConnection::closingEndsInjectedCallsOnce()
{
    ProxyConnection *connection = connectThroughProxy();
    QVERIFY(connection);
    RequestCollector held(m_serverSide);
    QSignalSpy ended(connection, &ProxyConnection::injectedCallEnded);
    const quint64 number
        = connection->injectRpc(ProxyConnection::Side::Upstream, 9, "never answered", 60s);
    QTRY_COMPARE(held.size(), 1);
    QSignalSpy finished(connection, &ProxyConnection::finished);
    m_client->close(QWebSocketProtocol::CloseCodeNormal, QStringLiteral("bye"));
    QVERIFY(finished.wait(10000));
    QCOMPARE(ended.count(), 1);
    QCOMPARE(ended.first().at(0).toULongLong(), number);
    QCOMPARE(codeOf(ended), QBiMux::StatusCode::Unavailable);
    QVERIFY(ended.first().at(3).toString().contains(QStringLiteral("disconnected")));
    QVERIFY(!connection->isOpen());
    QCOMPARE(connection->injectRpc(ProxyConnection::Side::Upstream, 8, "late", 1s), 0u);
    QVERIFY(!connection->injectOneway(ProxyConnection::Side::Upstream, 8, "late"));
    // The proxy deletes the connection: its destructor must not end the call again.
    QSignalSpy destroyed(connection, &QObject::destroyed);
    QVERIFY(destroyed.wait(10000));
    QCOMPARE(ended.count(), 1);
    QTRY_COMPARE(m_session->inflight()->rowCount(), 0);
}

void tst_ProxyConnection::lateAnswerIsKeptFromTheOtherPeer()
{
    // Raw peers: the upstream answers even after the cancel, as a plain bimux peer does
    // (it ignores flag 3), and the client shows every message that reaches it.
    RawLink link;
    QVERIFY(link.open(m_proxy.get()));
    QSignalSpy &clientGot = *link.clientGot;
    QSignalSpy &serverGot = *link.serverGot;
    QWebSocket *server = link.server.get();
    ProxyConnection *connection = link.connection;
    QSignalSpy ended(connection, &ProxyConnection::injectedCallEnded);

    const quint64 number = connection->injectRpc(ProxyConnection::Side::Upstream, 5, "q", 0ms);
    QVERIFY(serverGot.wait(10000));
    QVERIFY(connection->cancelInjected(number));
    QTRY_COMPARE(serverGot.count(), 2);
    FrameRecord cancel;
    QVERIFY(WireDecoder::decode(serverGot.at(1).at(0).toByteArray(), &cancel));
    QCOMPARE(cancel.flag, QBiMux::FrameFlag::Cancel);
    QCOMPARE(cancel.number, number);

    server->sendBinaryMessage(WireDecoder::encode(makeFrame(0, In, Response, number, 5, "late")));
    // A marker after it: once the marker is through, the late answer would have been too.
    const FrameRecord marker = makeFrame(0, In, Oneway, 1, 6, "marker");
    server->sendBinaryMessage(WireDecoder::encode(marker));
    QVERIFY(clientGot.wait(10000));
    QCOMPARE(clientGot.count(), 1);
    QCOMPARE(clientGot.first().first().toByteArray(), WireDecoder::encode(marker));
    QCOMPARE(ended.count(), 1);
    QCOMPARE(codeOf(ended), QBiMux::StatusCode::Cancelled);
    // Recorded all the same, as the inspector's.
    const QList<FrameRecord> injected = injectedFrames();
    QCOMPARE(injected.size(), 3);
    QCOMPARE(injected.at(2).flag, QBiMux::FrameFlag::Response);
    QCOMPARE(injected.at(2).payload, QByteArray("late"));
}

void tst_ProxyConnection::answersToNumbersNotInjectedHereAreRelayed()
{
    // Another injector (a proxy in front of this one) numbers its frames in the same
    // range: answers to numbers this connection never sent belong to the other peer.
    RawLink link;
    QVERIFY(link.open(m_proxy.get()));
    QSignalSpy &clientGot = *link.clientGot;
    QSignalSpy &serverGot = *link.serverGot;
    QWebSocket *server = link.server.get();
    ProxyConnection *connection = link.connection;
    QSignalSpy ended(connection, &ProxyConnection::injectedCallEnded);

    const auto response = [](quint64 number, const QByteArray &payload) {
        return WireDecoder::encode(makeFrame(0, In, Response, number, 5, payload));
    };
    const quint64 Base = connection->firstInjectedNumber();
    QVERIFY(Base >= ProxyConnection::InjectedNumberBase);
    QCOMPARE((Base - ProxyConnection::InjectedNumberBase) % ProxyConnection::InjectedRangeSize, 0u);
    // Two proxies in a chain inject on the same link: each connection has its own range
    // (the same one by chance once in 2^32).
    ProxyServer otherProxy(m_session.get());
    RawLink other;
    QVERIFY(other.open(&otherProxy));
    QVERIFY(other.connection->firstInjectedNumber() != Base);
    // Nothing injected yet: the whole range is someone else's.
    const QByteArray first = response(Base, "for the client (1)");
    server->sendBinaryMessage(first);
    QVERIFY(clientGot.wait(10000));
    QCOMPARE(clientGot.last().first().toByteArray(), first);

    // One call injected here: its answer is kept, the number after it is still relayed,
    // both ways.
    const quint64 number = connection->injectRpc(ProxyConnection::Side::Upstream, 5, "q", 0ms);
    QCOMPARE(number, Base);
    QVERIFY(serverGot.wait(10000));
    server->sendBinaryMessage(response(number, "for the inspector"));
    const QByteArray second = response(Base + 1, "for the client (2)");
    server->sendBinaryMessage(second);
    QVERIFY(clientGot.wait(10000));
    QCOMPARE(clientGot.count(), 2);
    QCOMPARE(clientGot.last().first().toByteArray(), second);
    QCOMPARE(ended.count(), 1);
    QCOMPARE(codeOf(ended), QBiMux::StatusCode::Ok);
    QCOMPARE(ended.first().at(2).toByteArray(), QByteArray("for the inspector"));

    const QByteArray toServer = response(Base + 2, "for the server");
    link.client.sendBinaryMessage(toServer);
    QVERIFY(serverGot.wait(10000));
    QCOMPARE(serverGot.last().first().toByteArray(), toServer);
    // Only the inspector's answer is recorded as its own.
    const QList<FrameRecord> injected = injectedFrames();
    QCOMPARE(injected.size(), 2);
    QCOMPARE(injected.at(1).number, number);
    QCOMPARE(injected.at(1).flag, QBiMux::FrameFlag::Response);
}

void tst_ProxyConnection::relaysAndClosesAfterTheSessionWentAway()
{
    ProxyConnection *connection = connectThroughProxy();
    QVERIFY(connection);
    QPointer<ProxyConnection> alive(connection);
    // The session goes first; the connection stays and relays, unrecorded.
    m_session.reset();
    QVERIFY(!connection->isOpen()); // nothing to record injected frames in
    QCOMPARE(connection->injectRpc(ProxyConnection::Side::Upstream, 8, "x", 1s), 0u);
    QVERIFY(!connection->injectOneway(ProxyConnection::Side::Upstream, 8, "x"));
    QFuture<QByteArray> call
        = m_client->rpc(8, "still relayed", QBiMuxCallOptions().setTimeout(10s));
    QVERIFY(waitForFinished(call));
    QCOMPARE(call.result(), QByteArray("answer:still relayed"));
    // Closing reaches the other side and finishes the connection, with no session to tell.
    QSignalSpy finished(connection, &ProxyConnection::finished);
    QSignalSpy serverGone(m_serverSide, &QBiMuxer::disconnected);
    m_client->close(QWebSocketProtocol::CloseCodeNormal, QStringLiteral("bye"));
    QVERIFY(finished.wait(10000));
    QCOMPARE(finished.count(), 1);
    QVERIFY(!serverGone.isEmpty() || serverGone.wait(10000));
    QTRY_VERIFY(!alive); // the proxy deleted it
    QCOMPARE(m_proxy->connectionCount(), 0);
}

void tst_ProxyConnection::upstreamOpensAfterTheSessionWentAway()
{
    // The upstream takes no connection yet: the proxy's dial waits in its backlog while
    // the client, answered by the proxy at once, is already connected.
    QWebSocketServer upstream(QStringLiteral("raw"), QWebSocketServer::NonSecureMode);
    QVERIFY(upstream.listen(QHostAddress::LocalHost, 0));
    upstream.pauseAccepting();
    QVERIFY(m_proxy->listen(QHostAddress::LocalHost, 0,
                            QUrl(QStringLiteral("ws://127.0.0.1:%1/").arg(upstream.serverPort()))));
    QWebSocket client;
    QSignalSpy clientConnected(&client, &QWebSocket::connected);
    QSignalSpy clientGot(&client, &QWebSocket::binaryMessageReceived);
    client.open(m_proxy->url());
    QVERIFY(clientConnected.wait(10000));
    QTRY_COMPARE(m_proxy->connectionCount(), 1);
    ProxyConnection *connection = m_proxy->connections().first();
    QSignalSpy openChanged(connection, &ProxyConnection::openChanged);
    QSignalSpy finished(connection, &ProxyConnection::finished);
    // Sent before the upstream is open: it waits in the proxy.
    const FrameRecord request = makeFrame(0, Out, Request, 1, 3, "early");
    client.sendBinaryMessage(WireDecoder::encode(request));

    m_session.reset();
    QSignalSpy accepted(&upstream, &QWebSocketServer::newConnection);
    upstream.resumeAccepting();
    QVERIFY(accepted.wait(10000));
    // Not the server's child: the test owns the accepted socket.
    const std::unique_ptr<QWebSocket> server(upstream.nextPendingConnection());
    QVERIFY(server);
    QSignalSpy serverGot(server.get(), &QWebSocket::binaryMessageReceived);
    QVERIFY(openChanged.wait(10000)); // the upstream opened, without a session to tell
    QVERIFY(!serverGot.isEmpty() || serverGot.wait(10000));
    QCOMPARE(serverGot.first().first().toByteArray(), WireDecoder::encode(request));
    const FrameRecord response = makeFrame(0, In, Response, 1, 3, "late but relayed");
    server->sendBinaryMessage(WireDecoder::encode(response));
    QVERIFY(clientGot.wait(10000));
    QCOMPARE(clientGot.first().first().toByteArray(), WireDecoder::encode(response));
    // The upstream hangs up: the client hears it, the connection finishes.
    QSignalSpy clientGone(&client, &QWebSocket::disconnected);
    server->close(QWebSocketProtocol::CloseCodeNormal, QStringLiteral("done"));
    QVERIFY(finished.wait(10000));
    QVERIFY(!clientGone.isEmpty() || clientGone.wait(10000));
    QCOMPARE(client.closeCode(), QWebSocketProtocol::CloseCodeNormal);
}

void tst_ProxyConnection::messagesLargerThanTheReadBufferPass()
{
    // The proxy reads a bounded amount a turn; a message several times that still passes,
    // both ways.
    QVERIFY(connectThroughProxy());
    QByteArray big(3 * 1024 * 1024 + 17, 'b');
    for (qsizetype i = 0; i < big.size(); i += 4096)
        big[i] = char('a' + (i / 4096) % 26);
    QFuture<QByteArray> call = m_client->rpc(8, big, QBiMuxCallOptions().setTimeout(20s));
    QVERIFY(waitForFinished(call, 20000));
    QCOMPARE(call.result(), "answer:" + big);
    m_session->flush();
    QCOMPARE(m_session->frames()->rowCount(), 2);
    QCOMPARE(m_session->frames()->frame(0).payloadSize, big.size());
}

void tst_ProxyConnection::applicationCloseCodeIsRecordedAndRelayedAsNormal()
{
    // Codes 3000-4999 are the applications' (RFC 6455, 7.4.2). QWebSocketProtocol::CloseCode
    // cannot hold one (undefined behaviour), and QWebSocket::close() takes nothing else: the
    // proxy records the code the client sent and passes a normal close with its reason on.
    QWebSocketServer upstream(QStringLiteral("raw"), QWebSocketServer::NonSecureMode);
    QVERIFY(upstream.listen(QHostAddress::LocalHost, 0));
    QVERIFY(m_proxy->listen(QHostAddress::LocalHost, 0,
                            QUrl(QStringLiteral("ws://127.0.0.1:%1/").arg(upstream.serverPort()))));
    QSignalSpy accepted(&upstream, &QWebSocketServer::newConnection);
    QTcpSocket raw;
    raw.connectToHost(QHostAddress::LocalHost, m_proxy->url().port());
    QVERIFY(raw.waitForConnected(10000));
    raw.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
              "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
              "Sec-WebSocket-Version: 13\r\n\r\n");
    QVERIFY(accepted.wait(10000));
    const std::unique_ptr<QWebSocket> server(upstream.nextPendingConnection());
    QVERIFY(server);
    QTRY_VERIFY_WITH_TIMEOUT(
        m_proxy->connectionCount() == 1 && m_proxy->connections().first()->isOpen(), 10000);
    QSignalSpy serverGone(server.get(), &QWebSocket::disconnected);
    // A masked close frame (the key 0 leaves the payload as it is): code 4000, "app".
    raw.write(QByteArray::fromHex("888500000000") + QByteArray::fromHex("0fa0") + "app");
    QVERIFY(serverGone.wait(10000));
    QCOMPARE(int(server->closeCode()), int(QWebSocketProtocol::CloseCodeNormal));
    QCOMPARE(server->closeReason(), QStringLiteral("app"));
    const QList<ConnectionRecord> records = m_session->connections()->records();
    QCOMPARE(records.size(), 1);
    QCOMPARE(records.first().closeCode, 4000);
    QCOMPARE(records.first().closeReason, QStringLiteral("app"));
}

QTEST_GUILESS_MAIN(tst_ProxyConnection)
#include "tst_proxyconnection.moc"
