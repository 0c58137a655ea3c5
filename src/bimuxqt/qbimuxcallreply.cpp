// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "qbimuxcallreply_p.h"

#include "qbimuxerror.h"

void QBiMuxCallReply::succeed(QByteArray data)
{
    if (!promise) {
        static const QBiMuxStatus ok;
        onReply(data, ok);
        return;
    }
    cancelWatcher.reset();
    promise->addResult(std::move(data));
    promise->finish();
}

void QBiMuxCallReply::fail(const QBiMuxStatus &status)
{
    if (!promise) {
        onReply(QByteArray(), status);
        return;
    }
    cancelWatcher.reset();
    promise->setException(QBiMuxError(status));
    promise->finish();
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
    if (!promise)
        return;
    cancelWatcher.reset();
    // The future is already in the canceled state; finishing it runs onCanceled() handlers.
    promise->finish();
}
