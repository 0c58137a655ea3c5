// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "qbimuxsettings.h"
#include "qbimuxsettings_p.h"

#include "qbimuxframe_p.h"
#include "qbimuxtime_p.h"

#include <QtCore/qdebug.h>
#include <QtWebSockets/qwebsocket.h>

#include <algorithm>

using namespace std::chrono_literals;

class QBiMuxSettingsPrivate : public QSharedData
{
public:
    // Every default and every clamp of a connection's settings is in this file.
    std::chrono::milliseconds defaultTimeout {30000};
    std::chrono::milliseconds heartbeatInterval {30000};
    std::chrono::milliseconds idleTimeout {90000};
    // Large enough for the 16 MiB payloads bimux users send, far below Qt's 2 GiB.
    qint64 maxMessageSize = 64 * 1024 * 1024;
    // Far above what a healthy link has in flight (tests run 10,000 calls at once), low
    // enough that a runaway caller or a flooding peer cannot exhaust memory.
    int maxPendingCalls = 65536;
    int maxConcurrentRequests = 16384;
    qint64 highWaterMark = 16 * 1024 * 1024;
    // Seed 002's window: one stream alone fills a fast link (docs/streams.md has the
    // numbers), and a stalled reader costs this much.
    qint64 streamReceiveWindow = 512 * 1024;
    qint64 streamWriteBufferSize = 512 * 1024;
    // With the default window, 64 MiB at most of a peer's unread stream data.
    int maxIncomingStreams = 128;

    bool operator==(const QBiMuxSettingsPrivate &other) const
    {
        return defaultTimeout == other.defaultTimeout
            && heartbeatInterval == other.heartbeatInterval && idleTimeout == other.idleTimeout
            && maxMessageSize == other.maxMessageSize && maxPendingCalls == other.maxPendingCalls
            && maxConcurrentRequests == other.maxConcurrentRequests
            && highWaterMark == other.highWaterMark
            && streamReceiveWindow == other.streamReceiveWindow
            && streamWriteBufferSize == other.streamWriteBufferSize
            && maxIncomingStreams == other.maxIncomingStreams;
    }
};

namespace {
// The largest window or write buffer a stream may have: far above what fills any link,
// and far below what a qint64 or a quint32 window frame overflows at.
constexpr qint64 MaxStreamBuffer = 1024 * 1024 * 1024;
} // namespace

qint64 QBiMuxSettingsBounds::streamReceiveWindow(qint64 bytes)
{
    return std::clamp<qint64>(bytes, 1, MaxStreamBuffer);
}

qint64 QBiMuxSettingsBounds::streamWriteBufferSize(qint64 bytes)
{
    return std::clamp<qint64>(bytes, 1, MaxStreamBuffer);
}

namespace {
// Default-constructed settings share one private: every connection holds its settings,
// and most hold the defaults.
const QSharedDataPointer<QBiMuxSettingsPrivate> &defaultSettings()
{
    static const QSharedDataPointer<QBiMuxSettingsPrivate> defaults(new QBiMuxSettingsPrivate);
    return defaults;
}
} // namespace

/*!
    \class QBiMuxSettings
    \brief The settings of a connection: timeouts, heartbeat, limits and backpressure.

    One value for what every connection is set up with, taken and returned by
    QBiMuxer, QBiMuxClient and QBiMuxServer alike (QBiMuxEndpoint::settings() and
    setSettings()). It is implicitly shared, like QSslConfiguration: copies are cheap,
    and a change detaches. The setters return the settings, so that they chain:

    \code
    server.setSettings(QBiMuxSettings()
                           .setHeartbeat(10s, 30s)
                           .setMaxMessageSize(1024 * 1024)
                           .setMaxConcurrentRequests(256));
    \endcode

    Each setter clamps its value into the range the connection can work with; the
    getter returns what was kept. What a server or client does besides its connections
    (worker threads, admission, TLS, backoff, the offline queue) is set on that class.
*/

/*!
    Constructs the default settings: a 30 s default timeout, a 30 s / 90 s heartbeat,
    64 MiB messages, 65,536 calls and 16,384 of the peer's requests in flight, a 16 MiB
    high-water mark, and streams with 512 KiB windows and write buffers, 128 of the
    peer's at once.
*/
QBiMuxSettings::QBiMuxSettings()
    : d(defaultSettings())
{ }

QBIMUX_DEFINE_VALUE_MEMBERS(QBiMuxSettings)

/*!
    \fn void QBiMuxSettings::swap(QBiMuxSettings &other)
    Swaps these settings with \a other. Never fails.
*/

/*!
    \fn bool operator!=(const QBiMuxSettings &a, const QBiMuxSettings &b)
    \relates QBiMuxSettings
    Returns true if \a a and \a b differ in any setting.
*/

