#include "qbimuxpendingcalls_p.h"

#include <algorithm>

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
    Q_ASSERT(number != 0 && !find(number));
    call.number = number;
    // Only a future can be cancelled by its caller, so only those are swept for it.
    if (call.promise)
        m_fresh.push_back(number);
    if (m_ring.empty())
        m_ring.resize(InitialRingSize);
    Call &place = m_ring[number & (m_ring.size() - 1)];
    if (place.number == 0) {
        place = std::move(call);
    } else {
        m_overflow.emplace(number, std::move(call));
        if (m_overflow.size() > m_ring.size() / 8 && m_ring.size() < MaxRingSize)
            growRing();
    }
    ++m_size;
    if (deadline) {
        m_deadlines.push_back(Deadline {*deadline, number});
        std::push_heap(m_deadlines.begin(), m_deadlines.end());
        // Bounds the stale entries by the live ones; the slack keeps a handful of calls
        // from rebuilding the heap every few inserts.
        if (m_deadlines.size() > 2 * size_t(m_size) + 256)
            compactDeadlines();
    }
}

QBiMuxPendingCalls::Call *QBiMuxPendingCalls::find(quint64 number)
{
    if (m_ring.empty())
        return nullptr;
    Call &place = m_ring[number & (m_ring.size() - 1)];
    if (place.number == number)
        return &place;
    if (m_overflow.empty())
        return nullptr;
    const auto it = m_overflow.find(number);
    return it == m_overflow.end() ? nullptr : &it->second;
}

void QBiMuxPendingCalls::growRing()
{
    std::vector<Call> old = std::exchange(m_ring, std::vector<Call>(m_ring.size() * 2));
    std::unordered_map<quint64, Call> overflow = std::exchange(m_overflow, {});
    const auto rehome = [this](Call &&call) {
        Call &place = m_ring[call.number & (m_ring.size() - 1)];
        if (place.number == 0)
            place = std::move(call);
        else
            m_overflow.emplace(call.number, std::move(call));
    };
    for (Call &call : old) {
        if (call.number != 0)
            rehome(std::move(call));
    }
    for (auto &[number, call] : overflow)
        rehome(std::move(call));
}

std::vector<QBiMuxPendingCalls::Call *> QBiMuxPendingCalls::takeCallsToWatch()
{
    std::vector<Call *> calls;
    for (quint64 number : m_aging) {
        if (Call *call = find(number))
            calls.push_back(call);
    }
    m_aging.clear();
    m_aging.swap(m_fresh);
    return calls;
}

std::optional<QBiMuxPendingCalls::Call> QBiMuxPendingCalls::take(quint64 number)
{
    std::optional<Call> call;
    if (m_ring.empty())
        return call;
    Call &place = m_ring[number & (m_ring.size() - 1)];
    if (place.number == number) {
        call.emplace(std::move(place));
        place.number = 0;
    } else if (!m_overflow.empty()) {
        const auto it = m_overflow.find(number);
        if (it == m_overflow.end())
            return call;
        call.emplace(std::move(it->second));
        m_overflow.erase(it);
    } else {
        return call;
    }
    --m_size;
    release();
    if (m_size == 0 && m_ring.size() > KeptRingSize) // a burst is over: give its memory back
        std::vector<Call>().swap(m_ring);
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
    std::vector<Entry> all;
    all.reserve(size_t(m_size));
    for (Call &call : m_ring) {
        if (call.number != 0)
            all.emplace_back(call.number, std::move(call));
    }
    for (auto &[number, call] : m_overflow)
        all.emplace_back(number, std::move(call));
    m_reserved.fetch_sub(m_size, std::memory_order_relaxed);
    m_size = 0;
    m_ring.clear();
    m_overflow.clear();
    m_deadlines.clear();
    m_fresh.clear();
    m_aging.clear();
    return all;
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
