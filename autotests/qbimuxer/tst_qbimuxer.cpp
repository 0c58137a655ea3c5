#include "faultyproxy.h"
#include "muxerpair.h"
#include "rawframes.h"

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
    void onewayBothDirections();
    void onewayHandlerTakesPrecedenceOverSignal();
    void requestSignalWithLaterReply();
    void futureReturningHandler();
    void remoteErrorIsTyped();
    void handlerThrowingAnswersWithError();
    void droppedRequestAnswersByItself();
    void unknownRouteFails();
    void handlerGoneWithItsContext();
    void handlerRunsInContextThread();
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
    void cancelFromClientSide();
    void cancelFromServerSide();
    void cancelAgainAfterEarlierCallsEnded();
    void callPostedToAMuxerDestroyedFirstFails();
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
    void framesSentWhileOpeningAreDelivered();
    void heartbeatDetectsSilentPeer();
    void heartbeatKeepsQuietLinkAlive();

    // Load and threads
    void tenThousandCallsOutOfOrder();
    void callsFromWorkerThreads();

    // Bad input from the wire
    void badInputClosesWithProtocolError_data();
    void badInputClosesWithProtocolError();
    void duplicateRequestNumberIsProtocolError();

    void idAndIdChanged();
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

    // Answered: the reply with an Ok error, once, in the context's thread.
    QList<std::pair<QByteArray, QBiMuxError>> outcomes;
    QObject context;
    auto record = [&outcomes, &context](const QByteArray &reply, const QBiMuxError &error) {
        QCOMPARE(QThread::currentThread(), context.thread());
        outcomes.append({reply, error});
    };
    pair.client->rpc(1, "hi", 5s, &context, record);
    QTRY_COMPARE(outcomes.size(), 1);
    QCOMPARE(outcomes.at(0).first, QByteArray("hi!"));
    QCOMPARE(outcomes.at(0).second.code(), QBiMux::StatusCode::Ok);

    // Failed: an empty reply and the error, locally (too large, refused at once but
    // reported from the event loop) and from the peer (no handler).
    pair.client->setMaxMessageSize(1024);
    pair.client->rpc(1, QByteArray(4096, 'x'), 5s, &context, record);
    QCOMPARE(outcomes.size(), 1);
    pair.client->rpc(2, "nobody", 5s, &context, record);
    QTRY_COMPARE(outcomes.size(), 3);
    QCOMPARE(outcomes.at(1).second.code(), QBiMux::StatusCode::ResourceExhausted);
    QCOMPARE(outcomes.at(2).second.code(), QBiMux::StatusCode::Unimplemented);
    QVERIFY(outcomes.at(2).first.isEmpty());

    // Timed out, and ended by a disconnect: still exactly once each.
    RequestCollector held(pair.serverSide);
    pair.client->rpc(3, "slow", 50ms, &context, record);
    pair.client->rpc(3, "lost", 0ms, nullptr, record);
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
    second.client->rpc(1, "x", 5s, shortLived,
                       [&ran](const QByteArray &, const QBiMuxError &) { ran = true; });
    QTRY_COMPARE(collector.size(), 1);
    delete shortLived;
    collector.first().reply("late");
    QTRY_COMPARE(second.client->pendingCallCount(), 0);
    QVERIFY(!ran);
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
    QCOMPARE(atServer.first().at(0).toInt(), 7);
    QCOMPARE(atServer.first().at(1).toByteArray(), QByteArray("up"));
    QCOMPARE(atClient.first().at(0).toInt(), 8);
    QCOMPARE(atClient.first().at(1).toByteArray(), QByteArray("down"));
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
    QCOMPARE(signal.first().at(0).toInt(), 4);

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
    const QBiMuxError error = errorOf(call);
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

