// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "muxerpair.h"

#include <QBiMuxObserver>

#include <QtCore/qthread.h>
#include <QtTest/qtest.h>

#include <atomic>

using namespace std::chrono_literals;

// Records everything it is told, in order.
class RecordingObserver : public QBiMuxObserver
{
public:
    void frameEvent(QBiMuxer *muxer, const QBiMuxFrameInfo &frame) override
    {
        Q_UNUSED(muxer);
        frames.append(frame);
    }
    void callEvent(QBiMuxer *muxer, const QBiMuxCallInfo &call) override
    {
        Q_UNUSED(muxer);
        calls.append(call);
    }
    void connectionOpened(QBiMuxer *muxer) override { opened.append(muxer); }
    void connectionClosed(QBiMuxer *muxer, QWebSocketProtocol::CloseCode code,
                          const QString &reason) override
    {
        Q_UNUSED(muxer);
        closed.append({code, reason});
    }

    QList<QBiMux::CallEvent> callEvents(QBiMux::Direction direction) const
    {
        QList<QBiMux::CallEvent> events;
        for (const QBiMuxCallInfo &call : calls) {
            if (call.direction == direction)
                events.append(call.event);
        }
        return events;
    }

    QList<QBiMuxFrameInfo> frames;
    QList<QBiMuxCallInfo> calls;
    QList<QBiMuxer *> opened;
    QList<std::pair<QWebSocketProtocol::CloseCode, QString>> closed;
};

class tst_QBiMuxObserver : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void seesFramesBothWays();
    void seesCallLifecycleOnBothSides();
    void seesFailuresTimeoutsAndCancels();
    void serverObserverSeesEveryConnection();
    void removedObserverHearsNothing();
    void serverObserverRemovedFromTwoWorkersAtOnce();
    void serverRemoveObserverWaitsForCallbacksUnderWay();
};

void tst_QBiMuxObserver::seesFramesBothWays()
{
    RecordingObserver atClient; // outlive the pair, whose muxers call them to the end
    RecordingObserver atServer;
    MuxerPair pair;
    pair.server->addObserver(&atServer);
    QVERIFY(pair.connect());
    pair.client->addObserver(&atClient);
    pair.serverSide->setRequestHandler(3, this, [](const QByteArray &data) { return data + "!"; });
    pair.serverSide->setMessageHandler(4, this, [](const QByteArray &) {});

    QFuture<QByteArray> call = pair.client->rpc(3, "hey", QBiMuxCallOptions().setTimeout(5s));
    QVERIFY(waitForFinished(call));
    pair.client->send(4, "oneway");
    QTRY_COMPARE(atServer.frames.size(), 3);

    QCOMPARE(atClient.frames.size(), 3);
    const QBiMuxFrameInfo &request = atClient.frames.at(0);
    QCOMPARE(request.direction, QBiMux::Direction::Outgoing);
    QCOMPARE(request.flag, QBiMux::FrameFlag::Request);
    QCOMPARE(request.route, 3);
    QCOMPARE(request.payload, QByteArray("hey"));
    QCOMPARE(request.timeoutMs, 5000u);
    QVERIFY(request.wireSize > request.payload.size());
    QVERIFY(request.timestampMs > 0);
    const QBiMuxFrameInfo &response = atClient.frames.at(1);
    QCOMPARE(response.direction, QBiMux::Direction::Incoming);
    QCOMPARE(response.flag, QBiMux::FrameFlag::Response);
    QCOMPARE(response.number, request.number);
    QCOMPARE(response.payload, QByteArray("hey!"));
    QCOMPARE(atClient.frames.at(2).flag, QBiMux::FrameFlag::Oneway);

    // The server sees the same frames the other way round, with the same sizes.
    QCOMPARE(atServer.frames.at(0).direction, QBiMux::Direction::Incoming);
    QCOMPARE(atServer.frames.at(0).wireSize, request.wireSize);
    QCOMPARE(atServer.frames.at(1).direction, QBiMux::Direction::Outgoing);
    QCOMPARE(atServer.frames.at(1).wireSize, response.wireSize);
    QCOMPARE(atServer.frames.at(2).payload, QByteArray("oneway"));
}

