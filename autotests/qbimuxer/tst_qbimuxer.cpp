// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "faultyproxy.h"
#include "muxerpair.h"
#include "rawframes.h"

#include <QBiMuxObserver>

#include <QtCore/qcryptographichash.h>
#include <QtCore/qelapsedtimer.h>
#include <QtCore/qrandom.h>
#include <QtCore/qregularexpression.h>
#include <QtCore/qscopeguard.h>
#include <QtCore/qthread.h>
#include <QtCore/qtranslator.h>
#include <QtNetwork/qtcpserver.h>
#include <QtTest/qtest.h>

#include <algorithm>
#include <atomic>
#include <limits>

using namespace std::chrono_literals;

namespace {

// Moves `muxer` (if it still exists) back to the main thread from `worker`, then stops
// `worker`: a muxer is destroyed in its own thread, and a thread not while it runs.
void bringBackAndStop(QBiMuxer *muxer, QThread *worker)
{
    if (muxer && muxer->thread() == worker) {
        QMetaObject::invokeMethod(
            muxer, [muxer] { muxer->moveToThread(QCoreApplication::instance()->thread()); },
            Qt::BlockingQueuedConnection);
    }
    worker->quit();
    worker->wait();
}

// pendingCallCount() of a muxer in another thread, asked in that thread.
int pendingCallCountInItsThread(QBiMuxer *muxer)
{
    int count = -1;
    QMetaObject::invokeMethod(
        muxer, [&] { count = muxer->pendingCallCount(); }, Qt::BlockingQueuedConnection);
    return count;
}

} // namespace

class tst_QBiMuxer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    // Calls and messages
    void rpcBothDirections();
    void callbackRpc();
    void callbackRpcWithContextInAnotherThread();
    void onewayBothDirections();
    void onewayHandlerTakesPrecedenceOverSignal();
    void requestSignalWithLaterReply();
    void futureReturningHandler();
    void remoteErrorIsTyped();
    void unknownRemoteCodeBecomesUnknown_data();
    void unknownRemoteCodeBecomesUnknown();
    void handlerThrowingAnswersWithError();
    void droppedRequestAnswersByItself();
    void unknownRouteFails();
    void handlerGoneWithItsContext();
    void handlerRunsInContextThread();
    void contextDeletedByItsOwnThreadAtAnyMoment();
    void muxerMovedToAnotherThread();
    void muxerMovedAwayDuringACancelSweep();
    void continuationMayMoveOrDeleteItsMuxer_data();
    void continuationMayMoveOrDeleteItsMuxer();
    void emptyAndLargePayloads();
    void tooLargeFailsWithoutSending();
    void replyTooLargeBecomesError();
    void deadlineTravelsWithRequest();
    void futureEndsExactlyOnce();

    // Timeouts and cancellation
    void timeoutFailsAndLateReplyIsDropped();
    void shorterTimeoutAfterLongerOneFiresOnTime();
    void timeoutBeyondTheTimersRangeWaits();
    void largestTimeoutsWaitAsLongAsTheLink();
    void cancelFromClientSide();
    void cancelFromServerSide();
    void cancelAgainAfterEarlierCallsEnded();
    void callPostedToAMuxerDestroyedFirstFails();
    void callPostedToAMuxerClosedFirstFails();
    void callMadeWhileTheMuxerIsDestroyedFails();
    void cancelBeforeSendingNeverReachesPeer();
    void cancelOfLongPendingCall();
    void peerCancelCancelsHandlerFuture();

    // Disconnects
    void disconnectFailsCallsAtOnce();
    void rpcOnClosedMuxerFailsImmediately();
    void destroyingMuxerEndsItsCalls();
    void disconnectReasonFromPeer();
    void closeReportsItsOwnReason();
    void dialFailureEndsMuxer();
    void openIsForAMuxerThatHasNotOpened();
    void framesSentWhileOpeningAreDelivered();
    void smallMaximumMessageSizeStillReadsALongHandshake();
    void heartbeatDetectsSilentPeer();
    void heartbeatKeepsQuietLinkAlive();
    void heartbeatTakesTheLargestDurations();

    // Load and threads
    void tenThousandCallsOutOfOrder();
    void callsFromWorkerThreads();

    // Bad input from the wire
    void badInputClosesWithProtocolError_data();
    void badInputClosesWithProtocolError();
    void duplicateRequestNumberIsProtocolError();

    void idAndIdChanged();
    void errorMessagesAreTranslated_data();
    void errorMessagesAreTranslated();
};

void tst_QBiMuxer::initTestCase()
{
    qRegisterMetaType<QBiMuxRequest>();
    qRegisterMetaType<QWebSocketProtocol::CloseCode>();
}

void tst_QBiMuxer::rpcBothDirections()
{
    MuxerPair pair;
    QVERIFY(pair.connect());
    pair.serverSide->setRequestHandler(1, this,
                                       [](const QByteArray &data) { return "server:" + data; });
    pair.client->setRequestHandler(2, this,
                                   [](const QByteArray &data) { return "client:" + data; });

    QFuture<QByteArray> toServer = pair.client->rpc(1, "ping");
    QFuture<QByteArray> toClient = pair.serverSide->rpc(2, "pong");
    QVERIFY(waitForFinished(toServer));
    QVERIFY(waitForFinished(toClient));
    QCOMPARE(toServer.result(), QByteArray("server:ping"));
    QCOMPARE(toClient.result(), QByteArray("client:pong"));
    QCOMPARE(pair.client->pendingCallCount(), 0);
    QCOMPARE(pair.serverSide->pendingRequestCount(), 0);
}

void tst_QBiMuxer::callbackRpc()
{
    MuxerPair pair;
    QVERIFY(pair.connect());
    pair.serverSide->setRequestHandler(1, this, [](const QByteArray &data) { return data + "!"; });

    // Answered: the reply with an Ok status, once, in the context's thread.
    QList<std::pair<QByteArray, QBiMuxStatus>> outcomes;
    QObject context;
    auto record = [&outcomes, &context](const QByteArray &reply, const QBiMuxStatus &status) {
        QCOMPARE(QThread::currentThread(), context.thread());
        outcomes.append({reply, status});
    };
    pair.client->rpc(1, "hi", QBiMuxCallOptions().setTimeout(5s), &context, record);
    QTRY_COMPARE(outcomes.size(), 1);
    QCOMPARE(outcomes.at(0).first, QByteArray("hi!"));
    QCOMPARE(outcomes.at(0).second.code(), QBiMux::StatusCode::Ok);

    // Failed: an empty reply and the error, locally (too large, refused at once but
    // reported from the event loop) and from the peer (no handler).
    pair.client->setSettings(pair.client->settings().setMaxMessageSize(1024));
    pair.client->rpc(1, QByteArray(4096, 'x'), QBiMuxCallOptions().setTimeout(5s), &context,
                     record);
    QCOMPARE(outcomes.size(), 1);
    pair.client->rpc(2, "nobody", QBiMuxCallOptions().setTimeout(5s), &context, record);
    QTRY_COMPARE(outcomes.size(), 3);
    QCOMPARE(outcomes.at(1).second.code(), QBiMux::StatusCode::ResourceExhausted);
    QCOMPARE(outcomes.at(2).second.code(), QBiMux::StatusCode::Unimplemented);
    QVERIFY(outcomes.at(2).first.isEmpty());

    // Timed out, and ended by a disconnect: still exactly once each.
    RequestCollector held(pair.serverSide);
    pair.client->rpc(3, "slow", QBiMuxCallOptions().setTimeout(50ms), &context, record);
    pair.client->rpc(3, "lost", QBiMuxCallOptions().setTimeout(0ms), nullptr, record);
    QTRY_COMPARE(outcomes.size(), 4);
    QCOMPARE(outcomes.at(3).second.code(), QBiMux::StatusCode::DeadlineExceeded);
    QTRY_COMPARE(held.size(), 2);
    pair.serverSide->close();
    QTRY_COMPARE(outcomes.size(), 5);
    QCOMPARE(outcomes.at(4).second.code(), QBiMux::StatusCode::Unavailable);

    // A context destroyed first: the handler never runs.
    MuxerPair second;
    QVERIFY(second.connect());
    RequestCollector collector(second.serverSide);
    bool ran = false;
    auto *shortLived = new QObject;
    second.client->rpc(1, "x", QBiMuxCallOptions().setTimeout(5s), shortLived,
                       [&ran](const QByteArray &, const QBiMuxStatus &) { ran = true; });
    QTRY_COMPARE(collector.size(), 1);
    delete shortLived;
    collector.first().reply("late");
    QTRY_COMPARE(second.client->pendingCallCount(), 0);
    QVERIFY(!ran);
}

