#ifndef QBIMUXCONNECTIONSETTINGS_P_H
#define QBIMUXCONNECTIONSETTINGS_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the BiMuxQt API. It may change from version to version
// without notice, or even be removed.
//

#include "qbimuxer_p.h"

#include <atomic>

// The settings a QBiMuxServer or a QBiMuxClient gives every QBiMuxer it makes, in one
// place so that a new per-connection setting is added once. Atomic: worker threads read
// them while the application's thread may change them.
struct QBiMuxConnectionSettings
{
    std::atomic<qint64> defaultTimeoutMs {QBiMuxerPrivate::DefaultTimeout.count()};
    std::atomic<qint64> maxMessageSize {QBiMuxerPrivate::DefaultMaxMessageSize};
    std::atomic<qint64> heartbeatIntervalMs {QBiMuxerPrivate::DefaultHeartbeatInterval.count()};
    std::atomic<qint64> idleTimeoutMs {QBiMuxerPrivate::DefaultIdleTimeout.count()};
    std::atomic<int> maxPendingCalls {QBiMuxerPrivate::DefaultMaxPendingCalls};
    std::atomic<int> maxConcurrentRequests {QBiMuxerPrivate::DefaultMaxConcurrentRequests};
    std::atomic<qint64> highWaterMark {QBiMuxerPrivate::DefaultHighWaterMark};
    std::atomic<qint64> streamReceiveWindow {QBiMuxStreams::DefaultReceiveWindow};
    std::atomic<int> maxIncomingStreams {QBiMuxStreams::DefaultMaxIncomingStreams};

    std::chrono::milliseconds defaultTimeout() const
    {
        return std::chrono::milliseconds(defaultTimeoutMs.load());
    }
    std::chrono::milliseconds heartbeatInterval() const
    {
        return std::chrono::milliseconds(heartbeatIntervalMs.load());
    }
    std::chrono::milliseconds idleTimeout() const
    {
        return std::chrono::milliseconds(idleTimeoutMs.load());
    }

    void applyTo(QBiMuxer *muxer) const
    {
        muxer->setDefaultTimeout(defaultTimeout());
        muxer->setMaxMessageSize(maxMessageSize);
        muxer->setHeartbeat(heartbeatInterval(), idleTimeout());
        muxer->setMaxPendingCalls(maxPendingCalls);
        muxer->setMaxConcurrentRequests(maxConcurrentRequests);
        muxer->setHighWaterMark(highWaterMark);
        muxer->setStreamReceiveWindow(streamReceiveWindow);
        muxer->setMaxIncomingStreams(maxIncomingStreams);
    }
};

#endif // QBIMUXCONNECTIONSETTINGS_P_H
