// QBiMuxerPrivate's incoming part: the peer's requests (admission, interceptors, handler
// dispatch, answers, the peer's cancels) and oneway messages.

#include "qbimuxer_p.h"

#include "qbimuxlogging_p.h"
#include "qbimuxmessage.h"

#include <QtCore/qmetaobject.h>

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
    if (incoming.contains(frame.number)) {
        lifecycle.protocolError(
            QBiMuxer::tr("request %1 arrived while a request with the same number is "
                         "still in flight")
                .arg(frame.number));
        return;
    }
    if (Q_UNLIKELY(lifecycle.isDraining())) {
        refuseRequest(frame, QBiMux::StatusCode::Unavailable,
                      QBiMuxer::tr("this side is shutting down: %1").arg(lifecycle.drainReason()));
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
    requestData->metadata = std::move(frame.metadata);
    if (frame.timeoutMs)
        requestData->deadlineAt = Clock::now() + std::chrono::milliseconds(frame.timeoutMs);
    incoming.insert(frame.number, QBiMuxRequestRef(requestData));
    const QBiMuxRequest request(requestData);
    if (Q_UNLIKELY(observers.isObserved())) {
        requestData->startedAt = Clock::now();
        observers.notifyCall(QBiMux::Direction::Incoming, QBiMux::CallEvent::Started, frame.number,
                             frame.route, requestData->startedAt, QBiMux::StatusCode::Ok, QString(),
                             requestData->deadline());
    }
    if (Q_UNLIKELY(interception.isActiveHere())) {
        const QBiMuxStatus refusal = interception.interceptRequest(requestData);
        if (!refusal.isOk()) {
            request.fail(refusal.code(), refusal.message());
            return;
        }
    }
    dispatchRequest(request);
}

void QBiMuxerPrivate::dispatchRequest(const QBiMuxRequest &request)
{
    Q_Q(QBiMuxer);
    const qint32 route = request.route();
    auto entry = handlers->requestHandler(route);
    if (!entry && inheritedHandlers)
        entry = inheritedHandlers->requestHandler(route, &inheritedRequestHandlerMemo);
    if (entry) {
        // The usual cases, no context or the muxer, run without a task wrapped around them.
        if (entry->runsWith(q))
            invokeRequestHandler(entry->handler, request);
        else
            entry->relay->run([entry, request] { invokeRequestHandler(entry->handler, request); });
        return;
    }
    if (q->isSignalConnected(QMetaMethod::fromSignal(&QBiMuxChannel::requestReceived))) {
        emit q->requestReceived(request);
        return;
    }
    request.fail(QBiMux::StatusCode::Unimplemented,
                 QBiMuxer::tr("no handler for route %1").arg(route));
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
    wire.writeFrame(refusal);
}

void QBiMuxerPrivate::handleOneway(QBiMuxFrame &&frame)
{
    Q_Q(QBiMuxer);
    const QBiMuxMessage message(frame.route, std::move(frame.data), std::move(frame.metadata),
                                link);
    if (Q_UNLIKELY(interception.isActiveHere()) && !interception.interceptMessage(message)) {
        qCDebug(lcMuxer) << q << "oneway message on route" << message.route()
                         << "dropped by an interceptor";
        return;
    }
    auto entry = handlers->messageHandler(message.route());
    if (!entry && inheritedHandlers)
        entry = inheritedHandlers->messageHandler(message.route(), &inheritedMessageHandlerMemo);
    if (entry) {
        if (entry->runsWith(q))
            entry->handler(message);
        else
            entry->relay->run([entry, message] { entry->handler(message); });
        return;
    }
    if (!q->isSignalConnected(QMetaMethod::fromSignal(&QBiMuxChannel::messageReceived))) {
        qCWarning(lcMuxer) << q << "no handler for oneway message on route" << message.route()
                           << "- dropped" << message.data().size() << "bytes";
        return;
    }
    emit q->messageReceived(message);
}

void QBiMuxerPrivate::handleCancel(const QBiMuxFrame &frame)
{
    std::optional<QBiMuxRequestRef> taken = incoming.take(frame.number);
    // The request may have been answered already: the cancel crossed the answer.
    if (!taken)
        return;
    const QBiMuxRequestRef call = std::move(*taken);
    qCDebug(lcMuxer) << q_func() << "peer cancelled request" << frame.number;
    if (Q_UNLIKELY(observers.isObserved())) {
        observers.notifyCall(QBiMux::Direction::Incoming, QBiMux::CallEvent::Cancelled,
                             call->number, call->route, call->startedAt,
                             QBiMux::StatusCode::Cancelled);
    }
    call->cancel();
    QBiMuxInterception::finishRequest(call.data(),
                                      QBiMuxStatus(QBiMux::StatusCode::Cancelled,
                                                   QBiMuxer::tr("cancelled by the caller"),
                                                   QBiMuxStatus::Origin::Remote));
    lifecycle.scheduleDrainCheck();
}

void QBiMuxerPrivate::sendAnswer(const QBiMuxRequestRef &call, QBiMuxFrame &&frame)
{
    // A peer may reuse a number once it got its answer: only erase our own entry.
    const QBiMuxRequestRef *entry = incoming.find(call->number);
    if (entry && *entry == call) {
        incoming.take(call->number);
        lifecycle.scheduleDrainCheck();
    }
    if (call->isCancelled() || lifecycle.state() == QBiMuxer::State::Closed) {
        qCDebug(lcMuxer) << q_func() << "answer to request" << call->number
                         << "dropped: the call was cancelled or the connection is gone";
        return;
    }
    if (frame.data.size() > wire.maxMessageSize() - QBiMuxFrame::MaxOverhead) {
        qCWarning(lcMuxer) << q_func() << "answer to request" << call->number << "is"
                           << frame.data.size() << "bytes, more than the maximum";
        frame.data.clear();
        frame.errorCode = QBiMux::StatusCode::ResourceExhausted;
        frame.errorMessage = QBiMuxer::tr("the answer is larger than the maximum message size");
    }
    if (Q_UNLIKELY(observers.isObserved())) {
        observers.notifyCall(
            QBiMux::Direction::Incoming,
            frame.isError() ? QBiMux::CallEvent::Failed : QBiMux::CallEvent::Answered, call->number,
            call->route, call->startedAt, frame.errorCode, frame.errorMessage);
    }
    wire.writeFrame(frame);
    QBiMuxInterception::finishRequest(call.data(),
                                      QBiMuxStatus(frame.errorCode, frame.errorMessage));
}

int QBiMuxer::pendingRequestCount() const
{
    return int(d_func()->incoming.size());
}
