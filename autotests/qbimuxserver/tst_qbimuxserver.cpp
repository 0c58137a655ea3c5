// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "muxerpair.h"

#include <QBiMuxHandshake>
#include <QBiMuxMessage>

#include <QtCore/qregularexpression.h>
#include <QtCore/qset.h>
#include <QtCore/qthread.h>
#include <QtCore/qurlquery.h>
#include <QtNetwork/qnetworkrequest.h>
#include <QtNetwork/qtcpsocket.h>
#include <QtTest/qtest.h>

#include <memory>
#include <vector>

#ifdef Q_OS_LINUX
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#endif

using namespace std::chrono_literals;

namespace {

#ifdef Q_OS_LINUX
// TCP_NODELAY of this process's IPv4 socket from local port `localPort` to peer port
// `peerPort`, as the kernel has it; -1 if there is no such socket.
int noDelayOf(quint16 localPort, quint16 peerPort)
{
    for (int fd = 0; fd < 4096; ++fd) {
        sockaddr_in local {};
        sockaddr_in peer {};
        socklen_t size = sizeof local;
        if (getsockname(fd, reinterpret_cast<sockaddr *>(&local), &size) != 0
            || local.sin_family != AF_INET || ntohs(local.sin_port) != localPort) {
            continue;
        }
        size = sizeof peer;
        if (getpeername(fd, reinterpret_cast<sockaddr *>(&peer), &size) != 0
            || ntohs(peer.sin_port) != peerPort) {
            continue;
        }
        int value = 0;
        size = sizeof value;
        return getsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &value, &size) == 0 ? value : -1;
    }
    return -1;
}
#endif

} // namespace

class tst_QBiMuxServer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void listensOnLoopbackWithDefaultPath();
    void listenFailsOnBusyPort();
    void wrongPathIsRejected();
    void idFromHeader();
    void idFromQuery();
    void headerIdWinsOverQuery();
    void malformedHandshakeIsAnswered400_data();
    void malformedHandshakeIsAnswered400();
    void lookupByIdPrefersNewest();
    void serverWideHandlersReachEveryConnection();
    void connectionHandlerOverridesServerHandler();
    void serverHandlerChangesTakeEffectAtOnce();
    void broadcastReachesEveryPeer();
    void broadcastCountsOnlyWhatWasTaken();
    void groupsJoinLeaveAndLoseClosedConnections();
    void sendToGroupReachesItsMembersOnly();
    void groupsAcrossWorkerThreads();
    void connectionClosedForEitherSide();
    void closeEndsEveryConnection();
    void settingsApplyToNewConnections();
    void acceptedConnectionsDoNotDelaySmallWrites();
    void workerThreadsShareConnections();
    void workerThreadCountIsSetBeforeListen();
    void destroyingServerWithWorkersEndsConnections();
};

void tst_QBiMuxServer::initTestCase()
{
    qRegisterMetaType<QWebSocketProtocol::CloseCode>();
}

void tst_QBiMuxServer::listensOnLoopbackWithDefaultPath()
{
    QBiMuxServer server;
    QVERIFY(!server.isListening());
    QVERIFY(server.listen(QHostAddress::LocalHost));
    QVERIFY(server.isListening());
    QVERIFY(server.serverPort() != 0);
    QCOMPARE(server.path(), QStringLiteral("/mux"));
    QCOMPARE(server.serverUrl(),
             QUrl(QStringLiteral("ws://127.0.0.1:%1/mux").arg(server.serverPort())));
}

void tst_QBiMuxServer::listenFailsOnBusyPort()
{
    QBiMuxServer first;
    QVERIFY(first.listen(QHostAddress::LocalHost));
    QBiMuxServer second;
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("cannot listen")));
    QVERIFY(!second.listen(QHostAddress::LocalHost, first.serverPort()));
    QVERIFY(!second.errorString().isEmpty());
}

