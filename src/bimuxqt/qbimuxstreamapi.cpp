// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

// What streams add to QBiMuxer and QBiMuxClient (QBiMuxChannel::openStream() and the
// forwarding of streamReceived()), and the wiring of a muxer's streams part
// (QBiMuxStreams) to its link: everything streams add to those classes is here, so that
// the muxer itself carries only the hooks that hand events over.

#include "qbimuxclient.h"
#include "qbimuxclient_p.h"
#include "qbimuxer.h"
#include "qbimuxer_p.h"
#include "qbimuxlogging_p.h"
#include "qbimuxstream_p.h"

#include <QtCore/qmetaobject.h>
#include <QtWebSockets/qwebsocket.h>

void QBiMuxerPrivate::writeStreamFrame(const QBiMuxFrame &frame)
{
    wire.writeFrame(frame);
}

void QBiMuxerPrivate::writeStreamData(QBiMuxFrame &&frame, QByteArray &&bytes, bool bulk)
{
    wire.writeStreamData(std::move(frame), std::move(bytes), bulk);
}

qint64 QBiMuxerPrivate::linkQueuedBytes() const
{
    return wire.queuedBytes();
}

quint64 QBiMuxerPrivate::linkCallFrames() const
{
    return wire.callFrames();
}

quint64 QBiMuxerPrivate::linkRequestNumber()
{
    return outgoing.takeNumber();
}

std::chrono::milliseconds QBiMuxerPrivate::linkDefaultTimeout() const
{
    return outgoing.defaultTimeout();
}

void QBiMuxerPrivate::streamProtocolError(const QString &message)
{
    lifecycle.protocolError(message);
}

std::shared_ptr<const QBiMuxHandlerRegistry::StreamEntry>
QBiMuxerPrivate::findStreamHandler(qint32 route) const
{
    return incoming.findStreamHandler(route);
}

bool QBiMuxerPrivate::hasStreamReceiver() const
{
    return q_func()->isSignalConnected(QMetaMethod::fromSignal(&QBiMuxChannel::streamReceived));
}

bool QBiMuxerPrivate::isLinkDraining() const
{
    return lifecycle.isDraining();
}

void QBiMuxerPrivate::streamsBecameIdle()
{
    lifecycle.scheduleDrainCheck();
}

QBiMuxStatus QBiMuxerPrivate::linkClosedStatus() const
{
    return lifecycle.closedStatus();
}

qint64 QBiMuxerPrivate::linkMaxMessageSize() const
{
    return wire.maxMessageSize();
}

const QList<QBiMuxObserver *> &QBiMuxerPrivate::linkObservers() const
{
    return observers.list();
}

QBiMuxStream *QBiMuxerPrivate::openStream(qint32 route)
{
    return streams.open(route, lifecycle.isClosed());
}

/*!
    Returns the streams open on this connection now, both ways: those this side opened
    (QBiMuxChannel::openStream()) and those the peer opened. Call it in the muxer's thread.
*/
QList<QBiMuxStream *> QBiMuxer::streams() const
{
    return d_func()->streams.streams();
}

QBiMuxStream *QBiMuxClientPrivate::openStream(qint32 route)
{
    Q_Q(QBiMuxClient);
    if (state == QBiMuxClient::State::Connected && muxer && muxer->isConnected())
        return muxer->openStream(route);
    // Not queued for a later connection: what a stream carries is tied to the connection
    // it runs on (a tunnel's TCP connection, a transfer's offset).
    return QBiMuxStreamPrivate::createFailed(
        q, nullptr, route,
        QBiMuxStatus(QBiMux::StatusCode::Unavailable,
                     QBiMuxClient::tr("the client is not connected")));
}

void QBiMuxClientPrivate::onStream(QBiMuxStream *stream)
{
    Q_Q(QBiMuxClient);
    // The muxer hands the stream over because the client listens; refuse it as a muxer
    // nobody listens to would, though after accepting it.
    if (q->isSignalConnected(QMetaMethod::fromSignal(&QBiMuxChannel::streamReceived))) {
        emit q->streamReceived(stream);
        return;
    }
    stream->abort(QBiMux::StatusCode::Unimplemented,
                  QBiMuxStream::tr("no stream handler for route %1").arg(stream->route()));
}
