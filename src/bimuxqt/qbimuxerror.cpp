// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "qbimuxerror.h"

/*!
    \namespace QBiMux
    \brief Enums shared by the BiMuxQt classes.
*/

/*!
    \enum QBiMux::StatusCode
    The outcome of a call, numbered like gRPC status codes, so that a code means the same
    on the wire as in every gRPC-literate tool. The number travels in the \c error
    extension of a response frame (docs/protocol.md). statusCodeName() gives a code's
    name; qDebug() prints it. Handlers and interceptors may answer with any code but Ok;
    what the library itself reports is said with each value.

    \value Ok               Success: the status of an answered call. Never the code of a
                            QBiMuxError: a QBiMuxError made with Ok becomes Unknown.
    \value Cancelled        The call was cancelled: a handler's future was cancelled, or
                            the caller cancelled (future.cancel()).
    \value Unknown          A failed response carried code 0 or a code not in this enum
                            (whose number is then in the message).
    \value InvalidArgument  The call cannot be sent as made: its metadata is over a frame's
                            limits (64 entries, 8 KiB of keys and values) or has a key that
                            is not UTF-8. Handlers use it for bad request data.
    \value DeadlineExceeded No answer within the call's timeout or before its deadline, or
                            a queued call found no connection in time.
    \value NotFound         For handlers: what the request names does not exist.
    \value AlreadyExists    For handlers: what the request would create exists already.
    \value PermissionDenied A QBiMuxClient's server answered 403 Forbidden: its queued calls
                            fail with this code. Handlers use it for a caller that is known
                            but not allowed.
    \value ResourceExhausted A limit: the message is larger than the maximum message size,
                            too many calls are in flight or queued, the peer has too many
                            requests in progress, or the link is congested.
    \value FailedPrecondition For handlers: the system is not in a state to do it.
    \value Aborted          For handlers: the work was aborted, e.g. by a conflict.
    \value OutOfRange       For handlers: a value past the valid range.
    \value Unimplemented    The peer has no handler for the route.
    \value Internal         A handler threw something other than a QBiMuxError, or dropped
                            the request without answering.
    \value Unavailable      The connection is closed, was lost with the call in flight, or
                            is shutting down; or, with OfflinePolicy::FailFast, there is none.
                            A call that failed this way may or may not have reached the peer.
    \value DataLoss         For handlers: data was lost or corrupted.
    \value Unauthenticated  A QBiMuxClient's server answered 401 Unauthorized: its queued
                            calls fail with this code. Handlers use it for missing credentials.
*/

/*!
    \enum QBiMux::OfflinePolicy
    What a call or a oneway message does while there is no open connection to send it
    on: while a QBiMuxClient is offline, or while a QBiMuxer's socket is still opening.
    QBiMuxCallOptions::setOfflinePolicy() chooses it per call; QBiMuxClient::setOfflinePolicy()
    sets the client's default.
    \value Queue     wait for the connection, within the call's timeout (a QBiMuxClient
                     also within its queue's limits), then go out in the order made.
    \value FailFast  fail at once with QBiMux::StatusCode::Unavailable; send() drops the
                     message and returns false (socket.io's "volatile" messages).
*/

/*!
    \enum QBiMux::Direction
    Which way a frame or a call goes, as QBiMuxObserver sees it.
    \value Incoming From the peer: a frame received, or a request the peer made.
    \value Outgoing To the peer: a frame sent, or a call this side made.
*/

/*!
    \enum QBiMux::FrameFlag
    The \c flag of a bimux Message: what kind of frame it is (docs/protocol.md).
    \value Request  A call, to be answered with a Response of the same number.
    \value Response The answer to a Request, with a result or an error status.
    \value Oneway   A message that is not answered.
    \value Cancel   An extension: the caller gave up on the Request of this number (a
                    cancel or a timeout). A plain bimux peer never sends one.
    \value Hello    An extension: the features the sender speaks (streams), sent with
                    the first stream a side opens or in answer to the peer's.
    \value StreamOpen   Streams (docs/streams.md): opens a stream on a route.
    \value StreamData   The next bytes of a stream.
    \value StreamWindow Bytes more the receiver may send; the acceptor's first one accepts.
    \value StreamFin    The sender's data on the stream ends here (half-close).
    \value StreamReset  The stream is aborted both ways, with a status.
    \value StreamClose  The acceptor's last frame for the stream: its id may be reused.
*/

