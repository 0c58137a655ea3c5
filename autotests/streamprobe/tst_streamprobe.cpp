// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "echostream.h"
#include "muxerpair.h"
#include "qbimuxstreams_p.h"
#include "rawframes.h"

#include <QBiMuxInterceptor>
#include <QBiMuxObserver>
#include <QBiMuxStream>

#include <QtCore/qelapsedtimer.h>
#include <QtCore/qscopeguard.h>
#include <QtCore/qthread.h>
#include <QtTest/qtest.h>
#include <QtWebSockets/qwebsocketserver.h>

#include <atomic>

using namespace std::chrono_literals;

namespace {
// docs/protocol.md: the probe is a request on the largest int32 route, with empty data.
constexpr qint32 ProbeRoute = 2147483647;
static_assert(ProbeRoute == QBiMuxStreams::ProbeRoute);

constexpr qint32 EchoRoute = 1;

// Writes `data` on `stream`, ends it, and collects what comes back until the stream ends.
struct RoundTrip
{
    explicit RoundTrip(QBiMuxStream *stream, const QByteArray &data)
        : stream(stream)
        , finished(stream, &QBiMuxStream::finished)
    {
        QObject::connect(stream, &QIODevice::readyRead, stream,
                         [this] { received += this->stream->readAll(); });
        stream->write(data);
        stream->closeWrite();
    }
    bool wait() { return finished.count() == 1 || finished.wait(10000); }

    QPointer<QBiMuxStream> stream;
    QSignalSpy finished;
    QByteArray received;
};

// A proxy that ends the WebSocket on its side, as the inspector's proxy and many API
// gateways do: it accepts a client, only then dials the server, and passes binary
// messages on in order each way, holding the client's until the server's side is open.
// Each of its QWebSockets answers the pings it gets by itself, before anything the other
// side said has come through.
class TerminatingProxy : public QObject
{
public:
    ~TerminatingProxy() override
    {
        // Gone with the test: no close handshakes with peers that are gone already.
        const QList<QWebSocket *> sockets = findChildren<QWebSocket *>();
        for (QWebSocket *socket : sockets)
            socket->disconnect();
        for (QWebSocket *socket : sockets)
            socket->abort();
    }
    bool listen(const QUrl &target)
    {
        m_target = target;
        connect(&m_server, &QWebSocketServer::newConnection, this, [this] {
            while (QWebSocket *client = m_server.nextPendingConnection())
                relay(client);
        });
        return m_server.listen(QHostAddress::LocalHost);
    }
    QUrl url() const
    {
        return QUrl(QStringLiteral("ws://127.0.0.1:%1/mux").arg(m_server.serverPort()));
    }

private:
    void relay(QWebSocket *client)
    {
        client->setParent(this);
        auto *upstream = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
        auto held = std::make_shared<QList<QByteArray>>();
        connect(client, &QWebSocket::binaryMessageReceived, this,
                [upstream, held](const QByteArray &message) {
                    if (upstream->state() == QAbstractSocket::ConnectedState)
                        upstream->sendBinaryMessage(message);
                    else
                        held->append(message);
                });
        connect(upstream, &QWebSocket::connected, this, [upstream, held] {
            for (const QByteArray &message : std::as_const(*held))
                upstream->sendBinaryMessage(message);
            held->clear();
        });
        connect(upstream, &QWebSocket::binaryMessageReceived, client,
                [client](const QByteArray &message) { client->sendBinaryMessage(message); });
        connect(client, &QWebSocket::disconnected, upstream, [upstream] { upstream->close(); });
        connect(upstream, &QWebSocket::disconnected, client, [client] { client->close(); });
        upstream->open(m_target);
    }

