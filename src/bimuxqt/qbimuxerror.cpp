#include "qbimuxerror.h"

/*!
    \namespace QBiMux
    \brief Enums shared by the BiMuxQt classes.
*/

/*!
    \enum QBiMux::StatusCode
    The outcome of a call, numbered like gRPC status codes. These numbers travel in the
    \c error extension of a response frame (see docs/protocol.md). statusCodeName() gives
    a code's name; qDebug() prints it.

    The library itself reports:
    \value Cancelled         the caller cancelled the call (future.cancel()), or the peer did.
    \value DeadlineExceeded  no answer before the call's timeout.
    \value Unimplemented     the peer has no handler for the route.
    \value ResourceExhausted a message is larger than the allowed maximum, or a limit is reached.
    \value Unavailable       the connection is closed or was lost with the call in flight.
    \value Internal          a handler dropped the request without answering, or threw.
    \value InvalidArgument   call options that cannot be sent (metadata over a frame's limits
                             of 64 entries and 8 KiB, or a metadata key that is not UTF-8).
    Handlers and interceptors may answer with any code.
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

void QBiMuxError::raise() const
{
    throw *this;
}

QBiMuxError *QBiMuxError::clone() const
{
    return new QBiMuxError(*this);
}
