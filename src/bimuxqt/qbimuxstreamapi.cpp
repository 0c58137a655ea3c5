// The stream functions of QBiMuxer, QBiMuxServer and QBiMuxClient, and the wiring of a
// muxer's streams part (QBiMuxStreams) to its link: everything streams add to those classes
// is here, so that the muxer itself carries only the hooks that hand events over.

#include "qbimuxclient.h"
#include "qbimuxclient_p.h"
#include "qbimuxer.h"
#include "qbimuxer_p.h"
#include "qbimuxlogging_p.h"
#include "qbimuxserver.h"
#include "qbimuxserver_p.h"
#include "qbimuxstream_p.h"

#include <QtWebSockets/qwebsocket.h>

void QBiMuxerPrivate::writeStreamFrame(const QBiMuxFrame &frame)
{
    writeFrame(frame);
}

void QBiMuxerPrivate::writeEncodedStreamFrame(const QBiMuxFrame &frame, const QByteArray &bytes)
{
    writeEncoded(frame, bytes);
}

qint64 QBiMuxerPrivate::linkQueuedBytes() const
{
    return queuedBytes();
}

quint64 QBiMuxerPrivate::linkCallFrames() const
{
    return callFrames;
}

void QBiMuxerPrivate::pingLink(const QByteArray &payload)
{
    // As the heartbeat: nothing more for a peer that stopped reading (write()).
    if (!overflowPending)
        socket->ping(payload);
}

void QBiMuxerPrivate::streamProtocolError(const QString &message)
{
    protocolError(message);
}

std::shared_ptr<const QBiMuxHandlerRegistry::StreamEntry>
QBiMuxerPrivate::findStreamHandler(qint32 route) const
{
    auto entry = handlers.streamHandler(route);
    if (!entry && serverHandlers)
        entry = serverHandlers->streamHandler(route);
    return entry;
}

bool QBiMuxerPrivate::isLinkDraining() const
{
    return draining;
}

void QBiMuxerPrivate::streamsBecameIdle()
{
    scheduleDrainCheck();
}

QBiMuxError QBiMuxerPrivate::linkClosedError() const
{
    return closedError();
}

qint64 QBiMuxerPrivate::linkMaxMessageSize() const
{
    return maxMessageSize;
}

const QList<QBiMuxObserver *> &QBiMuxerPrivate::linkObservers() const
{
    return observers;
}

/*!
    Opens a stream to the peer on \a route and returns it at once, a child of the muxer,
    in state Opening until the peer accepts it (opened()). What is written meanwhile waits
    in the stream. A stream that cannot open fails with errorOccurred() from the event loop:
    Unavailable on a closed or shutting-down muxer, Unimplemented from a peer that has no
    handler for the route or does not speak streams at all (known one round trip after the
    link opened, without waiting for a timeout), ResourceExhausted when the peer has too many
    open or all 65,535 ids are in use. Call it in the muxer's thread; elsewhere it returns
    nullptr.
*/
QBiMuxStream *QBiMuxer::openStream(qint32 route)
{
    Q_D(QBiMuxer);
    if (thread() != QThread::currentThread()) {
        qCWarning(lcStream) << this << "openStream() must be called in the muxer's thread";
        return nullptr;
    }
    return d->streams.open(route, d->state == State::Closed);
}

void QBiMuxer::removeStreamHandler(qint32 route)
{
    d_func()->handlers.removeStreamHandler(route);
}

void QBiMuxer::setStreamHandlerImpl(qint32 route, const QObject *context,
                                    QBiMuxDetail::StreamHandler handler)
{
    d_func()->handlers.setStreamHandler(route, context, std::move(handler));
}

QList<QBiMuxStream *> QBiMuxer::streams() const
{
    return d_func()->streams.streams();
}

qint64 QBiMuxer::streamReceiveWindow() const
{
    return d_func()->streams.receiveWindow;
}

/*!
    Sets the receive window of streams opened or accepted from now on to \a bytes (1 byte
    to 1 GiB). The peer can make this side hold at most the window per stream in unread
    data. Thread-safe.
*/
void QBiMuxer::setStreamReceiveWindow(qint64 bytes)
{
    d_func()->streams.receiveWindow = std::clamp<qint64>(bytes, 1, QBiMuxStreams::MaxReceiveWindow);
}