/*!
    Returns the timeout of a call whose QBiMuxCallOptions name none (30 s unless set).
*/
std::chrono::milliseconds QBiMuxSettings::defaultTimeout() const
{
    return d->defaultTimeout;
}

/*!
    Sets the timeout of calls whose QBiMuxCallOptions name none to \a timeout. Zero or
    less, or 100 years or more (std::chrono::milliseconds::max() included), waits for as
    long as the link lives. A QBiMuxClient also drops a oneway message that waited this
    long in its offline queue.
*/
QBiMuxSettings &QBiMuxSettings::setDefaultTimeout(std::chrono::milliseconds timeout)
{
    d->defaultTimeout = timeout;
    return *this;
}

/*!
    Returns how long the link may be silent before a WebSocket ping is sent (30 s unless
    set; zero: no heartbeat).
*/
std::chrono::milliseconds QBiMuxSettings::heartbeatInterval() const
{
    return d->heartbeatInterval;
}

/*!
    Returns how long the peer may be silent, pongs included, before the link is given
    up as lost (90 s unless set).
*/
std::chrono::milliseconds QBiMuxSettings::idleTimeout() const
{
    return d->idleTimeout;
}

/*!
    Watches for a peer that goes silent without closing (half-open TCP): after
    \a interval without any message a WebSocket ping is sent, and after \a idleTimeout
    without any message or pong the connection is closed as lost: calls in flight fail
    with Unavailable and QBiMuxChannel::disconnected() reports
    CloseCodeAbnormalDisconnection. An interval of zero (or less) turns it off. The idle
    timeout is at least twice the interval, so that a peer gets one interval to answer;
    an interval of 100 years or more is the same as 100 years. Any WebSocket peer answers
    pings, a plain bimux peer included.
*/
QBiMuxSettings &QBiMuxSettings::setHeartbeat(std::chrono::milliseconds interval,
                                             std::chrono::milliseconds idleTimeout)
{
    // Clamped so that twice the interval, and either in nanoseconds, still fit.
    d->heartbeatInterval = std::clamp(interval, 0ms, QBiMuxTime::Forever);
    d->idleTimeout = std::clamp(idleTimeout, 2 * d->heartbeatInterval, 2 * QBiMuxTime::Forever);
    return *this;
}

/*!
    Returns the largest message, in bytes, taken from the peer or sent to it (64 MiB
    unless set).
*/
qint64 QBiMuxSettings::maxMessageSize() const
{
    return d->maxMessageSize;
}

/*!
    Sets the largest message to \a bytes, clamped to what a frame needs (a frame header
    and one byte) and to what QWebSocket takes.

    An incoming WebSocket message or frame larger than that closes the connection with
    code 1009 before it is buffered; an outgoing request that large fails at once with
    ResourceExhausted, a oneway message is not sent, and an answer that large is replaced
    by a ResourceExhausted error. Metadata counts towards the size.
*/
QBiMuxSettings &QBiMuxSettings::setMaxMessageSize(qint64 bytes)
{
    const qint64 qtLimit = qint64(
        std::min(QWebSocket::maxIncomingMessageSize(), QWebSocket::maxIncomingFrameSize()));
    d->maxMessageSize = std::clamp<qint64>(bytes, QBiMuxFrame::MaxOverhead + 1, qtLimit);
    return *this;
}

/*!
    Returns how many outgoing calls may be in flight at once (65,536 unless set).
*/
int QBiMuxSettings::maxPendingCalls() const
{
    return d->maxPendingCalls;
}

/*!
    Limits the outgoing calls in flight at once to \a calls (at least 1). A call counts
    from the moment rpc() is called until it ends; an rpc() beyond the limit fails at
    once with QBiMux::StatusCode::ResourceExhausted. A QBiMuxClient's calls waiting for a
    connection count against QBiMuxClient::maxQueuedCalls() instead.
*/
QBiMuxSettings &QBiMuxSettings::setMaxPendingCalls(int calls)
{
    d->maxPendingCalls = std::max(calls, 1);
    return *this;
}

/*!
    Returns how many of the peer's requests may be in progress at once (16,384 unless
    set).
*/
int QBiMuxSettings::maxConcurrentRequests() const
{
    return d->maxConcurrentRequests;
}

/*!
    Limits the peer's requests in progress at once (received, not yet answered) to
    \a requests (at least 1). A request beyond the limit is answered at once with
    QBiMux::StatusCode::ResourceExhausted and reaches no interceptor or handler, so a peer
    that floods requests costs bounded memory.
*/
QBiMuxSettings &QBiMuxSettings::setMaxConcurrentRequests(int requests)
{
    d->maxConcurrentRequests = std::max(requests, 1);
    return *this;
}

/*!
    Returns the write-queue size above which the link counts as congested (16 MiB unless
    set).
*/
qint64 QBiMuxSettings::highWaterMark() const
{
    return d->highWaterMark;
}

