// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "qbimuxstatus.h"

#include <QtCore/qdebug.h>

#include <iterator>

/*!
    \class QBiMuxStatus
    \brief The outcome of a call: a status code, a message and its origin.

    A small value. The reply-handler form of QBiMuxChannel::rpc() hands one to its
    handler (isOk() on success), a QBiMuxInterceptor answers a request with one, and a
    QBiMuxError carries one (never Ok) for QFuture::onFailed().

    origin() tells whether the peer answered with the status (Remote) or this side
    decided it (Local: a timeout, a disconnect, a limit, an interceptor of this side).

    \code
    qDebug() << status; // QBiMuxStatus(NotFound, "no sensor", Remote)
    \endcode
*/

/*!
    \enum QBiMuxStatus::Origin
    Which side decided a status: whether the peer answered with it, or this side made it.
    \value Local   this side decided the outcome: a timeout, a disconnect, a limit, a
                   refusal by one of its interceptors.
    \value Remote  the peer answered with it.
*/

/*!
    \fn QBiMuxStatus::QBiMuxStatus()
    Constructs an Ok status of origin Local.
*/

/*!
    Constructs a status of \a code with \a message, decided by \a origin.
*/
QBiMuxStatus::QBiMuxStatus(QBiMux::StatusCode code, const QString &message, Origin origin)
    : m_code(code)
    , m_message(message)
    , m_origin(origin)
{ }

/*!
    \fn QBiMux::StatusCode QBiMuxStatus::code() const
    Returns the status code; QBiMux::StatusCode::Ok on success.
*/

/*!
    \fn QString QBiMuxStatus::message() const
    Returns the human-readable reason, in the language of the side that decided it.
*/

/*!
    \fn QBiMuxStatus::Origin QBiMuxStatus::origin() const
    Returns which side decided the outcome.
*/

/*!
    \fn bool QBiMuxStatus::isOk() const
    Returns true if the code is QBiMux::StatusCode::Ok.
*/

/*!
    \fn bool QBiMuxStatus::isRemote() const
    Returns true if the peer answered with this status.
*/

/*!
    Returns the name of \a code as it is spelled in QBiMux::StatusCode ("NotFound"), or
    its number for a code outside the enum, without QMetaEnum. The gRPC names, so that
    logs read the same as in gRPC tools.
*/
QString QBiMux::statusCodeName(StatusCode code)
{
    // By number: the codes run from 0 without a gap, as gRPC's do.
    static constexpr const char *names[] = {
        "Ok",       "Cancelled",      "Unknown",          "InvalidArgument",   "DeadlineExceeded",
        "NotFound", "AlreadyExists",  "PermissionDenied", "ResourceExhausted", "FailedPrecondition",
        "Aborted",  "OutOfRange",     "Unimplemented",    "Internal",          "Unavailable",
        "DataLoss", "Unauthenticated"};
    static_assert(std::size(names) == size_t(StatusCode::Unauthenticated) + 1,
                  "a name for every code");
    const auto index = size_t(code);
    if (index < std::size(names))
        return QString(QLatin1String(names[index]));
    return QString::number(int(code));
}

/*!
    \fn void QBiMuxStatus::swap(QBiMuxStatus &other)
    Swaps this status with \a other. Never fails.
*/

/*!
    \fn bool operator==(const QBiMuxStatus &a, const QBiMuxStatus &b)
    \relates QBiMuxStatus
    Returns true if \a a and \a b have the same code, message and origin.
*/

/*!
    \fn bool operator!=(const QBiMuxStatus &a, const QBiMuxStatus &b)
    \relates QBiMuxStatus
    Returns true if \a a and \a b differ in code, message or origin.
*/
#ifndef QT_NO_DEBUG_STREAM
/*!
    \relates QBiMuxStatus
    Writes \a status to \a debug as \c{QBiMuxStatus(NotFound, "no sensor", Remote)}.
*/
QDebug operator<<(QDebug debug, const QBiMuxStatus &status)
{
    const QDebugStateSaver saver(debug);
    debug.nospace() << "QBiMuxStatus("
                    << QBiMux::statusCodeName(status.code()).toLatin1().constData() << ", "
                    << status.message() << ", " << (status.isRemote() ? "Remote" : "Local") << ')';
    return debug;
}
#endif
