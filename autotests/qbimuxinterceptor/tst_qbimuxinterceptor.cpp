// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "muxerpair.h"

#include <QBiMuxClient>
#include <QBiMuxInterceptor>
#include <QBiMuxMessage>
#include <QBiMuxServer>
#include <QBiMuxer>

#include <QtCore/qmutex.h>
#include <QtCore/qthread.h>
#include <QtCore/qtimer.h>
#include <QtTest/qtest.h>

using namespace std::chrono_literals;

namespace {
// Writes what each hook saw into a shared log, as "<name>:<hook>:<route>", and answers as
// told: refuse requests or calls, drop messages, add metadata to calls.
class Recorder : public QBiMuxInterceptor
{
public:
    Recorder(QString name, QStringList *log, QMutex *mutex)
        : m_name(std::move(name))
        , m_log(log)
        , m_mutex(mutex)
    { }

    QBiMuxStatus interceptRequest(const QBiMuxRequest &request) override
    {
        note(QStringLiteral("request"), request.route());
        requestThread = QThread::currentThread();
        requestMuxerThread = request.muxer() ? request.muxer()->thread() : nullptr;
        if (!requiredToken.isEmpty() && request.metadata().value("token") != requiredToken)
            return {QBiMux::StatusCode::Unauthenticated, QStringLiteral("bad token")};
        return refuseRequests;
    }
    void requestFinished(const QBiMuxRequest &request, const QBiMuxStatus &status,
                         std::chrono::nanoseconds elapsed) override
    {
        note(QStringLiteral("finished %1").arg(QBiMux::statusCodeName(status.code())),
             request.route());
        QMutexLocker locker(m_mutex);
        lastElapsed = elapsed;
    }
    bool interceptMessage(const QBiMuxMessage &message) override
    {
        note(QStringLiteral("message"), message.route());
        return message.data() != dropped;
    }
    QBiMuxStatus interceptCall(QBiMuxer *muxer, qint32 route, const QByteArray &,
                               QBiMuxCallOptions &options) override
    {
        note(QStringLiteral("call"), route);
        callMuxer = muxer;
        if (!addedMetadata.isEmpty())
            options.addMetadata(m_name.toUtf8(), addedMetadata);
        return refuseCalls;
    }
    QBiMuxStatus interceptSend(QBiMuxer *, qint32 route, const QByteArray &,
                               QBiMuxCallOptions &options) override
    {
        note(QStringLiteral("send"), route);
        if (!addedMetadata.isEmpty())
            options.addMetadata(m_name.toUtf8(), addedMetadata);
        return refuseCalls;
    }

    QByteArray requiredToken;
    QBiMuxStatus refuseRequests;
    QBiMuxStatus refuseCalls;
    QByteArray dropped; // the data of the messages to drop
    QByteArray addedMetadata;
    std::chrono::nanoseconds lastElapsed {0};
    QThread *requestThread = nullptr;
    QThread *requestMuxerThread = nullptr;
    QBiMuxer *callMuxer = nullptr;

private:
    void note(const QString &hook, qint32 route)
    {
        QMutexLocker locker(m_mutex);
        m_log->append(QStringLiteral("%1:%2:%3").arg(m_name, hook).arg(route));
    }

    QString m_name;
    QStringList *m_log;
    QMutex *m_mutex;
};
} // namespace

// QBiMuxInterceptor installed on a server, a connection and a client: what each hook sees,
// in which order and thread, and what its answers do.
class tst_QBiMuxInterceptor : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void refusesRequestsOfItsRoutesByMetadata();
    void serverFirstThenConnectionInInstallationOrder();
    void requestFinishedOnceForEveryEnding();
    void dropsMessages();
    void outgoingHooksAddMetadataAndRefuse();
    void removedInterceptorIsLetGo();
    void incomingHooksRunInTheConnectionsWorker();
    void clientInterceptorsServeEveryConnection();