void tst_QBiMuxServer::wrongPathIsRejected()
{
    QBiMuxServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0, QStringLiteral("/devices")));
    QSignalSpy accepted(&server, &QBiMuxServer::newConnection);

    QBiMuxer client;
    QSignalSpy disconnected(&client, &QBiMuxer::disconnected);
    QUrl url = server.serverUrl();
    url.setPath(QStringLiteral("/elsewhere"));
    client.open(url);
    QVERIFY(disconnected.wait(10000) || disconnected.count() == 1);
    // Turned away with an HTTP error: the WebSocket never opened.
    QCOMPARE(disconnected.first().first().value<QWebSocketProtocol::CloseCode>(),
             QWebSocketProtocol::CloseCodeAbnormalDisconnection);
    QVERIFY2(disconnected.first().at(1).toString().contains(QLatin1String("404")),
             qPrintable(disconnected.first().at(1).toString()));
    QCOMPARE(accepted.count(), 0);
}

void tst_QBiMuxServer::idFromHeader()
{
    MuxerPair pair;
    QVERIFY(pair.connect(QStringLiteral("device-7")));
    QCOMPARE(pair.serverSide->id(), QStringLiteral("device-7"));
    QCOMPARE(pair.server->connection(QStringLiteral("device-7")), pair.serverSide);
    QCOMPARE(pair.server->connection(QStringLiteral("device-8")), nullptr);
}

void tst_QBiMuxServer::idFromQuery()
{
    // Clients that cannot set headers (browsers) put the id in the query.
    QBiMuxServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    QSignalSpy accepted(&server, &QBiMuxServer::newConnection);
    QWebSocket raw;
    QUrl url = server.serverUrl();
    url.setQuery(QStringLiteral("id=browser%201"));
    raw.open(url);
    QVERIFY(accepted.wait(10000) || accepted.count() == 1);
    QCOMPARE(accepted.first().first().value<QBiMuxer *>()->id(), QStringLiteral("browser 1"));
    QVERIFY(server.connection(QStringLiteral("browser 1")));
}

void tst_QBiMuxServer::headerIdWinsOverQuery()
{
    QBiMuxServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    QSignalSpy accepted(&server, &QBiMuxServer::newConnection);
    QUrl url = server.serverUrl();
    url.setQuery(QStringLiteral("id=from-query"));

    // QBiMuxer::open() sends the id set with setId() as the header, next to the query.
    QBiMuxer muxer;
    muxer.setId(QStringLiteral("from-header"));
    muxer.open(url);
    QTRY_COMPARE_WITH_TIMEOUT(accepted.count(), 1, 10000);
    QCOMPARE(accepted.at(0).first().value<QBiMuxer *>()->id(), QStringLiteral("from-header"));

    // A bare WebSocket with both, the header written by hand.
    QWebSocket raw;
    QNetworkRequest request(url);
    request.setRawHeader("X-BiMux-Id", "raw-header");
    raw.open(request);
    QTRY_COMPARE_WITH_TIMEOUT(accepted.count(), 2, 10000);
    QCOMPARE(accepted.at(1).first().value<QBiMuxer *>()->id(), QStringLiteral("raw-header"));
    QVERIFY(!server.connection(QStringLiteral("from-query")));
    QCOMPARE(server.connection(QStringLiteral("from-header")),
             accepted.at(0).first().value<QBiMuxer *>());

    // A header in the request given to open() is sent as it is, not replaced by setId()'s.
    QBiMuxer explicitHeader;
    explicitHeader.setId(QStringLiteral("from-setId"));
    QNetworkRequest withHeader(url);
    withHeader.setRawHeader("X-BiMux-Id", "from-request");
    explicitHeader.open(withHeader);
    QTRY_COMPARE_WITH_TIMEOUT(accepted.count(), 3, 10000);
    QCOMPARE(accepted.at(2).first().value<QBiMuxer *>()->id(), QStringLiteral("from-request"));

    // Without a header the query's id is the one, for the authenticator as for the muxer.
    QString seenByAuthenticator;
    server.setAuthenticator([&](const QBiMuxHandshake &handshake, QString *) {
        seenByAuthenticator = handshake.announcedId();
        return true;
    });
    QWebSocket queryOnly;
    queryOnly.open(url);
    QTRY_COMPARE_WITH_TIMEOUT(accepted.count(), 4, 10000);
    QCOMPARE(seenByAuthenticator, QStringLiteral("from-query"));
    QCOMPARE(accepted.at(3).first().value<QBiMuxer *>()->id(), QStringLiteral("from-query"));
}

