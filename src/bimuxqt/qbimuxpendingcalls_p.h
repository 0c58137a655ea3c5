// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef QBIMUXPENDINGCALLS_P_H
#define QBIMUXPENDINGCALLS_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the BiMuxQt API. It may change from version to version
// without notice, or even be removed.
//

#include "qbimuxcallreply_p.h"
#include "qbimuxerror.h"
#include "qbimuxnumbertable_p.h"

#include <array>
#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

// The muxer's outgoing calls that wait for an answer, keyed by request number, with
// their deadlines ordered so that one timer serves every call.
//
// Every call passes through here twice (insert, take), so neither allocates per call:
// the calls live in a QBiMuxNumberTable, the deadlines in a binary heap over a vector. A
// call taken before its deadline leaves its heap entry behind; stale entries are dropped
// when they reach the top, and the heap is rebuilt without them when they outnumber the
// live ones.
class QBiMuxPendingCalls
{
public:
    using Clock = std::chrono::steady_clock;

    // The reply's cancelWatcher: only calls that outlive SweepsBeforeWatcher sweeps get
    // one (see sweep()).
    struct Call : QBiMuxCallReply
    {
        Call() = default;
        explicit Call(QBiMuxCallReply &&reply)
            : QBiMuxCallReply(std::move(reply))
        { }
        Call(Call &&) noexcept = default;
        Call &operator=(Call &&) noexcept = default;
        // A call still owed an ending fails here: one whose task was posted to a muxer
        // that was destroyed before it ran. Every call ends once, and a future cancelled
        // on destruction would say so, which the caller did not do.
        ~Call();

        quint64 number = 0;
        qint32 route = 0;
        // Set only while the muxer is observed, for the latency of call events.
        Clock::time_point startedAt;
    };
    using Entry = std::pair<quint64, Call>;

    // Counts a call against `limit` from the moment rpc() is called in any thread, so that
    // calls still on their way to the muxer's thread count too. False if the limit is
    // reached. Every reservation ends with insert() (and later a take*()) or release().
    bool reserve(int limit);
    void release() { m_reserved.fetch_sub(1, std::memory_order_relaxed); }

    void insert(quint64 number, Call &&call, std::optional<Clock::time_point> deadline);
    std::optional<Call> take(quint64 number);
    // The calls whose deadline is `now` or earlier, earliest first.
    std::vector<Entry> takeExpired(Clock::time_point now);
    std::vector<Entry> takeAll();

    // A QFutureWatcher costs a QObject, a connection and its teardown, more than the rest
    // of a call together. Most calls are answered within milliseconds, so the muxer
    // sweeps periodically instead (QBiMuxCancelSweeper): each sweep returns the calls whose
    // future the caller cancelled, and the calls still pending SweepsBeforeWatcher sweeps
    // after they started, which then get a watcher and are no longer swept. The pointers
    // are valid until the next insert() or take*().
    // It pays: with a watcher for every QFuture call from the start, the caller of
    // rpc128_64 executed 17,103 instead of 11,983 instructions per call (callgrind) and spent
    // 2.78 instead of 1.50 us of CPU time per call (medians of 4 interleaved runs); the
    // sweeps themselves are 0.1% of the caller's samples (perf), and no call of that
    // shape lives long enough to get a watcher.
    static constexpr int SweepsBeforeWatcher = 16;
    struct SweepResult
    {
        std::vector<quint64> cancelled;
        std::vector<Call *> toWatch;
    };
    SweepResult sweep();
    bool hasCallsToWatch() const;

    // The earliest deadline of a call still pending. Not const: stale heap entries on top
    // are dropped on the way.
    std::optional<Clock::time_point> nextDeadline();
    int size() const { return m_calls.size(); }
    bool isEmpty() const { return m_calls.isEmpty(); }
    // Heap entries, live and stale; for tests of the bound on stale ones.
    int deadlineEntryCount() const { return int(m_deadlines.size()); }
    // The stale entries are bounded by the live calls: past this many entries, the heap
    // is rebuilt with the live ones only. The slack makes a rebuild rare enough to cost a
    // few instructions per call: with 128 calls in flight, once in ~1,400 calls.
    static constexpr size_t deadlineEntryBound(int liveCalls)
    {
        return 4 * size_t(liveCalls) + 1024;
    }

private:
    struct Deadline
    {
        Clock::time_point at;
        quint64 number;
        // Makes std::push_heap() a min-heap: the earliest deadline on top.
        bool operator<(const Deadline &other) const { return at > other.at; }
    };

    bool isLive(const Deadline &deadline) { return m_calls.contains(deadline.number); }
    void dropStaleTop();
    void compactDeadlines();

    std::atomic<int> m_reserved {0};
    QBiMuxNumberTable<Call> m_calls;
    std::vector<Deadline> m_deadlines; // a heap, see Deadline::operator<
    // Calls with a future, by the sweep they started after: (*m_bySweep)[m_newest] since
    // the last sweep, the one after it in the ring the longest ago. Made for the first
    // such call: a connection that never makes one (a server's, say) saves its 384 bytes.
    using SweepRing = std::array<std::vector<quint64>, SweepsBeforeWatcher>;
    std::unique_ptr<SweepRing> m_bySweep;
    int m_newest = 0;
};

#endif // QBIMUXPENDINGCALLS_P_H