void tst_QBiMuxer::callbackRpcWithContextInAnotherThread()
{
    // The outcome travels to the context's thread as an event; the muxer's thread never
    // runs the handler, and a context destroyed meanwhile means it never runs.
    MuxerPair pair;
    QVERIFY(pair.connect());
    pair.serverSide->setRequestHandler(1, this, [](const QByteArray &data) { return data + "!"; });
    RequestCollector held(pair.serverSide); // every other route
    QThread worker;
    worker.start();
    const auto stop = qScopeGuard([&worker] {
        worker.quit();
        worker.wait();
    });
    auto *context = new QObject;
    context->moveToThread(&worker);

    struct Outcome
    {
        QByteArray reply;
        QBiMux::StatusCode code;
        QThread *thread;
    };
    QMutex mutex;
    QList<Outcome> outcomes;
    auto record = [&](const QByteArray &reply, const QBiMuxStatus &error) {
        QMutexLocker locker(&mutex);
        outcomes.append({reply, error.code(), QThread::currentThread()});
    };
    const auto count = [&] {
        QMutexLocker locker(&mutex);
        return outcomes.size();
    };
    pair.client->rpc(1, "hi", QBiMuxCallOptions().setTimeout(10s), context, record); // answered
    pair.client->rpc(2, "held", QBiMuxCallOptions().setTimeout(200ms), context,
                     record); // times out
    QTRY_COMPARE_WITH_TIMEOUT(count(), 2, 10000);
    {
        QMutexLocker locker(&mutex);
        for (const Outcome &outcome : std::as_const(outcomes))
            QCOMPARE(outcome.thread, &worker);
        QCOMPARE(outcomes.at(0).reply, QByteArray("hi!"));
        QCOMPARE(outcomes.at(0).code, QBiMux::StatusCode::Ok);
        QCOMPARE(outcomes.at(1).code, QBiMux::StatusCode::DeadlineExceeded);
    }

    // The context goes (in its own thread) while the call is in flight: the reply comes,
    // and nobody hears of it.
    QTRY_COMPARE(held.size(), 1);
    pair.client->rpc(2, "orphan", QBiMuxCallOptions().setTimeout(10s), context, record);
    QTRY_COMPARE(held.size(), 2);
    QMetaObject::invokeMethod(
        context, [context] { delete context; }, Qt::BlockingQueuedConnection);
    QVERIFY(held.last().reply("nobody listens"));
    QTRY_COMPARE(pair.client->pendingCallCount(), 0);
    // Whatever was posted to the worker has run by the time a blocking call returns.
    auto *probe = new QObject;
    probe->moveToThread(&worker);
    QMetaObject::invokeMethod(
        probe, [probe] { delete probe; }, Qt::BlockingQueuedConnection);
    QCOMPARE(count(), 2);
}

void tst_QBiMuxer::onewayBothDirections()
{
    MuxerPair pair;
    QVERIFY(pair.connect());
    QSignalSpy atServer(pair.serverSide, &QBiMuxer::messageReceived);
    QSignalSpy atClient(pair.client.get(), &QBiMuxer::messageReceived);

    QVERIFY(pair.client->send(7, "up"));
    QVERIFY(pair.serverSide->send(8, "down"));
    QTRY_COMPARE(atServer.count(), 1);
    QTRY_COMPARE(atClient.count(), 1);
    QCOMPARE(atServer.first().at(0).value<QBiMuxMessage>().route(), 7);
    QCOMPARE(atServer.first().at(0).value<QBiMuxMessage>().data(), QByteArray("up"));
    QCOMPARE(atClient.first().at(0).value<QBiMuxMessage>().route(), 8);
    QCOMPARE(atClient.first().at(0).value<QBiMuxMessage>().data(), QByteArray("down"));
}

void tst_QBiMuxer::onewayHandlerTakesPrecedenceOverSignal()
{
    MuxerPair pair;
    QVERIFY(pair.connect());
    QSignalSpy signal(pair.serverSide, &QBiMuxer::messageReceived);
    QList<QByteArray> handled;
    pair.serverSide->setMessageHandler(3, this, [&](qint32 route, const QByteArray &data) {
        QCOMPARE(route, 3);
        handled.append(data);
    });

    pair.client->send(3, "to handler");
    pair.client->send(4, "to signal");
    QTRY_COMPARE(signal.count(), 1);
    QCOMPARE(handled, QList<QByteArray> {"to handler"});
    QCOMPARE(signal.first().at(0).value<QBiMuxMessage>().route(), 4);

    pair.serverSide->removeMessageHandler(3);
    pair.client->send(3, "now to signal");
    QTRY_COMPARE(signal.count(), 2);
    QCOMPARE(handled.size(), 1);
}

void tst_QBiMuxer::requestSignalWithLaterReply()
{
    MuxerPair pair;
    QVERIFY(pair.connect());
    RequestCollector held(pair.serverSide);

    QFuture<QByteArray> first = pair.client->rpc(5, "a");
    QFuture<QByteArray> second = pair.client->rpc(6, "b");
    QTRY_COMPARE(held.size(), 2);
    QCOMPARE(held.at(0).route(), 5);
    QCOMPARE(held.at(0).data(), QByteArray("a"));
    QCOMPARE(held.at(1).route(), 6);
    QVERIFY(held.at(0).number() != held.at(1).number());
    QVERIFY(!first.isFinished());

    // Answered in the opposite order, one of them from another thread.
    QThread *worker = QThread::create([request = held.at(1)] { request.reply("B"); });
    worker->start();
    QVERIFY(worker->wait(10000));
    delete worker;
    QVERIFY(held.at(0).reply("A"));
    QVERIFY(!held.at(0).reply("again"));
    QVERIFY(held.at(0).isAnswered());

    QVERIFY(waitForFinished(first));
    QVERIFY(waitForFinished(second));
    QCOMPARE(first.result(), QByteArray("A"));
    QCOMPARE(second.result(), QByteArray("B"));
}

void tst_QBiMuxer::futureReturningHandler()
{
    MuxerPair pair;
    QVERIFY(pair.connect());
    QPromise<QByteArray> work;
    work.start();
    pair.serverSide->setRequestHandler(1, this,
                                       [&](const QBiMuxRequest &) { return work.future(); });

    QFuture<QByteArray> call = pair.client->rpc(1, "x");
    QTRY_COMPARE(pair.serverSide->pendingRequestCount(), 1);
    QVERIFY(!call.isFinished());
    work.addResult("done later");
    work.finish();
    QVERIFY(waitForFinished(call));
    QCOMPARE(call.result(), QByteArray("done later"));
}

void tst_QBiMuxer::remoteErrorIsTyped()
{
    MuxerPair pair;
    QVERIFY(pair.connect());
    pair.serverSide->setRequestHandler(1, this, [](const QBiMuxRequest &request) {
        request.fail(QBiMux::StatusCode::PermissionDenied, QStringLiteral("not you"));
    });

    QFuture<QByteArray> call = pair.client->rpc(1, "x");
    QVERIFY(waitForFinished(call));
    const QBiMuxStatus error = errorOf(call);
    QCOMPARE(error.code(), QBiMux::StatusCode::PermissionDenied);
    QCOMPARE(error.message(), QStringLiteral("not you"));
    QVERIFY(error.isRemote());

    // The exception type works with QFuture::onFailed().
    bool failedHandlerRan = false;
    pair.client->rpc(1, "y")
        .then(this, [](const QByteArray &) { return 0; })
        .onFailed(this, [&](const QBiMuxError &failure) {
            failedHandlerRan = failure.code() == QBiMux::StatusCode::PermissionDenied;
            return -1;
        });
    QTRY_VERIFY(failedHandlerRan);
}

void tst_QBiMuxer::unknownRemoteCodeBecomesUnknown_data()
{
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("expected");
    QTest::newRow("4242") << 4242 << QStringLiteral("teapot")
                          << QStringLiteral("status code 4242 from the peer: teapot");
    QTest::newRow("negative") << -7 << QString() << QStringLiteral("status code -7 from the peer");
    QTest::newRow("17, one past the last")
        << 17 << QStringLiteral("new") << QStringLiteral("status code 17 from the peer: new");
}

void tst_QBiMuxer::unknownRemoteCodeBecomesUnknown()
{
    QFETCH(int, code);
    QFETCH(QString, message);
    QFETCH(QString, expected);
    MuxerPair pair;
    QVERIFY(pair.connect());
    // Any number goes on the wire: a handler may answer with a code of its own.
    pair.serverSide->setRequestHandler(1, this, [code, message](const QBiMuxRequest &request) {
        request.fail(QBiMux::StatusCode(code), message);
    });
    QFuture<QByteArray> call = pair.client->rpc(1, "x");
    QVERIFY(waitForFinished(call));
    const QBiMuxStatus error = errorOf(call);
    QCOMPARE(error.code(), QBiMux::StatusCode::Unknown);
    QCOMPARE(error.message(), expected);
    QVERIFY(error.isRemote());
}

void tst_QBiMuxer::handlerThrowingAnswersWithError()
{
    MuxerPair pair;
    QVERIFY(pair.connect());
    pair.serverSide->setRequestHandler(1, this, [](const QByteArray &) -> QByteArray {
        throw QBiMuxError(QBiMux::StatusCode::InvalidArgument, QStringLiteral("bad input"));
    });
    pair.serverSide->setRequestHandler(
        2, this, [](const QByteArray &) -> QByteArray { throw std::runtime_error("boom"); });
    pair.serverSide->setRequestHandler(3, this, [](const QByteArray &) -> QByteArray { throw 42; });

    QFuture<QByteArray> typed = pair.client->rpc(1, "x");
    QFuture<QByteArray> untyped = pair.client->rpc(2, "x");
    QFuture<QByteArray> notAnException = pair.client->rpc(3, "x");
    QVERIFY(waitForFinished(typed));
    QVERIFY(waitForFinished(untyped));
    QVERIFY(waitForFinished(notAnException));
    QCOMPARE(errorOf(typed).code(), QBiMux::StatusCode::InvalidArgument);
    QCOMPARE(errorOf(untyped).code(), QBiMux::StatusCode::Internal);
    QCOMPARE(errorOf(untyped).message(), QStringLiteral("boom"));
    QCOMPARE(errorOf(notAnException).code(), QBiMux::StatusCode::Internal);
    QCOMPARE(errorOf(notAnException).message(), QStringLiteral("the handler threw"));
    QVERIFY(pair.client->isConnected());
}

void tst_QBiMuxer::droppedRequestAnswersByItself()
{
    MuxerPair pair;
    QVERIFY(pair.connect());
    // A slot that looks at the request and forgets to answer.
    connect(pair.serverSide, &QBiMuxer::requestReceived, this, [](const QBiMuxRequest &) {});

    QElapsedTimer elapsed;
    elapsed.start();
    QFuture<QByteArray> call = pair.client->rpc(1, "x", QBiMuxCallOptions().setTimeout(60s));
    QVERIFY(waitForFinished(call));
    QCOMPARE(errorOf(call).code(), QBiMux::StatusCode::Internal);
    QVERIFY(elapsed.elapsed() < 10000);
}