/*!
    Sets the high-water mark of the write queue, the bytes handed to the socket that the
    peer has not taken yet, to \a bytes (at least 1).

    Above it the muxer is congested (QBiMuxer::isCongested()): send() returns false and
    rpc() fails at once with QBiMux::StatusCode::ResourceExhausted, while answers to the
    peer's requests and cancels are still written. It stays congested until the queue
    drains to half the mark. A write that would take the queue past twice the mark plus
    maxMessageSize() is not made: the peer has stopped reading, and the muxer closes with
    CloseCodePolicyViolated and fails its calls, so a stalled peer costs bounded memory
    (docs/reliability.md states the bound per connection).

    The queue is QWebSocket::bytesToWrite(), over TLS also what has been encrypted and not
    sent, and counts the pongs QWebSocket writes for the peer's pings. For a socket the
    muxer dialed or QBiMuxServer accepted it is checked after every read; on a socket from
    the application's own QWebSocketServer at every message and heartbeat tick.
*/
QBiMuxSettings &QBiMuxSettings::setHighWaterMark(qint64 bytes)
{
    d->highWaterMark = std::max<qint64>(bytes, 1);
    return *this;
}

/*!
    Returns the receive window each new stream starts with (512 KiB unless set).
*/
qint64 QBiMuxSettings::streamReceiveWindow() const
{
    return d->streamReceiveWindow;
}

/*!
    Sets the receive window of streams opened or accepted from now on to \a bytes (1 byte
    to 1 GiB): how much the peer may send on a stream beyond what the application has
    read. It bounds the memory a stream whose reader stops can make this side hold; a
    larger one lets a single stream go faster on a link with more bytes in flight, a
    smaller one shortens what calls wait behind (docs/streams.md). A stream can change
    its own (QBiMuxStream::setReceiveWindow()).
*/
QBiMuxSettings &QBiMuxSettings::setStreamReceiveWindow(qint64 bytes)
{
    d->streamReceiveWindow = QBiMuxSettingsBounds::streamReceiveWindow(bytes);
    return *this;
}

/*!
    Returns the write buffer each new stream starts with (512 KiB unless set).
*/
qint64 QBiMuxSettings::streamWriteBufferSize() const
{
    return d->streamWriteBufferSize;
}

/*!
    Sets the write buffer of streams opened or accepted from now on to \a bytes (1 byte to
    1 GiB): the most QBiMuxStream::write() holds before it goes out; write() takes what
    fits and returns how much that was. A stream can change its own
    (QBiMuxStream::setWriteBufferSize()).
*/
QBiMuxSettings &QBiMuxSettings::setStreamWriteBufferSize(qint64 bytes)
{
    d->streamWriteBufferSize = QBiMuxSettingsBounds::streamWriteBufferSize(bytes);
    return *this;
}

/*!
    Returns how many of the peer's streams may be open here at once (128 unless set).
*/
int QBiMuxSettings::maxIncomingStreams() const
{
    return d->maxIncomingStreams;
}

/*!
    Limits the streams the peer may have open here at once to \a streams (0 refuses them
    all); the peer's streams beyond it are refused with ResourceExhausted. With the
    receive window it bounds the unread stream data a peer can make this side hold:
    maxIncomingStreams() x streamReceiveWindow().
*/
QBiMuxSettings &QBiMuxSettings::setMaxIncomingStreams(int streams)
{
    d->maxIncomingStreams = std::max(streams, 0);
    return *this;
}

/*!
    \relates QBiMuxSettings
    Returns true if \a a and \a b hold the same values.
*/
bool operator==(const QBiMuxSettings &a, const QBiMuxSettings &b)
{
    return a.d == b.d || *a.d == *b.d;
}

#ifndef QT_NO_DEBUG_STREAM
/*!
    \relates QBiMuxSettings
    Writes \a settings to \a debug, every value with its unit.
*/
QDebug operator<<(QDebug debug, const QBiMuxSettings &settings)
{
    const QDebugStateSaver saver(debug);
    debug.nospace() << "QBiMuxSettings(defaultTimeout=" << settings.defaultTimeout().count()
                    << "ms, heartbeat=" << settings.heartbeatInterval().count() << "ms/"
                    << settings.idleTimeout().count()
                    << "ms, maxMessageSize=" << settings.maxMessageSize()
                    << ", maxPendingCalls=" << settings.maxPendingCalls()
                    << ", maxConcurrentRequests=" << settings.maxConcurrentRequests()
                    << ", highWaterMark=" << settings.highWaterMark()
                    << ", streamReceiveWindow=" << settings.streamReceiveWindow()
                    << ", streamWriteBufferSize=" << settings.streamWriteBufferSize()
                    << ", maxIncomingStreams=" << settings.maxIncomingStreams() << ')';
    return debug;
}
#endif