void tst_QBiMuxObserver::seesCallLifecycleOnBothSides()
{
    RecordingObserver atClient; // outlive the pair, whose muxers call them to the end
    RecordingObserver atServer;
    MuxerPair pair;
    pair.server->addObserver(&atServer);
    QVERIFY(pair.connect());
    pair.client->addObserver(&atClient);
    pair.serverSide->setRequestHandler(1, this, [](const QByteArray &data) { return data; });

    QFuture<QByteArray> call = pair.client->rpc(1, "x", QBiMuxCallOptions().setTimeout(5s));
    QVERIFY(waitForFinished(call));
    QTRY_COMPARE(atServer.calls.size(), 2);

    using E = QBiMux::CallEvent;
    QCOMPARE(atClient.callEvents(QBiMux::Direction::Outgoing),
             (QList<E> {E::Started, E::Answered}));
    QCOMPARE(atServer.callEvents(QBiMux::Direction::Incoming),
             (QList<E> {E::Started, E::Answered}));
    const QBiMuxCallInfo &started = atClient.calls.at(0);
    QCOMPARE(started.route, 1);
    QVERIFY(!started.deadline.isForever());
    QCOMPARE(started.latencyNs, 0);
    QVERIFY(atClient.calls.at(1).latencyNs > 0);
    QCOMPARE(atClient.calls.at(1).number, started.number);
    QVERIFY(!atServer.calls.at(0).deadline.isForever()); // the timeout travelled
}

void tst_QBiMuxObserver::seesFailuresTimeoutsAndCancels()
{
    RecordingObserver atClient; // outlive the pair, whose muxers call them to the end
    RecordingObserver atServer;
    MuxerPair pair;
    pair.server->addObserver(&atServer);
    QVERIFY(pair.connect());
    pair.client->addObserver(&atClient);
    RequestCollector held(pair.serverSide);
    using E = QBiMux::CallEvent;

    QFuture<QByteArray> unknown = pair.client->rpc(77, "x"); // no handler, no signal: fails
    disconnect(pair.serverSide, &QBiMuxer::requestReceived, nullptr, nullptr);
    QVERIFY(waitForFinished(unknown));
    QCOMPARE(atClient.calls.last().event, E::Failed);
    QCOMPARE(atClient.calls.last().status, QBiMux::StatusCode::Unimplemented);

    QObject::connect(pair.serverSide, &QBiMuxer::requestReceived, &held,
                     [&](const QBiMuxRequest &request) { held.append(request); });
    QFuture<QByteArray> slow = pair.client->rpc(1, "x", QBiMuxCallOptions().setTimeout(50ms));
    QVERIFY(waitForFinished(slow));
    QCOMPARE(atClient.calls.last().event, E::TimedOut);
    QCOMPARE(atClient.calls.last().status, QBiMux::StatusCode::DeadlineExceeded);
    QTRY_COMPARE(atServer.calls.last().event, E::Cancelled); // the timeout's cancel arrived

    QFuture<QByteArray> cancelled = pair.client->rpc(1, "x");
    QTRY_COMPARE(held.size(), 2);
    cancelled.cancel();
    QTRY_COMPARE(atClient.calls.last().event, E::Cancelled);
    QTRY_COMPARE(atServer.calls.last().event, E::Cancelled);

    QFuture<QByteArray> lost = pair.client->rpc(1, "x");
    QTRY_COMPARE(held.size(), 3);
    pair.serverSide->close();
    QTRY_COMPARE(atClient.calls.last().event, E::Failed);
    QCOMPARE(atClient.calls.last().status, QBiMux::StatusCode::Unavailable);
    QCOMPARE(atServer.calls.last().event, E::Cancelled);
    QCOMPARE(atServer.closed.size(), 1);
    QTRY_COMPARE(atClient.closed.size(), 1);
}

void tst_QBiMuxObserver::serverObserverSeesEveryConnection()
{
    // Declared before the server, so that they outlive the connections they watch.
    RecordingObserver early;
    RecordingObserver late;
    QBiMuxServer server;
    server.addObserver(&early);
    QVERIFY(server.listen(QHostAddress::LocalHost));
    QBiMuxer first;
    first.open(server.serverUrl());
    QTRY_COMPARE(early.opened.size(), 1);

    // An observer added later learns of the connections that are already open.
    server.addObserver(&late);
    QCOMPARE(late.opened.size(), 1);
    QBiMuxer second;
    second.open(server.serverUrl());
    QTRY_COMPARE(early.opened.size(), 2);
    QCOMPARE(late.opened.size(), 2);

    first.close(QWebSocketProtocol::CloseCodeNormal, QStringLiteral("first done"));
    QTRY_COMPARE(early.closed.size(), 1);
    QCOMPARE(early.closed.first().second, QStringLiteral("first done"));
    QCOMPARE(late.closed.size(), 1);
}