void tst_QBiMuxer::unknownRouteFails()
{
    MuxerPair pair;
    QVERIFY(pair.connect());
    QFuture<QByteArray> call = pair.client->rpc(99, "x");
    QVERIFY(waitForFinished(call));
    const QBiMuxStatus error = errorOf(call);
    QCOMPARE(error.code(), QBiMux::StatusCode::Unimplemented);
    QVERIFY(error.message().contains(QLatin1String("99")));
    QVERIFY(pair.client->isConnected());
}

void tst_QBiMuxer::handlerGoneWithItsContext()
{
    MuxerPair pair;
    QVERIFY(pair.connect());
    auto *context = new QObject;
    pair.serverSide->setRequestHandler(1, context, [](const QByteArray &) { return "hi"; });
    QFuture<QByteArray> before = pair.client->rpc(1, "x");
    QVERIFY(waitForFinished(before));
    QCOMPARE(before.result(), QByteArray("hi"));

    delete context;
    QFuture<QByteArray> after = pair.client->rpc(1, "x");
    QVERIFY(waitForFinished(after));
    QCOMPARE(errorOf(after).code(), QBiMux::StatusCode::Unimplemented);
}

void tst_QBiMuxer::handlerRunsInContextThread()
{
    MuxerPair pair;
    QVERIFY(pair.connect());
    QThread worker;
    QObject context;
    context.moveToThread(&worker);
    worker.start();
    std::atomic<QThread *> ranIn {nullptr};
    pair.serverSide->setRequestHandler(1, &context, [&](const QByteArray &data) {
        ranIn = QThread::currentThread();
        return data;
    });
    QSignalSpy messages(pair.serverSide, &QBiMuxer::messageReceived);
    std::atomic<QThread *> messageRanIn {nullptr};
    pair.serverSide->setMessageHandler(
        2, &context, [&](const QByteArray &) { messageRanIn = QThread::currentThread(); });

    QFuture<QByteArray> call = pair.client->rpc(1, "x");
    pair.client->send(2, "y");
    QVERIFY(waitForFinished(call));
    QCOMPARE(call.result(), QByteArray("x"));
    QCOMPARE(ranIn.load(), &worker);
    QTRY_COMPARE(messageRanIn.load(), &worker);
    QCOMPARE(messages.count(), 0);
    worker.quit();
    QVERIFY(worker.wait(10000));
}

void tst_QBiMuxer::contextDeletedByItsOwnThreadAtAnyMoment()
{
    // Handlers, reply handlers and cancel callbacks whose context lives in another thread,
    // which deletes it while frames for it are being delivered. The muxer checked a
    // QPointer and then called context->thread() or invokeMethod(context, ...): the context
    // could be freed in between (under ASan: heap-use-after-free). A race, so many rounds;
    // each deletes its context as soon as the first request reaches it, while the rest of
    // the burst is still being dispatched.
    QThread worker;
    worker.start();
    const auto stopWorker = qScopeGuard([&worker] {
        worker.quit();
        worker.wait();
    });
    MuxerPair pair;
    QVERIFY(pair.connect());
    pair.client->setRequestHandler(3, pair.client.get(),
                                   [](const QByteArray &data) { return data; });
    // Oneways that find their handler gone with its context go here, not to a warning.
    connect(pair.serverSide, &QBiMuxer::messageReceived, this, [](const QBiMuxMessage &) {});
    constexpr int Burst = 24;
    std::atomic<int> repliesToContext {0};
    QElapsedTimer elapsed;
    elapsed.start();
    int rounds = 0;
    for (; rounds < 400 && elapsed.elapsed() < 3000; ++rounds) {
        auto *context = new QObject;
        context->moveToThread(&worker);
        auto deleting = std::make_shared<std::atomic<bool>>(false);
        auto deleted = std::make_shared<std::atomic<bool>>(false);
        const auto deleteSoon = [context, deleting, deleted] {
            if (deleting->exchange(true))
                return;
            QMetaObject::invokeMethod(
                context,
                [context, deleted] {
                    delete context;
                    *deleted = true;
                },
                Qt::QueuedConnection);
        };
        auto held = std::make_shared<QList<QBiMuxRequest>>(); // only touched in the worker
        pair.serverSide->setRequestHandler(1, context, [deleteSoon](const QByteArray &data) {
            deleteSoon();
            return data;
        });
        pair.serverSide->setMessageHandler(2, context,
                                           [deleteSoon](const QByteArray &) { deleteSoon(); });
        pair.serverSide->setRequestHandler(4, context,
                                           [context, held](const QBiMuxRequest &request) {
                                               request.onCancelled(context, [] {});
                                               held->append(request);
                                           });

        QList<QFuture<QByteArray>> calls;
        QList<QFuture<QByteArray>> toCancel;
        for (int i = 0; i < Burst; ++i) {
            toCancel.append(pair.client->rpc(4, "to be cancelled"));
            calls.append(pair.client->rpc(1, "to the context"));
            pair.client->send(2, "to the context too");
            pair.serverSide->rpc(3, "back", QBiMuxCallOptions().setTimeout(10s), context,
                                 [&repliesToContext](const QByteArray &, const QBiMuxStatus &) {
                                     ++repliesToContext;
                                 });
        }
        for (QFuture<QByteArray> &call : toCancel) {
            if (!call.isFinished())
                call.cancel();
        }
        calls += toCancel;
        for (const QFuture<QByteArray> &call : std::as_const(calls))
            QVERIFY(waitForFinished(call));
        // Whatever reached the context before it went was handled, the rest was not.
        deleteSoon();
        QTRY_VERIFY(deleted->load());
        held->clear();
    }
    qInfo("%d rounds, %d replies reached a context", rounds, repliesToContext.load());
    QVERIFY(pair.client->isConnected());
}

void tst_QBiMuxer::muxerMovedToAnotherThread()
{
    // Calls into a muxer run directly in its thread and are posted from others; which
    // thread is its own has to follow moveToThread(), both ways, and so do its timers and
    // the sweeps for cancelled futures.
    QTest::failOnWarning(QRegularExpression(QStringLiteral("[Tt]imer|[Tt]hread")));
    MuxerPair pair;
    QVERIFY(pair.connect());
    pair.serverSide->setRequestHandler(1, this, [](const QByteArray &data) { return data; });
    RequestCollector unanswered(pair.serverSide); // every other route
    QThread worker;
    worker.start();
    QBiMuxer *client = pair.client.get();
    std::atomic<QThread *> handlerRanIn {nullptr};
    client->setRequestHandler(2, client, [&](const QByteArray &data) {
        handlerRanIn = QThread::currentThread();
        return data + "!";
    });
    // Pending while the muxer moves: one cancelled after, one timing out after.
    QFuture<QByteArray> acrossTheMove = client->rpc(5, "across");
    QFuture<QByteArray> timesOutAfterTheMove
        = client->rpc(6, "late", QBiMuxCallOptions().setTimeout(1500ms));
    QTRY_COMPARE(unanswered.size(), 2);
    client->moveToThread(&worker);
    // Otherwise the deadline fired in the old thread, and the move of the timer is untested.
    QVERIFY2(!timesOutAfterTheMove.isFinished(), "timed out before the move");
    QVERIFY(waitForFinished(timesOutAfterTheMove));
    QCOMPARE(errorOf(timesOutAfterTheMove).code(), QBiMux::StatusCode::DeadlineExceeded);
    acrossTheMove.cancel();
    QTRY_VERIFY(unanswered.first().isCancelled());

    // From the main thread, no longer the muxer's.
    QFuture<QByteArray> fromMain = client->rpc(1, "main");
    QVERIFY(waitForFinished(fromMain));
    QCOMPARE(fromMain.result(), QByteArray("main"));

    // Answered in the worker thread by a handler on the muxer.
    QFuture<QByteArray> toClient = pair.serverSide->rpc(2, "moved");
    QVERIFY(waitForFinished(toClient));
    QCOMPARE(toClient.result(), QByteArray("moved!"));
    QCOMPARE(handlerRanIn.load(), &worker);

    // From the muxer's new thread: a call, one that times out there, and one that its
    // caller cancels.
    QFuture<QByteArray> fromWorker;
    QFuture<QByteArray> timesOut;
    QFuture<QByteArray> cancelled;
    QMetaObject::invokeMethod(
        client,
        [&] {
            fromWorker = client->rpc(1, "worker");
            timesOut = client->rpc(3, "slow", QBiMuxCallOptions().setTimeout(50ms));
            cancelled = client->rpc(4, "cancel me");
        },
        Qt::BlockingQueuedConnection);
    QVERIFY(waitForFinished(fromWorker));
    QCOMPARE(fromWorker.result(), QByteArray("worker"));
    QVERIFY(waitForFinished(timesOut));
    QCOMPARE(errorOf(timesOut).code(), QBiMux::StatusCode::DeadlineExceeded);
    QTRY_COMPARE(unanswered.size(), 4);
    cancelled.cancel();
    QTRY_VERIFY(unanswered.last().isCancelled());

    // And back to the main thread.
    QMetaObject::invokeMethod(
        client, [&] { client->moveToThread(QCoreApplication::instance()->thread()); },
        Qt::BlockingQueuedConnection);
    QCOMPARE(client->thread(), QThread::currentThread());

    QFuture<QByteArray> back = pair.serverSide->rpc(2, "back");
    QVERIFY(waitForFinished(back));
    QCOMPARE(back.result(), QByteArray("back!"));
    QCOMPARE(handlerRanIn.load(), QThread::currentThread());
    worker.quit();
    QVERIFY(worker.wait(10000));
}

