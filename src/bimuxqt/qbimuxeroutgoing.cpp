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

void QBiMuxerPrivate::call(qint32 route, const QByteArray &data, const QBiMuxCallOptions &options,
                           QBiMuxCallReply &&reply)
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
            reply.fail(*refusal);
            return;
        }
        reply.refuse(q, *refusal);
        return;
    }
    QBiMuxPendingCalls::Call call(std::move(reply));
    // As runInThread(), but in the muxer's thread the call and its frame go straight in,
    // not moved into a task first.
    if (isInThread()) {
        outgoing.startCall(std::move(frame), std::move(call), budget);
        return;
    }
    runInThread(
        [frame = std::move(frame), call = std::move(call), budget](QBiMuxerPrivate *muxer) mutable {
            muxer->outgoing.startCall(std::move(frame), std::move(call), budget);
        });
}

int QBiMuxer::pendingCallCount() const
{
    return d_func()->outgoing.size();
}