void tst_QBiMuxObserver::removedObserverHearsNothing()
{
    RecordingObserver observer;
    MuxerPair pair;
    QVERIFY(pair.connect());
    QSignalSpy arrived(pair.serverSide, &QBiMuxer::messageReceived);
    pair.client->addObserver(&observer);
    pair.client->send(1, "seen");
    QCOMPARE(observer.frames.size(), 1);
    pair.client->removeObserver(&observer);
    pair.client->send(1, "unseen");
    QTRY_COMPARE(arrived.count(), 2);
    QCOMPARE(observer.frames.size(), 1);
}

void tst_QBiMuxObserver::serverObserverRemovedFromTwoWorkersAtOnce()
{
    // Counts frames from any thread.
    struct CountingObserver : QBiMuxObserver
    {
        void frameEvent(QBiMuxer *, const QBiMuxFrameInfo &) override { ++frames; }
        std::atomic<int> frames {0};
    } observer;
    QBiMuxServer server;
    server.setWorkerThreadCount(2);
    server.addObserver(&observer);
    std::atomic<int> arrived {0};
    std::atomic<int> removed {0};
    // removeObserver() returns once no connection's thread can call the observer any
    // more. Two handlers in two worker threads that called it at once used to wait for
    // each other forever.
    server.setRequestHandler(1, nullptr, [&](const QByteArray &) {
        ++arrived;
        QDeadlineTimer together(10000);
        while (arrived.load() < 2 && !together.hasExpired())
            QThread::yieldCurrentThread();
        server.removeObserver(&observer);
        ++removed;
        return QByteArray("removed");
    });
    QVERIFY(server.listen(QHostAddress::LocalHost));
    QSignalSpy accepted(&server, &QBiMuxServer::newConnection);
    QBiMuxer first;
    QBiMuxer second;
    first.open(server.serverUrl());
    second.open(server.serverUrl());
    QTRY_VERIFY_WITH_TIMEOUT(first.isConnected() && second.isConnected(), 10000);
    QTRY_COMPARE(server.connectionCount(), 2);
    QTRY_COMPARE(accepted.count(), 2);
    // The server spreads the two over its two workers.
    QVERIFY(accepted.at(0).first().value<QBiMuxer *>()->thread()
            != accepted.at(1).first().value<QBiMuxer *>()->thread());

    QFuture<QByteArray> a = first.rpc(1, "a");
    QFuture<QByteArray> b = second.rpc(1, "b");
    QDeadlineTimer deadline(15000);
    while (removed.load() < 2 && !deadline.hasExpired())
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
    if (removed.load() < 2) {
        // The worker threads cannot be stopped any more; neither can the test.
        qFatal("two handlers calling QBiMuxServer::removeObserver() at once deadlocked");
    }
    QVERIFY(waitForFinished(a));
    QCOMPARE(a.result(), QByteArray("removed"));
    QVERIFY(waitForFinished(b));
    QCOMPARE(b.result(), QByteArray("removed"));
    const int seen = observer.frames.load();
    QVERIFY(seen > 0);
    QFuture<QByteArray> unseen = first.rpc(2, "unseen");
    QVERIFY(waitForFinished(unseen));
    QCOMPARE(observer.frames.load(), seen);
}

void tst_QBiMuxObserver::serverRemoveObserverWaitsForCallbacksUnderWay()
{
    // Stays in frameEvent() for a while once told to.
    struct SlowObserver : QBiMuxObserver
    {
        void frameEvent(QBiMuxer *, const QBiMuxFrameInfo &) override
        {
            if (!slow.load())
                return;
            inside = true;
            QDeadlineTimer stay(300);
            while (!stay.hasExpired())
                QThread::yieldCurrentThread();
            inside = false;
        }
        std::atomic<bool> slow {false};
        std::atomic<bool> inside {false};
    } observer;
    QBiMuxServer server;
    server.setWorkerThreadCount(1);
    server.addObserver(&observer);
    server.setMessageHandler(1, nullptr, [](const QByteArray &) {});
    QVERIFY(server.listen(QHostAddress::LocalHost));
    QBiMuxer client;
    client.open(server.serverUrl());
    QTRY_VERIFY_WITH_TIMEOUT(client.isConnected(), 10000);
    QTRY_COMPARE(server.connectionCount(), 1);

    observer.slow = true;
    QVERIFY(client.send(1, "observed slowly"));
    QTRY_VERIFY(observer.inside.load());
    // The observer may be destroyed once removeObserver() returns: the worker thread must
    // be out of it by then. (It returned at once.)
    server.removeObserver(&observer);
    QVERIFY(!observer.inside.load());
}

QTEST_MAIN(tst_QBiMuxObserver)
#include "tst_qbimuxobserver.moc"
