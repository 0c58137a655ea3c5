// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "qbimuxpendingcalls_p.h"

#include <QtTest/qtest.h>

using namespace std::chrono_literals;
using Clock = QBiMuxPendingCalls::Clock;

class tst_QBiMuxPendingCalls : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void takeFindsTheCallByNumber();
    void expiresInDeadlineOrderAndOnlyUpToNow();
    void answeredCallsNeverExpire();
    void staleDeadlinesStayBounded();
    void slotsAreReusedAcrossManyCalls();
    void takeAllReturnsEveryLiveCall();
    void reserveStopsAtTheLimit();
    void sweepFindsCancelledFutures();
    void sweepHandsOutLongCallsOnceForAWatcher();
    void callDroppedUnendedFailsOnce();

private:
    // A callback-form call that records its outcome in *outcome.
    static QBiMuxPendingCalls::Call callRecordingInto(QString *outcome, qint32 route = 1)
    {
        QBiMuxPendingCalls::Call call;
        call.route = route;
        call.onReply = [outcome](const QByteArray &reply, const QBiMuxStatus &error) {
            *outcome = error.code() == QBiMux::StatusCode::Ok ? QString::fromUtf8(reply)
                                                              : error.message();
        };
        return call;
    }
};

void tst_QBiMuxPendingCalls::takeFindsTheCallByNumber()
{
    // Outlives the calls, which report into it when they end.
    QString first, second;
    QBiMuxPendingCalls calls;
    calls.insert(1, callRecordingInto(&first, 10), std::nullopt);
    calls.insert(2, callRecordingInto(&second, 20), std::nullopt);
    QCOMPARE(calls.size(), 2);

    std::optional<QBiMuxPendingCalls::Call> call = calls.take(2);
    QVERIFY(call);
    QCOMPARE(call->number, 2u);
    QCOMPARE(call->route, 20);
    call->succeed("two");
    QCOMPARE(second, QStringLiteral("two"));
    QVERIFY(first.isEmpty());

    QVERIFY(!calls.take(2)); // taken once only
    QVERIFY(!calls.take(3)); // never inserted
    QCOMPARE(calls.size(), 1);
}

void tst_QBiMuxPendingCalls::expiresInDeadlineOrderAndOnlyUpToNow()
{
    // Outlives the calls, which report into it when they end.
    QString ignored;
    QBiMuxPendingCalls calls;
    const Clock::time_point t0 = Clock::now();
    // Inserted out of deadline order, as calls with different timeouts are.
    calls.insert(1, callRecordingInto(&ignored), t0 + 30ms);
    calls.insert(2, callRecordingInto(&ignored), t0 + 10ms);
    calls.insert(3, callRecordingInto(&ignored), std::nullopt); // no timeout
    calls.insert(4, callRecordingInto(&ignored), t0 + 20ms);
    calls.insert(5, callRecordingInto(&ignored), t0 + 40ms);
    QCOMPARE(calls.nextDeadline(), t0 + 10ms);

    QVERIFY(calls.takeExpired(t0 + 5ms).empty());
    std::vector<QBiMuxPendingCalls::Entry> expired = calls.takeExpired(t0 + 30ms);
    QCOMPARE(expired.size(), size_t(3));
    QCOMPARE(expired[0].first, 2u);
    QCOMPARE(expired[1].first, 4u);
    QCOMPARE(expired[2].first, 1u);
    QCOMPARE(calls.nextDeadline(), t0 + 40ms);

    QCOMPARE(calls.takeExpired(t0 + 1h).size(), size_t(1));
    QCOMPARE(calls.nextDeadline(), std::nullopt);
    QCOMPARE(calls.size(), 1); // the call without a timeout waits on
    QVERIFY(calls.take(3));
}

void tst_QBiMuxPendingCalls::answeredCallsNeverExpire()
{
    // Outlives the calls, which report into it when they end.
    QString ignored;
    QBiMuxPendingCalls calls;
    const Clock::time_point t0 = Clock::now();
    calls.insert(1, callRecordingInto(&ignored), t0 + 10ms);
    calls.insert(2, callRecordingInto(&ignored), t0 + 20ms);
    QVERIFY(calls.take(1));
    // The next deadline is the live call's, not the answered one's.
    QCOMPARE(calls.nextDeadline(), t0 + 20ms);
    QVERIFY(calls.take(2));
    QCOMPARE(calls.nextDeadline(), std::nullopt);
    QVERIFY(calls.takeExpired(t0 + 1h).empty());
}

