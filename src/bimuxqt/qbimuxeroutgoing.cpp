// QBiMuxerPrivate's outgoing part: calls and oneway messages this side makes, their
// numbering, limits and deadlines, the answers to them, and cancels (the caller's
// future.cancel(), a timeout).

#include "qbimuxer_p.h"

#include "qbimuxcancelsweeper_p.h"
#include "qbimuxlogging_p.h"

#include <QtCore/qpointer.h>

using namespace std::chrono_literals;

std::optional<QBiMuxStatus> QBiMuxerPrivate::refuseNow(const QBiMuxCallOptions &options) const
{
    if (lifecycle.state() == QBiMuxer::State::Closed)
        return lifecycle.closedStatus();
    if (lifecycle.isDraining()) {
        return QBiMuxStatus(QBiMux::StatusCode::Unavailable,
                            QBiMuxer::tr("the muxer is shutting down and takes no new calls"));
    }
    if (wire.isCongested()) {
        return QBiMuxStatus(QBiMux::StatusCode::ResourceExhausted,
                            QBiMuxer::tr("the peer is not keeping up: more than %1 bytes wait to "
                                         "be written")
                                .arg(wire.highWaterMark()));
    }
    if (Q_UNLIKELY(lifecycle.state() == QBiMuxer::State::Opening)
        && QBiMuxCallOptionsPrivate::effectiveOfflinePolicy(options, QBiMux::OfflinePolicy::Queue)
            == QBiMux::OfflinePolicy::FailFast) {
        return QBiMuxStatus(QBiMux::StatusCode::Unavailable,
                            QBiMuxer::tr("not connected yet, and the call may not wait"));
    }
    return std::nullopt;
}

std::optional<QBiMuxStatus> QBiMuxerPrivate::refuseToEncode(const QByteArray &data,
                                                            const QBiMuxCallOptions &options) const
{
    qint64 size = data.size();
    if (Q_UNLIKELY(QBiMuxCallOptionsPrivate::hasMetadata(options))) {
        const QBiMuxMetadata metadata = options.metadata();
        const QString problem = QBiMuxCallOptionsPrivate::metadataProblem(metadata);
        if (!problem.isEmpty())
            return QBiMuxStatus(QBiMux::StatusCode::InvalidArgument, problem);
        size += QBiMuxFrame::encodedSize(metadata);
    }
    if (size > wire.maxMessageSize() - QBiMuxFrame::MaxOverhead) {
        return QBiMuxStatus(QBiMux::StatusCode::ResourceExhausted,
                            QBiMuxer::tr("message of %1 bytes is larger than the maximum message "
                                         "size (%2)")
                                .arg(size)
                                .arg(wire.maxMessageSize()));
    }
    return std::nullopt;
}

bool QBiMuxerPrivate::send(qint32 route, const QByteArray &data, const QBiMuxCallOptions &options)
{
    Q_Q(QBiMuxer);
    QBiMuxCallOptions intercepted;
    const QBiMuxCallOptions *effective = &options;
    if (Q_UNLIKELY(interception.isActive())) {
        intercepted = options;
        const QBiMuxStatus refusal = interception.interceptSend(q, route, data, &intercepted);
        if (!refusal.isOk()) {
            qCDebug(lcMuxer) << q << "oneway message to route" << route
                             << "refused by an interceptor:" << refusal;
            return false;
        }
        effective = &intercepted;
    }
    if (const std::optional<QBiMuxStatus> refusal = refuseNow(*effective)) {
        qCDebug(lcMuxer).noquote() << q << "oneway message not sent:" << refusal->message();
        return false;
    }
    if (const std::optional<QBiMuxStatus> refusal = refuseToEncode(data, *effective)) {
        qCWarning(lcMuxer).noquote()
            << q << "oneway message to route" << route << "not sent:" << refusal->message();
        return false;
    }
    QBiMuxFrame frame;
    frame.number = ++lastNumber;
    frame.flag = QBiMuxFrame::Flag::Oneway;
    frame.route = route;
    frame.data = data;
    if (Q_UNLIKELY(QBiMuxCallOptionsPrivate::hasMetadata(*effective)))
        frame.metadata = effective->metadata();
    runInThread(
        [frame = std::move(frame)](QBiMuxerPrivate *muxer) { muxer->wire.writeFrame(frame); });
    return true;
}