    QWebSocketServer m_server {QStringLiteral("proxy"), QWebSocketServer::NonSecureMode};
    QUrl m_target;
};

// A plain bimux peer: the four fields of Go bimux and nothing more. Like Go bimux, it
// ignores frames with a flag it does not know, and passes every request to its request
// hook, whose return value it sends back as the response; this hook knows no route and
// returns nothing (Answering), or never returns (Silent, also what a Go peer without a
// request hook does: it never answers).
class PlainPeer : public QObject
{
public:
    enum Hook { Answering, Silent };

    explicit PlainPeer(Hook hook)
        : m_hook(hook)
    { }
    bool listen()
    {
        connect(&m_server, &QWebSocketServer::newConnection, this, [this] {
            QWebSocket *socket = m_server.nextPendingConnection();
            socket->setParent(this);
            connect(socket, &QWebSocket::binaryMessageReceived, this,
                    [this, socket](const QByteArray &message) { onMessage(socket, message); });
        });
        return m_server.listen(QHostAddress::LocalHost);
    }
    QUrl url() const
    {
        return QUrl(QStringLiteral("ws://127.0.0.1:%1/mux").arg(m_server.serverPort()));
    }

    int requestsOn(qint32 route) const
    {
        return int(std::count_if(seen.cbegin(), seen.cend(), [route](const RawFrames::Decoded &f) {
            return f.value(2) == RawFrames::Request && qint32(f.value(3)) == route;
        }));
    }

    QList<RawFrames::Decoded> seen;

private:
    void onMessage(QWebSocket *socket, const QByteArray &message)
    {
        const RawFrames::Decoded frame = RawFrames::decode(message);
        seen.append(frame);
        if (frame.value(2) != RawFrames::Request || m_hook == Silent)
            return;
        // The response repeats the request's number and route, with the hook's (empty)
        // answer as its data.
        socket->sendBinaryMessage(RawFrames::message(frame.value(1), RawFrames::Response,
                                                     qint32(frame.value(3)), QByteArray()));
    }

    Hook m_hook;
    QWebSocketServer m_server {QStringLiteral("plain"), QWebSocketServer::NonSecureMode};
};

// Counts what reaches the hooks of calls and requests; the probe is none of them.
class CallLog : public QBiMuxObserver, public QBiMuxInterceptor
{
public:
    void frameEvent(QBiMuxer *, const QBiMuxFrameInfo &frame) override
    {
        if (frame.route == ProbeRoute)
            probeFrames.append(frame.flag);
    }
    void callEvent(QBiMuxer *, const QBiMuxCallInfo &) override { ++callEvents; }
    QBiMuxStatus interceptRequest(const QBiMuxRequest &) override
    {
        ++intercepted;
        return QBiMuxStatus();
    }
    QBiMuxStatus interceptCall(QBiMuxer *, qint32, const QByteArray &, QBiMuxCallOptions &) override
    {
        ++intercepted;
        return QBiMuxStatus();
    }

    QList<QBiMux::FrameFlag> probeFrames;
    int callEvents = 0;
    int intercepted = 0;
};
// A server and a client that both echo streams, linked through a TerminatingProxy.
struct ProxiedLink
{
    QBiMuxServer server;
    TerminatingProxy proxy;
    QBiMuxer client;
    std::unique_ptr<QSignalSpy> accepted;

    // True once the client's side of the link is open (the server's may not be yet).
    bool open()
    {
        server.setStreamHandler(EchoRoute, &server, echoStream);
        client.setStreamHandler(EchoRoute, &client, echoStream);
        accepted = std::make_unique<QSignalSpy>(&server, &QBiMuxServer::newConnection);
        if (!server.listen(QHostAddress::LocalHost) || !proxy.listen(server.serverUrl()))
            return false;
        QSignalSpy connected(&client, &QBiMuxer::connected);
        client.open(proxy.url());
        return connected.wait(10000) || connected.count() == 1;
    }
    // The server's muxer of the link, once the proxy has dialed it.
    QBiMuxer *serverSide()
    {
        if (accepted->isEmpty() && !accepted->wait(10000))
            return nullptr;
        return accepted->first().first().value<QBiMuxer *>();
    }
};

} // namespace