/*!
    \enum QBiMux::StreamState
    Where a QBiMuxStream is in its life (QBiMuxStream::state()).
    \value Opening          Opened by this side, not accepted by the peer yet.
    \value Open             Data flows both ways.
    \value HalfClosedLocal  This side ended its data (QBiMuxStream::closeWrite()); the
                            peer's still comes.
    \value HalfClosedRemote The peer ended its data; this side may still write.
    \value Finished         Both sides ended their data: the stream ended cleanly.
    \value Failed           Reset by either side, refused, or lost with the link; see
                            QBiMuxStream::status().
*/

/*!
    \enum QBiMux::StreamEvent
    A step in the life of one stream, as QBiMuxObserver::streamEvent() reports it; every
    stream that was Opened ends with exactly one of Finished and Failed.
    \value Opened       Opened by this side, or accepted from the peer.
    \value StateChanged Accepted by the peer, or half-closed either way.
    \value Progress     Data went out or came in, or the peer granted window.
    \value Finished     Ended cleanly both ways.
    \value Failed       Ended with an error (QBiMuxStreamInfo::status).
*/

/*!
    \enum QBiMux::CallEvent
    A step in the life of one call, as QBiMuxObserver::callEvent() reports it; every call
    that Started ends with exactly one of the others.
    \value Started   The request was sent (outgoing) or received (incoming).
    \value Answered  The call ended with a reply.
    \value Failed    The call ended with an error status (QBiMuxCallInfo::status).
    \value Cancelled The caller gave up on it (future.cancel(), or the peer's cancel).
    \value TimedOut  Its timeout or deadline passed without an answer.
*/

/*!
    \class QBiMuxError
    \brief The exception a failed QBiMuxChannel::rpc() future carries.

    Use it with QFuture::onFailed():
    \code
    muxer->rpc(route, data).then(this, [](const QByteArray &reply) { ... })
        .onFailed(this, [](const QBiMuxError &error) { qWarning() << error.status(); });
    \endcode
    It carries a QBiMuxStatus (status()) that is never Ok: origin() tells whether the
    peer answered with this error (Remote) or the local side gave up on the call (Local:
    timeout, disconnect, message too large). A request handler may throw one to answer
    with its code and message.
*/

/*!
    Constructs the error of \a status. An Ok status, which is no error, becomes
    QBiMux::StatusCode::Unknown with the same message.
*/
QBiMuxError::QBiMuxError(const QBiMuxStatus &status)
    : m_status(status.isOk()
                   ? QBiMuxStatus(QBiMux::StatusCode::Unknown, status.message(), status.origin())
                   : status)
{
    m_what
        = QBiMux::statusCodeName(m_status.code()).toLatin1() + ": " + m_status.message().toUtf8();
}

/*!
    Constructs the error \a code with \a message, decided by \a origin (this side, unless
    said otherwise). QBiMux::StatusCode::Ok becomes Unknown.
*/
QBiMuxError::QBiMuxError(QBiMux::StatusCode code, const QString &message,
                         QBiMuxStatus::Origin origin)
    : QBiMuxError(QBiMuxStatus(code, message, origin))
{ }

/*!
    \fn QBiMuxStatus QBiMuxError::status() const
    Returns the status this error carries; never Ok.
*/

/*!
    Returns "<code name>: <message>", e.g. "NotFound: no sensor".
*/
const char *QBiMuxError::what() const noexcept
{
    return m_what.constData();
}

/*!
    \fn QBiMux::StatusCode QBiMuxError::code() const
    Returns the status code; never QBiMux::StatusCode::Ok.
*/

/*!
    \fn QString QBiMuxError::message() const
    Returns the message: the peer's text for a Remote error, else this side's (in the
    application's language if the library's translations are loaded).
*/

/*!
    \fn QBiMuxStatus::Origin QBiMuxError::origin() const
    Returns which side decided the error: Remote if the peer answered with it, Local if
    this side gave up (a timeout, a disconnect, a limit, an interceptor).
*/

/*!
    \fn bool QBiMuxError::isRemote() const
    Returns true if the peer answered with this error (origin() is Remote).
*/

/*!
    Throws a copy of this error; QFuture uses it to carry the error across threads.
*/
void QBiMuxError::raise() const
{
    throw *this;
}

/*!
    Returns a new copy of this error, owned by the caller; QFuture uses it to store the
    error.
*/
QBiMuxError *QBiMuxError::clone() const
{
    return new QBiMuxError(*this);
}