private:
    std::shared_ptr<Recorder> make(const QString &name)
    {
        return std::make_shared<Recorder>(name, &m_log, &m_mutex);
    }
    QStringList log()
    {
        QMutexLocker locker(&m_mutex);
        return m_log;
    }

    QMutex m_mutex;
    QStringList m_log;
};

void tst_QBiMuxInterceptor::init()
{
    QMutexLocker locker(&m_mutex);
    m_log.clear();
}

void tst_QBiMuxInterceptor::refusesRequestsOfItsRoutesByMetadata()
{
    MuxerPair pair;
    QVERIFY(pair.connect());
    int handled = 0;
    pair.server->setRequestHandler(1, this, [&handled](const QByteArray &) {
        ++handled;
        return QByteArray("admin done");
    });
    pair.server->setRequestHandler(2, this, [](const QByteArray &) { return "public"; });
    auto guard = make(QStringLiteral("guard"));
    guard->requiredToken = "secret";
    pair.server->addInterceptor(guard, {1, 5}); // the admin routes only

    QFuture<QByteArray> refused = pair.client->rpc(1, "x");
    QVERIFY(waitForFinished(refused));
    QCOMPARE(errorOf(refused),
             QBiMuxStatus(QBiMux::StatusCode::Unauthenticated, QStringLiteral("bad token"),
                          QBiMuxStatus::Origin::Remote));
    QCOMPARE(handled, 0);

    QFuture<QByteArray> admitted
        = pair.client->rpc(1, "x", QBiMuxCallOptions().addMetadata("token", "secret"));
    QVERIFY(waitForFinished(admitted));
    QCOMPARE(admitted.result(), QByteArray("admin done"));
    QCOMPARE(handled, 1);

    // Another route does not pass it.
    QFuture<QByteArray> open = pair.client->rpc(2, "x");
    QVERIFY(waitForFinished(open));
    QCOMPARE(open.result(), QByteArray("public"));
    QTRY_COMPARE(log(),
                 (QStringList {"guard:request:1", "guard:finished Unauthenticated:1",
                               "guard:request:1", "guard:finished Ok:1"}));
}

void tst_QBiMuxInterceptor::serverFirstThenConnectionInInstallationOrder()
{
    MuxerPair pair;
    QVERIFY(pair.connect());
    pair.server->setRequestHandler(1, this, [](const QByteArray &) { return "ok"; });
    pair.server->addInterceptor(make(QStringLiteral("server1")));
    pair.serverSide->addInterceptor(make(QStringLiteral("connection")));
    pair.server->addInterceptor(make(QStringLiteral("server2")));
    QVERIFY(waitForFinished(pair.client->rpc(1, "x")));
    QTRY_COMPARE(log().size(), 6);
    QCOMPARE(log().mid(0, 3),
             (QStringList {"server1:request:1", "server2:request:1", "connection:request:1"}));

    // The first that refuses ends the chain; the end still reaches all of them.
    init();
    auto refusing = make(QStringLiteral("server3"));
    refusing->refuseRequests = {QBiMux::StatusCode::PermissionDenied, QStringLiteral("no")};
    pair.server->addInterceptor(refusing);
    QFuture<QByteArray> refused = pair.client->rpc(1, "x");
    QVERIFY(waitForFinished(refused));
    QCOMPARE(errorOf(refused).code(), QBiMux::StatusCode::PermissionDenied);
    QTRY_COMPARE(log().size(), 7);
    QCOMPARE(log(),
             (QStringList {
                 "server1:request:1", "server2:request:1", "server3:request:1",
                 "server1:finished PermissionDenied:1", "server2:finished PermissionDenied:1",
                 "server3:finished PermissionDenied:1", "connection:finished PermissionDenied:1"}));
}