void tst_QBiMuxer::muxerMovedAwayDuringACancelSweep()
{
    // One sweep ends the cancelled calls of all the thread's muxers in turn. A call's
    // onCanceled() handler that moves a muxer later in the turn to another thread must
    // leave that muxer's calls to its new thread, or they are ended from the wrong one.
    QTest::failOnWarning(QRegularExpression(QStringLiteral("[Tt]imer|[Tt]hread")));
    MuxerPair first;
    MuxerPair moved;
    QVERIFY(first.connect());
    QVERIFY(moved.connect());
    RequestCollector firstHeld(first.serverSide);
    RequestCollector movedHeld(moved.serverSide);
    QThread worker;
    worker.start();
    QBiMuxer *movedClient = moved.client.get();
    // Also when the test fails half-way.
    const auto backAndStop = qScopeGuard([&] { bringBackAndStop(movedClient, &worker); });

    QFuture<QByteArray> firstCall = first.client->rpc(1, "first");
    QFuture<QByteArray> movedCall = movedClient->rpc(1, "moved");
    QThread *handlerRanIn = nullptr;
    QFuture<QByteArray> moving = firstCall.onCanceled([&] {
        handlerRanIn = QThread::currentThread();
        movedClient->moveToThread(&worker);
        return QByteArray();
    });
    // Both in one sweep, the first muxer's turn coming first: it started its calls first.
    // Cancelled at once, long before calls get a watcher of their own instead of sweeps.
    firstCall.cancel();
    movedCall.cancel();
    QVERIFY(waitForFinished(moving));
    QCOMPARE(handlerRanIn, QThread::currentThread()); // the sweep ran it, not cancel()
    QTRY_COMPARE(firstHeld.size(), 1);
    QTRY_COMPARE(movedHeld.size(), 1);
    QTRY_VERIFY(firstHeld.first().isCancelled());
    QTRY_VERIFY(movedHeld.first().isCancelled());
    QVERIFY(waitForFinished(movedCall));
    QVERIFY(movedCall.isCanceled());
    QCOMPARE(pendingCallCountInItsThread(movedClient), 0);
}

void tst_QBiMuxer::continuationMayMoveOrDeleteItsMuxer_data()
{
    QTest::addColumn<QString>("ending"); // how the two calls end together
    QTest::addColumn<bool>("deleteMuxer"); // or move it to a worker thread

    QTest::newRow("cancelled, moved") << QStringLiteral("cancel") << false;
    QTest::newRow("cancelled, deleted") << QStringLiteral("cancel") << true;
    QTest::newRow("timed out, moved") << QStringLiteral("timeout") << false;
    QTest::newRow("timed out, deleted") << QStringLiteral("timeout") << true;
    QTest::newRow("closed, deleted") << QStringLiteral("close") << true;
}

void tst_QBiMuxer::continuationMayMoveOrDeleteItsMuxer()
{
    // Calls that end together end one after another, each running its caller's
    // continuations. One of those may delete the muxer or move it to another thread; the
    // other call must still end, and the muxer must neither touch itself once deleted nor
    // go on working from its old thread (ASan sees the one, the warnings the other).
    QFETCH(QString, ending);
    QFETCH(bool, deleteMuxer);
    QTest::failOnWarning(QRegularExpression(QStringLiteral("[Tt]imer|[Tt]hread")));
    MuxerPair pair;
    QVERIFY(pair.connect());
    RequestCollector held(pair.serverSide);
    QThread worker;
    worker.start();
    QBiMuxer *client = pair.client.get();
    const auto backAndStop = qScopeGuard([&] { bringBackAndStop(pair.client.get(), &worker); });

    // Without ASan a muxer that goes on after its deletion may not crash; it does still
    // tell its observers about the other call, from the freed memory.
    class LateObserver : public QBiMuxObserver
    {
    public:
        void frameEvent(QBiMuxer *, const QBiMuxFrameInfo &) override { late += gone; }
        void callEvent(QBiMuxer *, const QBiMuxCallInfo &) override { late += gone; }
        bool gone = false;
        int late = 0;
    } observer;
    if (deleteMuxer) {
        client->addObserver(&observer);
        connect(client, &QObject::destroyed, this, [&observer] { observer.gone = true; });
    }
    const auto timeout = ending == QLatin1String("timeout") ? 50ms : 0ms;
    QFuture<QByteArray> firstCall
        = client->rpc(1, "first", QBiMuxCallOptions().setTimeout(timeout));
    QFuture<QByteArray> secondCall
        = client->rpc(1, "second", QBiMuxCallOptions().setTimeout(timeout));
    bool acted = false;
    const auto act = [&] {
        acted = true;
        if (deleteMuxer)
            pair.client.reset();
        else
            client->moveToThread(&worker);
        return QByteArray();
    };
    QFuture<QByteArray> acting = ending == QLatin1String("cancel")
        ? firstCall.onCanceled(act)
        : firstCall.onFailed([&](const QBiMuxError &) { return act(); });
    if (ending == QLatin1String("cancel")) {
        firstCall.cancel();
        secondCall.cancel();
    } else if (ending == QLatin1String("close")) {
        client->close();
    }
    QVERIFY(waitForFinished(acting));
    QVERIFY(acted);
    QVERIFY(waitForFinished(secondCall));
    if (ending == QLatin1String("cancel")) {
        QVERIFY(secondCall.isCanceled());
    } else {
        // Timed out with the first call, or failed by the muxer's destructor if that ran
        // before the second deadline.
        const QBiMux::StatusCode code = errorOf(secondCall).code();
        QVERIFY2(code == QBiMux::StatusCode::DeadlineExceeded
                     || code == QBiMux::StatusCode::Unavailable,
                 qPrintable(errorOf(secondCall).message()));
    }
    if (deleteMuxer) {
        QVERIFY(!pair.client);
        QCOMPARE(observer.late, 0);
        return;
    }
    // Moved: both Cancel frames reached the peer, and nothing is left pending.
    QTRY_COMPARE(held.size(), 2);
    QTRY_VERIFY(held.at(0).isCancelled() && held.at(1).isCancelled());
    QCOMPARE(pendingCallCountInItsThread(client), 0);
}

void tst_QBiMuxer::emptyAndLargePayloads()
{
    MuxerPair pair;
    QVERIFY(pair.connect());
    pair.serverSide->setRequestHandler(1, this, [](const QByteArray &data) { return data; });

    QFuture<QByteArray> empty = pair.client->rpc(1, QByteArray());
    QVERIFY(waitForFinished(empty));
    QVERIFY(empty.result().isEmpty());

    QByteArray big(16 * 1024 * 1024, Qt::Uninitialized);
    for (qsizetype i = 0; i < big.size(); ++i)
        big[i] = char(i * 7 + (i >> 12));
    QFuture<QByteArray> large = pair.client->rpc(1, big, QBiMuxCallOptions().setTimeout(60s));
    QVERIFY(waitForFinished(large, 60000));
    QCOMPARE(large.result().size(), big.size());
    QVERIFY(large.result() == big);

    QSignalSpy messages(pair.serverSide, &QBiMuxer::messageReceived);
    QVERIFY(pair.client->send(2, big));
    QVERIFY(messages.wait(60000) || messages.count() == 1);
    QVERIFY(messages.first().at(0).value<QBiMuxMessage>().data() == big);
}

void tst_QBiMuxer::tooLargeFailsWithoutSending()
{
    MuxerPair pair;
    QVERIFY(pair.connect());
    QSignalSpy requests(pair.serverSide, &QBiMuxer::requestReceived);
    pair.client->setSettings(pair.client->settings().setMaxMessageSize(1024));
    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(QStringLiteral("larger than the maximum")));

    QFuture<QByteArray> call = pair.client->rpc(1, QByteArray(4096, 'x'));
    QVERIFY(call.isFinished()); // at once, not after a round trip
    QCOMPARE(errorOf(call).code(), QBiMux::StatusCode::ResourceExhausted);
    QVERIFY(!errorOf(call).isRemote());
    QVERIFY(!pair.client->send(1, QByteArray(4096, 'x')));
    QVERIFY(pair.client->isConnected());
    QCOMPARE(requests.count(), 0);
}

void tst_QBiMuxer::replyTooLargeBecomesError()
{
    MuxerPair pair;
    QVERIFY(pair.connect());
    pair.serverSide->setSettings(pair.serverSide->settings().setMaxMessageSize(1024));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("more than the maximum")));
    pair.serverSide->setRequestHandler(1, this,
                                       [](const QByteArray &) { return QByteArray(4096, 'y'); });
    QFuture<QByteArray> call = pair.client->rpc(1, "x");
    QVERIFY(waitForFinished(call));
    QCOMPARE(errorOf(call).code(), QBiMux::StatusCode::ResourceExhausted);
    QVERIFY(errorOf(call).isRemote());
}

void tst_QBiMuxer::deadlineTravelsWithRequest()
{
    MuxerPair pair;
    QVERIFY(pair.connect());
    RequestCollector held(pair.serverSide);

    QFuture<QByteArray> withTimeout = pair.client->rpc(1, "x", QBiMuxCallOptions().setTimeout(5s));
    QFuture<QByteArray> withoutTimeout
        = pair.client->rpc(1, "x", QBiMuxCallOptions().setTimeout(0ms));
    QTRY_COMPARE(held.size(), 2);
    const qint64 remaining = held.at(0).deadline().remainingTime();
    QVERIFY2(remaining > 3000 && remaining <= 5000, QByteArray::number(remaining));
    QVERIFY(held.at(1).deadline().isForever());
    held.at(0).reply("a");
    held.at(1).reply("b");
    QVERIFY(waitForFinished(withTimeout));
    QVERIFY(waitForFinished(withoutTimeout));
}

