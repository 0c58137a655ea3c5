// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef QBIMUXSETTINGS_H
#define QBIMUXSETTINGS_H

#include "bimuxqt_global.h"

#include <QtCore/qmetatype.h>
#include <QtCore/qshareddata.h>

#include <chrono>

QT_BEGIN_NAMESPACE
class QDebug;
QT_END_NAMESPACE

class QBiMuxSettingsPrivate;

// The settings of one connection, in one value that QBiMuxer, QBiMuxClient and
// QBiMuxServer all take (QBiMuxEndpoint::setSettings()). Implicitly shared.
class BIMUXQT_EXPORT QBiMuxSettings
{
public:
    QBiMuxSettings();
    QBIMUX_DECLARE_VALUE_MEMBERS(QBiMuxSettings)

    void swap(QBiMuxSettings &other) noexcept { d.swap(other.d); }

    // The timeout of a call whose options say none (30 s).
    std::chrono::milliseconds defaultTimeout() const;
    QBiMuxSettings &setDefaultTimeout(std::chrono::milliseconds timeout);

    // Liveness: a ping after `interval` of silence, the link given up after `idleTimeout`
    // (30 s / 90 s); an interval of zero turns it off.
    std::chrono::milliseconds heartbeatInterval() const;
    std::chrono::milliseconds idleTimeout() const;
    QBiMuxSettings &setHeartbeat(std::chrono::milliseconds interval,
                                 std::chrono::milliseconds idleTimeout);

    // Limits, each getter with its default.
    qint64 maxMessageSize() const; // the largest message either way: 64 MiB
    QBiMuxSettings &setMaxMessageSize(qint64 bytes);
    int maxPendingCalls() const; // outgoing calls in flight at once: 65,536
    QBiMuxSettings &setMaxPendingCalls(int calls);
    int maxConcurrentRequests() const; // the peer's requests in progress at once: 16,384
    QBiMuxSettings &setMaxConcurrentRequests(int requests);
    // Backpressure: the queued bytes above which the link is congested.
    qint64 highWaterMark() const; // 16 MiB
    QBiMuxSettings &setHighWaterMark(qint64 bytes);

    // Streams (docs/streams.md): what each new stream starts with (QBiMuxStream can
    // change its own), and how many of the peer's streams may be open at once.
    qint64 streamReceiveWindow() const; // 512 KiB
    QBiMuxSettings &setStreamReceiveWindow(qint64 bytes);
    qint64 streamWriteBufferSize() const; // 512 KiB
    QBiMuxSettings &setStreamWriteBufferSize(qint64 bytes);
    int maxIncomingStreams() const; // 128
    QBiMuxSettings &setMaxIncomingStreams(int streams);

    friend BIMUXQT_EXPORT bool operator==(const QBiMuxSettings &a, const QBiMuxSettings &b);
    friend bool operator!=(const QBiMuxSettings &a, const QBiMuxSettings &b) { return !(a == b); }

private:
    QSharedDataPointer<QBiMuxSettingsPrivate> d;
};

Q_DECLARE_SHARED(QBiMuxSettings)

#ifndef QT_NO_DEBUG_STREAM
BIMUXQT_EXPORT QDebug operator<<(QDebug debug, const QBiMuxSettings &settings);
#endif

Q_DECLARE_METATYPE(QBiMuxSettings)

#endif // QBIMUXSETTINGS_H