void tst_QBiMuxInterceptor::requestFinishedOnceForEveryEnding()
{
    MuxerPair pair;
    QVERIFY(pair.connect());
    auto timer = make(QStringLiteral("t"));
    pair.serverSide->addInterceptor(timer);
    pair.serverSide->setRequestHandler(1, nullptr, [](const QBiMuxRequest &request) {
        QTimer::singleShot(30ms, request.muxer(), [request] { request.reply("slow"); });
    });
    pair.serverSide->setRequestHandler(2, nullptr, [](const QByteArray &) -> QByteArray {
        throw QBiMuxError(QBiMux::StatusCode::NotFound, QStringLiteral("none"));
    });
    RequestCollector held(pair.serverSide); // routes 3 and 4: held

    QVERIFY(waitForFinished(pair.client->rpc(1, "x")));
    QVERIFY(timer->lastElapsed >= 30ms);
    QVERIFY(waitForFinished(pair.client->rpc(2, "x")));
    QFuture<QByteArray> cancelled = pair.client->rpc(3, "x");
    QFuture<QByteArray> lost = pair.client->rpc(4, "x");
    QTRY_COMPARE(held.size(), 2);
    cancelled.cancel();
    QTRY_VERIFY(held.first().isCancelled());
    pair.client->close();
    QTRY_VERIFY(held.last().isCancelled());
    QCOMPARE(log(),
             (QStringList {"t:request:1", "t:finished Ok:1", "t:request:2", "t:finished NotFound:2",
                           "t:request:3", "t:request:4", "t:finished Cancelled:3",
                           "t:finished Unavailable:4"}));
    // An answer after the end tells nobody again.
    held.first().reply("too late");
    held.last().reply("too late");
    QTest::qWait(20);
    QCOMPARE(log().size(), 8);
}

void tst_QBiMuxInterceptor::dropsMessages()
{
    MuxerPair pair;
    QVERIFY(pair.connect());
    QByteArrayList arrived;
    pair.server->setMessageHandler(7, this,
                                   [&arrived](const QByteArray &data) { arrived.append(data); });
    auto filter = make(QStringLiteral("f"));
    pair.server->addInterceptor(filter, {7});
    filter->dropped = "dropped";
    QVERIFY(pair.client->send(7, "dropped"));
    QVERIFY(pair.client->send(7, "passed"));
    QTRY_COMPARE(arrived, QByteArrayList {"passed"});
    QCOMPARE(log(), (QStringList {"f:message:7", "f:message:7"}));
}

void tst_QBiMuxInterceptor::outgoingHooksAddMetadataAndRefuse()
{
    MuxerPair pair;
    QVERIFY(pair.connect());
    QBiMuxMetadata seen;
    pair.serverSide->setRequestHandler(1, nullptr, [&seen](const QBiMuxRequest &request) {
        seen = request.metadata();
        request.reply("ok");
    });
    QBiMuxMetadata messageSeen;
    pair.serverSide->setMessageHandler(2, nullptr, [&messageSeen](const QBiMuxMessage &message) {
        messageSeen = message.metadata();
    });
    auto tracer = make(QStringLiteral("trace"));
    tracer->addedMetadata = "4bf92f35";
    pair.client->addInterceptor(tracer);
    QVERIFY(waitForFinished(pair.client->rpc(1, "x", QBiMuxCallOptions().addMetadata("own", "1"))));
    QCOMPARE(seen, (QBiMuxMetadata {{"own", "1"}, {"trace", "4bf92f35"}}));
    QCOMPARE(tracer->callMuxer, pair.client.get());
    QVERIFY(pair.client->send(2, "m"));
    QTRY_COMPARE(messageSeen, (QBiMuxMetadata {{"trace", "4bf92f35"}}));

    // A refusal fails the call here, as this side's doing; send() says false.
    tracer->refuseCalls = {QBiMux::StatusCode::FailedPrecondition, QStringLiteral("not now")};
    QFuture<QByteArray> refused = pair.client->rpc(1, "x");
    QVERIFY(refused.isFinished());
    QCOMPARE(errorOf(refused),
             QBiMuxStatus(QBiMux::StatusCode::FailedPrecondition, QStringLiteral("not now")));
    QBiMuxStatus handlerStatus;
    pair.client->rpc(1, "x", {}, this, [&handlerStatus](const QByteArray &, const QBiMuxStatus &s) {
        handlerStatus = s;
    });
    QTRY_COMPARE(handlerStatus.code(), QBiMux::StatusCode::FailedPrecondition);
    QVERIFY(!pair.client->send(2, "m"));
    QCOMPARE(pair.client->pendingCallCount(), 0);
}