void tst_QBiMuxer::futureEndsExactlyOnce()
{
    MuxerPair pair;
    QVERIFY(pair.connect());
    RequestCollector held(pair.serverSide);

    // Answered, then the connection drops: only the answer counts.
    int endings = 0;
    QFuture<QByteArray> call = pair.client->rpc(1, "x");
    call.then(this, [&](const QByteArray &) { ++endings; })
        .onFailed(this, [&] { ++endings; })
        .onCanceled(this, [&] { ++endings; });
    QTRY_COMPARE(held.size(), 1);
    held.first().reply("once");
    QTRY_COMPARE(endings, 1);
    pair.client->close();
    QCoreApplication::processEvents();
    QCOMPARE(endings, 1);
    QCOMPARE(call.result(), QByteArray("once"));
}

void tst_QBiMuxer::shorterTimeoutAfterLongerOneFiresOnTime()
{
    // The deadline timer is armed for the earliest deadline: a later call with a shorter
    // timeout must re-arm it, and a deadline of an answered call must not hold it up.
    MuxerPair pair;
    QVERIFY(pair.connect());
    RequestCollector held(pair.serverSide);

    QFuture<QByteArray> patient
        = pair.client->rpc(1, "patient", QBiMuxCallOptions().setTimeout(30s));
    QFuture<QByteArray> answered
        = pair.client->rpc(1, "answered", QBiMuxCallOptions().setTimeout(1000ms));
    QTRY_COMPARE(held.size(), 2);
    QVERIFY(held.at(1).reply("in time"));
    QVERIFY(waitForFinished(answered));
    // Answered, not timed out: otherwise its deadline did not outlive its call.
    QCOMPARE(answered.result(), QByteArray("in time"));

    QElapsedTimer elapsed;
    elapsed.start();
    QFuture<QByteArray> hasty
        = pair.client->rpc(1, "hasty", QBiMuxCallOptions().setTimeout(1200ms));
    QVERIFY(waitForFinished(hasty, 10000));
    QCOMPARE(errorOf(hasty).code(), QBiMux::StatusCode::DeadlineExceeded);
    QVERIFY2(elapsed.elapsed() >= 1190 && elapsed.elapsed() < 5000,
             QByteArray::number(elapsed.elapsed()).constData());
    QVERIFY(!patient.isFinished());
    QCOMPARE(pair.client->pendingCallCount(), 1);
}

void tst_QBiMuxer::timeoutBeyondTheTimersRangeWaits()
{
    // 40 days is more milliseconds than a Qt timer takes (an int): the deadline timer
    // must neither fire at once nor spin.
    QTest::failOnWarning(QRegularExpression(QStringLiteral("[Tt]imer|[Tt]hread")));
    MuxerPair pair;
    QVERIFY(pair.connect());
    RequestCollector held(pair.serverSide);
    QFuture<QByteArray> patient = pair.client->rpc(
        1, "patient", QBiMuxCallOptions().setTimeout(std::chrono::hours(24 * 40)));
    QTRY_COMPARE(held.size(), 1);
    QVERIFY(held.first().deadline().remainingTime() > std::numeric_limits<int>::max());

    QFuture<QByteArray> hasty = pair.client->rpc(1, "hasty", QBiMuxCallOptions().setTimeout(100ms));
    QVERIFY(waitForFinished(hasty, 5000));
    QCOMPARE(errorOf(hasty).code(), QBiMux::StatusCode::DeadlineExceeded);
    QVERIFY(!patient.isFinished());
    QVERIFY(held.first().reply("at last"));
    QVERIFY(waitForFinished(patient));
    QCOMPARE(patient.result(), QByteArray("at last"));
}

void tst_QBiMuxer::largestTimeoutsWaitAsLongAsTheLink()
{
    // "now + timeout" overflowed for these: the call failed at once with DeadlineExceeded.
    QTest::failOnWarning(QRegularExpression(QStringLiteral("[Tt]imer")));
    MuxerPair pair;
    QVERIFY(pair.connect());
    RequestCollector held(pair.serverSide);
    QFuture<QByteArray> endless = pair.client->rpc(
        1, "forever", QBiMuxCallOptions().setTimeout(std::chrono::milliseconds::max()));
    QFuture<QByteArray> centuries = pair.client->rpc(
        1, "centuries", QBiMuxCallOptions().setTimeout(std::chrono::hours(24 * 365 * 200)));
    QFuture<QByteArray> viaCallback;
    QByteArray callbackReply;
    pair.client->rpc(
        1, "callback", QBiMuxCallOptions().setTimeout(std::chrono::milliseconds::max()), this,
        [&callbackReply](const QByteArray &reply, const QBiMuxStatus &) { callbackReply = reply; });
    QTRY_COMPARE(held.size(), 3);
    QVERIFY(!endless.isFinished());
    QVERIFY(!centuries.isFinished());
    QVERIFY(callbackReply.isEmpty());
    // The peer hears of no timeout either.
    for (const QBiMuxRequest &request : std::as_const(held))
        QVERIFY(request.deadline().isForever());

    for (const QBiMuxRequest &request : std::as_const(held))
        QVERIFY(request.reply("at last: " + request.data()));
    QVERIFY(waitForFinished(endless));
    QCOMPARE(endless.result(), QByteArray("at last: forever"));
    QVERIFY(waitForFinished(centuries));
    QCOMPARE(centuries.result(), QByteArray("at last: centuries"));
    QTRY_COMPARE(callbackReply, QByteArray("at last: callback"));
}

void tst_QBiMuxer::timeoutFailsAndLateReplyIsDropped()
{
    MuxerPair pair;
    QVERIFY(pair.connect());
    RequestCollector held(pair.serverSide);
    QSignalSpy protocolErrors(pair.client.get(), &QBiMuxer::protocolErrorOccurred);

    QElapsedTimer elapsed;
    elapsed.start();
    QFuture<QByteArray> call = pair.client->rpc(1, "slow", QBiMuxCallOptions().setTimeout(100ms));
    QVERIFY(waitForFinished(call));
    QVERIFY(elapsed.elapsed() >= 90);
    QCOMPARE(errorOf(call).code(), QBiMux::StatusCode::DeadlineExceeded);
    QVERIFY(!errorOf(call).isRemote());
    QCOMPARE(pair.client->pendingCallCount(), 0);

    // The caller told the peer, which sees the request cancelled.
    QTRY_COMPARE(held.size(), 1);
    QTRY_VERIFY(held.first().isCancelled());

    // The callee drops its own answer to a cancelled request (a late answer from a plain
    // bimux peer, which knows no cancels, is tst_Protocol::lateResponseIsDropped).
    held.first().reply("too late");
    QFuture<QByteArray> next = pair.client->rpc(2, "next", QBiMuxCallOptions().setTimeout(5s));
    QTRY_COMPARE(held.size(), 2);
    held.last().reply("fine");
    QVERIFY(waitForFinished(next));
    QCOMPARE(next.result(), QByteArray("fine"));
    QCOMPARE(protocolErrors.count(), 0);
    QVERIFY(pair.client->isConnected());
}

// Cancels a call made by `caller` and checks that `callee`'s handler hears of it.
static void checkCancel(QBiMuxer *caller, QBiMuxer *callee, QObject *context)
{
    RequestCollector held(callee);
    QFuture<QByteArray> call = caller->rpc(1, "x");
    QTRY_COMPARE(held.size(), 1);
    bool callbackRan = false;
    held.first().onCancelled(context, [&] { callbackRan = true; });

    bool onCanceledRan = false;
    call.onCanceled(context, [&] {
        onCanceledRan = true;
        return QByteArray();
    });
    call.cancel();
    QTRY_VERIFY(call.isFinished());
    QVERIFY(call.isCanceled());
    QTRY_VERIFY(onCanceledRan);
    QTRY_VERIFY(held.first().isCancelled());
    QTRY_VERIFY(callbackRan);
    QCOMPARE(caller->pendingCallCount(), 0);
    QCOMPARE(callee->pendingRequestCount(), 0);
    // Answering a cancelled request is harmless.
    held.first().reply("nobody listens");
    QVERIFY(caller->isConnected());
}

void tst_QBiMuxer::cancelFromClientSide()
{
    MuxerPair pair;
    QVERIFY(pair.connect());
    checkCancel(pair.client.get(), pair.serverSide, this);
}

void tst_QBiMuxer::cancelFromServerSide()
{
    MuxerPair pair;
    QVERIFY(pair.connect());
    checkCancel(pair.serverSide, pair.client.get(), this);
}

void tst_QBiMuxer::cancelAgainAfterEarlierCallsEnded()
{
    // The thread's cancel sweeper lets go of a muxer once it has no calls to watch, in
    // the very sweep that finds a cancel; each later call must bring it back.
    MuxerPair pair;
    QVERIFY(pair.connect());
    for (int round = 0; round < 3; ++round) {
        checkCancel(pair.client.get(), pair.serverSide, this);
        if (QTest::currentTestFailed())
            return;
        QFuture<QByteArray> answered = pair.client->rpc(1, "x");
        RequestCollector held(pair.serverSide);
        QTRY_COMPARE(held.size(), 1);
        QVERIFY(held.first().reply("done"));
        QVERIFY(waitForFinished(answered));
    }
}

