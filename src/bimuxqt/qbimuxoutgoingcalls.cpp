// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

// A muxer's outgoing calls and oneway messages: their admission (interceptors, limits,
// deadlines), numbering, the answers to them, and cancels (the caller's future.cancel(),
// a timeout).

#include "qbimuxoutgoingcalls_p.h"

#include "qbimuxcancelsweeper_p.h"
#include "qbimuxlogging_p.h"
#include "qbimuxtime_p.h"
#include "qbimuxwire_p.h"

#include <QtCore/qpointer.h>

#include <algorithm>

using namespace std::chrono_literals;

QBiMuxOutgoingCalls::QBiMuxOutgoingCalls(QBiMuxer *muxer, QBiMuxLifecycle &lifecycle,
                                         QBiMuxWire &wire, QBiMuxObservers &observers,
                                         QBiMuxInterception &interception)
    : m_muxer(muxer)
    , m_lifecycle(lifecycle)
    , m_wire(wire)
    , m_observers(observers)
    , m_interception(interception)
{ }

std::optional<QBiMuxStatus> QBiMuxOutgoingCalls::refuseNow(const QBiMuxCallOptions &options) const
{
    if (m_lifecycle.state() == QBiMuxer::State::Closed)
        return m_lifecycle.closedStatus();
    if (m_lifecycle.isDraining()) {
        return QBiMuxStatus(QBiMux::StatusCode::Unavailable,
                            QBiMuxer::tr("the muxer is shutting down and takes no new calls"));
    }
    if (m_wire.isCongested()) {
        return QBiMuxStatus(QBiMux::StatusCode::ResourceExhausted,
                            QBiMuxer::tr("the peer is not keeping up: more than %1 bytes wait to "
                                         "be written")
                                .arg(m_wire.highWaterMark()));
    }
    if (Q_UNLIKELY(m_lifecycle.state() == QBiMuxer::State::Opening)
        && QBiMuxCallOptionsPrivate::effectiveOfflinePolicy(options, QBiMux::OfflinePolicy::Queue)
            == QBiMux::OfflinePolicy::FailFast) {
        return QBiMuxStatus(QBiMux::StatusCode::Unavailable,
                            QBiMuxer::tr("not connected yet, and the call may not wait"));
    }
    return std::nullopt;
}

std::optional<QBiMuxStatus>
QBiMuxOutgoingCalls::refuseToEncode(const QByteArray &data, const QBiMuxCallOptions &options) const
{
    qint64 size = data.size();
    if (Q_UNLIKELY(QBiMuxCallOptionsPrivate::hasMetadata(options))) {
        const QBiMuxMetadata metadata = options.metadata();
        const QString problem = QBiMuxCallOptionsPrivate::metadataProblem(metadata);
        if (!problem.isEmpty())
            return QBiMuxStatus(QBiMux::StatusCode::InvalidArgument, problem);
        size += QBiMuxFrame::encodedSize(metadata);
    }
    if (size > m_wire.maxMessageSize() - QBiMuxFrame::MaxOverhead) {
        return QBiMuxStatus(QBiMux::StatusCode::ResourceExhausted,
                            QBiMuxer::tr("message of %1 bytes is larger than the maximum message "
                                         "size (%2)")
                                .arg(size)
                                .arg(m_wire.maxMessageSize()));
    }
    return std::nullopt;
}

bool QBiMuxOutgoingCalls::prepareMessage(qint32 route, const QByteArray &data,
                                         const QBiMuxCallOptions &options, QBiMuxFrame *frame)
{
    QBiMuxCallOptions intercepted;
    const QBiMuxCallOptions *effective = &options;
    if (Q_UNLIKELY(m_interception.isActive())) {
        intercepted = options;
        const QBiMuxStatus refusal
            = m_interception.interceptSend(m_muxer, route, data, &intercepted);
        if (!refusal.isOk()) {
            qCDebug(lcMuxer) << m_muxer << "oneway message to route" << route
                             << "refused by an interceptor:" << refusal;
            return false;
        }
        effective = &intercepted;
    }
    if (const std::optional<QBiMuxStatus> refusal = refuseNow(*effective)) {
        qCDebug(lcMuxer).noquote() << m_muxer << "oneway message not sent:" << refusal->message();
        return false;
    }
    if (const std::optional<QBiMuxStatus> refusal = refuseToEncode(data, *effective)) {
        qCWarning(lcMuxer).noquote()
            << m_muxer << "oneway message to route" << route << "not sent:" << refusal->message();
        return false;
    }
    numberFrame(frame, QBiMuxFrame::Flag::Oneway, route, data, *effective);
    return true;
}

