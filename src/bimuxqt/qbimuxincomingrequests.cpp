// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

// A muxer's incoming part: the peer's requests (limits, interceptors, handler dispatch,
// answers, the peer's cancels) and oneway messages.

#include "qbimuxincomingrequests_p.h"

#include "qbimuxlogging_p.h"
#include "qbimuxmessage.h"
#include "qbimuxwire_p.h"

#include <QtCore/qmetaobject.h>

QBiMuxIncomingRequests::QBiMuxIncomingRequests(QBiMuxer *muxer,
                                               const std::shared_ptr<QBiMuxLink> &link,
                                               std::shared_ptr<QBiMuxHandlerRegistry> handlers,
                                               QBiMuxLifecycle &lifecycle, QBiMuxWire &wire,
                                               QBiMuxObservers &observers,
                                               QBiMuxInterception &interception)
    : m_muxer(muxer)
    , m_link(link)
    , m_handlers(std::move(handlers))
    , m_lifecycle(lifecycle)
    , m_wire(wire)
    , m_observers(observers)
    , m_interception(interception)
{ }

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

void QBiMuxIncomingRequests::handleRequest(QBiMuxFrame &&frame)
{
    if (m_requests.contains(frame.number)) {
        m_lifecycle.protocolError(
            QBiMuxer::tr("request %1 arrived while a request with the same number is "
                         "still in flight")
                .arg(frame.number));
        return;
    }
    if (Q_UNLIKELY(m_lifecycle.isDraining())) {
        refuseRequest(
            frame, QBiMux::StatusCode::Unavailable,
            QBiMuxer::tr("this side is shutting down: %1").arg(m_lifecycle.drainReason()));
        return;
    }
    if (int(m_requests.size()) >= m_maxConcurrentRequests) {
        refuseRequest(frame, QBiMux::StatusCode::ResourceExhausted,
                      QBiMuxer::tr("%1 requests of this peer are in progress already, the "
                                   "most this side allows")
                          .arg(m_maxConcurrentRequests.load()));
        return;
    }
    auto *requestData = new QBiMuxRequestPrivate(frame.number, frame.route);
    requestData->link = m_link;
    requestData->data = std::move(frame.data);
    requestData->metadata = std::move(frame.metadata);
    if (frame.timeoutMs)
        requestData->deadlineAt = Clock::now() + std::chrono::milliseconds(frame.timeoutMs);
    m_requests.insert(frame.number, QBiMuxRequestRef(requestData));
    const QBiMuxRequest request(requestData);
    if (Q_UNLIKELY(m_observers.isObserved())) {
        requestData->startedAt = Clock::now();
        m_observers.notifyCall(QBiMux::Direction::Incoming, QBiMux::CallEvent::Started,
                               frame.number, frame.route, requestData->startedAt,
                               QBiMux::StatusCode::Ok, QString(), requestData->deadline());
    }
    if (Q_UNLIKELY(m_interception.isActiveHere())) {
        const QBiMuxStatus refusal = m_interception.interceptRequest(requestData);
        if (!refusal.isOk()) {
            request.fail(refusal.code(), refusal.message());
            return;
        }
    }
    dispatchRequest(request);
}

std::shared_ptr<const QBiMuxHandlerRegistry::StreamEntry>
QBiMuxIncomingRequests::findStreamHandler(qint32 route) const
{
    auto entry = m_handlers->find<QBiMuxDetail::StreamHandler>(route);
    if (!entry && m_inheritedHandlers)
        entry = m_inheritedHandlers->find<QBiMuxDetail::StreamHandler>(route);
    return entry;
}

void QBiMuxIncomingRequests::dispatchRequest(const QBiMuxRequest &request)
{
    const qint32 route = request.route();
    auto entry = m_handlers->find<QBiMuxDetail::RequestHandler>(route);
    if (!entry && m_inheritedHandlers)
        entry = m_inheritedHandlers->find(route, &m_inheritedRequestHandlerMemo);
    if (entry) {
        // The usual cases, no context or the muxer, run without a task wrapped around them.
        if (entry->runsWith(m_muxer))
            invokeRequestHandler(entry->handler, request);
        else
            entry->relay->run([entry, request] { invokeRequestHandler(entry->handler, request); });
        return;
    }
    if (m_muxer->isSignalConnected(QMetaMethod::fromSignal(&QBiMuxChannel::requestReceived))) {
        emit m_muxer->requestReceived(request);
        return;
    }
    request.fail(QBiMux::StatusCode::Unimplemented,
                 QBiMuxer::tr("no handler for route %1").arg(route));
}