void tst_QBiMuxer::callPostedToAMuxerDestroyedFirstFails()
{
    // From another thread rpc() posts the call to the muxer's thread. If the muxer is
    // destroyed before that event runs, the call still ends: failed, not cancelled.
    MuxerPair pair;
    QVERIFY(pair.connect());
    QFuture<QByteArray> call;
    std::unique_ptr<QThread> caller(QThread::create(
        [&pair, &call] { call = pair.client->rpc(1, "x", QBiMuxCallOptions().setTimeout(5s)); }));
    caller->start();
    QVERIFY(caller->wait(10000)); // this thread's event loop has not run the posted call
    pair.client.reset();
    QVERIFY(call.isFinished());
    QBiMux::StatusCode code = QBiMux::StatusCode::Ok;
    try {
        call.waitForFinished();
    } catch (const QBiMuxError &error) {
        code = error.code();
    }
    QCOMPARE(code, QBiMux::StatusCode::Unavailable);
}

void tst_QBiMuxer::callPostedToAMuxerClosedFirstFails()
{
    // The same with a close: the posted call finds the muxer closed, and fails with the
    // reason of the close instead of being written to a closed socket.
    MuxerPair pair;
    QVERIFY(pair.connect());
    QSignalSpy requests(pair.serverSide, &QBiMuxer::requestReceived);
    QFuture<QByteArray> call;
    bool callbackRan = false;
    QBiMux::StatusCode callbackCode = QBiMux::StatusCode::Ok;
    QObject context;
    std::unique_ptr<QThread> caller(QThread::create([&] {
        call = pair.client->rpc(1, "x", QBiMuxCallOptions().setTimeout(5s));
        pair.client->rpc(1, "y", QBiMuxCallOptions().setTimeout(5s), &context,
                         [&](const QByteArray &, const QBiMuxStatus &error) {
                             callbackRan = true;
                             callbackCode = error.code();
                         });
    }));
    caller->start();
    QVERIFY(caller->wait(10000)); // this thread's event loop has not run the posted calls
    pair.client->close(QWebSocketProtocol::CloseCodeNormal, QStringLiteral("bye"));
    QVERIFY(waitForFinished(call));
    QCOMPARE(errorOf(call).code(), QBiMux::StatusCode::Unavailable);
    QVERIFY2(errorOf(call).message().contains(QLatin1String("bye")),
             qPrintable(errorOf(call).message()));
    QTRY_VERIFY(callbackRan);
    QCOMPARE(callbackCode, QBiMux::StatusCode::Unavailable);
    QCOMPARE(pair.client->pendingCallCount(), 0);
    QCOMPARE(requests.count(), 0);
}

void tst_QBiMuxer::callMadeWhileTheMuxerIsDestroyedFails()
{
    // A reply handler that retries when its call fails runs inside the muxer's
    // destructor: each retry has to end too, at once, with an error, while the muxer is
    // still there to take the next one.
    MuxerPair pair;
    QVERIFY(pair.connect());
    RequestCollector held(pair.serverSide);
    QBiMuxer *client = pair.client.get();
    constexpr int Retries = 3;
    QList<QBiMux::StatusCode> endings;
    QBiMuxer::ReplyHandler retrying = [&](const QByteArray &, const QBiMuxStatus &error) {
        endings.append(error.code());
        if (endings.size() <= Retries)
            client->rpc(1, "retry", QBiMuxCallOptions().setTimeout(30s), nullptr, retrying);
    };
    client->rpc(1, "first", QBiMuxCallOptions().setTimeout(30s), nullptr, retrying);
    QTRY_COMPARE(held.size(), 1);
    pair.client.reset();
    QCOMPARE(endings.size(), 1 + Retries);
    for (QBiMux::StatusCode code : std::as_const(endings))
        QCOMPARE(code, QBiMux::StatusCode::Unavailable);
}

void tst_QBiMuxer::cancelBeforeSendingNeverReachesPeer()
{
    MuxerPair pair;
    QVERIFY(pair.connect());
    QSignalSpy requests(pair.serverSide, &QBiMuxer::requestReceived);
    QSignalSpy messages(pair.serverSide, &QBiMuxer::messageReceived);

    // From another thread the call is queued to the muxer's thread; a cancel that comes
    // first means the request is never written.
    QFuture<QByteArray> call;
    QThread *worker = QThread::create([&] {
        call = pair.client->rpc(1, "x");
        call.cancel();
        pair.client->send(2, "marker");
    });
    worker->start();
    QVERIFY(worker->wait(10000));
    delete worker;
    QTRY_COMPARE(messages.count(), 1);
    QVERIFY(call.isFinished());
    QVERIFY(call.isCanceled());
    QCOMPARE(requests.count(), 0);
}

void tst_QBiMuxer::cancelOfLongPendingCall()
{
    // Young calls are checked for a cancel by a periodic sweep; calls that outlive it get a
    // watcher that reports the cancel at once. This call is made old on purpose.
    MuxerPair pair;
    QVERIFY(pair.connect());
    RequestCollector held(pair.serverSide);
    QFuture<QByteArray> call = pair.client->rpc(1, "x");
    QTRY_COMPARE(held.size(), 1);
    // Not a synchronization: the call has to grow old, past the 16 sweeps of 10 ms
    // (QBiMuxPendingCalls::SweepsBeforeWatcher) after which it gets a watcher.
    QTest::qWait(300);
    QVERIFY(!call.isFinished());
    call.cancel();
    QTRY_VERIFY(call.isFinished());
    QVERIFY(call.isCanceled());
    QTRY_VERIFY(held.first().isCancelled());
}

void tst_QBiMuxer::peerCancelCancelsHandlerFuture()
{
    MuxerPair pair;
    QVERIFY(pair.connect());
    QPromise<QByteArray> work;
    work.start();
    QFuture<QByteArray> workFuture = work.future();
    pair.serverSide->setRequestHandler(1, this, [&](const QBiMuxRequest &) { return workFuture; });

    QFuture<QByteArray> call = pair.client->rpc(1, "x");
    QTRY_COMPARE(pair.serverSide->pendingRequestCount(), 1);
    call.cancel();
    QTRY_VERIFY(work.isCanceled());
    work.finish();
}

void tst_QBiMuxer::disconnectFailsCallsAtOnce()
{
    MuxerPair pair;
    QVERIFY(pair.connect());
    RequestCollector held(pair.serverSide);

    QList<QFuture<QByteArray>> calls;
    for (int i = 0; i < 100; ++i)
        calls.append(
            pair.client->rpc(1, QByteArray::number(i), QBiMuxCallOptions().setTimeout(60s)));
    QTRY_COMPARE(held.size(), 100);

    QSignalSpy clientDisconnected(pair.client.get(), &QBiMuxer::disconnected);
    QElapsedTimer elapsed;
    elapsed.start();
    pair.serverSide->close(QWebSocketProtocol::CloseCodeGoingAway, QStringLiteral("maintenance"));
    QTRY_COMPARE(clientDisconnected.count(), 1);
    for (const QFuture<QByteArray> &call : std::as_const(calls)) {
        QVERIFY(call.isFinished());
        const QBiMuxStatus error = errorOf(call);
        QCOMPARE(error.code(), QBiMux::StatusCode::Unavailable);
        QVERIFY(error.message().contains(QLatin1String("maintenance")));
    }
    QVERIFY(elapsed.elapsed() < 10000);
    // The requests the server side held are cancelled: nobody can hear their answer.
    for (const QBiMuxRequest &request : std::as_const(held))
        QVERIFY(request.isCancelled());
}

void tst_QBiMuxer::rpcOnClosedMuxerFailsImmediately()
{
    MuxerPair pair;
    QVERIFY(pair.connect());
    pair.client->close();
    QCOMPARE(pair.client->state(), QBiMuxer::State::Closed);
    QFuture<QByteArray> call = pair.client->rpc(1, "x");
    QVERIFY(call.isFinished());
    QCOMPARE(errorOf(call).code(), QBiMux::StatusCode::Unavailable);
    QVERIFY(!pair.client->send(1, "x"));
}

void tst_QBiMuxer::destroyingMuxerEndsItsCalls()
{
    MuxerPair pair;
    QVERIFY(pair.connect());
    connect(pair.serverSide, &QBiMuxer::requestReceived, this, [](const QBiMuxRequest &) {});
    QSignalSpy serverClosed(pair.server.get(), &QBiMuxServer::connectionClosed);
    QFuture<QByteArray> call = pair.client->rpc(1, "x");
    pair.client.reset();
    QVERIFY(call.isFinished());
    QCOMPARE(errorOf(call).code(), QBiMux::StatusCode::Unavailable);
    QVERIFY(serverClosed.wait(10000) || serverClosed.count() == 1);
}

void tst_QBiMuxer::disconnectReasonFromPeer()
{
    MuxerPair pair;
    QVERIFY(pair.connect());
    QSignalSpy disconnected(pair.client.get(), &QBiMuxer::disconnected);
    QSignalSpy connectedChanged(pair.client.get(), &QBiMuxer::connectedChanged);
    pair.serverSide->close(QWebSocketProtocol::CloseCodeGoingAway, QStringLiteral("bye"));
    QTRY_COMPARE(disconnected.count(), 1);
    QCOMPARE(disconnected.first().at(0).value<QWebSocketProtocol::CloseCode>(),
             QWebSocketProtocol::CloseCodeGoingAway);
    QCOMPARE(disconnected.first().at(1).toString(), QStringLiteral("bye"));
    QCOMPARE(connectedChanged.count(), 1);
    QCOMPARE(connectedChanged.first().first().toBool(), false);
    QVERIFY(!pair.client->isConnected());
}

