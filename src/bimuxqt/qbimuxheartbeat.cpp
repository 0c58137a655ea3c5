#include "qbimuxheartbeat_p.h"

using namespace std::chrono_literals;

QBiMuxHeartbeat::QBiMuxHeartbeat(QObject *context, std::function<void()> ping,
                                 std::function<void()> dead)
    : m_ping(std::move(ping))
    , m_dead(std::move(dead))
{
    // A child of the context moves with it to another thread; destroyed before it, it
    // leaves the context's children on its own.
    m_timer.setParent(context);
    QObject::connect(&m_timer, &QTimer::timeout, context, [this] { onTick(); });
}

void QBiMuxHeartbeat::configure(std::chrono::milliseconds interval,
                                std::chrono::milliseconds idleTimeout)
{
    m_interval = std::max(interval, 0ms);
    // A peer gets at least one interval to answer a ping.
    m_idleTimeout = std::max(idleTimeout, 2 * m_interval);
    if (m_running) {
        stop();
        start();
    }
}

void QBiMuxHeartbeat::start()
{
    m_running = true;
    if (m_interval <= 0ms)
        return;
    m_lastActivity = Clock::now();
    m_active = false;
    // Ticking at a quarter of the idle timeout bounds how late a dead peer is noticed.
    m_timer.start(std::min(m_interval, std::max(m_idleTimeout / 4, 1ms)));
}

void QBiMuxHeartbeat::stop()
{
    m_running = false;
    m_timer.stop();
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