void tst_QBiMuxer::handlerThrowingAnswersWithError()
{
    MuxerPair pair;
    QVERIFY(pair.connect());
    pair.serverSide->setRequestHandler(1, this, [](const QByteArray &) -> QByteArray {
        throw QBiMuxError(QBiMux::StatusCode::InvalidArgument, QStringLiteral("bad input"));
    });
    pair.serverSide->setRequestHandler(
        2, this, [](const QByteArray &) -> QByteArray { throw std::runtime_error("boom"); });

    QFuture<QByteArray> typed = pair.client->rpc(1, "x");
    QFuture<QByteArray> untyped = pair.client->rpc(2, "x");
    QVERIFY(waitForFinished(typed));
    QVERIFY(waitForFinished(untyped));
    QCOMPARE(errorOf(typed).code(), QBiMux::StatusCode::InvalidArgument);
    QCOMPARE(errorOf(untyped).code(), QBiMux::StatusCode::Internal);
    QCOMPARE(errorOf(untyped).message(), QStringLiteral("boom"));
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
    QFuture<QByteArray> call = pair.client->rpc(1, "x", 60s);
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
    const QBiMuxError error = errorOf(call);
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
    QFuture<QByteArray> timesOutAfterTheMove = client->rpc(6, "late", 300ms);
    QTRY_COMPARE(unanswered.size(), 2);
    client->moveToThread(&worker);
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
            timesOut = client->rpc(3, "slow", 50ms);
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

    const auto timeout = ending == QLatin1String("timeout") ? 50ms : 0ms;
    QFuture<QByteArray> firstCall = client->rpc(1, "first", timeout);
    QFuture<QByteArray> secondCall = client->rpc(1, "second", timeout);
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
    if (deleteMuxer)
        return;
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
    QFuture<QByteArray> large = pair.client->rpc(1, big, 60s);
    QVERIFY(waitForFinished(large, 60000));
    QCOMPARE(large.result().size(), big.size());
    QVERIFY(large.result() == big);

    QSignalSpy messages(pair.serverSide, &QBiMuxer::messageReceived);
    QVERIFY(pair.client->send(2, big));
    QVERIFY(messages.wait(60000) || messages.count() == 1);
    QVERIFY(messages.first().at(1).toByteArray() == big);
}

void tst_QBiMuxer::tooLargeFailsWithoutSending()
{
    MuxerPair pair;
    QVERIFY(pair.connect());
    QSignalSpy requests(pair.serverSide, &QBiMuxer::requestReceived);
    pair.client->setMaxMessageSize(1024);
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
    pair.serverSide->setMaxMessageSize(1024);
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

    QFuture<QByteArray> withTimeout = pair.client->rpc(1, "x", 5s);
    QFuture<QByteArray> withoutTimeout = pair.client->rpc(1, "x", 0ms);
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

    QFuture<QByteArray> patient = pair.client->rpc(1, "patient", 30s);
    QFuture<QByteArray> answered = pair.client->rpc(1, "answered", 200ms);
    QTRY_COMPARE(held.size(), 2);
    QVERIFY(held.at(1).reply("in time"));
    QVERIFY(waitForFinished(answered));

    QElapsedTimer elapsed;
    elapsed.start();
    QFuture<QByteArray> hasty = pair.client->rpc(1, "hasty", 400ms);
    QVERIFY(waitForFinished(hasty, 5000));
    QCOMPARE(errorOf(hasty).code(), QBiMux::StatusCode::DeadlineExceeded);
    QVERIFY2(elapsed.elapsed() >= 390 && elapsed.elapsed() < 3000,
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
    QFuture<QByteArray> patient = pair.client->rpc(1, "patient", std::chrono::hours(24 * 40));
    QTRY_COMPARE(held.size(), 1);
    QVERIFY(held.first().deadline().remainingTime() > std::numeric_limits<int>::max());

    QFuture<QByteArray> hasty = pair.client->rpc(1, "hasty", 100ms);
    QVERIFY(waitForFinished(hasty, 5000));
    QCOMPARE(errorOf(hasty).code(), QBiMux::StatusCode::DeadlineExceeded);
    QVERIFY(!patient.isFinished());
    QVERIFY(held.first().reply("at last"));
    QVERIFY(waitForFinished(patient));
    QCOMPARE(patient.result(), QByteArray("at last"));
}

void tst_QBiMuxer::timeoutFailsAndLateReplyIsDropped()
{
    MuxerPair pair;
    QVERIFY(pair.connect());
    RequestCollector held(pair.serverSide);
    QSignalSpy protocolErrors(pair.client.get(), &QBiMuxer::protocolErrorOccurred);

    QElapsedTimer elapsed;
    elapsed.start();
    QFuture<QByteArray> call = pair.client->rpc(1, "slow", 100ms);
    QVERIFY(waitForFinished(call));
    QVERIFY(elapsed.elapsed() >= 90);
    QCOMPARE(errorOf(call).code(), QBiMux::StatusCode::DeadlineExceeded);
    QVERIFY(!errorOf(call).isRemote());
    QCOMPARE(pair.client->pendingCallCount(), 0);

    // The caller told the peer, which sees the request cancelled.
    QTRY_COMPARE(held.size(), 1);
    QTRY_VERIFY(held.first().isCancelled());

    // A late answer (a plain bimux peer does not know about cancels) is dropped quietly.
    held.first().reply("too late");
    QFuture<QByteArray> next = pair.client->rpc(2, "next", 5s);
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
    std::unique_ptr<QThread> caller(
        QThread::create([&pair, &call] { call = pair.client->rpc(1, "x", 5s); }));
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
    QBiMuxer::ReplyHandler retrying = [&](const QByteArray &, const QBiMuxError &error) {
        endings.append(error.code());
        if (endings.size() <= Retries)
            client->rpc(1, "retry", 30s, nullptr, retrying);
    };
    client->rpc(1, "first", 30s, nullptr, retrying);
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
        calls.append(pair.client->rpc(1, QByteArray::number(i), 60s));
    QTRY_COMPARE(held.size(), 100);

    QSignalSpy clientDisconnected(pair.client.get(), &QBiMuxer::disconnected);
    QElapsedTimer elapsed;
    elapsed.start();
    pair.serverSide->close(QWebSocketProtocol::CloseCodeGoingAway, QStringLiteral("maintenance"));
    QTRY_COMPARE(clientDisconnected.count(), 1);
    for (const QFuture<QByteArray> &call : std::as_const(calls)) {
        QVERIFY(call.isFinished());
        const QBiMuxError error = errorOf(call);
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
    QFuture<QByteArray> call = pair.client->rpc(1, "pending", 60s);
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

void tst_QBiMuxer::heartbeatDetectsSilentPeer()
{
    QBiMuxServer server;
    server.setHeartbeat(100ms, 400ms);
    QVERIFY(server.listen(QHostAddress::LocalHost));
    QSignalSpy accepted(&server, &QBiMuxServer::newConnection);
    QSignalSpy serverClosed(&server, &QBiMuxServer::connectionClosed);
    FaultyProxy proxy;
    QVERIFY(proxy.listen(server.serverPort()));

    QBiMuxer client;
    client.setHeartbeat(100ms, 400ms);
    QCOMPARE(client.heartbeatInterval(), 100ms);
    QCOMPARE(client.idleTimeout(), 400ms);
    QSignalSpy connected(&client, &QBiMuxer::connected);
    QSignalSpy disconnected(&client, &QBiMuxer::disconnected);
    client.open(proxy.url());
    QVERIFY(connected.wait(10000) || connected.count() == 1);
    QTRY_COMPARE(accepted.count(), 1);
    connect(accepted.first().first().value<QBiMuxer *>(), &QBiMuxer::requestReceived, this,
            [](const QBiMuxRequest &) {});
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("no sign of life")));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("no sign of life")));

    // The link dies silently: no FIN, no RST, no close frame.
    QFuture<QByteArray> call = client.rpc(1, "into the void", 60s);
    proxy.freeze();
    QElapsedTimer elapsed;
    elapsed.start();
    QTRY_COMPARE_WITH_TIMEOUT(disconnected.count(), 1, 5000);
    QVERIFY2(elapsed.elapsed() < 1500, QByteArray::number(elapsed.elapsed()));
    QCOMPARE(disconnected.first().at(0).value<QWebSocketProtocol::CloseCode>(),
             QWebSocketProtocol::CloseCodeAbnormalDisconnection);
    QVERIFY(disconnected.first().at(1).toString().contains(QLatin1String("no sign of life")));
    QVERIFY(call.isFinished());
    QCOMPARE(errorOf(call).code(), QBiMux::StatusCode::Unavailable);
    // The server notices too, and lets go of the connection.
    QTRY_COMPARE_WITH_TIMEOUT(serverClosed.count(), 1, 5000);
    QCOMPARE(server.connectionCount(), 0);
}

