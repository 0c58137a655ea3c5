// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "qbimuxpendingcalls_p.h"

#include <QtCore/qcoreapplication.h>

#include <algorithm>

QBiMuxPendingCalls::Call::~Call()
{
    if (isOwed()) {
        fail(QBiMuxStatus(QBiMux::StatusCode::Unavailable,
                          QCoreApplication::translate("QBiMuxer", "muxer destroyed")));
    }
}

bool QBiMuxPendingCalls::reserve(int limit)
{
    if (m_reserved.fetch_add(1, std::memory_order_relaxed) < limit)
        return true;
    release();
    return false;
}

void QBiMuxPendingCalls::insert(quint64 number, Call &&call,
                                std::optional<Clock::time_point> deadline)
{
    call.number = number;
    // Only a future can be cancelled by its caller, so only those are swept for it.
    if (call.promise) {
        if (!m_bySweep)
            m_bySweep = std::make_unique<SweepRing>();
        (*m_bySweep)[size_t(m_newest)].push_back(number);
    }
    m_calls.insert(number, std::move(call));
    if (deadline) {
        m_deadlines.push_back(Deadline {*deadline, number});
        std::push_heap(m_deadlines.begin(), m_deadlines.end());
        if (m_deadlines.size() > deadlineEntryBound(m_calls.size()))
            compactDeadlines();
    }
}

QBiMuxPendingCalls::SweepResult QBiMuxPendingCalls::sweep()
{
    SweepResult result;
    if (!m_bySweep)
        return result;
    for (std::vector<quint64> &numbers : *m_bySweep) {
        const auto done = [this, &result](quint64 number) {
            const Call *call = m_calls.find(number);
            if (!call)
                return true; // answered, failed or timed out meanwhile
            if (!call->isCancelledByCaller())
                return false;
            result.cancelled.push_back(number);
            return true;
        };
        numbers.erase(std::remove_if(numbers.begin(), numbers.end(), done), numbers.end());
    }
    // The oldest calls get a watcher and make room for the calls of the next sweep.
    m_newest = (m_newest + 1) % SweepsBeforeWatcher;
    std::vector<quint64> &oldest = (*m_bySweep)[size_t(m_newest)];
    for (quint64 number : oldest)
        result.toWatch.push_back(m_calls.find(number));
    oldest.clear();
    return result;
}

bool QBiMuxPendingCalls::hasCallsToWatch() const
{
    return m_bySweep
        && std::any_of(m_bySweep->begin(), m_bySweep->end(),
                       [](const std::vector<quint64> &numbers) { return !numbers.empty(); });
}

std::optional<QBiMuxPendingCalls::Call> QBiMuxPendingCalls::take(quint64 number)
{
    std::optional<Call> call = m_calls.take(number);
    if (call)
        release();
    return call;
}

std::vector<QBiMuxPendingCalls::Entry> QBiMuxPendingCalls::takeExpired(Clock::time_point now)
{
    std::vector<Entry> expired;
    while (!m_deadlines.empty() && m_deadlines.front().at <= now) {
        const quint64 number = m_deadlines.front().number;
        std::pop_heap(m_deadlines.begin(), m_deadlines.end());
        m_deadlines.pop_back();
        if (std::optional<Call> call = take(number))
            expired.emplace_back(number, std::move(*call));
    }
    return expired;
}

std::vector<QBiMuxPendingCalls::Entry> QBiMuxPendingCalls::takeAll()
{
    m_reserved.fetch_sub(m_calls.size(), std::memory_order_relaxed);
    m_deadlines.clear();
    m_bySweep.reset();
    return m_calls.takeAll();
}

std::optional<QBiMuxPendingCalls::Clock::time_point> QBiMuxPendingCalls::nextDeadline()
{
    dropStaleTop();
    if (m_deadlines.empty())
        return std::nullopt;
    return m_deadlines.front().at;
}

void QBiMuxPendingCalls::dropStaleTop()
{
    while (!m_deadlines.empty() && !isLive(m_deadlines.front())) {
        std::pop_heap(m_deadlines.begin(), m_deadlines.end());
        m_deadlines.pop_back();
    }
}

void QBiMuxPendingCalls::compactDeadlines()
{
    const auto stale = [this](const Deadline &deadline) {
        return !isLive(deadline);
    };
    m_deadlines.erase(std::remove_if(m_deadlines.begin(), m_deadlines.end(), stale),
                      m_deadlines.end());
    std::make_heap(m_deadlines.begin(), m_deadlines.end());
}
