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
#include <utility>

// How one call ends, in one of the two forms of rpc(): the promise of its future, or the
// reply handler of the callback form, which costs no QFuture machinery. At most one of
// the two is set, and only while the call is owed its ending: ending it or moving it
// away clears them. A muxer's pending calls and a client's queued ones are made of it.
//
// The promise is a QFutureInterface, not a QPromise: a QPromise's destructor takes a
// lock to clean up a continuation that a finished future no longer has, and each of the
// moves a call's promise makes on its way (the caller, the call table, the answer)
// leaves one more QPromise to destroy. It pays, a little: with it, and the task the
// muxer no longer wraps a call in (QBiMuxerPrivate::call()), the caller of rpc128_64
// runs about 150 fewer instructions per call in the call's own functions (callgrind,
// 8,855 against 8,707; the reply-handler form 3,011 against 2,991). What the QPromise
// destructor is for, a future that would never end, this destructor does: a promise
// still owed is cancelled and finished.
struct QBiMuxCallReply
{
    QBiMuxCallReply() = default;
    QBiMuxCallReply(QBiMuxCallReply &&other) noexcept
        : promise(std::exchange(other.promise, std::nullopt))
        , onReply(std::exchange(other.onReply, nullptr))
        , cancelWatcher(std::move(other.cancelWatcher))
    { }
    QBiMuxCallReply &operator=(QBiMuxCallReply &&other) noexcept
    {
        promise = std::exchange(other.promise, std::nullopt);
        onReply = std::exchange(other.onReply, nullptr);
        cancelWatcher = std::move(other.cancelWatcher);
        return *this;
    }
    ~QBiMuxCallReply()
    {
        if (promise)
            cancelUnfinished();
    }

    std::optional<QFutureInterface<QByteArray>> promise;
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
    bool isOwed() const { return promise || onReply; }
    bool isCancelledByCaller() const { return promise && promise->isCanceled(); }

    // By value: the future's result store keeps the reply, moved, not one more reference.
    void succeed(QByteArray data);
    void fail(const QBiMuxStatus &status);
    // A call refused before it started. The future fails at once, so that rpc() returns it
    // failed; the handler runs from `receiver`'s event loop, never inside rpc(), since its
    // caller may expect it after rpc() returned. Should the event be dropped with
    // `receiver`, it runs then: the call ends once all the same.
    void refuse(QObject *receiver, const QBiMuxStatus &status);
    // After the caller's future.cancel(). A handler cannot be cancelled by its caller:
    // one is dropped.
    void finishCancelled();

private:
    void cancelUnfinished();
};

#endif // QBIMUXCALLREPLY_P_H