void QBiMuxOutgoingCalls::numberFrame(QBiMuxFrame *frame, QBiMuxFrame::Flag flag, qint32 route,
                                      const QByteArray &data, const QBiMuxCallOptions &options)
{
    frame->number = takeNumber();
    frame->flag = flag;
    frame->route = route;
    frame->data = data;
    if (Q_UNLIKELY(QBiMuxCallOptionsPrivate::hasMetadata(options)))
        frame->metadata = options.metadata();
}

std::optional<QBiMuxStatus> QBiMuxOutgoingCalls::prepareCall(qint32 route, const QByteArray &data,
                                                             QBiMuxCallOptions *options,
                                                             QBiMuxFrame *frame,
                                                             QBiMuxCallBudget *budget)
{
    if (Q_UNLIKELY(m_interception.isActive())) {
        const QBiMuxStatus refusal = m_interception.interceptCall(m_muxer, route, data, options);
        if (!refusal.isOk())
            return refusal;
    }
    if (std::optional<QBiMuxStatus> refusal = refuseNow(*options))
        return refusal;
    if (std::optional<QBiMuxStatus> refusal = refuseToEncode(data, *options))
        return refusal;
    *budget = QBiMuxCallBudget::of(*options, defaultTimeout());
    if (budget->isExpired()) {
        return QBiMuxStatus(
            QBiMux::StatusCode::DeadlineExceeded,
            QBiMuxer::tr("the deadline of the call to route %1 has passed").arg(route));
    }
    if (!m_pending.reserve(m_maxPendingCalls)) {
        return QBiMuxStatus(QBiMux::StatusCode::ResourceExhausted,
                            QBiMuxer::tr("%1 calls are in flight already, the most this muxer "
                                         "allows")
                                .arg(m_maxPendingCalls.load()));
    }
    numberFrame(frame, QBiMuxFrame::Flag::Request, route, data, *options);
    return std::nullopt;
}

void QBiMuxOutgoingCalls::startCall(QBiMuxFrame &&frame, QBiMuxPendingCalls::Call &&call,
                                    const QBiMuxCallBudget &budget)
{
    const quint64 number = frame.number;
    call.route = frame.route;
    if (m_lifecycle.state() == QBiMuxer::State::Closed) {
        m_pending.release();
        call.fail(m_lifecycle.closedStatus());
        return;
    }
    // Cancelled before it left this process: the peer never hears of it.
    if (call.isCancelledByCaller()) {
        m_pending.release();
        call.finishCancelled();
        return;
    }

    const std::optional<Clock::time_point> &deadline = budget.deadline;
    if (deadline)
        frame.timeoutMs = quint32(std::clamp<qint64>(budget.timeout.count(), 1, UINT32_MAX));

    if (Q_UNLIKELY(m_observers.isObserved())) {
        call.startedAt = Clock::now();
        m_observers.notifyCall(QBiMux::Direction::Outgoing, QBiMux::CallEvent::Started, number,
                               frame.route, call.startedAt, QBiMux::StatusCode::Ok, QString(),
                               deadline ? QDeadlineTimer(*deadline)
                                        : QDeadlineTimer(QDeadlineTimer::Forever));
    }
    const bool cancellable = call.promise.has_value();
    m_pending.insert(number, std::move(call), deadline);
    // The timer need not move for a deadline after the one it is armed for, which is
    // every call's when calls share a timeout.
    if (deadline
        && !(m_deadlineTimerArmedFor && *m_deadlineTimerArmedFor <= *deadline
             && m_deadlineTimer.isActive())) {
        armDeadlineTimer();
    }
    if (cancellable && !m_swept) {
        m_swept = true;
        QBiMuxCancelSweeper::forCurrentThread()->add(m_muxer);
    }
    m_wire.writeFrame(frame);
}