void tst_QBiMuxer::heartbeatKeepsQuietLinkAlive()
{
    MuxerPair pair;
    pair.server->setHeartbeat(50ms, 150ms);
    pair.client->setHeartbeat(50ms, 150ms);
    QVERIFY(pair.connect());
    QSignalSpy disconnected(pair.client.get(), &QBiMuxer::disconnected);
    // Many idle timeouts pass without a single frame: pings and pongs keep the link up.
    QTest::qWait(800); // not a synchronization: time has to pass
    QCOMPARE(disconnected.count(), 0);
    QVERIFY(pair.client->isConnected());
    QVERIFY(pair.serverSide->isConnected());
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
        calls.append(pair.client->rpc(1, QByteArray::number(i), 120s));
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
                QFuture<QByteArray> call = pair.client->rpc(1, payload, 60s);
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

void tst_QBiMuxer::errorMessagesAreTranslated()
{
    // The translations are embedded in the library; an application only loads them.
    QTranslator translator;
    QVERIFY(translator.load(QLocale(QLocale::Chinese, QLocale::China), QStringLiteral("bimuxqt"),
                            QStringLiteral("_"), QStringLiteral(":/bimuxqt/i18n")));
    QVERIFY(QCoreApplication::installTranslator(&translator));
    MuxerPair pair;
    QVERIFY(pair.connect());
    QFuture<QByteArray> call = pair.client->rpc(42, "x");
    QVERIFY(waitForFinished(call));
    QCoreApplication::removeTranslator(&translator);
    QCOMPARE(errorOf(call).message(), QStringLiteral("路由 42 没有处理函数"));
}

QTEST_MAIN(tst_QBiMuxer)
#include "tst_qbimuxer.moc"