int QBiMuxer::maxIncomingStreams() const
{
    return d_func()->streams.maxIncomingStreams;
}

/*!
    Limits the streams the peer may have open here at once to \a streams; the peer's
    streams beyond it are refused with ResourceExhausted. With the receive window it bounds
    what a peer can make this side hold: maxIncomingStreams() x streamReceiveWindow().
    Thread-safe.
*/
void QBiMuxer::setMaxIncomingStreams(int streams)
{
    d_func()->streams.maxIncomingStreams = std::max(streams, 0);
}

void QBiMuxServer::setStreamReceiveWindow(qint64 bytes)
{
    d_func()->settings.streamReceiveWindow
        = std::clamp<qint64>(bytes, 1, QBiMuxStreams::MaxReceiveWindow);
}

qint64 QBiMuxServer::streamReceiveWindow() const
{
    return d_func()->settings.streamReceiveWindow;
}

void QBiMuxServer::setMaxIncomingStreams(int streams)
{
    d_func()->settings.maxIncomingStreams = std::max(streams, 0);
}

int QBiMuxServer::maxIncomingStreams() const
{
    return d_func()->settings.maxIncomingStreams;
}

void QBiMuxServer::removeStreamHandler(qint32 route)
{
    d_func()->handlers->removeStreamHandler(route);
}

void QBiMuxServer::setStreamHandlerImpl(qint32 route, const QObject *context,
                                        QBiMuxDetail::StreamHandler handler)
{
    d_func()->handlers->setStreamHandler(route, context, std::move(handler));
}

/*!
    Opens a stream on the current connection (QBiMuxer::openStream()). While the client is
    not connected it returns a stream that fails with Unavailable from the event loop, a
    child of the client: streams are not queued for a later connection, since what a
    stream carries is tied to the connection it runs on. Call it in the client's thread.
*/
QBiMuxStream *QBiMuxClient::openStream(qint32 route)
{
    Q_D(QBiMuxClient);
    if (thread() != QThread::currentThread()) {
        qCWarning(lcStream) << this << "openStream() must be called in the client's thread";
        return nullptr;
    }
    if (d->state == State::Connected && d->muxer && d->muxer->isConnected())
        return d->muxer->openStream(route);
    return QBiMuxStreamPrivate::createFailed(
        this, nullptr, route,
        QBiMuxError(QBiMux::StatusCode::Unavailable,
                    QBiMuxClient::tr("the client is not connected")));
}

void QBiMuxClient::removeStreamHandler(qint32 route)
{
    d_func()->handlers->removeStreamHandler(route);
}

void QBiMuxClient::setStreamHandlerImpl(qint32 route, const QObject *context,
                                        QBiMuxDetail::StreamHandler handler)
{
    d_func()->handlers->setStreamHandler(route, context, std::move(handler));
}

qint64 QBiMuxClient::streamReceiveWindow() const
{
    return d_func()->settings.streamReceiveWindow;
}

/*!
    QBiMuxer::setStreamReceiveWindow() for the current muxer and every later one.
*/
void QBiMuxClient::setStreamReceiveWindow(qint64 bytes)
{
    Q_D(QBiMuxClient);
    d->settings.streamReceiveWindow = std::clamp<qint64>(bytes, 1, QBiMuxStreams::MaxReceiveWindow);
    if (QBiMuxer *current = currentMuxer())
        current->setStreamReceiveWindow(bytes);
}

int QBiMuxClient::maxIncomingStreams() const
{
    return d_func()->settings.maxIncomingStreams;
}

/*!
    QBiMuxer::setMaxIncomingStreams() for the current muxer and every later one.
*/
void QBiMuxClient::setMaxIncomingStreams(int streams)
{
    Q_D(QBiMuxClient);
    d->settings.maxIncomingStreams = std::max(streams, 0);
    if (QBiMuxer *current = currentMuxer())
        current->setMaxIncomingStreams(streams);
}