void QBiMuxIncomingRequests::refuseRequest(const QBiMuxFrame &request, QBiMux::StatusCode code,
                                           const QString &message)
{
    // Answered without an entry in the table: the peer's call ends at once, and a flood
    // of requests costs no more memory than this reply.
    QBiMuxFrame refusal;
    refusal.number = request.number;
    refusal.flag = QBiMuxFrame::Flag::Response;
    refusal.route = request.route;
    refusal.errorCode = code;
    refusal.errorMessage = message;
    m_wire.writeFrame(refusal);
}

void QBiMuxIncomingRequests::handleOneway(QBiMuxFrame &&frame)
{
    const QBiMuxMessage message(frame.route, std::move(frame.data), std::move(frame.metadata),
                                m_link);
    if (Q_UNLIKELY(m_interception.isActiveHere()) && !m_interception.interceptMessage(message)) {
        qCDebug(lcMuxer) << m_muxer << "oneway message on route" << message.route()
                         << "dropped by an interceptor";
        return;
    }
    auto entry = m_handlers->find<QBiMuxDetail::MessageHandler>(message.route());
    if (!entry && m_inheritedHandlers)
        entry = m_inheritedHandlers->find(message.route(), &m_inheritedMessageHandlerMemo);
    if (entry) {
        if (entry->runsWith(m_muxer))
            entry->handler(message);
        else
            entry->relay->run([entry, message] { entry->handler(message); });
        return;
    }
    if (!m_muxer->isSignalConnected(QMetaMethod::fromSignal(&QBiMuxChannel::messageReceived))) {
        qCWarning(lcMuxer) << m_muxer << "no handler for oneway message on route" << message.route()
                           << "- dropped" << message.data().size() << "bytes";
        return;
    }
    emit m_muxer->messageReceived(message);
}

void QBiMuxIncomingRequests::handleCancel(const QBiMuxFrame &frame)
{
    std::optional<QBiMuxRequestRef> taken = m_requests.take(frame.number);
    // The request may have been answered already: the cancel crossed the answer.
    if (!taken)
        return;
    const QBiMuxRequestRef call = std::move(*taken);
    qCDebug(lcMuxer) << m_muxer << "peer cancelled request" << frame.number;
    if (Q_UNLIKELY(m_observers.isObserved())) {
        m_observers.notifyCall(QBiMux::Direction::Incoming, QBiMux::CallEvent::Cancelled,
                               call->number, call->route, call->startedAt,
                               QBiMux::StatusCode::Cancelled);
    }
    call->cancel();
    QBiMuxInterception::finishRequest(call.data(),
                                      QBiMuxStatus(QBiMux::StatusCode::Cancelled,
                                                   QBiMuxer::tr("cancelled by the caller"),
                                                   QBiMuxStatus::Origin::Remote));
    m_lifecycle.scheduleDrainCheck();
}

void QBiMuxIncomingRequests::sendAnswer(const QBiMuxRequestRef &call, QBiMuxFrame &&frame)
{
    // A peer may reuse a number once it got its answer: only erase our own entry.
    const QBiMuxRequestRef *entry = m_requests.find(call->number);
    if (entry && *entry == call) {
        m_requests.take(call->number);
        m_lifecycle.scheduleDrainCheck();
    }
    if (call->isCancelled() || m_lifecycle.state() == QBiMuxer::State::Closed) {
        qCDebug(lcMuxer) << m_muxer << "answer to request" << call->number
                         << "dropped: the call was cancelled or the connection is gone";
        return;
    }
    if (frame.data.size() > m_wire.maxMessageSize() - QBiMuxFrame::MaxOverhead) {
        qCWarning(lcMuxer) << m_muxer << "answer to request" << call->number << "is"
                           << frame.data.size() << "bytes, more than the maximum";
        frame.data.clear();
        frame.errorCode = QBiMux::StatusCode::ResourceExhausted;
        frame.errorMessage = QBiMuxer::tr("the answer is larger than the maximum message size");
    }
    if (Q_UNLIKELY(m_observers.isObserved())) {
        m_observers.notifyCall(
            QBiMux::Direction::Incoming,
            frame.isError() ? QBiMux::CallEvent::Failed : QBiMux::CallEvent::Answered, call->number,
            call->route, call->startedAt, frame.errorCode, frame.errorMessage);
    }
    m_wire.writeFrame(frame);
    QBiMuxInterception::finishRequest(call.data(),
                                      QBiMuxStatus(frame.errorCode, frame.errorMessage));
}
