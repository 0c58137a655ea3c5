#include "qbimuxer.h"
#include "qbimuxer_p.h"

#include "qbimuxcancelsweeper_p.h"
#include "qbimuxinspectorlink_p.h"
#include "qbimuxlogging_p.h"
#include "qbimuxredaction_p.h"
#include "qbimuxtime_p.h"

#include <QtCore/qcoreevent.h>
#include <QtCore/qdatetime.h>
#include <QtCore/qmetaobject.h>
#include <QtCore/qpointer.h>
#include <QtCore/qtimer.h>
#include <QtNetwork/qnetworkrequest.h>
#include <QtWebSockets/qwebsocket.h>

#include <algorithm>
#include <limits>

using namespace std::chrono_literals;

namespace {
// WebSocket close reasons are limited to 123 bytes of UTF-8 (RFC 6455, 5.5).
QString closeReasonFor(const QString &message)
{
    QByteArray utf8 = message.toUtf8();
    if (utf8.size() <= 123)
        return message;
    utf8.truncate(120);
    // Do not cut a multi-byte sequence in half: drop the last one if the cut fell inside
    // it (its lead byte says how long it is), and keep it if it is whole.
    qsizetype lead = utf8.size() - 1;
    while (lead > 0 && (quint8(utf8.at(lead)) & 0xC0) == 0x80)
        --lead;
    const quint8 first = quint8(utf8.at(lead));
    const qsizetype length = first >= 0xF0 ? 4 : first >= 0xE0 ? 3 : first >= 0xC0 ? 2 : 1;
    if (utf8.size() - lead < length)
        utf8.truncate(lead);
    return QString::fromUtf8(utf8) + QStringLiteral("...");
}

// Room for the frame header (number, flag, route, error) around the payload.
constexpr qint64 FrameOverhead = QBiMuxFrame::MaxOverhead;
} // namespace

/*!
    \class QBiMuxer
    \brief Bidirectional RPC and oneway messages over one QWebSocket, speaking bimux.

    A QBiMuxer sits on one WebSocket connection. Either side may call the other:
    rpc() sends a request and returns a QFuture for the reply; send() sends a oneway
    message. Incoming requests reach a handler registered for their route with
    setRequestHandler(), or else the requestReceived() signal; incoming oneway messages
    reach setMessageHandler() handlers, or else messageReceived().

    The wire format is that of the Go library bimux (docs/protocol.md), so a plain bimux
    peer can be on the other side. The muxer lives in the thread of its socket; send()
    and rpc() may be called from any thread, handlers run in their context object's
    thread.

    Every rpc() future ends exactly once: with the reply, with a QBiMuxError (timeout,
    disconnect, remote error, too large, unknown route, ...), or cancelled.
*/

quint64 qbimuxThreadToken()
{
    static std::atomic<quint64> lastToken {0};
    thread_local const quint64 token = lastToken.fetch_add(1, std::memory_order_relaxed) + 1;
    return token;
}

QBiMuxerPrivate::QBiMuxerPrivate(QBiMuxer *q)
    : q_ptr(q)
    , link(std::make_shared<QBiMuxLink>(q))
    , maxMessageSize(DefaultMaxMessageSize)
    , defaultTimeoutMs(DefaultTimeout.count())
    , heartbeat(
          q,
          [this] {
              if (!overflowPending)
                  socket->ping();
          },
          [this] { onPeerSilent(); })
    , flowControl([q](bool congested) { emit q->congestedChanged(congested); },
                  [this](qint64 queuedBytes) { onPeerStoppedReading(queuedBytes); })
    , streams(q, this)
{
    heartbeat.configure(DefaultHeartbeatInterval, DefaultIdleTimeout);
    flowControl.setHighWaterMark(DefaultHighWaterMark);
}

void QBiMuxerPrivate::onSocketConnected()
{
    Q_Q(QBiMuxer);
    if (state != QBiMuxer::State::Opening)
        return;
    state = QBiMuxer::State::Open;
    dialTrace.reset();
    applyIncomingLimits();
    qCDebug(lcMuxer) << q << "connected to" << qbimuxRedacted(socket->requestUrl()) << "- writing"
                     << backlog.size() << "frame(s) sent while opening";
    findTransport();
    const QList<QByteArray> frames = std::exchange(backlog, {});
    backlogBytes = 0;
    for (const QByteArray &bytes : frames)
        socket->sendBinaryMessage(bytes);
    // After the backlog, which may hold the streams' hello that its ping must follow.
    streams.linkOpened();
    updateFlowControl();
    heartbeat.start();
    const QList<QBiMuxObserver *> current = observers; // see teardown()
    for (QBiMuxObserver *observer : current)
        observer->connectionOpened(q);
    emit q->connected();
    emit q->connectedChanged(true);
}

void QBiMuxerPrivate::onSocketDisconnected()
{
    QString reason = socket->closeReason();
    // A peer may close with any code, 3000-4999 for applications; a CloseCode holding one
    // is undefined behaviour (the enum's values end at 1015), so those are a normal close.
    const int sentCode = int(socket->closeCode());
    QWebSocketProtocol::CloseCode code = sentCode >= QWebSocketProtocol::CloseCodeNormal
            && sentCode <= QWebSocketProtocol::CloseCodeTlsHandshakeFailed
        ? QWebSocketProtocol::CloseCode(sentCode)
        : QWebSocketProtocol::CloseCodeNormal;
    // Without a close frame Qt reports CloseCodeNormal; a socket error, or a dial that
    // never opened, says it was not.
    if (state == QBiMuxer::State::Opening || (reason.isEmpty() && sawSocketError)) {
        code = QWebSocketProtocol::CloseCodeAbnormalDisconnection;
        reason = socket->errorString();
    }
    if (state == QBiMuxer::State::Opening && !reportDialFailure())
        return;
    if (reason.isEmpty())
        reason = QBiMuxer::tr("connection closed by the peer");
    teardown(code, reason);
}