// How a side learns whether its peer speaks streams (docs/protocol.md, "Flag 4 hello"):
// the hello and the probe, a request the peer itself answers, through anything between.
class tst_StreamProbe : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void firstStreamThroughTerminatingProxy_data();
    void firstStreamThroughTerminatingProxy();
    void bothSidesOpenAtOnceThroughTerminatingProxy();
    void plainPeerFailsQuickly_data();
    void plainPeerFailsQuickly();
    void silentPeerEndsWithTheDefaultTimeout();
    void silentPeerEndsAfterTheMuxerMovedThread();
    void probeIsNoCall();
};

void tst_StreamProbe::initTestCase()
{
    qRegisterMetaType<QWebSocketProtocol::CloseCode>();
}

void tst_StreamProbe::firstStreamThroughTerminatingProxy_data()
{
    QTest::addColumn<bool>("serverOpens");
    QTest::newRow("the client opens") << false;
    QTest::newRow("the server opens") << true;
}

void tst_StreamProbe::firstStreamThroughTerminatingProxy()
{
    QFETCH(bool, serverOpens);
    ProxiedLink link;
    QVERIFY(link.open());

    // The very first stream of the link, opened as soon as the opener's side is open: the
    // proxy answers the opener's pings long before the other side has said anything.
    QBiMuxer *opener = serverOpens ? link.serverSide() : &link.client;
    QVERIFY(opener);
    RoundTrip trip(opener->openStream(EchoRoute), "through the proxy");
    QVERIFY(trip.wait());
    QVERIFY2(trip.stream->status().isOk(), qPrintable(trip.stream->errorString()));
    QCOMPARE(trip.received, QByteArray("through the proxy"));
}

void tst_StreamProbe::bothSidesOpenAtOnceThroughTerminatingProxy()
{
    ProxiedLink link;
    QVERIFY(link.open());
    QBiMuxer *serverSide = link.serverSide();
    QVERIFY(serverSide);

    // Both probe at once: each answers the other's after its own hello.
    RoundTrip fromClient(link.client.openStream(EchoRoute), "from the client");
    RoundTrip fromServer(serverSide->openStream(EchoRoute), "from the server");
    QVERIFY(fromClient.wait());
    QVERIFY(fromServer.wait());
    QVERIFY2(fromClient.stream->status().isOk(), qPrintable(fromClient.stream->errorString()));
    QVERIFY2(fromServer.stream->status().isOk(), qPrintable(fromServer.stream->errorString()));
    QCOMPARE(fromClient.received, QByteArray("from the client"));
    QCOMPARE(fromServer.received, QByteArray("from the server"));
}

void tst_StreamProbe::plainPeerFailsQuickly_data()
{
    QTest::addColumn<bool>("whileOpening");
    QTest::newRow("opened on an open link") << false;
    QTest::newRow("opened while the link opens") << true;
}

