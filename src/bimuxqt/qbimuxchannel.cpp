// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "qbimuxchannel.h"
#include "qbimuxchannel_p.h"

#include "qbimuxcontextrelay_p.h"
#include "qbimuxlogging_p.h"

#include <QtCore/qpointer.h>
#include <QtCore/qpromise.h>
#include <QtCore/qthread.h>

/*!
    \class QBiMuxChannel
    \brief The call API of QBiMuxer and QBiMuxClient: rpc(), send(), the id, and the
    signals of a connection.

    A QBiMuxer is one connection; a QBiMuxClient keeps one up, dialing again after every
    loss. Both are channels to the peer: whatever a muxer can do, a client can do, with
    the same functions. What they do while there is no open connection differs: see
    QBiMux::OfflinePolicy, QBiMuxer and QBiMuxClient.

    Every call ends exactly once: its future with the reply, a QBiMuxError or cancelled
    (future.cancel(), which tells the peer too); its reply handler with the reply and an
    Ok status, or the status it failed with.
*/

/*!
    Returns the id this side announces in the handshake of a dial (the HTTP header
    X-BiMux-Id); a server sets it on each accepted connection to what the peer
    announced. Thread-safe.
*/
QString QBiMuxChannel::id() const
{
    Q_D(const QBiMuxChannel);
    QMutexLocker locker(&d->mutex);
    return d->id;
}

/*!
    Sets the id announced in the handshake of the next dial to \a id. Thread-safe.
*/
void QBiMuxChannel::setId(const QString &id)
{
    Q_D(QBiMuxChannel);
    if (d->setGuarded(d->id, id))
        emit idChanged(id);
}

/*!
    Returns true while the connection is open (a QBiMuxClient: while it is Connected).
*/
bool QBiMuxChannel::isConnected() const
{
    return d_func()->isConnected();
}

/*!
    Calls \a route on the peer with \a data and returns the future reply. \a options may
    give a timeout or a deadline (else the settings' default timeout, see
    QBiMuxSettings::setDefaultTimeout()), metadata, and what to do without an open
    connection. The future ends exactly once: with the reply; with a QBiMuxError (a
    timeout, a disconnect, the peer's error, a limit, an interceptor's refusal); or
    cancelled by future.cancel(), which tells the peer to stop. Thread-safe: from another
    thread the call is handed to the connection's thread.
*/
QFuture<QByteArray> QBiMuxChannel::rpc(qint32 route, const QByteArray &data,
                                       const QBiMuxCallOptions &options)
{
    QBiMuxCallReply reply;
    QFuture<QByteArray> future = reply.makeFuture();
    d_func()->call(route, data, options, std::move(reply));
    return future;
}

/*!
    The callback form of rpc(): calls \a route on the peer with \a data and runs
    \a onReply exactly once with the outcome, in \a context's thread (the connection's if
    \a context is null), unless \a context is destroyed first. On success the status
    isOk(); on failure the reply is empty.

    It skips the QFuture machinery (a promise, a result store, wait conditions and the
    continuation's future), which makes it the cheaper form for hot paths; in exchange
    such a call cannot be cancelled by its caller, only time out. A call refused at once
    (a closed connection, a limit) runs \a onReply from the event loop, never inside
    this function. Thread-safe.
*/
void QBiMuxChannel::rpc(qint32 route, const QByteArray &data, const QBiMuxCallOptions &options,
                        const QObject *context, ReplyHandler onReply)
{
    QBiMuxCallReply reply;
    reply.onReply = QBiMuxChannelPrivate::bindReplyHandler(this, context, std::move(onReply));
    d_func()->call(route, data, options, std::move(reply));
}

/*!
    Sends a oneway message on \a route with \a data and \a options (metadata, and what to
    do without an open connection). Returns true if the message was written or queued,
    false if it was not: the connection is closed or shutting down, the message is larger
    than the maximum message size, the link is congested, an interceptor refused it, or
    (offline) it is not queued. Thread-safe.
*/
bool QBiMuxChannel::send(qint32 route, const QByteArray &data, const QBiMuxCallOptions &options)
{
    return d_func()->send(route, data, options);
}