void QBiMuxerPrivate::onSocketError()
{
    sawSocketError = true;
    qCDebug(lcMuxer) << q_func() << "socket error:" << socket->errorString();
    // A dial that fails never emits disconnected(): the muxer ends here.
    if (state == QBiMuxer::State::Opening && socket->state() == QAbstractSocket::UnconnectedState) {
        if (reportDialFailure())
            teardown(QWebSocketProtocol::CloseCodeAbnormalDisconnection, socket->errorString());
    }
}

bool QBiMuxerPrivate::reportDialFailure()
{
    if (!dialTrace)
        return true;
    const QBiMuxDialError error = dialTrace->error(socket);
    dialTrace.reset();
    qCDebug(lcMuxer) << q_func() << "dial failed:" << error.errorString();
    const QPointer<QBiMuxer> alive(q_func());
    emit q_func()->dialFailed(error);
    return !alive.isNull();
}

void QBiMuxerPrivate::onPeerSilent()
{
    const QString reason = QBiMuxer::tr("no sign of life from the peer for %1 ms")
                               .arg(heartbeat.idleTimeout().count());
    qCWarning(lcMuxer) << q_func() << reason;
    // Closed before the abort, so that the abort's disconnected() finds nothing to do.
    if (teardown(QWebSocketProtocol::CloseCodeAbnormalDisconnection, reason))
        socket->abort();
}

void QBiMuxerPrivate::onBinaryMessage(const QByteArray &bytes)
{
    // Frames read in the same go as the one that overflowed the write queue are not
    // handled: their answers would only be dropped.
    if (state != QBiMuxer::State::Open || overflowPending)
        return;
    heartbeat.noteActivity();
    // Without the transport no read is seen (onTransportRead()); each message is.
    if (Q_UNLIKELY(!transport))
        updateFlowControl();
    QString error;
    std::optional<QBiMuxFrame> frame = QBiMuxFrame::decode(bytes, &error);
    if (!frame) {
        protocolError(error);
        return;
    }
    qCDebug(lcWire) << q_func() << "<-" << QBiMuxFrame::flagName(frame->flag) << frame->number
                    << "route" << frame->route << frame->data.size() << "bytes";
    if (Q_UNLIKELY(isObserved()))
        notifyFrame(QBiMux::Direction::Incoming, *frame, bytes.size());
    dispatch(std::move(*frame));
}

void QBiMuxerPrivate::dispatch(QBiMuxFrame &&frame)
{
    if (!QBiMuxStreams::isStreamFrame(frame.flag))
        ++callFrames;
    switch (frame.flag) {
    case QBiMuxFrame::Flag::Request:
        handleRequest(std::move(frame));
        break;
    case QBiMuxFrame::Flag::Response:
        handleResponse(std::move(frame));
        break;
    case QBiMuxFrame::Flag::Oneway:
        handleOneway(std::move(frame));
        break;
    case QBiMuxFrame::Flag::Cancel:
        handleCancel(frame);
        break;
    default: // the hello and the stream frames
        streams.handleFrame(std::move(frame));
        break;
    }
}

namespace {
// Runs a handler in its context's thread; a synchronous handler that throws answers
// with an error instead of taking the event loop down.
void invokeRequestHandler(const QBiMuxDetail::RequestHandler &handler, const QBiMuxRequest &request)
{
    try {
        handler(request);
    } catch (const QBiMuxError &error) {
        request.fail(error.code(), error.message());
    } catch (const std::exception &error) {
        request.fail(QBiMux::StatusCode::Internal, QString::fromLocal8Bit(error.what()));
    } catch (...) {
        request.fail(QBiMux::StatusCode::Internal, QBiMuxer::tr("the handler threw"));
    }
}
} // namespace

void QBiMuxerPrivate::handleRequest(QBiMuxFrame &&frame)
{
    Q_Q(QBiMuxer);
    if (incoming.contains(frame.number)) {
        protocolError(QBiMuxer::tr("request %1 arrived while a request with the same number is "
                                   "still in flight")
                          .arg(frame.number));
        return;
    }
    if (Q_UNLIKELY(draining)) {
        refuseRequest(frame, QBiMux::StatusCode::Unavailable,
                      QBiMuxer::tr("this side is shutting down: %1").arg(drainReason));
        return;
    }
    if (int(incoming.size()) >= maxConcurrentRequests) {
        refuseRequest(frame, QBiMux::StatusCode::ResourceExhausted,
                      QBiMuxer::tr("%1 requests of this peer are in progress already, the "
                                   "most this side allows")
                          .arg(maxConcurrentRequests.load()));
        return;
    }
    auto *requestData = new QBiMuxRequestPrivate(frame.number, frame.route);
    requestData->link = link;
    requestData->data = std::move(frame.data);
    if (frame.timeoutMs)
        requestData->deadlineAt = Clock::now() + std::chrono::milliseconds(frame.timeoutMs);
    incoming.insert(frame.number, QBiMuxRequestRef(requestData));
    const QBiMuxRequest request(requestData);
    if (Q_UNLIKELY(isObserved())) {
        requestData->startedAt = Clock::now();
        notifyCall(QBiMux::Direction::Incoming, QBiMux::CallEvent::Started, frame.number,
                   frame.route, requestData->startedAt, QBiMux::StatusCode::Ok, QString(),
                   requestData->deadline());
    }

    auto entry = handlers.requestHandler(frame.route);
    if (!entry && serverHandlers)
        entry = serverHandlers->requestHandler(frame.route, &serverRequestHandlerMemo);
    if (entry) {
        // The usual cases, no context or the muxer, run without a task wrapped around them.
        if (entry->runsWith(q))
            invokeRequestHandler(entry->handler, request);
        else
            entry->relay->run([entry, request] { invokeRequestHandler(entry->handler, request); });
        return;
    }
    if (q->isSignalConnected(QMetaMethod::fromSignal(&QBiMuxer::requestReceived))) {
        emit q->requestReceived(request);
        return;
    }
    request.fail(QBiMux::StatusCode::Unimplemented,
                 QBiMuxer::tr("no handler for route %1").arg(frame.route));
}