void tst_QBiMuxServer::malformedHandshakeIsAnswered400_data()
{
    QTest::addColumn<QByteArray>("head");
    const QByteArray rest = "Host: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                            "Sec-WebSocket-Version: 13\r\n\r\n";
    QTest::newRow("not GET") << "POST /mux HTTP/1.1\r\n" + rest;
    QTest::newRow("no version") << "GET /mux\r\n" + rest;
    QTest::newRow("not HTTP/1") << "GET /mux SPDY/3\r\n" + rest;
    QTest::newRow("header without a name") << "GET /mux HTTP/1.1\r\n: nameless\r\n" + rest;
    QTest::newRow("header without a colon") << "GET /mux HTTP/1.1\r\nno colon\r\n" + rest;
    QTest::newRow("invalid URL") << "GET http://[::1 HTTP/1.1\r\n" + rest;
}

void tst_QBiMuxServer::malformedHandshakeIsAnswered400()
{
    // A request the server cannot read is answered, not left to the timeout, and reaches
    // no authenticator.
    QFETCH(QByteArray, head);
    QBiMuxServer server;
    int asked = 0;
    server.setAuthenticator([&asked](const QBiMuxHandshake &, QString *) {
        ++asked;
        return true;
    });
    QVERIFY(server.listen(QHostAddress::LocalHost));
    QTcpSocket raw;
    raw.connectToHost(QHostAddress::LocalHost, server.serverPort());
    QVERIFY(raw.waitForConnected(10000));
    raw.write(head);
    QByteArray answer;
    QTRY_VERIFY_WITH_TIMEOUT((answer += raw.readAll()).contains("\r\n\r\n")
                                 || raw.state() == QAbstractSocket::UnconnectedState,
                             10000);
    QVERIFY2(answer.startsWith("HTTP/1.1 400 "), answer.constData());
    QCOMPARE(asked, 0);
    QCOMPARE(server.connectionCount(), 0);
}

void tst_QBiMuxServer::lookupByIdPrefersNewest()
{
    QBiMuxServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    QSignalSpy accepted(&server, &QBiMuxServer::newConnection);
    QBiMuxer older;
    older.setId(QStringLiteral("same"));
    older.open(server.serverUrl());
    QTRY_COMPARE(accepted.count(), 1);
    QBiMuxer newer;
    newer.setId(QStringLiteral("same"));
    newer.open(server.serverUrl());
    QTRY_COMPARE(accepted.count(), 2);
    QCOMPARE(server.connection(QStringLiteral("same")), accepted.at(1).first().value<QBiMuxer *>());

    // Renaming on the server side is seen by the lookup.
    accepted.at(1).first().value<QBiMuxer *>()->setId(QStringLiteral("renamed"));
    QCOMPARE(server.connection(QStringLiteral("same")), accepted.at(0).first().value<QBiMuxer *>());
    QCOMPARE(server.connection(QStringLiteral("renamed")),
             accepted.at(1).first().value<QBiMuxer *>());
}