/*!
    Opens a byte stream to the peer on \a route (docs/streams.md) and returns it at once,
    in state Opening until the peer accepts it (QBiMuxStream::opened()); what is written
    meanwhile waits in the stream. The stream is a child of the connection's muxer (a
    QBiMuxClient's current one), which deletes it with the connection unless it is given
    another parent.

    A stream that cannot open fails with QBiMuxStream::errorOccurred() from the event
    loop: Unavailable without an open connection (a QBiMuxClient does not queue streams:
    what a stream carries is tied to the connection it runs on) or while shutting down;
    Unimplemented from a peer without a stream handler for the route, or one that does
    not speak streams at all (known one round trip after the link's first stream was
    opened, from the peer's answer to the probe sent with it, without waiting for a
    timeout); DeadlineExceeded from a peer that does not answer the probe within
    QBiMuxSettings::defaultTimeout() (one that answers no requests);
    ResourceExhausted when the peer has too many of this side's streams open or all
    65,535 ids are in use.

    Call it in this object's thread; from another thread it returns nullptr.
*/
QBiMuxStream *QBiMuxChannel::openStream(qint32 route)
{
    if (thread() != QThread::currentThread()) {
        qCWarning(lcStream) << this << "openStream() must be called in the object's thread";
        return nullptr;
    }
    return d_func()->openStream(route);
}

/*!
    Closes with \a code and \a reason: a QBiMuxer its connection, a QBiMuxClient also
    stops dialing. Calls in flight fail at once with QBiMux::StatusCode::Unavailable;
    disconnected() is emitted before this returns if a connection was up.
*/
void QBiMuxChannel::close(QWebSocketProtocol::CloseCode code, const QString &reason)
{
    d_func()->close(code, reason);
}

/*!
    \fn void QBiMuxChannel::connected()
    The connection is open (for a QBiMuxClient: each time a dial succeeded).
*/

/*!
    \fn void QBiMuxChannel::disconnected(QWebSocketProtocol::CloseCode code, const QString &reason)
    A connection that was open ended, with \a code and \a reason; its calls in flight
    have failed with Unavailable. A dial that fails reports dialFailed() instead.
*/

/*!
    \fn void QBiMuxChannel::dialFailed(const QBiMuxDialError &error)
    A dial failed, and \a error says why: the server's HTTP answer, TLS errors, or the
    socket's error.
*/

/*!
    \fn void QBiMuxChannel::messageReceived(const QBiMuxMessage &message)
    A oneway \a message arrived on a route without a message handler. Without a slot
    connected, such a message is dropped with a warning.
*/

/*!
    \fn void QBiMuxChannel::streamReceived(QBiMuxStream *stream)
    The peer opened \a stream on a route without a stream handler; it is accepted and
    open, a child of its connection's muxer, and the slot runs in that muxer's thread.
    Without a slot connected, such a stream is refused with Unimplemented.
*/

/*!
    \fn void QBiMuxChannel::requestReceived(const QBiMuxRequest &request)
    A \a request arrived on a route without a request handler; answer it through the
    request. Without a slot connected, such a request is answered Unimplemented.
*/

/*!
    \fn void QBiMuxChannel::idChanged(const QString &id)
    The id became \a id: through setId(), or, on a connection a QBiMuxServer accepted, the
    id the peer announced, set before QBiMuxServer::newConnection(). Emitted in the thread
    that changed it.
*/

/*!
    \property QBiMuxChannel::id
    \brief The id announced in the handshake of each dial.

    A QBiMuxer or QBiMuxClient sends it as the HTTP header X-BiMux-Id; the server sets it
    on the connection it accepts, where QBiMuxServer::connection() finds it. Empty unless
    set. Reading and writing it is thread-safe.
*/

/*!
    \typedef QBiMuxChannel::ReplyHandler
    The callback of the reply-handler form of rpc():
    <tt>void(const QByteArray &reply, const QBiMuxStatus &status)</tt>. It runs exactly
    once; \c status is Ok with the reply, or the failure's status with an empty reply.
*/

/*!
    Constructs the channel part of a QBiMuxer or QBiMuxClient around its private part
    \a dd, with \a parent. For the library's own subclasses: QBiMuxChannel is not meant to
    be subclassed elsewhere.
*/
QBiMuxChannel::QBiMuxChannel(QBiMuxChannelPrivate &dd, QObject *parent)
    : QBiMuxEndpoint(dd, parent)
{ }

QBiMuxChannel::ReplyHandler
QBiMuxChannelPrivate::bindReplyHandler(const QObject *owner, const QObject *context,
                                       QBiMuxChannel::ReplyHandler onReply)
{
    if (!context)
        return onReply;
    if (context->thread() == owner->thread()) {
        return [guard = QPointer<const QObject>(context),
                onReply = std::move(onReply)](const QByteArray &reply, const QBiMuxStatus &status) {
            if (guard)
                onReply(reply, status);
        };
    }
    // Another thread, which may delete the context at any moment: the outcome travels to
    // it through a relay connected now.
    return [relay = std::make_shared<QBiMuxContextRelay>(context),
            onReply = std::move(onReply)](const QByteArray &reply, const QBiMuxStatus &status) {
        relay->run([onReply, reply, status] { onReply(reply, status); });
    };
}
