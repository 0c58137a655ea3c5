#include "qbimuxerror.h"

#include <QtCore/qmetaobject.h>

/*!
    \namespace QBiMux
    \brief Enums shared by the BiMuxQt classes.
*/

/*!
    \enum QBiMux::StatusCode
    The outcome of a call, numbered like gRPC status codes. These numbers travel in the
    \c error extension of a response frame (see docs/protocol.md).

    The library itself reports:
    \value Cancelled         the caller cancelled the call (future.cancel()), or the peer did.
    \value DeadlineExceeded  no answer before the call's timeout.
    \value Unimplemented     the peer has no handler for the route.
    \value ResourceExhausted a message is larger than the allowed maximum.
    \value Unavailable       the connection is closed or was lost with the call in flight.
    \value Internal          a handler dropped the request without answering, or threw.
    Handlers may answer with any code.
*/

/*!
    \class QBiMuxError
    \brief The exception a failed QBiMuxer::rpc() future carries.

    Use it with QFuture::onFailed():
    \code
    muxer->rpc(route, data).then(this, [](const QByteArray &reply) { ... })
        .onFailed(this, [](const QBiMuxError &error) { qWarning() << error.code() << error.message(); });
    \endcode
    origin() tells whether the peer answered with this error (Remote) or the local side gave up
    on the call (Local: timeout, disconnect, message too large).
*/

QBiMuxError::QBiMuxError(QBiMux::StatusCode code, const QString &message, Origin origin)
    : m_code(code)
    , m_message(message)
    , m_origin(origin)
{
    const char *name = QMetaEnum::fromType<QBiMux::StatusCode>().valueToKey(int(code));
    const QByteArray codeName = name ? QByteArray(name) : QByteArray::number(int(code));
    m_what = codeName + ": " + message.toUtf8();
}

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