void tst_QBiMuxServer::serverWideHandlersReachEveryConnection()
{
    QBiMuxServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    QList<QByteArray> oneways;
    // A shared handler tells its callers apart by their muxer.
    server.setRequestHandler(1, this, [](const QBiMuxRequest &request) {
        return "hello " + request.data() + " from " + request.muxer()->id().toUtf8();
    });
    server.setMessageHandler(2, this, [&](const QByteArray &data) { oneways.append(data); });

    std::vector<std::unique_ptr<QBiMuxer>> clients;
    QList<QFuture<QByteArray>> calls;
    for (int i = 0; i < 5; ++i) {
        clients.push_back(std::make_unique<QBiMuxer>());
        clients.back()->setId(QStringLiteral("client-%1").arg(i));
        clients.back()->open(server.serverUrl());
        calls.append(clients.back()->rpc(1, QByteArray::number(i)));
        clients.back()->send(2, QByteArray::number(i));
    }
    for (int i = 0; i < 5; ++i) {
        QVERIFY(waitForFinished(calls.at(i)));
        QCOMPARE(calls.at(i).result(),
                 "hello " + QByteArray::number(i) + " from client-" + QByteArray::number(i));
    }
    QTRY_COMPARE(oneways.size(), 5);
    QCOMPARE(server.connectionCount(), 5);
}

void tst_QBiMuxServer::connectionHandlerOverridesServerHandler()
{
    MuxerPair pair;
    pair.server->setRequestHandler(1, this, [](const QByteArray &) { return "server-wide"; });
    QVERIFY(pair.connect());
    QFuture<QByteArray> first = pair.client->rpc(1, "x");
    QVERIFY(waitForFinished(first));
    QCOMPARE(first.result(), QByteArray("server-wide"));

    pair.serverSide->setRequestHandler(1, this, [](const QByteArray &) { return "own"; });
    QFuture<QByteArray> second = pair.client->rpc(1, "x");
    QVERIFY(waitForFinished(second));
    QCOMPARE(second.result(), QByteArray("own"));

    pair.server->removeRequestHandler(1);
    pair.serverSide->removeRequestHandler(1);
    QFuture<QByteArray> third = pair.client->rpc(1, "x");
    QVERIFY(waitForFinished(third));
    QCOMPARE(errorOf(third).code(), QBiMux::StatusCode::Unimplemented);
}

void tst_QBiMuxServer::serverHandlerChangesTakeEffectAtOnce()
{
    // Muxers remember their last server-wide handler; a change must still be seen by
    // the very next request.
    MuxerPair pair;
    QVERIFY(pair.connect());
    const auto callRoute1 = [&pair]() -> QString {
        QFuture<QByteArray> call = pair.client->rpc(1, "x");
        if (!waitForFinished(call))
            return QStringLiteral("(no answer)");
        const QBiMuxStatus error = errorOf(call);
        return error.code() == QBiMux::StatusCode::Ok
            ? QString::fromUtf8(call.result())
            : QStringLiteral("error %1").arg(int(error.code()));
    };
    pair.server->setRequestHandler(1, this, [](const QByteArray &) { return "first"; });
    QCOMPARE(callRoute1(), QStringLiteral("first"));
    QCOMPARE(callRoute1(), QStringLiteral("first"));
    pair.server->setRequestHandler(1, this, [](const QByteArray &) { return "second"; });
    QCOMPARE(callRoute1(), QStringLiteral("second"));
    {
        QObject context;
        pair.server->setRequestHandler(1, &context, [](const QByteArray &) { return "third"; });
        QCOMPARE(callRoute1(), QStringLiteral("third"));
    } // the handler goes with its context
    QCOMPARE(callRoute1(), QStringLiteral("error %1").arg(int(QBiMux::StatusCode::Unimplemented)));
}

void tst_QBiMuxServer::broadcastReachesEveryPeer()
{
    QBiMuxServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    std::vector<std::unique_ptr<QBiMuxer>> clients;
    std::vector<std::unique_ptr<QSignalSpy>> spies;
    for (int i = 0; i < 10; ++i) {
        clients.push_back(std::make_unique<QBiMuxer>());
        spies.push_back(
            std::make_unique<QSignalSpy>(clients.back().get(), &QBiMuxer::messageReceived));
        clients.back()->open(server.serverUrl());
    }
    QTRY_COMPARE(server.connectionCount(), 10);
    QCOMPARE(server.broadcast(9, "news"), 10);
    for (const auto &spy : spies) {
        QTRY_COMPARE(spy->count(), 1);
        QCOMPARE(spy->first().at(0).value<QBiMuxMessage>().route(), 9);
        QCOMPARE(spy->first().at(0).value<QBiMuxMessage>().data(), QByteArray("news"));
    }
}