void tst_QBiMuxPendingCalls::staleDeadlinesStayBounded()
{
    // Steady traffic: calls answered long before their deadline. Their heap entries must
    // not pile up for the 30 s of a default timeout.
    // Outlives the calls, which report into it when they end.
    QString ignored;
    QBiMuxPendingCalls calls;
    const Clock::time_point t0 = Clock::now();
    constexpr int InFlight = 128;
    for (quint64 number = 1; number <= 100000; ++number) {
        calls.insert(number, callRecordingInto(&ignored),
                     t0 + 30s + std::chrono::microseconds(number));
        if (number > InFlight)
            QVERIFY(calls.take(number - InFlight));
        // Checked on insert against the calls then pending; one take since.
        QVERIFY(size_t(calls.deadlineEntryCount())
                <= QBiMuxPendingCalls::deadlineEntryBound(calls.size() + 1));
    }
    QCOMPARE(calls.size(), InFlight);
    // The earliest live deadline, not a stale one.
    QCOMPARE(calls.nextDeadline(), t0 + 30s + std::chrono::microseconds(100000 - InFlight + 1));
    QCOMPARE(calls.takeExpired(t0 + 1h).size(), size_t(InFlight));
}

void tst_QBiMuxPendingCalls::slotsAreReusedAcrossManyCalls()
{
    // Outlives the calls, which report into it when they end.
    std::vector<QString> outcomes(64);
    QBiMuxPendingCalls calls;
    for (int round = 0; round < 100; ++round) {
        for (int i = 0; i < 64; ++i)
            calls.insert(quint64(round * 64 + i + 1), callRecordingInto(&outcomes[size_t(i)]),
                         std::nullopt);
        // Answered in reverse, so that slots come back in another order than they went.
        for (int i = 63; i >= 0; --i) {
            std::optional<QBiMuxPendingCalls::Call> call = calls.take(quint64(round * 64 + i + 1));
            QVERIFY(call);
            call->succeed(QByteArray::number(round * 64 + i + 1));
        }
        for (int i = 0; i < 64; ++i)
            QCOMPARE(outcomes[size_t(i)], QString::number(round * 64 + i + 1));
        QVERIFY(calls.isEmpty());
    }
}

void tst_QBiMuxPendingCalls::takeAllReturnsEveryLiveCall()
{
    // Outlives the calls, which report into it when they end.
    QString ignored;
    QBiMuxPendingCalls calls;
    const Clock::time_point t0 = Clock::now();
    QVERIFY(calls.reserve(10));
    QVERIFY(calls.reserve(10));
    QVERIFY(calls.reserve(10));
    calls.insert(7, callRecordingInto(&ignored), t0 + 1s);
    calls.insert(8, callRecordingInto(&ignored), std::nullopt);
    calls.insert(9, callRecordingInto(&ignored), t0 + 2s);
    QVERIFY(calls.take(8));

    std::vector<QBiMuxPendingCalls::Entry> all = calls.takeAll();
    QCOMPARE(all.size(), size_t(2));
    QSet<quint64> numbers;
    for (const auto &[number, call] : all) {
        QCOMPARE(call.number, number);
        numbers.insert(number);
    }
    QCOMPARE(numbers, (QSet<quint64> {7, 9}));
    QVERIFY(calls.isEmpty());
    QCOMPARE(calls.nextDeadline(), std::nullopt);
    // Every reservation was given back: the whole limit is free again.
    for (int i = 0; i < 10; ++i)
        QVERIFY(calls.reserve(10));
    QVERIFY(!calls.reserve(10));
}

void tst_QBiMuxPendingCalls::reserveStopsAtTheLimit()
{
    QBiMuxPendingCalls calls;
    QVERIFY(calls.reserve(2));
    QVERIFY(calls.reserve(2));
    QVERIFY(!calls.reserve(2));
    calls.release();
    QVERIFY(calls.reserve(2));
}

