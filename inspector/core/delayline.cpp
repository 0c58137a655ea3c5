// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "delayline.h"

#include "monoclock.h"

namespace {
qint64 nowMs()
{
    return MonoClock::nsecs() / 1000000;
}
} // namespace

DelayLine::DelayLine(Deliver deliver, QObject *parent)
    : QObject(parent)
    , m_deliver(std::move(deliver))
{
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &DelayLine::deliverDue);
}

void DelayLine::push(Message message, quint32 delayMs)
{
    const qint64 now = nowMs();
    if (m_queue.empty() && delayMs == 0) {
        m_deliver(message);
        return;
    }
    const qint64 due = qMax(now + qint64(delayMs), m_lastDueMs);
    m_lastDueMs = due;
    m_bytes += message.binary.size() + message.text.size() * 2;
    m_queue.push_back({std::move(message), due});
    if (m_queue.size() == 1)
        schedule();
}

void DelayLine::flush()
{
    m_timer.stop();
    // A delivery may close the link, which clears the queue: take it first.
    std::deque<Queued> queue = std::exchange(m_queue, {});
    m_bytes = 0;
    for (const Queued &q : queue)
        m_deliver(q.message);
}

void DelayLine::clear()
{
    m_timer.stop();
    m_queue.clear();
    m_bytes = 0;
}

void DelayLine::deliverDue()
{
    const qint64 now = nowMs();
    while (!m_queue.empty() && m_queue.front().dueMs <= now) {
        const Message message = std::move(m_queue.front().message);
        m_queue.pop_front();
        m_bytes -= message.binary.size() + message.text.size() * 2;
        m_deliver(message);
    }
    if (!m_queue.empty())
        schedule();
}

void DelayLine::schedule()
{
    m_timer.start(
        int(qBound(qint64(0), m_queue.front().dueMs - nowMs(), qint64(24 * 3600 * 1000))));
}