void tst_QBiMuxServer::connectionClosedForEitherSide()
{
    MuxerPair pair;
    QVERIFY(pair.connect(QStringLiteral("a")));
    QSignalSpy closed(pair.server.get(), &QBiMuxServer::connectionClosed);
    QPointer<QBiMuxer> serverSide = pair.serverSide;
    const void *serverSideAddress = pair.serverSide;

    // The client closes: the close hook runs with the client's code and reason.
    pair.client->close(QWebSocketProtocol::CloseCodeNormal, QStringLiteral("done"));
    QTRY_COMPARE(closed.count(), 1);
    // Compared as addresses: the muxer may be deleted already.
    QCOMPARE(static_cast<const void *>(closed.first().at(0).value<QBiMuxer *>()),
             serverSideAddress);
    QCOMPARE(closed.first().at(2).toString(), QStringLiteral("done"));
    QCOMPARE(pair.server->connectionCount(), 0);
    QCOMPARE(pair.server->connection(QStringLiteral("a")), nullptr);
    // The server deletes the muxer it owned once it closed.
    QTRY_VERIFY(serverSide.isNull());

    // The server side closes: the hook runs too.
    MuxerPair second;
    QVERIFY(second.connect());
    QSignalSpy closedToo(second.server.get(), &QBiMuxServer::connectionClosed);
    second.serverSide->close();
    QCOMPARE(closedToo.count(), 1);

    // The peer vanishes without a close frame.
    MuxerPair third;
    QVERIFY(third.connect());
    QSignalSpy closedThree(third.server.get(), &QBiMuxServer::connectionClosed);
    third.client->socket()->abort();
    QTRY_COMPARE(closedThree.count(), 1);
    QCOMPARE(closedThree.first().at(1).value<QWebSocketProtocol::CloseCode>(),
             QWebSocketProtocol::CloseCodeAbnormalDisconnection);
}

void tst_QBiMuxServer::closeEndsEveryConnection()
{
    QBiMuxServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    std::vector<std::unique_ptr<QBiMuxer>> clients;
    std::vector<std::unique_ptr<QSignalSpy>> spies;
    for (int i = 0; i < 3; ++i) {
        clients.push_back(std::make_unique<QBiMuxer>());
        spies.push_back(
            std::make_unique<QSignalSpy>(clients.back().get(), &QBiMuxer::disconnected));
        clients.back()->open(server.serverUrl());
    }
    QTRY_COMPARE(server.connectionCount(), 3);
    server.close();
    QVERIFY(!server.isListening());
    QCOMPARE(server.connectionCount(), 0);
    for (const auto &spy : spies) {
        QTRY_COMPARE(spy->count(), 1);
        QCOMPARE(spy->first().at(0).value<QWebSocketProtocol::CloseCode>(),
                 QWebSocketProtocol::CloseCodeGoingAway);
    }
}

void tst_QBiMuxServer::settingsApplyToNewConnections()
{
    MuxerPair pair;
    QCOMPARE(pair.server->settings().defaultTimeout(), pair.client->settings().defaultTimeout());
    QCOMPARE(pair.server->settings().maxMessageSize(), pair.client->settings().maxMessageSize());
    pair.server->setSettings(pair.server->settings().setDefaultTimeout(0ms)); // no timeout at all
    pair.server->setSettings(pair.server->settings().setMaxMessageSize(4096));
    QVERIFY(pair.connect());
    QCOMPARE(pair.serverSide->settings().defaultTimeout(), 0ms);
    QCOMPARE(pair.serverSide->settings().maxMessageSize(), 4096);
}