static QBiMuxPendingCalls::Call futureCall(QFuture<QByteArray> *future)
{
    QBiMuxPendingCalls::Call call;
    call.promise.emplace();
    call.promise->reportStarted();
    *future = call.promise->future();
    return call;
}

void tst_QBiMuxPendingCalls::sweepFindsCancelledFutures()
{
    // Outlives the calls, which report into it when they end.
    QFuture<QByteArray> first, second;
    QString ignored;
    QBiMuxPendingCalls calls;
    calls.insert(1, futureCall(&first), std::nullopt);
    calls.insert(2, futureCall(&second), std::nullopt);
    calls.insert(3, callRecordingInto(&ignored), std::nullopt); // cannot be cancelled
    QVERIFY(calls.hasCallsToWatch());

    QBiMuxPendingCalls::SweepResult swept = calls.sweep();
    QVERIFY(swept.cancelled.empty());
    QVERIFY(swept.toWatch.empty());

    second.cancel();
    swept = calls.sweep();
    QCOMPARE(swept.cancelled, std::vector<quint64> {2});
    // Reported once: the muxer takes the call, but even if it did not, it is not swept again.
    QVERIFY(calls.take(2));
    QVERIFY(calls.sweep().cancelled.empty());

    // An answered call leaves the sweep.
    std::optional<QBiMuxPendingCalls::Call> answered = calls.take(1);
    QVERIFY(answered);
    answered->succeed("done");
    calls.sweep();
    QVERIFY(!calls.hasCallsToWatch());
}

void tst_QBiMuxPendingCalls::sweepHandsOutLongCallsOnceForAWatcher()
{
    // Outlives the calls, which report into it when they end.
    QFuture<QByteArray> slow;
    QBiMuxPendingCalls calls;
    calls.insert(7, futureCall(&slow), std::nullopt);
    int handedOut = 0;
    for (int sweep = 1; sweep <= 3 * QBiMuxPendingCalls::SweepsBeforeWatcher; ++sweep) {
        const QBiMuxPendingCalls::SweepResult swept = calls.sweep();
        QVERIFY(swept.cancelled.empty());
        for (QBiMuxPendingCalls::Call *call : swept.toWatch) {
            QCOMPARE(call->number, 7u);
            QCOMPARE(sweep, QBiMuxPendingCalls::SweepsBeforeWatcher);
            ++handedOut;
        }
    }
    QCOMPARE(handedOut, 1);
    QVERIFY(!calls.hasCallsToWatch());
    // Once it has a watcher the sweep no longer looks at it, cancelled or not.
    slow.cancel();
    QVERIFY(calls.sweep().cancelled.empty());
}

void tst_QBiMuxPendingCalls::callDroppedUnendedFailsOnce()
{
    // A future whose call is dropped before it ended fails; it is not "cancelled".
    QFuture<QByteArray> future;
    {
        QBiMuxPendingCalls::Call call = futureCall(&future);
    }
    QVERIFY(future.isFinished());
    QBiMux::StatusCode code = QBiMux::StatusCode::Ok;
    try {
        future.waitForFinished();
    } catch (const QBiMuxError &error) {
        code = error.code();
    }
    QCOMPARE(code, QBiMux::StatusCode::Unavailable);

    // Moving hands the ending on: the moved-from call ends nothing, the other ends once.
    QStringList outcomes;
    {
        QBiMuxPendingCalls::Call call;
        call.onReply = [&outcomes](const QByteArray &reply, const QBiMuxStatus &error) {
            outcomes.append(error.code() == QBiMux::StatusCode::Ok ? QString::fromUtf8(reply)
                                                                   : error.message());
        };
        QBiMuxPendingCalls::Call moved(std::move(call));
        moved.succeed("answered");
    }
    QCOMPARE(outcomes, QStringList {QStringLiteral("answered")});
    {
        QBiMuxPendingCalls::Call call;
        call.onReply = [&outcomes](const QByteArray &, const QBiMuxStatus &error) {
            outcomes.append(error.message());
        };
    }
    QCOMPARE(outcomes.size(), 2);
    QCOMPARE(outcomes.last(), QStringLiteral("muxer destroyed"));
}

QTEST_GUILESS_MAIN(tst_QBiMuxPendingCalls)
#include "tst_qbimuxpendingcalls.moc"
