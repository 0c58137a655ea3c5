// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "qbimuxheartbeat_p.h"

#include "qbimuxtime_p.h"

#include <algorithm>

using namespace std::chrono_literals;

QBiMuxHeartbeat::QBiMuxHeartbeat(QObject *context, std::function<void()> ping,
                                 std::function<void()> dead)
    : m_context(context)
    , m_ping(std::move(ping))
    , m_dead(std::move(dead))
{ }

void QBiMuxHeartbeat::configure(std::chrono::milliseconds interval,
                                std::chrono::milliseconds idleTimeout)
{
    // QBiMuxSettings::setHeartbeat() has clamped both: twice the interval, and either in
    // nanoseconds, fit; the idle timeout gives a peer one interval to answer a ping.
    m_interval = interval;
    m_idleTimeout = idleTimeout;
    if (m_running) {
        stop();
        start();
    }
}

void QBiMuxHeartbeat::start()
{
    m_running = true;
    m_lastActivity = Clock::now();
    m_active = false;
    resumeTimer();
}

void QBiMuxHeartbeat::resumeTimer()
{
    if (!m_running || m_interval <= 0ms)
        return;
    // Ticking at a quarter of the idle timeout bounds how late a dead peer is noticed.
    const std::chrono::milliseconds tick = std::min(m_interval, std::max(m_idleTimeout / 4, 1ms));
    m_timer.start(QBiMuxTime::timerInterval(tick), Qt::CoarseTimer, m_context);
}

void QBiMuxHeartbeat::stop()
{
    m_running = false;
    m_timer.stop();
}

bool QBiMuxHeartbeat::handleTimer(int timerId)
{
    if (timerId != m_timer.timerId())
        return false;
    onTick();
    return true;
}

void QBiMuxHeartbeat::onTick()
{
    const Clock::time_point now = Clock::now();
    if (m_active) {
        m_active = false;
        m_lastActivity = now;
        return;
    }
    const auto silence = now - m_lastActivity;
    if (silence >= m_idleTimeout) {
        stop();
        m_dead();
    } else if (silence >= m_interval) {
        m_ping();
    }
}