void tst_QBiMuxServer::acceptedConnectionsDoNotDelaySmallWrites()
{
#ifndef Q_OS_LINUX
    QSKIP("reads the socket option through Linux's socket calls");
#else
    // An answer written while an earlier one is unacknowledged must not wait for that
    // ACK (Nagle's algorithm), in the server's own thread or in a worker's.
    for (int workers : {0, 2}) {
        MuxerPair pair;
        pair.server->setWorkerThreadCount(workers);
        QVERIFY(pair.connect());
        const quint16 clientPort = pair.client->socket()->localPort();
        QCOMPARE(noDelayOf(pair.server->serverPort(), clientPort), 1);
        QCOMPARE(noDelayOf(clientPort, pair.server->serverPort()), 1); // QWebSocket's own
    }
#endif
}

void tst_QBiMuxServer::workerThreadsShareConnections()
{
    QBiMuxServer server;
    server.setWorkerThreadCount(2);
    QCOMPARE(server.workerThreadCount(), 2);
    // No context object: the handler runs in the thread of the connection it serves.
    server.setRequestHandler(1, nullptr, [](const QByteArray &) {
        return QThread::currentThread()->objectName().toUtf8();
    });
    // Emitted in the workers' threads: counted there (a QSignalSpy is not thread-safe).
    std::atomic<int> accepted {0};
    std::atomic<int> closed {0};
    connect(
        &server, &QBiMuxServer::newConnection, this, [&] { ++accepted; }, Qt::DirectConnection);
    connect(
        &server, &QBiMuxServer::connectionClosed, this, [&] { ++closed; }, Qt::DirectConnection);
    QVERIFY(server.listen(QHostAddress::LocalHost));

    constexpr int Clients = 20;
    std::vector<std::unique_ptr<QBiMuxer>> clients;
    QList<QFuture<QByteArray>> calls;
    for (int i = 0; i < Clients; ++i) {
        clients.push_back(std::make_unique<QBiMuxer>());
        clients.back()->setId(QString::number(i));
        clients.back()->open(server.serverUrl());
        calls.append(clients.back()->rpc(1, "which thread?"));
    }
    QSet<QByteArray> threads;
    for (const QFuture<QByteArray> &call : std::as_const(calls)) {
        QVERIFY(waitForFinished(call));
        threads.insert(QFuture<QByteArray>(call).result());
    }
    // Spread evenly over both workers, none in this thread.
    QCOMPARE(threads, (QSet<QByteArray> {"BiMuxQt worker 0", "BiMuxQt worker 1"}));
    QTRY_COMPARE(accepted.load(), Clients);
    QCOMPARE(server.connectionCount(), Clients);
    QVERIFY(server.connection(QStringLiteral("7")));
    QVERIFY(server.connection(QStringLiteral("7"))->thread() != QThread::currentThread());

    std::vector<std::unique_ptr<QSignalSpy>> news;
    for (const auto &client : clients)
        news.push_back(std::make_unique<QSignalSpy>(client.get(), &QBiMuxer::messageReceived));
    QCOMPARE(server.broadcast(2, "to all"), Clients);
    for (const auto &spy : news)
        QTRY_COMPARE(spy->count(), 1);

    server.close();
    QTRY_COMPARE(closed.load(), Clients);
    QTRY_COMPARE(server.connectionCount(), 0);
    for (const auto &client : clients)
        QTRY_VERIFY(!client->isConnected());
}

void tst_QBiMuxServer::workerThreadCountIsSetBeforeListen()
{
    QBiMuxServer server;
    server.setWorkerThreadCount(-3);
    QCOMPARE(server.workerThreadCount(), 0);
    server.setWorkerThreadCount(2);
    QVERIFY(server.listen(QHostAddress::LocalHost));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("before listen")));
    server.setWorkerThreadCount(4);
    QCOMPARE(server.workerThreadCount(), 2);
}

void tst_QBiMuxServer::destroyingServerWithWorkersEndsConnections()
{
    auto server = std::make_unique<QBiMuxServer>();
    server->setWorkerThreadCount(2);
    QVERIFY(server->listen(QHostAddress::LocalHost));
    QBiMuxer client;
    QSignalSpy disconnected(&client, &QBiMuxer::disconnected);
    client.open(server->serverUrl());
    QTRY_COMPARE(server->connectionCount(), 1);
    server.reset(); // joins the workers; their muxers close first
    QTRY_COMPARE(disconnected.count(), 1);
    QCOMPARE(disconnected.first().first().value<QWebSocketProtocol::CloseCode>(),
             QWebSocketProtocol::CloseCodeGoingAway);
}