void QBiMuxerPrivate::refuseRequest(const QBiMuxFrame &request, QBiMux::StatusCode code,
                                    const QString &message)
{
    // Answered without an entry in `incoming`: the peer's call ends at once, and a flood
    // of requests costs no more memory than this reply.
    QBiMuxFrame refusal;
    refusal.number = request.number;
    refusal.flag = QBiMuxFrame::Flag::Response;
    refusal.route = request.route;
    refusal.errorCode = code;
    refusal.errorMessage = message;
    writeFrame(refusal);
}

void QBiMuxerPrivate::startDrain(std::chrono::milliseconds drainTimeout, const QString &reason)
{
    Q_Q(QBiMuxer);
    if (state == QBiMuxer::State::Closed || draining)
        return;
    drainReason = reason.isEmpty() ? QBiMuxer::tr("shutting down") : reason;
    draining = true;
    qCDebug(lcMuxer) << q << "draining" << pending.size() << "call(s) and" << incoming.size()
                     << "request(s) for at most" << drainTimeout.count() << "ms";
    // Zero or less closes at the next turn of the event loop, QBiMuxTime::Forever or more
    // never.
    if (drainTimeout < QBiMuxTime::Forever)
        armDrainTimer(Clock::now() + std::max(drainTimeout, 0ms));
    scheduleDrainCheck();
}

void QBiMuxerPrivate::armDrainTimer(Clock::time_point deadline)
{
    const auto wait = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
    QTimer::singleShot(QBiMuxTime::timerInterval(wait), q_func(), [this, deadline] {
        if (state == QBiMuxer::State::Closed)
            return;
        if (Clock::now() < deadline)
            armDrainTimer(deadline); // longer than a timer takes
        else
            q_func()->close(QWebSocketProtocol::CloseCodeGoingAway, drainReason);
    });
}

void QBiMuxerPrivate::scheduleDrainCheck()
{
    if (Q_LIKELY(!draining) || drainCheckScheduled)
        return;
    // Checked from the event loop, not from inside the reply or answer that made the
    // muxer idle, so that the close never runs in the middle of a caller's code.
    drainCheckScheduled = true;
    QMetaObject::invokeMethod(
        q_func(),
        [this] {
            drainCheckScheduled = false;
            if (state == QBiMuxer::State::Open && incoming.isEmpty() && pending.isEmpty()
                && streams.isIdle())
                q_func()->close(QWebSocketProtocol::CloseCodeGoingAway, drainReason);
        },
        Qt::QueuedConnection);
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
            protocolError(
                QBiMuxer::tr("response to request %1, which was never sent").arg(frame.number));
        } else {
            qCDebug(lcMuxer) << q_func() << "dropping late response to call" << frame.number;
        }
        return;
    }
    if (Q_UNLIKELY(frame.isError()))
        makeStatusKnown(&frame);
    if (Q_UNLIKELY(isObserved())) {
        notifyCall(QBiMux::Direction::Outgoing,
                   frame.isError() ? QBiMux::CallEvent::Failed : QBiMux::CallEvent::Answered,
                   frame.number, call->route, call->startedAt, frame.errorCode, frame.errorMessage);
    }
    if (frame.isError())
        call->fail(QBiMuxError(frame.errorCode, frame.errorMessage, QBiMuxError::Origin::Remote));
    else
        call->succeed(std::move(frame.data));
    scheduleDrainCheck();
}

void QBiMuxerPrivate::handleOneway(QBiMuxFrame &&frame)
{
    Q_Q(QBiMuxer);
    auto entry = handlers.messageHandler(frame.route);
    if (!entry && serverHandlers)
        entry = serverHandlers->messageHandler(frame.route, &serverMessageHandlerMemo);
    if (entry) {
        if (entry->runsWith(q)) {
            entry->handler(frame.route, frame.data);
        } else {
            entry->relay->run([entry, route = frame.route, data = std::move(frame.data)] {
                entry->handler(route, data);
            });
        }
        return;
    }
    if (!q->isSignalConnected(QMetaMethod::fromSignal(&QBiMuxer::messageReceived))) {
        qCWarning(lcMuxer) << q << "no handler for oneway message on route" << frame.route
                           << "- dropped" << frame.data.size() << "bytes";
        return;
    }
    emit q->messageReceived(frame.route, frame.data);
}

void QBiMuxerPrivate::handleCancel(const QBiMuxFrame &frame)
{
    std::optional<QBiMuxRequestRef> taken = incoming.take(frame.number);
    // The request may have been answered already: the cancel crossed the answer.
    if (!taken)
        return;
    const QBiMuxRequestRef call = std::move(*taken);
    qCDebug(lcMuxer) << q_func() << "peer cancelled request" << frame.number;
    if (Q_UNLIKELY(isObserved())) {
        notifyCall(QBiMux::Direction::Incoming, QBiMux::CallEvent::Cancelled, call->number,
                   call->route, call->startedAt, QBiMux::StatusCode::Cancelled);
    }
    call->cancel();
    scheduleDrainCheck();
}

void QBiMuxerPrivate::sendCancel(quint64 number, qint32 route)
{
    QBiMuxFrame cancel;
    cancel.number = number;
    cancel.flag = QBiMuxFrame::Flag::Cancel;
    cancel.route = route;
    writeFrame(cancel);
}