namespace {
// A failed response's code from outside QBiMux::StatusCode reaches the caller as Unknown,
// with the number in the message, so that a switch over the codes sees every error.
void makeStatusKnown(QBiMuxFrame *frame)
{
    const int code = int(frame->errorCode);
    if (code >= int(QBiMux::StatusCode::Cancelled)
        && code <= int(QBiMux::StatusCode::Unauthenticated)) {
        return;
    }
    frame->errorCode = QBiMux::StatusCode::Unknown;
    frame->errorMessage = frame->errorMessage.isEmpty()
        ? QBiMuxer::tr("status code %1 from the peer").arg(code)
        : QBiMuxer::tr("status code %1 from the peer: %2").arg(code).arg(frame->errorMessage);
}
} // namespace

void QBiMuxOutgoingCalls::handleResponse(QBiMuxFrame &&frame)
{
    std::optional<QBiMuxPendingCalls::Call> call = m_pending.take(frame.number);
    if (!call) {
        // An answer that comes after its call timed out or was cancelled is normal; one to
        // a number this side never used is a broken peer.
        if (frame.number == 0 || frame.number > m_lastNumber.load()) {
            m_lifecycle.protocolError(
                QBiMuxer::tr("response to request %1, which was never sent").arg(frame.number));
        } else {
            qCDebug(lcMuxer) << m_muxer << "dropping late response to call" << frame.number;
        }
        return;
    }
    if (Q_UNLIKELY(frame.isError()))
        makeStatusKnown(&frame);
    if (Q_UNLIKELY(m_observers.isObserved())) {
        m_observers.notifyCall(
            QBiMux::Direction::Outgoing,
            frame.isError() ? QBiMux::CallEvent::Failed : QBiMux::CallEvent::Answered, frame.number,
            call->route, call->startedAt, frame.errorCode, frame.errorMessage);
    }
    if (frame.isError()) {
        call->fail(QBiMuxStatus(frame.errorCode, frame.errorMessage, QBiMuxStatus::Origin::Remote));
    } else {
        call->succeed(std::move(frame.data));
    }
    m_lifecycle.scheduleDrainCheck();
}

void QBiMuxOutgoingCalls::sendCancel(quint64 number, qint32 route)
{
    QBiMuxFrame cancel;
    cancel.number = number;
    cancel.flag = QBiMuxFrame::Flag::Cancel;
    cancel.route = route;
    m_wire.writeFrame(cancel);
}

void QBiMuxOutgoingCalls::onCancelSweep()
{
    QBiMuxPendingCalls::SweepResult result = m_pending.sweep();
    // Watchers first: ending the cancelled calls takes them out of `m_pending`, which the
    // pointers to the calls to watch point into.
    for (QBiMuxPendingCalls::Call *call : result.toWatch) {
        const quint64 number = call->number;
        // A child only to move with the muxer to another thread; the call owns it.
        call->cancelWatcher = std::make_unique<QFutureWatcher<QByteArray>>(m_muxer);
        QObject::connect(call->cancelWatcher.get(), &QFutureWatcherBase::canceled, m_muxer,
                         [this, number] { onCallCancelledByCaller(number); });
        call->cancelWatcher->setFuture(call->promise->future());
    }
    // The muxer's part for every cancelled call first, then the callers' continuations,
    // which may delete the muxer or move it to another thread.
    std::vector<QBiMuxPendingCalls::Call> cancelled;
    cancelled.reserve(result.cancelled.size());
    for (quint64 number : result.cancelled) {
        if (std::optional<QBiMuxPendingCalls::Call> call = takeCancelledCall(number))
            cancelled.push_back(std::move(*call));
    }
    if (!cancelled.empty())
        m_lifecycle.scheduleDrainCheck();
    for (QBiMuxPendingCalls::Call &call : cancelled)
        call.finishCancelled();
}

void QBiMuxOutgoingCalls::leaveCancelSweeper()
{
    if (std::exchange(m_swept, false))
        QBiMuxCancelSweeper::forCurrentThread()->remove(m_muxer);
}