void tst_QBiMuxServer::broadcastCountsOnlyWhatWasTaken()
{
    // During a shutdown every connection refuses new messages: broadcast() said 1 for a
    // connection that took nothing.
    MuxerPair pair;
    QVERIFY(pair.connect());
    pair.client->setMessageHandler(2, this, [](const QByteArray &) {});
    RequestCollector held(pair.serverSide);
    QFuture<QByteArray> inFlight = pair.client->rpc(1, "keeps the connection draining");
    QTRY_COMPARE(held.size(), 1);
    QCOMPARE(pair.server->broadcast(2, "before"), 1);
    pair.server->shutdown(60s);
    QTRY_VERIFY(pair.serverSide->isShuttingDown());
    QVERIFY(pair.serverSide->isConnected());
    QCOMPARE(pair.server->broadcast(2, "during"), 0);
    QVERIFY(pair.server->joinGroup(pair.serverSide, QStringLiteral("all")));
    QCOMPARE(pair.server->sendToGroup(QStringLiteral("all"), 2, "during"), 0);
    held.first().reply("done");
    QVERIFY(waitForFinished(inFlight));
}

void tst_QBiMuxServer::groupsJoinLeaveAndLoseClosedConnections()
{
    QBiMuxServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    QSignalSpy accepted(&server, &QBiMuxServer::newConnection);
    std::vector<std::unique_ptr<QBiMuxer>> clients;
    for (int i = 0; i < 3; ++i) {
        clients.push_back(std::make_unique<QBiMuxer>());
        clients.back()->setId(QString::number(i));
        clients.back()->open(server.serverUrl());
    }
    QTRY_COMPARE(accepted.size(), 3);
    QBiMuxer *a = server.connection(QStringLiteral("0"));
    QBiMuxer *b = server.connection(QStringLiteral("1"));
    QBiMuxer *c = server.connection(QStringLiteral("2"));
    QVERIFY(a && b && c);

    const QString room = QStringLiteral("room");
    QVERIFY(server.joinGroup(b, room));
    QVERIFY(server.joinGroup(a, room));
    QVERIFY(!server.joinGroup(a, room)); // once
    QVERIFY(server.joinGroup(a, QStringLiteral("other")));
    QCOMPARE(server.groupMembers(room), (QList<QBiMuxer *> {b, a})); // in the order they joined
    QCOMPARE(server.groups(a), (QStringList {room, QStringLiteral("other")}));
    QVERIFY(server.groups(c).isEmpty());
    QVERIFY(server.groupMembers(QStringLiteral("nobody")).isEmpty());
    // Only this server's connections.
    QBiMuxer stranger;
    QVERIFY(!server.joinGroup(&stranger, room));
    QVERIFY(!server.joinGroup(clients.front().get(), room)); // a client, not a connection

    QVERIFY(server.leaveGroup(b, room));
    QVERIFY(!server.leaveGroup(b, room));
    QCOMPARE(server.groupMembers(room), QList<QBiMuxer *> {a});

    // A connection that closes leaves its groups, and a group without members is gone.
    clients.front()->close();
    QTRY_COMPARE(server.connectionCount(), 2);
    QVERIFY(server.groupMembers(room).isEmpty());
    QVERIFY(server.groupMembers(QStringLiteral("other")).isEmpty());
}

