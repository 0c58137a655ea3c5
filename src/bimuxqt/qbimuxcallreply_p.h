// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef QBIMUXCALLREPLY_P_H
#define QBIMUXCALLREPLY_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the BiMuxQt API. It may change from version to version
// without notice, or even be removed.
//

#include "qbimuxchannel.h"

#include <QtCore/qfuturewatcher.h>
#include <QtCore/qpromise.h>

#include <memory>
#include <optional>

// How one call ends, in one of the two forms of rpc(): the promise of its future, or the
// reply handler of the callback form, which costs no QFuture machinery. Exactly one of
// the two is set. A muxer's pending calls and a client's queued ones are made of it.
struct QBiMuxCallReply
{
    std::optional<QPromise<QByteArray>> promise;
    QBiMuxChannel::ReplyHandler onReply;
    // Reports future.cancel() by the caller, where the holder needs to know at once (each
    // says when). Destroyed before the promise finishes, so that finishing posts no events
    // to it.
    std::unique_ptr<QFutureWatcher<QByteArray>> cancelWatcher;

    // The future form: makes the promise, returns its future.
    QFuture<QByteArray> makeFuture()
    {
        promise.emplace();
        return promise->future();
    }
    bool isCancelledByCaller() const { return promise && promise->isCanceled(); }

    // By value: the future's result store keeps the reply, moved, not one more reference.
    void succeed(QByteArray data);
    void fail(const QBiMuxStatus &status);
    // A call refused before it started. The future fails at once, so that rpc() returns it
    // failed; the handler runs from `receiver`'s event loop, never inside rpc(), since its
    // caller may expect it after rpc() returned. Should the event be dropped with
    // `receiver`, it runs then: the call ends once all the same.
    void refuse(QObject *receiver, const QBiMuxStatus &status);
    // After the caller's future.cancel(); a handler cannot be cancelled by its caller.
    void finishCancelled();
};

#endif // QBIMUXCALLREPLY_P_H