void tst_StreamProbe::plainPeerFailsQuickly()
{
    QFETCH(bool, whileOpening);
    PlainPeer plain(PlainPeer::Answering);
    QVERIFY(plain.listen());
    QBiMuxer muxer;
    QSignalSpy connected(&muxer, &QBiMuxer::connected);
    QElapsedTimer elapsed;
    elapsed.start();
    muxer.open(plain.url());
    QBiMuxStream *stream = nullptr;
    if (whileOpening) {
        stream = muxer.openStream(EchoRoute);
        QVERIFY(connected.wait(5000));
    } else {
        QVERIFY(connected.wait(5000));
        // A link without streams carries nothing of them.
        QVERIFY(muxer.send(7, "anyone?"));
        QTRY_COMPARE(plain.seen.size(), 1);
        QCOMPARE(plain.seen.first().value(2), quint64(RawFrames::Oneway));
        plain.seen.clear();
        elapsed.restart();
        stream = muxer.openStream(EchoRoute);
    }
    QSignalSpy finished(stream, &QBiMuxStream::finished);
    QVERIFY(finished.wait(5000) || finished.count() == 1);
    // One round trip, not a timeout (30 s by default).
    QVERIFY2(elapsed.elapsed() < 3000, qPrintable(QString::number(elapsed.elapsed())));
    QCOMPARE(stream->status().code(), QBiMux::StatusCode::Unimplemented);
    QCOMPARE(stream->status().message(), QStringLiteral("the peer does not speak bimux streams"));
    // Known from then on: the next one fails without asking.
    QBiMuxStream *next = muxer.openStream(EchoRoute);
    QCOMPARE(next->state(), QBiMux::StreamState::Failed);
    QCOMPARE(next->status().code(), QBiMux::StatusCode::Unimplemented);

    // The plain peer saw the hello, then one request on the probe's route with empty data
    // (its hook is called once on the link), then the stream's open; none of which hurt it.
    QVERIFY(muxer.isConnected());
    QTRY_VERIFY(plain.seen.size() >= 3);
    QCOMPARE(plain.seen.at(0).value(2), quint64(RawFrames::Hello));
    QCOMPARE(plain.seen.at(1).value(2), quint64(RawFrames::Request));
    QCOMPARE(qint32(plain.seen.at(1).value(3)), ProbeRoute);
    QVERIFY(plain.seen.at(1).data.isEmpty());
    QCOMPARE(plain.seen.at(2).value(2), quint64(RawFrames::StreamOpen));
    QCOMPARE(plain.requestsOn(ProbeRoute), 1);
    // Calls go on as before: the probe took a number of the calls' counter.
    QFuture<QByteArray> call = muxer.rpc(3, "after");
    QVERIFY(waitForFinished(call));
    QCOMPARE(call.result(), QByteArray());
    QCOMPARE(plain.seen.last().value(1), plain.seen.at(1).value(1) + 1);
}

void tst_StreamProbe::silentPeerEndsWithTheDefaultTimeout()
{
    // A plain peer that never answers the probe: the streams waiting for the answer end
    // with the default timeout of calls, and nothing else is held up.
    constexpr auto Timeout = 500ms;
    PlainPeer plain(PlainPeer::Silent);
    QVERIFY(plain.listen());
    QBiMuxer muxer;
    muxer.setSettings(muxer.settings().setDefaultTimeout(Timeout));
    QSignalSpy connected(&muxer, &QBiMuxer::connected);
    muxer.open(plain.url());
    QVERIFY(connected.wait(5000));
    QElapsedTimer elapsed;
    elapsed.start();
    QBiMuxStream *first = muxer.openStream(EchoRoute);
    QBiMuxStream *second = muxer.openStream(EchoRoute);
    QSignalSpy firstFinished(first, &QBiMuxStream::finished);
    QSignalSpy secondFinished(second, &QBiMuxStream::finished);
    QVERIFY(firstFinished.wait(10000) || firstFinished.count() == 1);
    QTRY_COMPARE(secondFinished.count(), 1);
    QVERIFY2(elapsed.elapsed() >= Timeout.count() * 9 / 10,
             qPrintable(QString::number(elapsed.elapsed())));
    QVERIFY2(elapsed.elapsed() < 8000, qPrintable(QString::number(elapsed.elapsed())));
    for (QBiMuxStream *stream : {first, second}) {
        QCOMPARE(stream->status().code(), QBiMux::StatusCode::DeadlineExceeded);
        QCOMPARE(stream->status().message(),
                 QStringLiteral("the peer did not answer within 500 ms whether it speaks bimux "
                                "streams"));
        QCOMPARE(stream->status().origin(), QBiMuxStatus::Origin::Local);
    }
    // Later streams fail at once, without asking again: the hook was called once.
    QBiMuxStream *later = muxer.openStream(EchoRoute);
    QCOMPARE(later->state(), QBiMux::StreamState::Failed);
    QCOMPARE(later->status().code(), QBiMux::StatusCode::DeadlineExceeded);
    QVERIFY(muxer.isConnected());
    QCOMPARE(plain.requestsOn(ProbeRoute), 1);
}