void tst_QBiMuxer::closeReportsItsOwnReason()
{
    // Found by fuzz/fuzz_muxer (fuzz/regressions/close-reports-peer): QWebSocket::close()
    // may report the disconnect synchronously, which must not pass for the peer's.
    MuxerPair pair;
    QVERIFY(pair.connect());
    QSignalSpy disconnected(pair.client.get(), &QBiMuxer::disconnected);
    QFuture<QByteArray> call = pair.client->rpc(1, "pending", QBiMuxCallOptions().setTimeout(60s));
    pair.client->close();
    QCOMPARE(disconnected.count(), 1);
    QCOMPARE(disconnected.first().at(0).value<QWebSocketProtocol::CloseCode>(),
             QWebSocketProtocol::CloseCodeNormal);
    QCOMPARE(disconnected.first().at(1).toString(), QStringLiteral("closed by this side"));
    QVERIFY(call.isFinished());
    QVERIFY(errorOf(call).message().contains(QLatin1String("closed by this side")));

    MuxerPair second;
    QVERIFY(second.connect());
    QSignalSpy serverSideGone(second.serverSide, &QBiMuxer::disconnected);
    second.serverSide->close(QWebSocketProtocol::CloseCodeGoingAway, QStringLiteral("bye"));
    QCOMPARE(serverSideGone.count(), 1);
    QCOMPARE(serverSideGone.first().at(1).toString(), QStringLiteral("bye"));
}

void tst_QBiMuxer::dialFailureEndsMuxer()
{
    // A port nobody listens on: take one from a server and close it again.
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost));
    const quint16 port = probe.serverPort();
    probe.close();

    QBiMuxer muxer;
    QSignalSpy disconnected(&muxer, &QBiMuxer::disconnected);
    // The call made while dialing is reported as never sent.
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("never sent")));
    muxer.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/mux").arg(port)));
    QFuture<QByteArray> call = muxer.rpc(1, "x");
    QVERIFY(disconnected.wait(10000) || disconnected.count() == 1);
    QCOMPARE(disconnected.first().first().value<QWebSocketProtocol::CloseCode>(),
             QWebSocketProtocol::CloseCodeAbnormalDisconnection);
    QTRY_VERIFY(call.isFinished());
    QCOMPARE(errorOf(call).code(), QBiMux::StatusCode::Unavailable);
}

void tst_QBiMuxer::openIsForAMuxerThatHasNotOpened()
{
    // A muxer dials once (QBiMuxClient dials again): open() on an open or closed one
    // warns and changes nothing.
    MuxerPair pair;
    QVERIFY(pair.connect());
    const QUrl dialed = pair.client->socket()->requestUrl();
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("has not opened yet")));
    pair.client->open(QUrl(QStringLiteral("ws://127.0.0.1:1/elsewhere")));
    QCOMPARE(pair.client->state(), QBiMuxer::State::Open);
    QCOMPARE(pair.client->socket()->requestUrl(), dialed);
    pair.client->close();
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("has not opened yet")));
    pair.client->open(dialed);
    QCOMPARE(pair.client->state(), QBiMuxer::State::Closed);
    QCOMPARE(pair.server->connectionCount(), 1); // the first connection, closing
    QTRY_COMPARE(pair.server->connectionCount(), 0);
}

void tst_QBiMuxer::framesSentWhileOpeningAreDelivered()
{
    QBiMuxServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    server.setRequestHandler(1, this, [](const QByteArray &data) { return data + "!"; });
    QSignalSpy messages(&server, &QBiMuxServer::newConnection);

    QBiMuxer client;
    client.open(server.serverUrl());
    QCOMPARE(client.state(), QBiMuxer::State::Opening);
    QFuture<QByteArray> call = client.rpc(1, "early");
    QVERIFY(waitForFinished(call));
    QCOMPARE(call.result(), QByteArray("early!"));
}

void tst_QBiMuxer::smallMaximumMessageSizeStillReadsALongHandshake()
{
    // The socket reads one frame (the maximum message size) at a time once open, not
    // before: QWebSocket reads the server's HTTP answer line by line, and a line longer
    // than the read buffer would never be complete.
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    QByteArray request;
    connect(&server, &QTcpServer::newConnection, this, [&] {
        QTcpSocket *peer = server.nextPendingConnection();
        connect(peer, &QTcpSocket::readyRead, peer, [peer, &request] {
            request += peer->readAll();
            if (!request.endsWith("\r\n\r\n"))
                return;
            QByteArray key;
            for (const QByteArray &line : request.split('\n')) {
                if (line.toLower().startsWith("sec-websocket-key:"))
                    key = line.mid(18).trimmed();
            }
            const QByteArray accept
                = QCryptographicHash::hash(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11",
                                           QCryptographicHash::Sha1)
                      .toBase64();
            peer->write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                        "Connection: Upgrade\r\nX-Padding: "
                        + QByteArray(300, 'p') + "\r\nSec-WebSocket-Accept: " + accept
                        + "\r\n\r\n");
            // Then a oneway, in a frame of its own (unmasked, from a server).
            const QByteArray oneway = RawFrames::message(1, RawFrames::Oneway, 5, "hi");
            peer->write(QByteArray(1, char(0x82)) + char(oneway.size()) + oneway);
        });
    });
    QBiMuxer client;
    client.setSettings(client.settings().setMaxMessageSize(100));
    QSignalSpy received(&client, &QBiMuxer::messageReceived);
    client.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/").arg(server.serverPort())));
    QTRY_COMPARE_WITH_TIMEOUT(received.count(), 1, 10000);
    QCOMPARE(received.first().at(0).value<QBiMuxMessage>().data(), QByteArray("hi"));
    QVERIFY(client.isConnected());
}

void tst_QBiMuxer::heartbeatDetectsSilentPeer()
{
    QBiMuxServer server;
    server.setSettings(server.settings().setHeartbeat(100ms, 400ms));
    QVERIFY(server.listen(QHostAddress::LocalHost));
    QSignalSpy accepted(&server, &QBiMuxServer::newConnection);
    QSignalSpy serverClosed(&server, &QBiMuxServer::connectionClosed);
    FaultyProxy proxy;
    QVERIFY(proxy.listen(server.serverPort()));

    QBiMuxer client;
    client.setSettings(client.settings().setHeartbeat(100ms, 400ms));
    QCOMPARE(client.settings().heartbeatInterval(), 100ms);
    QCOMPARE(client.settings().idleTimeout(), 400ms);
    QSignalSpy connected(&client, &QBiMuxer::connected);
    QSignalSpy disconnected(&client, &QBiMuxer::disconnected);
    client.open(proxy.url());
    QVERIFY(connected.wait(10000) || connected.count() == 1);
    QTRY_COMPARE(accepted.count(), 1);
    RequestCollector held(accepted.first().first().value<QBiMuxer *>());
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("no sign of life")));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("no sign of life")));

    // The link dies silently: no FIN, no RST, no close frame. Each side has to notice by
    // itself (the proxy passes on neither side's abort), each after its idle timeout.
    QFuture<QByteArray> call = client.rpc(1, "into the void", QBiMuxCallOptions().setTimeout(60s));
    QTRY_COMPARE(held.size(), 1); // the link worked up to here
    proxy.freeze();
    QElapsedTimer elapsed;
    elapsed.start();
    qint64 clientNoticed = -1;
    qint64 serverNoticed = -1;
    connect(&client, &QBiMuxer::disconnected, this, [&] { clientNoticed = elapsed.elapsed(); });
    connect(&server, &QBiMuxServer::connectionClosed, this,
            [&] { serverNoticed = elapsed.elapsed(); });
    QTRY_VERIFY_WITH_TIMEOUT(clientNoticed >= 0 && serverNoticed >= 0, 10000);
    qInfo("silence noticed after %lld ms (client) and %lld ms (server)", clientNoticed,
          serverNoticed);
    // Not before the idle timeout (400 ms, less the time since the last frame before the
    // freeze), and within it plus ample room for a loaded machine.
    for (qint64 noticed : {clientNoticed, serverNoticed})
        QVERIFY2(noticed >= 300 && noticed < 3000, QByteArray::number(noticed));
    QCOMPARE(disconnected.count(), 1);
    QCOMPARE(disconnected.first().at(0).value<QWebSocketProtocol::CloseCode>(),
             QWebSocketProtocol::CloseCodeAbnormalDisconnection);
    QVERIFY(disconnected.first().at(1).toString().contains(QLatin1String("no sign of life")));
    QVERIFY(call.isFinished());
    QCOMPARE(errorOf(call).code(), QBiMux::StatusCode::Unavailable);
    QCOMPARE(serverClosed.count(), 1);
    QCOMPARE(serverClosed.first().at(1).value<QWebSocketProtocol::CloseCode>(),
             QWebSocketProtocol::CloseCodeAbnormalDisconnection);
    QVERIFY(serverClosed.first().at(2).toString().contains(QLatin1String("no sign of life")));
    QCOMPARE(server.connectionCount(), 0);
}

void tst_QBiMuxer::heartbeatKeepsQuietLinkAlive()
{
    MuxerPair pair;
    pair.server->setSettings(pair.server->settings().setHeartbeat(50ms, 150ms));
    pair.client->setSettings(pair.client->settings().setHeartbeat(50ms, 150ms));
    QVERIFY(pair.connect());
    QSignalSpy disconnected(pair.client.get(), &QBiMuxer::disconnected);
    // Many idle timeouts pass without a single frame: pings and pongs keep the link up.
    QTest::qWait(800); // not a synchronization: time has to pass
    QCOMPARE(disconnected.count(), 0);
    QVERIFY(pair.client->isConnected());
    QVERIFY(pair.serverSide->isConnected());
}

