// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "qbimuxcallreply_p.h"

#include "qbimuxerror.h"

void QBiMuxCallReply::cancelUnfinished()
{
    if (!promise->isFinished()) {
        cancelWatcher.reset();
        promise->reportCanceled();
        promise->reportFinished();
    }
}

void QBiMuxCallReply::succeed(QByteArray data)
{
    if (!promise) {
        static const QBiMuxStatus ok;
        std::exchange(onReply, nullptr)(data, ok);
        return;
    }
    cancelWatcher.reset();
    promise->reportAndMoveResult(std::move(data));
    promise->reportFinished();
    promise.reset();
}

void QBiMuxCallReply::fail(const QBiMuxStatus &status)
{
    if (!promise) {
        std::exchange(onReply, nullptr)(QByteArray(), status);
        return;
    }
    cancelWatcher.reset();
    promise->reportException(QBiMuxError(status));
    promise->reportFinished();
    promise.reset();
}

namespace {
// A reply handler owed an ending: it gets one when run, or else when destroyed.
class OwedReply
{
public:
    OwedReply(QBiMuxChannel::ReplyHandler onReply, const QBiMuxStatus &status)
        : m_onReply(std::move(onReply))
        , m_status(status)
    { }
    OwedReply(OwedReply &&other) noexcept
        : m_onReply(std::exchange(other.m_onReply, nullptr))
        , m_status(other.m_status)
    { }
    OwedReply &operator=(OwedReply &&) = delete;
    ~OwedReply() { run(); }

    void run()
    {
        if (QBiMuxChannel::ReplyHandler onReply = std::exchange(m_onReply, nullptr))
            onReply(QByteArray(), m_status);
    }

private:
    QBiMuxChannel::ReplyHandler m_onReply;
    QBiMuxStatus m_status;
};
} // namespace

void QBiMuxCallReply::refuse(QObject *receiver, const QBiMuxStatus &status)
{
    if (promise) {
        fail(status);
        return;
    }
    QMetaObject::invokeMethod(
        receiver,
        [owed = OwedReply(std::exchange(onReply, nullptr), status)]() mutable { owed.run(); },
        Qt::QueuedConnection);
}

void QBiMuxCallReply::finishCancelled()
{
    onReply = nullptr;
    if (!promise)
        return;
    cancelWatcher.reset();
    // The future is already in the canceled state; finishing it runs onCanceled() handlers.
    promise->reportFinished();
    promise.reset();
}
