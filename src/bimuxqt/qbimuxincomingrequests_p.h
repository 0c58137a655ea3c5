// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef QBIMUXINCOMINGREQUESTS_P_H
#define QBIMUXINCOMINGREQUESTS_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the BiMuxQt API. It may change from version to version
// without notice, or even be removed.
//

#include "qbimuxframe_p.h"
#include "qbimuxhandlerregistry_p.h"
#include "qbimuxinterceptors_p.h"
#include "qbimuxlifecycle_p.h"
#include "qbimuxnumbertable_p.h"
#include "qbimuxobservers_p.h"
#include "qbimuxrequest_p.h"

#include <atomic>
#include <memory>

class QBiMuxLink;
class QBiMuxWire;

// A muxer's incoming part: the peer's requests (limits, interceptors, the handler of the
// route or requestReceived(), answers, the peer's cancels) and oneway messages. In the
// muxer's thread, but for setMaxConcurrentRequests().
class QBiMuxIncomingRequests
{
public:
    using Clock = std::chrono::steady_clock;

    QBiMuxIncomingRequests(QBiMuxer *muxer, const std::shared_ptr<QBiMuxLink> &link,
                           std::shared_ptr<QBiMuxHandlerRegistry> handlers,
                           QBiMuxLifecycle &lifecycle, QBiMuxWire &wire, QBiMuxObservers &observers,
                           QBiMuxInterception &interception);

    void setMaxConcurrentRequests(int requests) { m_maxConcurrentRequests = requests; }
    // A QBiMuxServer's or QBiMuxClient's handlers, consulted after the muxer's own. Before
    // the muxer is published.
    void inherit(std::shared_ptr<QBiMuxHandlerRegistry> handlers)
    {
        m_inheritedHandlers = std::move(handlers);
    }

    // The stream handler of `route`: the muxer's own, or its server's or client's
    // (QBiMuxStreams::Link::findStreamHandler()).
    std::shared_ptr<const QBiMuxHandlerRegistry::StreamEntry> findStreamHandler(qint32 route) const;

    void handleRequest(QBiMuxFrame &&frame);
    void handleOneway(QBiMuxFrame &&frame);
    void handleCancel(const QBiMuxFrame &frame);
    // A handler's answer (QBiMuxRequestPrivate::answer()), in the muxer's thread.
    void sendAnswer(const QBiMuxRequestRef &call, QBiMuxFrame &&frame);

    int size() const { return m_requests.size(); }
    bool isEmpty() const { return m_requests.isEmpty(); }
    // For the close: the requests in flight, which the caller cancels.
    auto takeAll() { return m_requests.takeAll(); }

private:
    void dispatchRequest(const QBiMuxRequest &request);
    void refuseRequest(const QBiMuxFrame &request, QBiMux::StatusCode code, const QString &message);

    QBiMuxer *m_muxer;
    // The muxer's handle for other threads, which every request and message holds.
    const std::shared_ptr<QBiMuxLink> &m_link;
    // The muxer's own handlers (QBiMuxEndpointPrivate::handlers).
    const std::shared_ptr<QBiMuxHandlerRegistry> m_handlers;
    QBiMuxLifecycle &m_lifecycle;
    QBiMuxWire &m_wire;
    QBiMuxObservers &m_observers;
    QBiMuxInterception &m_interception;

    std::atomic<int> m_maxConcurrentRequests {0};
    // The peer's requests not yet answered or cancelled.
    QBiMuxNumberTable<QBiMuxRequestRef> m_requests;
    // The server's or client's handlers, consulted after the muxer's own.
    std::shared_ptr<QBiMuxHandlerRegistry> m_inheritedHandlers;
    QBiMuxHandlerRegistry::Memo<QBiMuxHandlerRegistry::RequestEntry> m_inheritedRequestHandlerMemo;
    QBiMuxHandlerRegistry::Memo<QBiMuxHandlerRegistry::MessageEntry> m_inheritedMessageHandlerMemo;
};

#endif // QBIMUXINCOMINGREQUESTS_P_H