void tst_QBiMuxer::heartbeatTakesTheLargestDurations()
{
    QTest::failOnWarning(QRegularExpression(QStringLiteral("[Tt]imer")));
    MuxerPair pair;
    QVERIFY(pair.connect());
    // "2 x interval" overflowed: the idle timeout came out as 0.
    pair.client->setSettings(
        pair.client->settings().setHeartbeat(std::chrono::milliseconds::max(), 0ms));
    QVERIFY(pair.client->settings().heartbeatInterval() >= std::chrono::hours(24 * 365 * 100));
    QVERIFY(pair.client->settings().idleTimeout() >= pair.client->settings().heartbeatInterval());
    pair.client->setSettings(
        pair.client->settings().setHeartbeat(20ms, std::chrono::milliseconds::max()));
    QCOMPARE(pair.client->settings().heartbeatInterval(), 20ms);
    QVERIFY(pair.client->settings().idleTimeout() >= std::chrono::hours(24 * 365 * 100));
    // A silent peer is pinged, and never given up on.
    pair.server->setSettings(pair.server->settings().setHeartbeat(0ms, 0ms));
    QSignalSpy disconnected(pair.client.get(), &QBiMuxer::disconnected);
    QTest::qWait(200); // not a synchronization: ticks have to pass
    QCOMPARE(disconnected.count(), 0);
    QFuture<QByteArray> call = pair.client->rpc(1, "still there?");
    QVERIFY(waitForFinished(call));
    QCOMPARE(errorOf(call).code(), QBiMux::StatusCode::Unimplemented);
}

void tst_QBiMuxer::tenThousandCallsOutOfOrder()
{
    MuxerPair pair;
    QVERIFY(pair.connect());
    constexpr int Calls = 10000;
    RequestCollector held(pair.serverSide);
    held.reserve(Calls);

    QList<QFuture<QByteArray>> calls;
    calls.reserve(Calls);
    for (int i = 0; i < Calls; ++i)
        calls.append(
            pair.client->rpc(1, QByteArray::number(i), QBiMuxCallOptions().setTimeout(120s)));
    QTRY_COMPARE_WITH_TIMEOUT(held.size(), Calls, 60000);
    QCOMPARE(pair.client->pendingCallCount(), Calls);

    std::shuffle(held.begin(), held.end(), *QRandomGenerator::global());
    for (const QBiMuxRequest &request : std::as_const(held))
        request.reply("reply-" + request.data());
    held.clear();

    QTRY_COMPARE_WITH_TIMEOUT(pair.client->pendingCallCount(), 0, 60000);
    for (int i = 0; i < Calls; ++i) {
        QVERIFY(calls.at(i).isFinished());
        QCOMPARE(calls.at(i).result(), "reply-" + QByteArray::number(i));
    }
}

void tst_QBiMuxer::callsFromWorkerThreads()
{
    MuxerPair pair;
    QVERIFY(pair.connect());
    pair.serverSide->setRequestHandler(1, this, [](const QByteArray &data) { return data; });

    constexpr int Threads = 4;
    constexpr int CallsPerThread = 500;
    std::atomic<int> matched {0};
    std::atomic<int> failed {0};
    QList<QThread *> workers;
    for (int t = 0; t < Threads; ++t) {
        workers.append(QThread::create([&, t] {
            for (int i = 0; i < CallsPerThread; ++i) {
                const QByteArray payload = QByteArray::number(t) + '/' + QByteArray::number(i);
                QFuture<QByteArray> call
                    = pair.client->rpc(1, payload, QBiMuxCallOptions().setTimeout(60s));
                call.waitForFinished();
                try {
                    (call.result() == payload ? matched : failed)++;
                } catch (...) {
                    failed++;
                }
            }
        }));
        workers.last()->start();
    }
    // The muxer's thread (this one) keeps serving while the workers block on their calls.
    QTRY_COMPARE_WITH_TIMEOUT(matched.load() + failed.load(), Threads * CallsPerThread, 60000);
    for (QThread *worker : std::as_const(workers)) {
        QVERIFY(worker->wait(10000));
        delete worker;
    }
    QCOMPARE(failed.load(), 0);
    QCOMPARE(matched.load(), Threads * CallsPerThread);
}

void tst_QBiMuxer::badInputClosesWithProtocolError_data()
{
    QTest::addColumn<QByteArray>("binary");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expectedMessagePart");

    QTest::newRow("not protobuf") << QByteArray("\xff\xff\xff\xff garbage", 13) << QString()
                                  << QStringLiteral("not a bimux Message");
    QTest::newRow("text message") << QByteArray() << QStringLiteral("hello")
                                  << QStringLiteral("text message");
    QTest::newRow("response to unknown number")
        << RawFrames::message(4242, RawFrames::Response, 1, "x") << QString()
        << QStringLiteral("never sent");
    QTest::newRow("unknown flag") << RawFrames::message(1, 11, 1, "x") << QString()
                                  << QStringLiteral("unknown flag 11");
    QTest::newRow("truncated") << RawFrames::message(1, RawFrames::Request, 1, "hello").left(8)
                               << QString() << QStringLiteral("not a bimux Message");
}

void tst_QBiMuxer::badInputClosesWithProtocolError()
{
    QFETCH(QByteArray, binary);
    QFETCH(QString, text);
    QFETCH(QString, expectedMessagePart);

    QBiMuxServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    QSignalSpy accepted(&server, &QBiMuxServer::newConnection);
    QWebSocket raw;
    QSignalSpy rawConnected(&raw, &QWebSocket::connected);
    QSignalSpy rawDisconnected(&raw, &QWebSocket::disconnected);
    raw.open(server.serverUrl());
    QVERIFY(rawConnected.wait(10000));
    QTRY_COMPARE(accepted.count(), 1);
    auto *muxer = accepted.first().first().value<QBiMuxer *>();
    QSignalSpy protocolErrors(muxer, &QBiMuxer::protocolErrorOccurred);
    QSignalSpy closed(&server, &QBiMuxServer::connectionClosed);

    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("protocol error")));
    if (text.isEmpty())
        raw.sendBinaryMessage(binary);
    else
        raw.sendTextMessage(text);

    QTRY_COMPARE(protocolErrors.count(), 1);
    QVERIFY2(protocolErrors.first().first().toString().contains(expectedMessagePart),
             qPrintable(protocolErrors.first().first().toString()));
    QTRY_COMPARE(rawDisconnected.count(), 1);
    QCOMPARE(raw.closeCode(), QWebSocketProtocol::CloseCodeProtocolError);
    QVERIFY(raw.closeReason().contains(expectedMessagePart));
    QTRY_COMPARE(closed.count(), 1);
    QCOMPARE(server.connectionCount(), 0);
}

void tst_QBiMuxer::duplicateRequestNumberIsProtocolError()
{
    QBiMuxServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    QSignalSpy accepted(&server, &QBiMuxServer::newConnection);
    QWebSocket raw;
    QSignalSpy rawConnected(&raw, &QWebSocket::connected);
    raw.open(server.serverUrl());
    QVERIFY(rawConnected.wait(10000));
    QTRY_COMPARE(accepted.count(), 1);
    auto *muxer = accepted.first().first().value<QBiMuxer *>();
    RequestCollector held(muxer);
    QSignalSpy protocolErrors(muxer, &QBiMuxer::protocolErrorOccurred);

    raw.sendBinaryMessage(RawFrames::message(5, RawFrames::Request, 1, "a"));
    QTRY_COMPARE(held.size(), 1);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("protocol error")));
    raw.sendBinaryMessage(RawFrames::message(5, RawFrames::Request, 1, "b"));
    QTRY_COMPARE(protocolErrors.count(), 1);
    QVERIFY(protocolErrors.first().first().toString().contains(QLatin1String("same number")));
}

void tst_QBiMuxer::idAndIdChanged()
{
    QBiMuxer muxer;
    QSignalSpy changed(&muxer, &QBiMuxer::idChanged);
    QVERIFY(muxer.id().isEmpty());
    muxer.setId(QStringLiteral("device-1"));
    muxer.setId(QStringLiteral("device-1"));
    QCOMPARE(muxer.id(), QStringLiteral("device-1"));
    QCOMPARE(changed.count(), 1);
    QCOMPARE(muxer.property("id").toString(), QStringLiteral("device-1"));
}

void tst_QBiMuxer::errorMessagesAreTranslated_data()
{
    QTest::addColumn<QLocale>("locale");
    QTest::addColumn<QString>("expected");
    QTest::newRow("Chinese") << QLocale(QLocale::Chinese, QLocale::China)
                             << QStringLiteral("路由 42 没有处理函数");
    QTest::newRow("German") << QLocale(QLocale::German, QLocale::Germany)
                            << QStringLiteral("kein Handler für Route 42");
}

void tst_QBiMuxer::errorMessagesAreTranslated()
{
#ifdef BIMUXQT_NO_TRANSLATIONS
    QSKIP("BiMuxQt was built without Qt's LinguistTools, so without translations");
#endif
    // The translations are embedded in the library; an application only loads them.
    QFETCH(QLocale, locale);
    QFETCH(QString, expected);
    QTranslator translator;
    QVERIFY(translator.load(locale, QStringLiteral("bimuxqt"), QStringLiteral("_"),
                            QStringLiteral(":/bimuxqt/i18n")));
    QVERIFY(QCoreApplication::installTranslator(&translator));
    const auto removeTranslator
        = qScopeGuard([&translator] { QCoreApplication::removeTranslator(&translator); });
    MuxerPair pair;
    QVERIFY(pair.connect());
    QFuture<QByteArray> call = pair.client->rpc(42, "x");
    QVERIFY(waitForFinished(call));
    QCOMPARE(errorOf(call).message(), expected);
    // The close reason the peer sees is translated too.
    QSignalSpy disconnected(pair.serverSide, &QBiMuxer::disconnected);
    pair.client.reset();
    QTRY_COMPARE(disconnected.count(), 1);
    QCOMPARE(disconnected.first().at(1).toString(),
             QCoreApplication::translate("QBiMuxer", "muxer destroyed"));
    QVERIFY(disconnected.first().at(1).toString() != QLatin1String("muxer destroyed"));
}

QTEST_MAIN(tst_QBiMuxer)
#include "tst_qbimuxer.moc"
