// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

// The call API's entry points on a muxer (QBiMuxChannelPrivate): admitted by the
// outgoing part (QBiMuxOutgoingCalls) in the caller's thread, started in the muxer's.

#include "qbimuxer_p.h"

#include "qbimuxcancelsweeper_p.h"
#include "qbimuxlogging_p.h"

#include <QtCore/qpointer.h>

using namespace std::chrono_literals;

bool QBiMuxerPrivate::send(qint32 route, const QByteArray &data, const QBiMuxCallOptions &options)
{
    QBiMuxFrame frame;
    if (!outgoing.prepareMessage(route, data, options, &frame))
        return false;
    runInThread(
        [frame = std::move(frame)](QBiMuxerPrivate *muxer) { muxer->wire.writeFrame(frame); });
    return true;
}

QFuture<QByteArray> QBiMuxerPrivate::call(qint32 route, const QByteArray &data,
                                          const QBiMuxCallOptions &options)
{
    QBiMuxCallOptions effective = options;
    QBiMuxFrame frame;
    QBiMuxCallBudget budget;
    if (std::optional<QBiMuxStatus> refusal
        = outgoing.prepareCall(route, data, &effective, &frame, &budget))
        return failedFuture(*refusal);
    QBiMuxPendingCalls::Call call;
    call.promise.emplace();
    QFuture<QByteArray> future = call.promise->future();
    runInThread(
        [frame = std::move(frame), call = std::move(call), budget](QBiMuxerPrivate *muxer) mutable {
            muxer->outgoing.startCall(std::move(frame), std::move(call), budget);
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
        = outgoing.prepareCall(route, data, &effective, &frame, &budget)) {
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
            muxer->outgoing.startCall(std::move(frame), std::move(call), budget);
        });
}

int QBiMuxer::pendingCallCount() const
{
    return d_func()->outgoing.size();
}
