// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef QBIMUXLIFECYCLE_P_H
#define QBIMUXLIFECYCLE_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the BiMuxQt API. It may change from version to version
// without notice, or even be removed.
//

#include "qbimuxer.h"
#include "qbimuxstatus.h"

#include <QtCore/qmutex.h>

#include <atomic>
#include <chrono>
#include <functional>

// Where a muxer is in its life (opening, open, closed), why it closed, and its graceful
// shutdown (QBiMuxer::shutdown()): the other parts ask it whether they may still work,
// and tell it when work ended, so that a draining muxer closes once it is idle. What a
// close ends is QBiMuxerPrivate::teardown()'s, which holds every part.
class QBiMuxLifecycle
{
public:
    using Clock = std::chrono::steady_clock;
    using State = QBiMuxer::State;

    // `isIdle` says whether nothing is in flight either way; asked from the event loop,
    // and only while draining.
    QBiMuxLifecycle(QBiMuxer *muxer, std::function<bool()> isIdle);

    // Thread-safe.
    State state() const { return m_state; }
    bool isOpen() const { return m_state == State::Open; }
    bool isClosed() const { return m_state == State::Closed; }
    void setState(State state) { m_state = state; }
    // Closes, keeping `reason` for closedStatus(); returns the state before (Closed if it
    // was closed already, in which case nothing changes).
    State markClosed(const QString &reason);
    // The error of calls made after the close. Thread-safe.
    QBiMuxStatus closedStatus() const;

    // Thread-safe.
    bool isDraining() const { return m_draining; }
    const QString &drainReason() const { return m_drainReason; }
    // Starts the drain: the muxer closes once idle, or after `drainTimeout` (zero or less:
    // at the next turn of the event loop; QBiMuxTime::Forever or more: never). False if
    // closed or draining already.
    bool startDrain(std::chrono::milliseconds drainTimeout, const QString &reason);
    // Called whenever a call, request or stream ended: while draining, checks from the
    // event loop whether the muxer is idle now, and closes it if so.
    void scheduleDrainCheck()
    {
        if (Q_LIKELY(!m_draining) || m_drainCheckScheduled)
            return;
        queueDrainCheck();
    }

    // Bad input from the peer: emits protocolErrorOccurred() and closes.
    void protocolError(const QString &message);

    // Set first thing in ~QBiMuxer(), whose close() runs the handlers of failing calls.
    bool isDestroying() const { return m_destroying; }
    void setDestroying() { m_destroying = true; }

private:
    void armDrainTimer(Clock::time_point deadline);
    void queueDrainCheck();

    QBiMuxer *m_muxer;
    std::function<bool()> m_isIdle;
    std::atomic<State> m_state {State::Opening};
    std::atomic<bool> m_draining {false};
    bool m_drainCheckScheduled = false;
    bool m_destroying = false;
    QString m_drainReason;
    // Guards m_closeReason, which other threads read (closedStatus()).
    mutable QMutex m_mutex;
    QString m_closeReason;
};

#endif // QBIMUXLIFECYCLE_P_H
