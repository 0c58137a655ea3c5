// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef QBIMUXOUTGOINGCALLS_P_H
#define QBIMUXOUTGOINGCALLS_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the BiMuxQt API. It may change from version to version
// without notice, or even be removed.
//

#include "qbimuxcalloptions_p.h"
#include "qbimuxframe_p.h"
#include "qbimuxinterceptors_p.h"
#include "qbimuxlifecycle_p.h"
#include "qbimuxobservers_p.h"
#include "qbimuxpendingcalls_p.h"

#include <QtCore/qbasictimer.h>

#include <atomic>
#include <optional>

class QBiMuxWire;

// A muxer's outgoing calls and oneway messages: whether one may go now (prepareCall(),
// prepareMessage(), in the caller's thread), the calls in flight (startCall(), in the
// muxer's), their answers, their deadlines on one timer, and cancels (the caller's
// future.cancel(), noticed by the thread's QBiMuxCancelSweeper or a watcher; a timeout).
class QBiMuxOutgoingCalls
{
public:
    using Clock = QBiMuxPendingCalls::Clock;

    QBiMuxOutgoingCalls(QBiMuxer *muxer, QBiMuxLifecycle &lifecycle, QBiMuxWire &wire,
                        QBiMuxObservers &observers, QBiMuxInterception &interception);

    // The settings; thread-safe.
    void setLimits(int maxPendingCalls, std::chrono::milliseconds defaultTimeout)
    {
        m_maxPendingCalls = maxPendingCalls;
        m_defaultTimeoutMs = defaultTimeout.count();
    }
    std::chrono::milliseconds defaultTimeout() const
    {
        return std::chrono::milliseconds(m_defaultTimeoutMs.load());
    }
    // The next number of this side's requests and oneway messages (one counter for both).
    quint64 takeNumber() { return ++m_lastNumber; }

    // Any thread. The oneway message's frame in `frame`, or false (and a log line) if it
    // may not be sent: an interceptor refused it, or refuseNow() or refuseToEncode().
    bool prepareMessage(qint32 route, const QByteArray &data, const QBiMuxCallOptions &options,
                        QBiMuxFrame *frame);
    // Any thread. Why a new outgoing call cannot be made now, or std::nullopt, in which
    // case a place among maxPendingCalls is reserved for it; on the way, interceptors may
    // change `options`, and the frame and the time budget are made.
    std::optional<QBiMuxStatus> prepareCall(qint32 route, const QByteArray &data,
                                            QBiMuxCallOptions *options, QBiMuxFrame *frame,
                                            QBiMuxCallBudget *budget);
    // In the muxer's thread, with what prepareCall() made.
    void startCall(QBiMuxFrame &&frame, QBiMuxPendingCalls::Call &&call,
                   const QBiMuxCallBudget &budget);
    void handleResponse(QBiMuxFrame &&frame);

    int size() const { return m_pending.size(); }
    bool isEmpty() const { return m_pending.isEmpty(); }
    // For the close: the calls in flight, which the caller ends.
    std::vector<QBiMuxPendingCalls::Entry> takeAll() { return m_pending.takeAll(); }

    // The deadline timer's events; false for any other timer.
    bool handleTimer(int timerId);
    // Stops the deadline timer and leaves the sweeper: when the muxer closes, and in the
    // old thread when it moves to another (then resume() in the new one).
    void stop();
    void suspend();
    void resume();

    // QBiMuxCancelSweeper's: one sweep; then whether the sweeper keeps this muxer (false
    // once no call is left to watch, and then startCall() adds it again).
    void onCancelSweep();
    bool staysInSweeper();

private:
    // Why nothing can be sent now (closed, shutting down, congested, opening and told to
    // fail fast), or std::nullopt.
    std::optional<QBiMuxStatus> refuseNow(const QBiMuxCallOptions &options) const;
    // Why `data` with `options` cannot go in a frame (too large, bad metadata), or
    // std::nullopt.
    std::optional<QBiMuxStatus> refuseToEncode(const QByteArray &data,
                                               const QBiMuxCallOptions &options) const;
    // Fills in a request's or message's frame with the next number.
    void numberFrame(QBiMuxFrame *frame, QBiMuxFrame::Flag flag, qint32 route,
                     const QByteArray &data, const QBiMuxCallOptions &options);
    void sendCancel(quint64 number, qint32 route);
    // Takes a call its caller cancelled out of the pending calls, tells the peer and
    // observers, and leaves ending it (which runs the caller's continuations) to the
    // caller of this.
    std::optional<QBiMuxPendingCalls::Call> takeCancelledCall(quint64 number);
    void onCallCancelledByCaller(quint64 number);
    // Stops the calling thread's QBiMuxCancelSweeper from sweeping this muxer.
    void leaveCancelSweeper();
    void onDeadlineTimer();
    void armDeadlineTimer();

    QBiMuxer *m_muxer;
    QBiMuxLifecycle &m_lifecycle;
    QBiMuxWire &m_wire;
    QBiMuxObservers &m_observers;
    QBiMuxInterception &m_interception;

    std::atomic<int> m_maxPendingCalls {0};
    std::atomic<qint64> m_defaultTimeoutMs {0};
    // Numbers requests and oneway messages alike.
    std::atomic<quint64> m_lastNumber {0};
    QBiMuxPendingCalls m_pending;
    // Single-shot by hand (handleTimer()). A QBasicTimer on the muxer, not a QTimer: an
    // int instead of a QObject and a connection per connection, and it moves with the
    // muxer to another thread.
    QBasicTimer m_deadlineTimer;
    std::optional<Clock::time_point> m_deadlineTimerArmedFor;
    // A future.cancel() of a call younger than QBiMuxPendingCalls::SweepsBeforeWatcher
    // sweeps of the thread's QBiMuxCancelSweeper is noticed by the next sweep, of an older
    // one at once (QBiMuxPendingCalls::sweep()).
    // Whether the thread's QBiMuxCancelSweeper sweeps this muxer: set by startCall(),
    // cleared by the sweeper when it lets go, so that a call costs no sweeper lookup.
    bool m_swept = false;
};

#endif // QBIMUXOUTGOINGCALLS_P_H