void QBiMuxerPrivate::startCall(QBiMuxFrame &&frame, QBiMuxPendingCalls::Call &&call,
                                std::chrono::milliseconds timeout)
{
    Q_Q(QBiMuxer);
    const quint64 number = frame.number;
    call.route = frame.route;
    if (state == QBiMuxer::State::Closed) {
        pending.release();
        call.fail(closedError());
        return;
    }
    // Cancelled before it left this process: the peer never hears of it.
    if (call.isCancelledByCaller()) {
        pending.release();
        call.finishCancelled();
        return;
    }

    const std::optional<Clock::time_point> deadline = QBiMuxTime::deadlineAfter(timeout);
    if (deadline)
        frame.timeoutMs = quint32(std::min<qint64>(timeout.count(), UINT32_MAX));

    if (Q_UNLIKELY(isObserved())) {
        call.startedAt = Clock::now();
        notifyCall(QBiMux::Direction::Outgoing, QBiMux::CallEvent::Started, number, frame.route,
                   call.startedAt, QBiMux::StatusCode::Ok, QString(),
                   deadline ? QDeadlineTimer(*deadline) : QDeadlineTimer(QDeadlineTimer::Forever));
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
    writeFrame(frame);
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
        scheduleDrainCheck();
    for (QBiMuxPendingCalls::Call &call : cancelled)
        call.finishCancelled();
}

void QBiMuxerPrivate::leaveCancelSweeper()
{
    if (std::exchange(swept, false))
        QBiMuxCancelSweeper::forCurrentThread()->remove(q_func());
}

void QBiMuxerPrivate::onThreadChanged()
{
    link->setMuxerThread(qbimuxThreadToken());
    armDeadlineTimer(); // stopped in the old thread, so not active: it starts again
    heartbeat.resumeTimer();
    if (!swept && pending.hasCallsToWatch()) {
        swept = true;
        QBiMuxCancelSweeper::forCurrentThread()->add(q_func());
    }
}

void QBiMuxerPrivate::onCallCancelledByCaller(quint64 number)
{
    std::optional<QBiMuxPendingCalls::Call> call = takeCancelledCall(number);
    if (!call)
        return;
    scheduleDrainCheck();
    call->finishCancelled(); // last: the caller's continuations may delete the muxer
}

std::optional<QBiMuxPendingCalls::Call> QBiMuxerPrivate::takeCancelledCall(quint64 number)
{
    std::optional<QBiMuxPendingCalls::Call> call = pending.take(number);
    if (!call)
        return call;
    qCDebug(lcMuxer) << q_func() << "call" << number << "cancelled by the caller";
    if (Q_UNLIKELY(isObserved())) {
        notifyCall(QBiMux::Direction::Outgoing, QBiMux::CallEvent::Cancelled, number, call->route,
                   call->startedAt, QBiMux::StatusCode::Cancelled);
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

bool QBiMuxerPrivate::onTimer(int timerId)
{
    if (timerId == deadlineTimer.timerId()) {
        deadlineTimer.stop();
        onDeadlineTimer();
        return true;
    }
    if (!heartbeat.handleTimer(timerId))
        return false;
    // Pongs for a peer's pings are written without the muxer's knowledge; a socket whose
    // reads the muxer does not see (no transport) has them counted here at the latest.
    if (state == QBiMuxer::State::Open) {
        updateFlowControl();
        if (overflowPending)
            dropStalledPeer();
    }
    return true;
}

void QBiMuxerPrivate::onDeadlineTimer()
{
    deadlineTimerArmedFor.reset();
    auto expired = pending.takeExpired(Clock::now());
    const auto timeoutError = [](qint32 route) {
        return QBiMuxError(QBiMux::StatusCode::DeadlineExceeded,
                           QBiMuxer::tr("no answer to route %1 within the timeout").arg(route));
    };
    for (const auto &[number, call] : expired) {
        // Tell the peer, so that it can stop working on an answer nobody waits for.
        sendCancel(number, call.route);
        if (Q_UNLIKELY(isObserved())) {
            const QBiMuxError error = timeoutError(call.route);
            notifyCall(QBiMux::Direction::Outgoing, QBiMux::CallEvent::TimedOut, number, call.route,
                       call.startedAt, error.code(), error.message());
        }
    }
    armDeadlineTimer();
    if (!expired.empty())
        scheduleDrainCheck();
    // Last: the callers' continuations may delete the muxer or move it to another thread.
    for (auto &[number, call] : expired)
        call.fail(timeoutError(call.route));
}

void QBiMuxerPrivate::sendAnswer(const QBiMuxRequestRef &call, QBiMuxFrame &&frame)
{
    // A peer may reuse a number once it got its answer: only erase our own entry.
    const QBiMuxRequestRef *entry = incoming.find(call->number);
    if (entry && *entry == call) {
        incoming.take(call->number);
        scheduleDrainCheck();
    }
    if (call->isCancelled() || state == QBiMuxer::State::Closed) {
        qCDebug(lcMuxer) << q_func() << "answer to request" << call->number
                         << "dropped: the call was cancelled or the connection is gone";
        return;
    }
    if (frame.data.size() > maxMessageSize.load() - FrameOverhead) {
        qCWarning(lcMuxer) << q_func() << "answer to request" << call->number << "is"
                           << frame.data.size() << "bytes, more than the maximum";
        frame.data.clear();
        frame.errorCode = QBiMux::StatusCode::ResourceExhausted;
        frame.errorMessage = QBiMuxer::tr("the answer is larger than the maximum message size");
    }
    if (Q_UNLIKELY(isObserved())) {
        notifyCall(QBiMux::Direction::Incoming,
                   frame.isError() ? QBiMux::CallEvent::Failed : QBiMux::CallEvent::Answered,
                   call->number, call->route, call->startedAt, frame.errorCode, frame.errorMessage);
    }
    writeFrame(frame);
}

void QBiMuxerPrivate::protocolError(const QString &message)
{
    Q_Q(QBiMuxer);
    if (state == QBiMuxer::State::Closed)
        return;
    qCWarning(lcMuxer) << q << "protocol error:" << message;
    const QPointer<QBiMuxer> alive(q);
    emit q->protocolErrorOccurred(message);
    if (alive)
        q->close(QWebSocketProtocol::CloseCodeProtocolError, message);
}

bool QBiMuxerPrivate::teardown(QWebSocketProtocol::CloseCode code, const QString &reason)
{
    Q_Q(QBiMuxer);
    const QBiMuxer::State previous = state.exchange(QBiMuxer::State::Closed);
    if (previous == QBiMuxer::State::Closed)
        return true;
    {
        QMutexLocker locker(&mutex);
        closeReason = reason;
    }
    qCDebug(lcMuxer) << q << "closed:" << code << reason << "-" << pending.size() << "call(s) and"
                     << incoming.size() << "request(s) in flight";
    if (!backlog.isEmpty()) {
        qCWarning(lcMuxer) << q << "closed before opening;" << backlog.size()
                           << "frame(s) were never sent";
        backlog.clear();
    }

    deadlineTimer.stop();
    deadlineTimerArmedFor.reset();
    leaveCancelSweeper();
    heartbeat.stop();
    const QBiMuxError error = closedError();
    const bool observed = isObserved();
    // Ending a call runs its caller's continuations, which may delete the muxer: from then
    // on, the calls still end, but nothing touches the muxer any more.
    const QPointer<QBiMuxer> alive(q);
    auto calls = pending.takeAll();
    const auto requests = incoming.takeAll();
    for (auto &[number, call] : calls) {
        if (Q_UNLIKELY(observed) && alive) {
            notifyCall(QBiMux::Direction::Outgoing, QBiMux::CallEvent::Failed, number, call.route,
                       call.startedAt, error.code(), error.message());
        }
        call.fail(error);
    }
    // The caller of an incoming request can no longer hear the answer.
    for (const auto &[number, call] : requests) {
        if (Q_UNLIKELY(observed) && alive) {
            notifyCall(QBiMux::Direction::Incoming, QBiMux::CallEvent::Cancelled, number,
                       call->route, call->startedAt, QBiMux::StatusCode::Unavailable,
                       error.message());
        }
        call->cancel();
    }
    if (alive)
        streams.linkClosed(error);
    if (!alive)
        return false;

    // A copy: an observer may remove itself, or be removed, while being notified.
    const QList<QBiMuxObserver *> current = observers;
    for (QBiMuxObserver *observer : current)
        observer->connectionClosed(q, code, reason);
    emit q->disconnected(code, reason);
    if (alive && previous == QBiMuxer::State::Open)
        emit q->connectedChanged(false);
    return !alive.isNull();
}

void QBiMuxerPrivate::notifyFrame(QBiMux::Direction direction, const QBiMuxFrame &frame,
                                  qint64 wireSize)
{
    QBiMuxFrameInfo info;
    info.direction = direction;
    info.timestampMs = QDateTime::currentMSecsSinceEpoch();
    info.number = frame.number;
    info.flag = QBiMux::FrameFlag(frame.flag);
    info.route = frame.route;
    info.payload = frame.data;
    info.wireSize = wireSize;
    info.status = frame.errorCode;
    info.errorMessage = frame.errorMessage;
    info.timeoutMs = frame.timeoutMs;
    info.window = frame.window;
    info.fromAcceptor = frame.fromAcceptor;
    // A copy: an observer may remove itself while being notified.
    const QList<QBiMuxObserver *> current = observers;
    for (QBiMuxObserver *observer : current)
        observer->frameEvent(q_func(), info);
}

void QBiMuxerPrivate::notifyCall(QBiMux::Direction direction, QBiMux::CallEvent event,
                                 quint64 number, qint32 route, Clock::time_point startedAt,
                                 QBiMux::StatusCode status, const QString &message,
                                 QDeadlineTimer deadline)
{
    QBiMuxCallInfo info;
    info.direction = direction;
    info.event = event;
    info.number = number;
    info.route = route;
    if (event != QBiMux::CallEvent::Started && startedAt != Clock::time_point()) {
        info.latencyNs
            = std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - startedAt)
                  .count();
    }
    info.status = status;
    info.message = message;
    info.deadline = deadline;
    const QList<QBiMuxObserver *> current = observers;
    for (QBiMuxObserver *observer : current)
        observer->callEvent(q_func(), info);
}

QFuture<QByteArray> QBiMuxerPrivate::failedFuture(const QBiMuxError &error)
{
    QPromise<QByteArray> promise;
    promise.setException(error);
    promise.finish();
    return promise.future();
}

QBiMuxError QBiMuxerPrivate::closedError() const
{
    QMutexLocker locker(&mutex);
    return QBiMuxError(QBiMux::StatusCode::Unavailable,
                       closeReason.isEmpty() ? QBiMuxer::tr("disconnected")
                                             : QBiMuxer::tr("disconnected: %1").arg(closeReason));
}

QBiMuxer::QBiMuxer(QObject *parent)
    : QBiMuxer(new QWebSocket, parent)
{ }

QBiMuxer::QBiMuxer(QWebSocket *socket, QObject *parent)
    : QObject(parent)
    , d_ptr(new QBiMuxerPrivate(this))
{
    Q_ASSERT(socket);
    d_func()->attach(socket);
    // Opt-in publishing to the BiMux Inspector; one atomic load when not attached.
    QBiMuxInspectorLinkPrivate::observeNewMuxer(this);
}

QBiMuxer::~QBiMuxer()
{
    Q_D(QBiMuxer);
    d->destroying = true;
    d->link->detach();
    d->socket->disconnect(this);
    d->leaveCancelSweeper();
    if (d->state != State::Closed) {
        // Nobody can hear of it any more, but every future still ends.
        const QSignalBlocker blocker(this);
        close(QWebSocketProtocol::CloseCodeGoingAway, tr("muxer destroyed"));
    }
}

/*!
    \reimp

    The muxer's deadlines and heartbeat run on timer events, and moveToThread() takes
    them along on QEvent::ThreadChange. A subclass that reimplements event() must pass
    both of these on to QBiMuxer::event(); one that swallows them stops calls from timing
    out and silent peers from being noticed.
*/
bool QBiMuxer::event(QEvent *event)
{
    Q_D(QBiMuxer);
    if (event->type() == QEvent::Timer && d->onTimer(static_cast<QTimerEvent *>(event)->timerId()))
        return true;
    if (event->type() == QBiMuxControlEvent::eventType()) {
        static_cast<QBiMuxControlEvent *>(event)->run(d);
        return true;
    }
    if (event->type() == QEvent::ThreadChange) {
        // Sent in the old thread just before the move; the posted task runs in the new
        // one. Until then, calls into the muxer take the link's lock (QBiMuxLink::post()).
        d->link->setMuxerThread(0);
        // Stopped here, in the thread that registered them, and started again by the
        // task: Qt would move them itself, but only after events already queued for the
        // muxer, which may restart them in between (and then leave one registered twice).
        d->deadlineTimer.stop();
        d->heartbeat.suspendTimer();
        // Each thread sweeps its own muxers' futures for cancels.
        d->leaveCancelSweeper();
        QMetaObject::invokeMethod(
            this, [d] { d->onThreadChanged(); }, Qt::QueuedConnection);
    }
    return QObject::event(event);
}

void QBiMuxer::open(const QUrl &url)
{
    open(QNetworkRequest(url));
}

/*!
    Dials \a request's URL with its headers, e.g. an \c Authorization header for the
    server's authenticator. The id set with setId() is announced as the X-BiMux-Id
    header unless the request has one. For wss://, set the socket's TLS configuration
    (socket()->setSslConfiguration()) before.
*/
void QBiMuxer::open(const QNetworkRequest &request)
{
    Q_D(QBiMuxer);
    if (d->state != State::Opening) {
        qCWarning(lcMuxer) << this << "open() needs a muxer that has not opened yet";
        return;
    }
    QNetworkRequest announced(request);
    const QString announcedId = id();
    if (!announcedId.isEmpty() && !announced.hasRawHeader("X-BiMux-Id"))
        announced.setRawHeader("X-BiMux-Id", announcedId.toUtf8());
    d->dialTrace.emplace();
    d->socket->open(announced);
}

QWebSocket *QBiMuxer::socket() const
{
    return d_func()->socket;
}

QBiMuxer::State QBiMuxer::state() const
{
    return d_func()->state;
}

bool QBiMuxer::isConnected() const
{
    return d_func()->state == State::Open;
}

QString QBiMuxer::id() const
{
    Q_D(const QBiMuxer);
    QMutexLocker locker(&d->mutex);
    return d->id;
}

/*!
    Returns what the QBiMuxServer's authenticator admitted the peer as: the value given
    to QBiMuxAdmission::admit(), such as the user or device the peer's credentials
    belong to. It is set before newConnection() and never changes, so handlers may read
    it from any thread (a server-wide handler through QBiMuxRequest::muxer()). Null for
    a muxer that dialed, or whose server has no authenticator or admitted without one.
*/
QVariant QBiMuxer::peerIdentity() const
{
    return d_func()->peerIdentity;
}

void QBiMuxer::setId(const QString &id)
{
    Q_D(QBiMuxer);
    {
        QMutexLocker locker(&d->mutex);
        if (d->id == id)
            return;
        d->id = id;
    }
    emit idChanged(id);
}

std::chrono::milliseconds QBiMuxer::defaultTimeout() const
{
    return std::chrono::milliseconds(d_func()->defaultTimeoutMs.load());
}

void QBiMuxer::setDefaultTimeout(std::chrono::milliseconds timeout)
{
    d_func()->defaultTimeoutMs = timeout.count();
}

/*!
    Watches for a peer that goes silent without closing (half-open TCP): after \a interval
    without any message it sends a WebSocket ping, and after \a idleTimeout (at least twice
    the interval) without any message or pong it closes the connection as lost: calls in
    flight fail with Unavailable and disconnected() reports CloseCodeAbnormalDisconnection.
    An interval of zero turns it off. The default is 30 s / 90 s. Any WebSocket peer answers
    pings, a plain bimux peer included.
*/
void QBiMuxer::setHeartbeat(std::chrono::milliseconds interval,
                            std::chrono::milliseconds idleTimeout)
{
    d_func()->heartbeat.configure(interval, idleTimeout);
}

std::chrono::milliseconds QBiMuxer::heartbeatInterval() const
{
    return d_func()->heartbeat.interval();
}

std::chrono::milliseconds QBiMuxer::idleTimeout() const
{
    return d_func()->heartbeat.idleTimeout();
}

qint64 QBiMuxer::maxMessageSize() const
{
    return d_func()->maxMessageSize;
}

void QBiMuxer::setMaxMessageSize(qint64 bytes)
{
    Q_D(QBiMuxer);
    d->maxMessageSize = std::max<qint64>(bytes, FrameOverhead + 1);
    d->applyIncomingLimits();
}

/*!
    Returns how many outgoing calls may be in flight at once (65,536 unless set).
*/
int QBiMuxer::maxPendingCalls() const
{
    return d_func()->maxPendingCalls;
}

/*!
    Limits the outgoing calls in flight at once to \a calls. A call counts from the
    moment rpc() is called until its future ends; an rpc() beyond the limit fails at once
    with QBiMux::StatusCode::ResourceExhausted. Thread-safe.
*/
void QBiMuxer::setMaxPendingCalls(int calls)
{
    d_func()->maxPendingCalls = std::max(calls, 1);
}

/*!
    Returns how many of the peer's requests may be in progress at once (16,384 unless
    set).
*/
int QBiMuxer::maxConcurrentRequests() const
{
    return d_func()->maxConcurrentRequests;
}

/*!
    Limits the peer's requests in progress at once (received, not yet answered) to
    \a requests. A request beyond the limit is answered at once with
    QBiMux::StatusCode::ResourceExhausted and reaches no handler, so a peer that floods
    requests costs bounded memory. Thread-safe.
*/
void QBiMuxer::setMaxConcurrentRequests(int requests)
{
    d_func()->maxConcurrentRequests = std::max(requests, 1);
}

/*!
    Returns the write-queue size above which the link counts as congested (16 MiB
    unless set).
*/
qint64 QBiMuxer::highWaterMark() const
{
    return d_func()->flowControl.highWaterMark();
}

/*!
    Sets the high-water mark of the write queue, the bytes handed to the socket that the
    peer has not taken yet, to \a bytes.

    Above it the muxer is congested (isCongested(), congestedChanged()): send() returns
    false and rpc() fails at once with QBiMux::StatusCode::ResourceExhausted, while
    answers to the peer's requests and cancels are still written. It stays congested
    until the queue drains to half the mark. A write that would take the queue past twice
    the mark plus maxMessageSize() is not made: the peer has stopped reading, and the
    muxer closes with CloseCodePolicyViolated and fails its calls, so a stalled peer
    costs bounded memory (docs/reliability.md states the bound per connection).

    The queue is QWebSocket::bytesToWrite(), for any socket, one from the application's
    own QWebSocketServer included; over TLS also what has been encrypted and not sent.
    It counts the pongs QWebSocket writes for the peer's pings too: for a socket the
    muxer dialed or QBiMuxServer accepted it is checked after every read, so a peer that
    floods pings while not reading is dropped within one read's pongs of the limit. On a
    socket from the application's own QWebSocketServer the muxer cannot see reads and
    checks at every message and heartbeat tick instead.
*/
void QBiMuxer::setHighWaterMark(qint64 bytes)
{
    d_func()->flowControl.setHighWaterMark(std::max<qint64>(bytes, 1));
}

/*!
    Returns true while the write queue is above the high-water mark. Thread-safe.
*/
bool QBiMuxer::isCongested() const
{
    return d_func()->flowControl.isCongested();
}

/*!
    Returns the bytes written to the socket that the peer has not taken yet.
*/
qint64 QBiMuxer::bytesToWrite() const
{
    return d_func()->queuedBytes();
}

bool QBiMuxer::send(qint32 route, const QByteArray &data)
{
    Q_D(QBiMuxer);
    if (d->state == State::Closed)
        return false;
    if (data.size() > d->maxMessageSize - FrameOverhead) {
        qCWarning(lcMuxer) << this << "oneway message of" << data.size()
                           << "bytes is larger than the maximum message size; not sent";
        return false;
    }
    if (d->flowControl.isCongested()) {
        qCDebug(lcMuxer) << this << "oneway message not sent: the peer is not keeping up";
        return false;
    }
    if (d->draining) {
        qCDebug(lcMuxer) << this << "oneway message not sent: the muxer is shutting down";
        return false;
    }
    QBiMuxFrame frame;
    frame.number = ++d->lastNumber;
    frame.flag = QBiMuxFrame::Flag::Oneway;
    frame.route = route;
    frame.data = data;
    d->runInThread(
        [frame = std::move(frame)](QBiMuxerPrivate *muxer) { muxer->writeFrame(frame); });
    return true;
}

QFuture<QByteArray> QBiMuxer::rpc(qint32 route, const QByteArray &data)
{
    return rpc(route, data, defaultTimeout());
}

/*!
    Calls \a route on the peer with \a data and returns the future reply. A \a timeout
    of zero or less, or of 100 years or more (std::chrono::milliseconds::max()
    included), waits until the reply, a cancel or a disconnect.
*/
QFuture<QByteArray> QBiMuxer::rpc(qint32 route, const QByteArray &data,
                                  std::chrono::milliseconds timeout)
{
    Q_D(QBiMuxer);
    if (std::optional<QBiMuxError> refusal = d->refuseNewCall(data.size()))
        return QBiMuxerPrivate::failedFuture(*refusal);
    QBiMuxPendingCalls::Call call;
    call.promise.emplace();
    QFuture<QByteArray> future = call.promise->future();
    d->runInThread([frame = d->requestFrame(route, data), call = std::move(call),
                    timeout](QBiMuxerPrivate *muxer) mutable {
        muxer->startCall(std::move(frame), std::move(call), timeout);
    });
    return future;
}

/*!
    The callback form of rpc(): calls \a route on the peer with \a data and runs
    \a onReply exactly once with the outcome, in \a context's thread (the muxer's if
    \a context is null), unless \a context is destroyed first. On success the error's
    code() is QBiMux::StatusCode::Ok; on failure the reply is empty.

    It skips the QFuture machinery (a promise, a result store, wait conditions and the
    continuation's future), which makes it the cheaper form for hot paths; in exchange
    such a call cannot be cancelled by its caller, only time out. Thread-safe.
*/
void QBiMuxer::rpc(qint32 route, const QByteArray &data, std::chrono::milliseconds timeout,
                   const QObject *context, ReplyHandler onReply)
{
    Q_D(QBiMuxer);
    QBiMuxPendingCalls::Call call;
    if (!context || context->thread() == thread()) {
        if (!context) {
            call.onReply = std::move(onReply);
        } else {
            call.onReply = [guard = QPointer<const QObject>(context), onReply = std::move(onReply)](
                               const QByteArray &reply, const QBiMuxError &error) {
                if (guard)
                    onReply(reply, error);
            };
        }
    } else {
        // Another thread, which may delete the context at any moment: the outcome travels
        // to it through a relay connected now, while the caller vouches for the context.
        call.onReply
            = [relay = std::make_shared<QBiMuxContextRelay>(context),
               onReply = std::move(onReply)](const QByteArray &reply, const QBiMuxError &error) {
                  relay->run([onReply, reply, error] { onReply(reply, error); });
              };
    }
    if (std::optional<QBiMuxError> refusal = d->refuseNewCall(data.size())) {
        if (d->destroying) {
            // A retry from a handler that the destructor runs: an event to this muxer
            // would be dropped with it, so the call fails here and now.
            call.fail(*refusal);
            return;
        }
        // Not from inside this call: the handler may expect to run after rpc() returned.
        // The call goes along, not just its handler, so that it ends even if the event is
        // dropped.
        QMetaObject::invokeMethod(
            this, [call = std::move(call), error = *refusal]() mutable { call.fail(error); },
            Qt::QueuedConnection);
        return;
    }
    d->runInThread([frame = d->requestFrame(route, data), call = std::move(call),
                    timeout](QBiMuxerPrivate *muxer) mutable {
        muxer->startCall(std::move(frame), std::move(call), timeout);
    });
}

std::optional<QBiMuxError> QBiMuxerPrivate::refuseNewCall(qsizetype size)
{
    if (state == QBiMuxer::State::Closed)
        return closedError();
    if (size > maxMessageSize - FrameOverhead) {
        return QBiMuxError(QBiMux::StatusCode::ResourceExhausted,
                           QBiMuxer::tr("request of %1 bytes is larger than the maximum message "
                                        "size (%2)")
                               .arg(size)
                               .arg(maxMessageSize.load()));
    }
    if (draining) {
        return QBiMuxError(QBiMux::StatusCode::Unavailable,
                           QBiMuxer::tr("the muxer is shutting down and takes no new calls"));
    }
    if (flowControl.isCongested()) {
        return QBiMuxError(QBiMux::StatusCode::ResourceExhausted,
                           QBiMuxer::tr("the peer is not keeping up: more than %1 bytes wait to "
                                        "be written")
                               .arg(flowControl.highWaterMark()));
    }
    if (!pending.reserve(maxPendingCalls)) {
        return QBiMuxError(QBiMux::StatusCode::ResourceExhausted,
                           QBiMuxer::tr("%1 calls are in flight already, the most this muxer "
                                        "allows")
                               .arg(maxPendingCalls.load()));
    }
    return std::nullopt;
}

QBiMuxFrame QBiMuxerPrivate::requestFrame(qint32 route, const QByteArray &data)
{
    QBiMuxFrame frame;
    frame.number = ++lastNumber;
    frame.flag = QBiMuxFrame::Flag::Request;
    frame.route = route;
    frame.data = data;
    return frame;
}

int QBiMuxer::pendingCallCount() const
{
    return d_func()->pending.size();
}

int QBiMuxer::pendingRequestCount() const
{
    return int(d_func()->incoming.size());
}

/*!
    Adds \a observer, which from now on sees this muxer's frames and calls; if the muxer
    is open, QBiMuxObserver::connectionOpened() is called at once. Call it in the muxer's
    thread. The observer is not owned.
*/
void QBiMuxer::addObserver(QBiMuxObserver *observer)
{
    Q_D(QBiMuxer);
    if (!observer || d->observers.contains(observer))
        return;
    d->observers.append(observer);
    if (d->state == State::Open)
        observer->connectionOpened(this);
}

void QBiMuxer::removeObserver(QBiMuxObserver *observer)
{
    d_func()->observers.removeAll(observer);
}

void QBiMuxer::removeRequestHandler(qint32 route)
{
    d_func()->handlers.removeRequestHandler(route);
}

void QBiMuxer::removeMessageHandler(qint32 route)
{
    d_func()->handlers.removeMessageHandler(route);
}

void QBiMuxer::setRequestHandlerImpl(qint32 route, const QObject *context,
                                     QBiMuxDetail::RequestHandler handler)
{
    d_func()->handlers.setRequestHandler(route, context, std::move(handler));
}

void QBiMuxer::setMessageHandlerImpl(qint32 route, const QObject *context,
                                     QBiMuxDetail::MessageHandler handler)
{
    d_func()->handlers.setMessageHandler(route, context, std::move(handler));
}

/*!
    Closes the connection with \a code and \a reason. Calls in flight fail at once with
    QBiMux::StatusCode::Unavailable; disconnected() is emitted before this returns.
*/
/*!
    Closes gracefully: from now on the muxer starts no new work (send() returns false,
    rpc() fails with QBiMux::StatusCode::Unavailable, and the peer's new requests are
    answered with Unavailable), lets the calls in flight both ways finish, and then
    closes with CloseCodeGoingAway and \a reason. If they have not finished within
    \a drainTimeout it closes anyway; what is still in flight then ends as on any close.
    Thread-safe.
*/
void QBiMuxer::shutdown(std::chrono::milliseconds drainTimeout, const QString &reason)
{
    Q_D(QBiMuxer);
    d->link->post([drainTimeout, reason](QBiMuxerPrivate *muxer) {
        muxer->startDrain(drainTimeout, reason);
    });
}

bool QBiMuxer::isShuttingDown() const
{
    return d_func()->draining;
}

void QBiMuxer::close(QWebSocketProtocol::CloseCode code, const QString &reason)
{
    Q_D(QBiMuxer);
    if (d->state == State::Closed)
        return;
    // Torn down first: with nothing left to write, QWebSocket::close() reports the
    // disconnect synchronously, and the muxer would take it for the peer's doing.
    QWebSocket *socket = d->socket;
    // A disconnected() slot may have deleted the muxer, and its socket with it.
    if (d->teardown(code, reason.isEmpty() ? tr("closed by this side") : reason))
        socket->close(code, closeReasonFor(reason));
}