std::optional<QBiMuxStatus> QBiMuxerPrivate::prepareCall(qint32 route, const QByteArray &data,
                                                         QBiMuxCallOptions *options,
                                                         QBiMuxFrame *frame,
                                                         QBiMuxCallBudget *budget)
{
    if (Q_UNLIKELY(interception.isActive())) {
        const QBiMuxStatus refusal = interception.interceptCall(q_func(), route, data, options);
        if (!refusal.isOk())
            return refusal;
    }
    if (std::optional<QBiMuxStatus> refusal = refuseNow(*options))
        return refusal;
    if (std::optional<QBiMuxStatus> refusal = refuseToEncode(data, *options))
        return refusal;
    *budget = QBiMuxCallBudget::of(*options, std::chrono::milliseconds(defaultTimeoutMs.load()));
    if (budget->isExpired()) {
        return QBiMuxStatus(
            QBiMux::StatusCode::DeadlineExceeded,
            QBiMuxer::tr("the deadline of the call to route %1 has passed").arg(route));
    }
    if (!pending.reserve(maxPendingCalls)) {
        return QBiMuxStatus(QBiMux::StatusCode::ResourceExhausted,
                            QBiMuxer::tr("%1 calls are in flight already, the most this muxer "
                                         "allows")
                                .arg(maxPendingCalls.load()));
    }
    frame->number = ++lastNumber;
    frame->flag = QBiMuxFrame::Flag::Request;
    frame->route = route;
    frame->data = data;
    if (Q_UNLIKELY(QBiMuxCallOptionsPrivate::hasMetadata(*options)))
        frame->metadata = options->metadata();
    return std::nullopt;
}

QFuture<QByteArray> QBiMuxerPrivate::call(qint32 route, const QByteArray &data,
                                          const QBiMuxCallOptions &options)
{
    QBiMuxCallOptions effective = options;
    QBiMuxFrame frame;
    QBiMuxCallBudget budget;
    if (std::optional<QBiMuxStatus> refusal = prepareCall(route, data, &effective, &frame, &budget))
        return failedFuture(*refusal);
    QBiMuxPendingCalls::Call call;
    call.promise.emplace();
    QFuture<QByteArray> future = call.promise->future();
    runInThread(
        [frame = std::move(frame), call = std::move(call), budget](QBiMuxerPrivate *muxer) mutable {
            muxer->startCall(std::move(frame), std::move(call), budget);
        });
    return future;
}

void QBiMuxerPrivate::call(qint32 route, const QByteArray &data, const QBiMuxCallOptions &options,
                           QBiMuxChannel::ReplyHandler onReply)
{
    Q_Q(QBiMuxer);
    QBiMuxCallOptions effective = options;
    QBiMuxFrame frame;
    QBiMuxCallBudget budget;
    if (std::optional<QBiMuxStatus> refusal
        = prepareCall(route, data, &effective, &frame, &budget)) {
        if (lifecycle.isDestroying()) {
            // A retry from a handler that the destructor runs: an event to this muxer
            // would be dropped with it, so the call fails here and now.
            onReply(QByteArray(), *refusal);
            return;
        }
        failLater(q, std::move(onReply), *refusal);
        return;
    }
    QBiMuxPendingCalls::Call call;
    call.onReply = std::move(onReply);
    runInThread(
        [frame = std::move(frame), call = std::move(call), budget](QBiMuxerPrivate *muxer) mutable {
            muxer->startCall(std::move(frame), std::move(call), budget);
        });
}

