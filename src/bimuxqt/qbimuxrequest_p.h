// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef QBIMUXREQUEST_P_H
#define QBIMUXREQUEST_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the BiMuxQt API. It may change from version to version
// without notice, or even be removed.
//

#include "qbimuxcontextrelay_p.h"
#include "qbimuxinterceptors_p.h"
#include "qbimuxrequest.h"

#include <QtCore/qmutex.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <vector>

class QBiMuxLink;

// One incoming request: what its handles (QBiMuxRequest, which answer it from any thread)
// and its muxer (which must see a cancel from the peer) both refer to. One allocation per
// request: the muxer's table holds a reference like any handle, and the handles count
// themselves apart (QBiMuxRequest's copy and destruction), so that the last handle to go
// can tell that nobody answered.
class QBiMuxRequestPrivate : public QSharedData
{
public:
    QBiMuxRequestPrivate(quint64 requestNumber, qint32 requestRoute)
        : number(requestNumber)
        , route(requestRoute)
    { }

    bool answer(const QByteArray &data, QBiMux::StatusCode code, const QString &message);

    // True for the one caller that may answer.
    bool claimAnswer() { return !m_answered.exchange(true); }
    bool isAnswered() const { return m_answered.load(); }
    bool isCancelled() const { return m_cancelled.load(); }

    void addCancelCallback(const QObject *context, std::function<void()> callback);
    // Marks the request cancelled (the peer said so, or the connection is gone) and runs
    // the callbacks once.
    void cancel();
    void dropCancelCallbacks();

    const quint64 number;
    const qint32 route;
    std::shared_ptr<QBiMuxLink> link;
    QByteArray data;
    QBiMuxMetadata metadata;
    // When the caller gives up, or max() for never. Kept as a time point because reading
    // the clock for it costs half of what setting up a QDeadlineTimer does.
    std::chrono::steady_clock::time_point deadlineAt = std::chrono::steady_clock::time_point::max();
    QDeadlineTimer deadline() const
    {
        return deadlineAt == std::chrono::steady_clock::time_point::max()
            ? QDeadlineTimer(QDeadlineTimer::Forever)
            : QDeadlineTimer(deadlineAt);
    }
    // Set only while the muxer is observed or intercepted, for the latency of call events
    // and QBiMuxInterceptor::requestFinished().
    std::chrono::steady_clock::time_point startedAt;
    // The interceptors that saw the request, to hear of its end; in the muxer's thread.
    QBiMuxInterception::Seen intercepted;
    // QBiMuxRequest handles, not counting the muxer's reference.
    std::atomic<int> handles {0};

private:
    struct CancelCallback
    {
        // Runs the callback in its context's thread; null without a context.
        std::shared_ptr<QBiMuxContextRelay> relay;
        std::function<void()> callback;
    };
    static void run(const CancelCallback &callback);

    std::atomic<bool> m_answered {false};
    std::atomic<bool> m_cancelled {false};
    // Set before a callback is added, so that answering takes the lock only for requests
    // that had one (see dropCancelCallbacks()).
    std::atomic<bool> m_hadCancelCallbacks {false};
    QMutex m_mutex;
    std::vector<CancelCallback> m_cancelCallbacks;
};

using QBiMuxRequestRef = QExplicitlySharedDataPointer<QBiMuxRequestPrivate>;

#endif // QBIMUXREQUEST_P_H