void QBiMuxOutgoingCalls::onCallCancelledByCaller(quint64 number)
{
    std::optional<QBiMuxPendingCalls::Call> call = takeCancelledCall(number);
    if (!call)
        return;
    m_lifecycle.scheduleDrainCheck();
    call->finishCancelled(); // last: the caller's continuations may delete the muxer
}

std::optional<QBiMuxPendingCalls::Call> QBiMuxOutgoingCalls::takeCancelledCall(quint64 number)
{
    std::optional<QBiMuxPendingCalls::Call> call = m_pending.take(number);
    if (!call)
        return call;
    qCDebug(lcMuxer) << m_muxer << "call" << number << "cancelled by the caller";
    if (Q_UNLIKELY(m_observers.isObserved())) {
        m_observers.notifyCall(QBiMux::Direction::Outgoing, QBiMux::CallEvent::Cancelled, number,
                               call->route, call->startedAt, QBiMux::StatusCode::Cancelled);
    }
    sendCancel(number, call->route);
    return call;
}

void QBiMuxOutgoingCalls::armDeadlineTimer()
{
    const std::optional<Clock::time_point> next = m_pending.nextDeadline();
    if (!next) {
        m_deadlineTimer.stop();
        m_deadlineTimerArmedFor.reset();
        return;
    }
    // Restarting a timer costs a timer (un)registration: only do it when the earliest
    // deadline moved forward.
    if (m_deadlineTimerArmedFor && *m_deadlineTimerArmedFor <= *next && m_deadlineTimer.isActive())
        return;
    const auto wait = std::chrono::ceil<std::chrono::milliseconds>(*next - Clock::now());
    // A deadline past what a timer takes (24.8 days) fires early, finds nothing expired
    // and re-arms.
    m_deadlineTimer.start(QBiMuxTime::timerInterval(wait), Qt::CoarseTimer, m_muxer);
    m_deadlineTimerArmedFor = *next;
}

void QBiMuxOutgoingCalls::onDeadlineTimer()
{
    m_deadlineTimerArmedFor.reset();
    auto expired = m_pending.takeExpired(Clock::now());
    const auto timeoutStatus = [](qint32 route) {
        return QBiMuxStatus(QBiMux::StatusCode::DeadlineExceeded,
                            QBiMuxer::tr("no answer to route %1 within the timeout").arg(route));
    };
    for (const auto &[number, call] : expired) {
        // Tell the peer, so that it can stop working on an answer nobody waits for.
        sendCancel(number, call.route);
        if (Q_UNLIKELY(m_observers.isObserved())) {
            const QBiMuxStatus status = timeoutStatus(call.route);
            m_observers.notifyCall(QBiMux::Direction::Outgoing, QBiMux::CallEvent::TimedOut, number,
                                   call.route, call.startedAt, status.code(), status.message());
        }
    }
    armDeadlineTimer();
    if (!expired.empty())
        m_lifecycle.scheduleDrainCheck();
    // Last: the callers' continuations may delete the muxer or move it to another thread.
    for (auto &[number, call] : expired)
        call.fail(timeoutStatus(call.route));
}

bool QBiMuxOutgoingCalls::handleTimer(int timerId)
{
    if (timerId != m_deadlineTimer.timerId())
        return false;
    m_deadlineTimer.stop();
    onDeadlineTimer();
    return true;
}

void QBiMuxOutgoingCalls::stop()
{
    m_deadlineTimer.stop();
    m_deadlineTimerArmedFor.reset();
    leaveCancelSweeper();
}

void QBiMuxOutgoingCalls::suspend()
{
    m_deadlineTimer.stop();
    // Each thread sweeps its own muxers' futures for cancels.
    leaveCancelSweeper();
}

void QBiMuxOutgoingCalls::resume()
{
    armDeadlineTimer(); // stopped in the old thread, so not active: it starts again
    if (!m_swept && m_pending.hasCallsToWatch()) {
        m_swept = true;
        QBiMuxCancelSweeper::forCurrentThread()->add(m_muxer);
    }
}

bool QBiMuxOutgoingCalls::staysInSweeper()
{
    if (m_pending.hasCallsToWatch())
        return true;
    m_swept = false; // startCall() adds it again
    return false;
}