void QBiMuxerPrivate::startCall(QBiMuxFrame &&frame, QBiMuxPendingCalls::Call &&call,
                                const QBiMuxCallBudget &budget)
{
    Q_Q(QBiMuxer);
    const quint64 number = frame.number;
    call.route = frame.route;
    if (lifecycle.state() == QBiMuxer::State::Closed) {
        pending.release();
        call.fail(lifecycle.closedStatus());
        return;
    }
    // Cancelled before it left this process: the peer never hears of it.
    if (call.isCancelledByCaller()) {
        pending.release();
        call.finishCancelled();
        return;
    }

    const std::optional<Clock::time_point> &deadline = budget.deadline;
    if (deadline)
        frame.timeoutMs = quint32(std::clamp<qint64>(budget.timeout.count(), 1, UINT32_MAX));

    if (Q_UNLIKELY(observers.isObserved())) {
        call.startedAt = Clock::now();
        observers.notifyCall(QBiMux::Direction::Outgoing, QBiMux::CallEvent::Started, number,
                             frame.route, call.startedAt, QBiMux::StatusCode::Ok, QString(),
                             deadline ? QDeadlineTimer(*deadline)
                                      : QDeadlineTimer(QDeadlineTimer::Forever));
    }
    const bool cancellable = call.promise.has_value();
    pending.insert(number, std::move(call), deadline);
    // The timer need not move for a deadline after the one it is armed for, which is
    // every call's when calls share a timeout.
    if (deadline
        && !(deadlineTimerArmedFor && *deadlineTimerArmedFor <= *deadline
             && deadlineTimer.isActive())) {
        armDeadlineTimer();
    }
    if (cancellable && !swept) {
        swept = true;
        QBiMuxCancelSweeper::forCurrentThread()->add(q);
    }
    wire.writeFrame(frame);
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

void QBiMuxerPrivate::handleResponse(QBiMuxFrame &&frame)
{
    std::optional<QBiMuxPendingCalls::Call> call = pending.take(frame.number);
    if (!call) {
        // An answer that comes after its call timed out or was cancelled is normal; one to
        // a number this side never used is a broken peer.
        if (frame.number == 0 || frame.number > lastNumber.load()) {
            lifecycle.protocolError(
                QBiMuxer::tr("response to request %1, which was never sent").arg(frame.number));
        } else {
            qCDebug(lcMuxer) << q_func() << "dropping late response to call" << frame.number;
        }
        return;
    }
    if (Q_UNLIKELY(frame.isError()))
        makeStatusKnown(&frame);
    if (Q_UNLIKELY(observers.isObserved())) {
        observers.notifyCall(
            QBiMux::Direction::Outgoing,
            frame.isError() ? QBiMux::CallEvent::Failed : QBiMux::CallEvent::Answered, frame.number,
            call->route, call->startedAt, frame.errorCode, frame.errorMessage);
    }
    if (frame.isError()) {
        call->fail(QBiMuxStatus(frame.errorCode, frame.errorMessage, QBiMuxStatus::Origin::Remote));
    } else {
        call->succeed(std::move(frame.data));
    }
    lifecycle.scheduleDrainCheck();
}

void QBiMuxerPrivate::sendCancel(quint64 number, qint32 route)
{
    QBiMuxFrame cancel;
    cancel.number = number;
    cancel.flag = QBiMuxFrame::Flag::Cancel;
    cancel.route = route;
    wire.writeFrame(cancel);
}

void QBiMuxerPrivate::onCancelSweep()
{
    Q_Q(QBiMuxer);
    QBiMuxPendingCalls::SweepResult swept = pending.sweep();
    // Watchers first: ending the cancelled calls takes them out of `pending`, which the
    // pointers to the calls to watch point into.
    for (QBiMuxPendingCalls::Call *call : swept.toWatch) {
        const quint64 number = call->number;
        // A child only to move with the muxer to another thread; the call owns it.
        call->cancelWatcher = std::make_unique<QFutureWatcher<QByteArray>>(q);
        QObject::connect(call->cancelWatcher.get(), &QFutureWatcherBase::canceled, q,
                         [this, number] { onCallCancelledByCaller(number); });
        call->cancelWatcher->setFuture(call->promise->future());
    }
    // The muxer's part for every cancelled call first, then the callers' continuations,
    // which may delete the muxer or move it to another thread.
    std::vector<QBiMuxPendingCalls::Call> cancelled;
    cancelled.reserve(swept.cancelled.size());
    for (quint64 number : swept.cancelled) {
        if (std::optional<QBiMuxPendingCalls::Call> call = takeCancelledCall(number))
            cancelled.push_back(std::move(*call));
    }
    if (!cancelled.empty())
        lifecycle.scheduleDrainCheck();
    for (QBiMuxPendingCalls::Call &call : cancelled)
        call.finishCancelled();
}

void QBiMuxerPrivate::leaveCancelSweeper()
{
    if (std::exchange(swept, false))
        QBiMuxCancelSweeper::forCurrentThread()->remove(q_func());
}

void QBiMuxerPrivate::onCallCancelledByCaller(quint64 number)
{
    std::optional<QBiMuxPendingCalls::Call> call = takeCancelledCall(number);
    if (!call)
        return;
    lifecycle.scheduleDrainCheck();
    call->finishCancelled(); // last: the caller's continuations may delete the muxer
}

std::optional<QBiMuxPendingCalls::Call> QBiMuxerPrivate::takeCancelledCall(quint64 number)
{
    std::optional<QBiMuxPendingCalls::Call> call = pending.take(number);
    if (!call)
        return call;
    qCDebug(lcMuxer) << q_func() << "call" << number << "cancelled by the caller";
    if (Q_UNLIKELY(observers.isObserved())) {
        observers.notifyCall(QBiMux::Direction::Outgoing, QBiMux::CallEvent::Cancelled, number,
                             call->route, call->startedAt, QBiMux::StatusCode::Cancelled);
    }
    sendCancel(number, call->route);
    return call;
}

void QBiMuxerPrivate::armDeadlineTimer()
{
    const std::optional<Clock::time_point> next = pending.nextDeadline();
    if (!next) {
        deadlineTimer.stop();
        deadlineTimerArmedFor.reset();
        return;
    }
    // Restarting a timer costs a timer (un)registration: only do it when the earliest
    // deadline moved forward.
    if (deadlineTimerArmedFor && *deadlineTimerArmedFor <= *next && deadlineTimer.isActive())
        return;
    const auto wait = std::chrono::ceil<std::chrono::milliseconds>(*next - Clock::now());
    // A deadline past what a timer takes (24.8 days) fires early, finds nothing expired
    // and re-arms.
    deadlineTimer.start(QBiMuxTime::timerInterval(wait), Qt::CoarseTimer, q_func());
    deadlineTimerArmedFor = *next;
}

void QBiMuxerPrivate::onDeadlineTimer()
{
    deadlineTimerArmedFor.reset();
    auto expired = pending.takeExpired(Clock::now());
    const auto timeoutStatus = [](qint32 route) {
        return QBiMuxStatus(QBiMux::StatusCode::DeadlineExceeded,
                            QBiMuxer::tr("no answer to route %1 within the timeout").arg(route));
    };
    for (const auto &[number, call] : expired) {
        // Tell the peer, so that it can stop working on an answer nobody waits for.
        sendCancel(number, call.route);
        if (Q_UNLIKELY(observers.isObserved())) {
            const QBiMuxStatus status = timeoutStatus(call.route);
            observers.notifyCall(QBiMux::Direction::Outgoing, QBiMux::CallEvent::TimedOut, number,
                                 call.route, call.startedAt, status.code(), status.message());
        }
    }
    armDeadlineTimer();
    if (!expired.empty())
        lifecycle.scheduleDrainCheck();
    // Last: the callers' continuations may delete the muxer or move it to another thread.
    for (auto &[number, call] : expired)
        call.fail(timeoutStatus(call.route));
}

int QBiMuxer::pendingCallCount() const
{
    return d_func()->pending.size();
}