void tst_QBiMuxServer::sendToGroupReachesItsMembersOnly()
{
    QBiMuxServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    QSignalSpy accepted(&server, &QBiMuxServer::newConnection);
    std::vector<std::unique_ptr<QBiMuxer>> clients;
    std::vector<std::unique_ptr<QSignalSpy>> received;
    for (int i = 0; i < 3; ++i) {
        clients.push_back(std::make_unique<QBiMuxer>());
        clients.back()->setId(QString::number(i));
        received.push_back(
            std::make_unique<QSignalSpy>(clients.back().get(), &QBiMuxer::messageReceived));
        clients.back()->open(server.serverUrl());
    }
    QTRY_COMPARE(accepted.size(), 3);
    for (const auto &client : clients)
        QTRY_VERIFY(client->isConnected());
    QVERIFY(server.joinGroup(server.connection(QStringLiteral("0")), QStringLiteral("sensors")));
    QVERIFY(server.joinGroup(server.connection(QStringLiteral("2")), QStringLiteral("sensors")));
    QCOMPARE(server.sendToGroup(QStringLiteral("sensors"), 5, "calibrate",
                                QBiMuxCallOptions().addMetadata("by", "ops")),
             2);
    QTRY_COMPARE(received.at(0)->size(), 1);
    QTRY_COMPARE(received.at(2)->size(), 1);
    const auto message = received.at(2)->first().first().value<QBiMuxMessage>();
    QCOMPARE(message.data(), QByteArray("calibrate"));
    QCOMPARE(message.metadata().value("by"), QByteArray("ops"));
    QCOMPARE(server.sendToGroup(QStringLiteral("nobody"), 5, "x"), 0);
    // The one outside the group heard nothing (a broadcast after, in order, proves it).
    QCOMPARE(server.broadcast(6, "to all"), 3);
    QTRY_COMPARE(received.at(1)->size(), 1);
    QCOMPARE(received.at(1)->first().first().value<QBiMuxMessage>().route(), 6);
}

void tst_QBiMuxServer::groupsAcrossWorkerThreads()
{
    // Connections join from their own workers' threads while the main thread sends to
    // the groups and they come and go.
    QBiMuxServer server;
    server.setWorkerThreadCount(2);
    server.setRequestHandler(1, nullptr, [&server](const QBiMuxRequest &request) {
        const bool joined = server.joinGroup(request.muxer(), QString::fromUtf8(request.data()));
        request.reply(joined ? "joined" : "not joined");
    });
    QVERIFY(server.listen(QHostAddress::LocalHost));
    constexpr int Clients = 8;
    std::vector<std::unique_ptr<QBiMuxer>> clients;
    std::vector<std::unique_ptr<QSignalSpy>> received;
    for (int i = 0; i < Clients; ++i) {
        clients.push_back(std::make_unique<QBiMuxer>());
        received.push_back(
            std::make_unique<QSignalSpy>(clients.back().get(), &QBiMuxer::messageReceived));
        clients.back()->open(server.serverUrl());
    }
    QList<QFuture<QByteArray>> joins;
    for (int i = 0; i < Clients; ++i) {
        QTRY_VERIFY(clients[i]->isConnected());
        joins.append(clients[i]->rpc(1, i % 2 ? "odd" : "even"));
    }
    for (const QFuture<QByteArray> &join : std::as_const(joins)) {
        QVERIFY(waitForFinished(join));
        QCOMPARE(join.result(), QByteArray("joined"));
    }
    QCOMPARE(server.groupMembers(QStringLiteral("odd")).size(), Clients / 2);
    QCOMPARE(server.sendToGroup(QStringLiteral("odd"), 7, "to the odd ones"), Clients / 2);
    for (int i = 0; i < Clients; ++i)
        QTRY_COMPARE(received[i]->size(), i % 2 ? 1 : 0);
    // Closing while sending: every send still ends, and the closed leave their groups.
    for (int i = 0; i < Clients; i += 2)
        clients[i]->close();
    for (int round = 0; round < 20; ++round)
        QVERIFY(server.sendToGroup(QStringLiteral("even"), 7, "x") <= Clients / 2);
    QTRY_VERIFY(server.groupMembers(QStringLiteral("even")).isEmpty());
    QCOMPARE(server.sendToGroup(QStringLiteral("odd"), 7, "again"), Clients / 2);
}

QTEST_MAIN(tst_QBiMuxServer)
#include "tst_qbimuxserver.moc"
