#include "qbimuxpendingcalls_p.h"

void QBiMuxPendingCalls::Call::succeed(const QByteArray &data)
{
    if (!promise) {
        static const QBiMuxError ok(QBiMux::StatusCode::Ok, QString());
        onReply(data, ok);
        return;
    }
    cancelWatcher.reset();
    promise->addResult(data);
    promise->finish();
}

void QBiMuxPendingCalls::Call::fail(const QBiMuxError &error)
{
    if (!promise) {
        onReply(QByteArray(), error);
        return;
    }
    cancelWatcher.reset();
    promise->setException(error);
    promise->finish();
}

void QBiMuxPendingCalls::Call::finishCancelled()
{
    if (!promise) // the callback form cannot be cancelled by its caller
        return;
    cancelWatcher.reset();
    // The future is already in the canceled state; finishing it runs onCanceled() handlers.
    promise->finish();
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
    if (deadline)
        call.deadline = m_deadlines.emplace(*deadline, number);
    // Only a future can be cancelled by its caller, so only those are swept for it.
    if (call.promise)
        m_fresh.push_back(number);
    m_calls.emplace(number, std::move(call));
}

std::vector<QBiMuxPendingCalls::Call *> QBiMuxPendingCalls::takeCallsToWatch()
{
    std::vector<Call *> calls;
    for (quint64 number : m_aging) {
        const auto it = m_calls.find(number);
        if (it != m_calls.end())
            calls.push_back(&it->second);
    }
    m_aging.clear();
    m_aging.swap(m_fresh);
    return calls;
}

std::optional<QBiMuxPendingCalls::Call> QBiMuxPendingCalls::take(quint64 number)
{
    const auto it = m_calls.find(number);
    if (it == m_calls.end())
        return std::nullopt;
    std::optional<Call> call(std::move(it->second));
    m_calls.erase(it);
    release();
    if (call->deadline)
        m_deadlines.erase(*call->deadline);
    return call;
}

std::vector<QBiMuxPendingCalls::Entry> QBiMuxPendingCalls::takeExpired(Clock::time_point now)
{
    std::vector<Entry> expired;
    while (!m_deadlines.empty() && m_deadlines.begin()->first <= now) {
        const quint64 number = m_deadlines.begin()->second;
        expired.emplace_back(number, std::move(*take(number)));
    }
    return expired;
}

std::vector<QBiMuxPendingCalls::Entry> QBiMuxPendingCalls::takeAll()
{
    std::vector<Entry> all;
    all.reserve(m_calls.size());
    for (auto &[number, call] : m_calls) {
        call.deadline.reset();
        all.emplace_back(number, std::move(call));
    }
    m_reserved.fetch_sub(int(m_calls.size()), std::memory_order_relaxed);
    m_calls.clear();
    m_deadlines.clear();
    m_fresh.clear();
    m_aging.clear();
    return all;
}

std::optional<QBiMuxPendingCalls::Clock::time_point> QBiMuxPendingCalls::nextDeadline() const
{
    if (m_deadlines.empty())
        return std::nullopt;
    return m_deadlines.begin()->first;
}
