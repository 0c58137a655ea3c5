// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef QBIMUXHEARTBEAT_P_H
#define QBIMUXHEARTBEAT_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the BiMuxQt API. It may change from version to version
// without notice, or even be removed.
//

#include <QtCore/qbasictimer.h>

#include <chrono>
#include <functional>

// Tells a live connection from one whose peer went silent without closing (half-open
// TCP: a NAT that forgot the mapping, a pulled cable). Anything received counts as a sign
// of life; after `interval` of silence it asks for one (a WebSocket ping, which every
// WebSocket peer answers, a plain bimux peer included), and after `idleTimeout` of silence
// it declares the peer dead.
class QBiMuxHeartbeat
{
public:
    using Clock = std::chrono::steady_clock;

    // The timer's events go to `context`, whose event() hands them to handleTimer().
    QBiMuxHeartbeat(QObject *context, std::function<void()> ping, std::function<void()> dead);

    // An interval of zero (or less) turns the heartbeat off.
    void configure(std::chrono::milliseconds interval, std::chrono::milliseconds idleTimeout);
    std::chrono::milliseconds interval() const { return m_interval; }
    std::chrono::milliseconds idleTimeout() const { return m_idleTimeout; }

    void start();
    void stop();
    // For the context's move to another thread: the timer stops in the old thread, in
    // QEvent::ThreadChange, and starts again in the new one if the heartbeat is running.
    void suspendTimer() { m_timer.stop(); }
    void resumeTimer();
    // Called for every message and pong: a flag, so that traffic reads no clock.
    void noteActivity() { m_active = true; }
    // True if `timerId` is the heartbeat's timer, whose tick this then was.
    bool handleTimer(int timerId);

private:
    void onTick();

    // Not a QTimer: every connection has a heartbeat, and a QBasicTimer is an int where
    // a QTimer is a QObject with a connection. Being the context's timer, it moves to
    // another thread with it.
    QObject *m_context;
    QBasicTimer m_timer;
    std::function<void()> m_ping;
    std::function<void()> m_dead;
    std::chrono::milliseconds m_interval {0};
    std::chrono::milliseconds m_idleTimeout {0};
    Clock::time_point m_lastActivity;
    bool m_active = false;
    bool m_running = false;
};

#endif // QBIMUXHEARTBEAT_P_H