void tst_StreamProbe::silentPeerEndsAfterTheMuxerMovedThread()
{
    // The probe's timer goes with its muxer: moved while the probe waits, it still fires,
    // in the muxer's new thread.
    PlainPeer plain(PlainPeer::Silent);
    QVERIFY(plain.listen());
    QBiMuxer muxer;
    muxer.setSettings(muxer.settings().setDefaultTimeout(600ms));
    QSignalSpy connected(&muxer, &QBiMuxer::connected);
    muxer.open(plain.url());
    QVERIFY(connected.wait(5000));
    QBiMuxStream *stream = muxer.openStream(EchoRoute);
    std::atomic<int> code {-1};
    std::atomic<QThread *> endedIn {nullptr};
    connect(
        stream, &QBiMuxStream::finished, stream,
        [&, stream] {
            endedIn = QThread::currentThread();
            code = int(stream->status().code());
        },
        Qt::DirectConnection);
    QTRY_COMPARE(plain.requestsOn(ProbeRoute), 1);

    QThread worker;
    worker.start();
    const auto cleanup = qScopeGuard([&] {
        if (muxer.thread() == &worker) {
            QMetaObject::invokeMethod(
                &muxer, [&muxer] { muxer.moveToThread(QCoreApplication::instance()->thread()); },
                Qt::BlockingQueuedConnection);
        }
        worker.quit();
        worker.wait();
    });
    muxer.moveToThread(&worker);
    QTRY_COMPARE_WITH_TIMEOUT(code.load(), int(QBiMux::StatusCode::DeadlineExceeded), 10000);
    QCOMPARE(endedIn.load(), &worker);
}

void tst_StreamProbe::probeIsNoCall()
{
    // On a BiMuxQt peer the probe is answered by the library: no handler, interceptor or
    // observer of calls sees it, on either side, even one for its route; observers see its
    // frames.
    MuxerPair pair;
    pair.server->setStreamHandler(EchoRoute, pair.server.get(), echoStream);
    int probeHandlerCalls = 0;
    QTest::ignoreMessage(QtWarningMsg,
                         "route 2147483647 is reserved for the streams' probe: its request "
                         "handler is never called");
    pair.server->setRequestHandler(ProbeRoute, pair.server.get(), [&](const QByteArray &) {
        ++probeHandlerCalls;
        return QByteArray("from the handler");
    });
    auto serverLog = std::make_shared<CallLog>();
    pair.server->addObserver(serverLog.get());
    pair.server->addInterceptor(serverLog);
    QVERIFY(pair.connect());
    auto clientLog = std::make_shared<CallLog>();
    pair.client->addObserver(clientLog.get());
    pair.client->addInterceptor(clientLog);
    RequestCollector requests(pair.serverSide);

    RoundTrip trip(pair.client->openStream(EchoRoute), "hi");
    QVERIFY(trip.wait());
    QVERIFY2(trip.stream->status().isOk(), qPrintable(trip.stream->errorString()));
    QCOMPARE(trip.received, QByteArray("hi"));
    QCOMPARE(probeHandlerCalls, 0);
    QVERIFY(requests.isEmpty());
    for (const CallLog *log : {serverLog.get(), clientLog.get()}) {
        QCOMPARE(log->callEvents, 0);
        QCOMPARE(log->intercepted, 0);
        QCOMPARE(
            log->probeFrames,
            QList<QBiMux::FrameFlag>({QBiMux::FrameFlag::Request, QBiMux::FrameFlag::Response}));
    }
    pair.server->removeObserver(serverLog.get());
    pair.client->removeObserver(clientLog.get());
}

QTEST_MAIN(tst_StreamProbe)
#include "tst_streamprobe.moc"