void tst_QBiMuxInterceptor::removedInterceptorIsLetGo()
{
    MuxerPair pair;
    QVERIFY(pair.connect());
    pair.server->setRequestHandler(1, this, [](const QByteArray &) { return "ok"; });
    auto interceptor = make(QStringLiteral("gone"));
    const std::weak_ptr<Recorder> watch = interceptor;
    pair.server->addInterceptor(interceptor);
    QVERIFY(waitForFinished(pair.client->rpc(1, "x")));
    QTRY_COMPARE(log().size(), 2);
    pair.server->removeInterceptor(interceptor);
    interceptor.reset();
    QVERIFY(waitForFinished(pair.client->rpc(1, "x")));
    QCOMPARE(log().size(), 2);
    // The connection held the list it ran while it needed it, not afterwards.
    QTRY_VERIFY(watch.expired());
}

void tst_QBiMuxInterceptor::incomingHooksRunInTheConnectionsWorker()
{
    QBiMuxServer server;
    server.setWorkerThreadCount(2);
    server.setRequestHandler(1, nullptr, [](const QByteArray &) { return "ok"; });
    auto recorder = make(QStringLiteral("w"));
    server.addInterceptor(recorder);
    QVERIFY(server.listen(QHostAddress::LocalHost));
    QBiMuxer client;
    QSignalSpy connected(&client, &QBiMuxer::connected);
    client.open(server.serverUrl());
    QVERIFY(connected.wait(10000));
    QVERIFY(waitForFinished(client.rpc(1, "x")));
    QVERIFY(recorder->requestThread);
    QVERIFY(recorder->requestThread != QThread::currentThread());
    QCOMPARE(recorder->requestThread, recorder->requestMuxerThread);
}

void tst_QBiMuxInterceptor::clientInterceptorsServeEveryConnection()
{
    QBiMuxServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    QBiMuxMetadata seen;
    server.setRequestHandler(1, this, [&seen](const QBiMuxRequest &request) {
        seen = request.metadata();
        request.reply("ok");
    });
    QBiMuxClient client;
    client.setInitialReconnectDelay(10ms);
    auto tracer = make(QStringLiteral("client"));
    tracer->addedMetadata = "yes";
    client.addInterceptor(tracer);
    // A call queued before the first connection passes it once it is sent.
    QFuture<QByteArray> queued = client.rpc(1, "early");
    QSignalSpy connected(&client, &QBiMuxClient::connected);
    client.open(server.serverUrl());
    QVERIFY(waitForFinished(queued));
    QCOMPARE(seen.value("client"), QByteArray("yes"));
    // The connection's own run after the client's.
    init();
    client.currentMuxer()->addInterceptor(make(QStringLiteral("muxer")));
    QVERIFY(waitForFinished(client.rpc(1, "x")));
    QCOMPARE(log(), (QStringList {"client:call:1", "muxer:call:1"}));
    // The next connection has the client's.
    seen.clear();
    client.currentMuxer()->socket()->abort();
    QVERIFY(connected.wait(10000));
    QVERIFY(waitForFinished(client.rpc(1, "y")));
    QCOMPARE(seen.value("client"), QByteArray("yes"));
}

QTEST_MAIN(tst_QBiMuxInterceptor)
#include "tst_qbimuxinterceptor.moc"
