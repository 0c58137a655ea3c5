// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "qbimuxdialerror.h"
#include "qbimuxdialerror_p.h"

#include "qbimuxer.h"

#include <QtCore/qcoreapplication.h>
#include <QtCore/qregularexpression.h>
#include <QtWebSockets/qwebsocket.h>

/*!
    \class QBiMuxDialError
    \brief Why a dial failed: the server's HTTP answer, TLS errors, or a socket error.

    QBiMuxer::dialFailed() and QBiMuxClient::dialFailed() carry one. A server that refused
    the WebSocket handshake answered with an HTTP status (httpStatus(), httpReason()) and
    mostly a reason in the body (serverMessage(), where QBiMuxServer puts what its
    authenticator said). A server whose certificate was not trusted left sslErrors().
    Anything else (no route, connection refused, the peer hung up) is in socketError().
    errorString() says it in one line.
*/

QBiMuxDialError QBiMuxDialErrorPrivate::make(QAbstractSocket::SocketError error,
                                             const QString &errorString)
{
    QBiMuxDialError result;
    result.d->socketError = error;
    result.d->errorString = errorString;
    return result;
}

namespace {
// What QWebSocket 6.4 (qwebsocket_p.cpp, processHandshake()) says when the server
// answers with a status other than 101, in QWebSocket's translation context.
const char *const UnhandledStatus
    = "QWebSocketPrivate::processHandshake: Unhandled http status code: %1 (%2).";
// And for a 400, without the status.
const char *const BadRequests[] = {
    "QWebSocketPrivate::processHandshake: Unknown error condition encountered. Aborting "
    "connection.",
    "Handshake: Server requests a version that we don't support: %1.",
};

QRegularExpression patternOf(const char *source, const QString &first, const QString &second)
{
    QString pattern = QRegularExpression::escape(QCoreApplication::translate("QWebSocket", source));
    pattern.replace(QLatin1String("\\%1"), first).replace(QLatin1String("\\%2"), second);
    return QRegularExpression(QLatin1Char('^') + pattern + QLatin1Char('$'));
}

// The first line of what the server sent after its answer's head, within reason.
QString firstLineOfBody(const QWebSocket *socket)
{
    // The TCP (or TLS) socket a dialing QWebSocket creates as its child.
    const auto *transport = socket->findChild<QAbstractSocket *>();
    if (!transport)
        return QString();
    QByteArray body = const_cast<QAbstractSocket *>(transport)->peek(512);
    const qsizetype end = body.indexOf('\n');
    if (end >= 0)
        body.truncate(end);
    QString line = QString::fromUtf8(body).trimmed();
    line.removeIf([](QChar c) { return c.category() == QChar::Other_Control; });
    return line.left(200);
}
} // namespace

int QBiMuxDialTrace::httpStatusIn(const QString &errorString, QString *reason)
{
    const QRegularExpressionMatch match
        = patternOf(UnhandledStatus, QStringLiteral("(\\d{3})"), QStringLiteral("(.*)"))
              .match(errorString);
    if (match.hasMatch()) {
        *reason = match.captured(2);
        return match.captured(1).toInt();
    }
    for (const char *source : BadRequests) {
        if (patternOf(source, QStringLiteral(".*"), QString()).match(errorString).hasMatch()) {
            *reason = QStringLiteral("Bad Request");
            return 400;
        }
    }
    return 0;
}

void QBiMuxDialTrace::noteSocketError(QAbstractSocket::SocketError error,
                                      const QString &errorString)
{
    if (m_error)
        return;
    m_error = error;
    m_errorString = errorString;
}

QBiMuxDialError QBiMuxDialTrace::error(const QWebSocket *socket) const
{
    QBiMuxDialError result;
    QBiMuxDialErrorPrivate *d = QBiMuxDialErrorPrivate::get(result);
    d->socketError = m_error.value_or(socket->error());
    d->errorString = m_error ? m_errorString : socket->errorString();
    d->httpStatus = httpStatusIn(d->errorString, &d->httpReason);
    if (d->httpStatus != 0) {
        d->serverMessage = firstLineOfBody(socket);
        d->errorString = d->serverMessage.isEmpty()
            ? QBiMuxer::tr("the server refused the connection: HTTP %1 %2")
                  .arg(d->httpStatus)
                  .arg(d->httpReason)
            : QBiMuxer::tr("the server refused the connection: HTTP %1 %2: %3")
                  .arg(d->httpStatus)
                  .arg(d->httpReason, d->serverMessage);
    }
#ifndef QT_NO_SSL
    d->sslErrors = m_sslErrors;
    if (!m_sslErrors.isEmpty()) {
        d->errorString = QBiMuxer::tr("the server's certificate is not trusted: %1")
                             .arg(m_sslErrors.first().errorString());
    }
#endif
    return result;
}

/*!
    Constructs an empty error: no HTTP status, no TLS errors,
    QAbstractSocket::UnknownSocketError and an empty errorString(). The library hands out
    filled-in ones through the dialFailed() signals.
*/
QBiMuxDialError::QBiMuxDialError()
    : d(new QBiMuxDialErrorPrivate)
{ }

QBIMUX_DEFINE_VALUE_MEMBERS(QBiMuxDialError)

/*!
    Returns the HTTP status the server answered the WebSocket handshake with instead of
    101 Switching Protocols, e.g. 401, 403, 404 (a wrong path) or 503 (full, or shutting
    down); 0 if the dial failed before the server answered.
*/
int QBiMuxDialError::httpStatus() const
{
    return d->httpStatus;
}

/*!
    Returns the reason phrase of httpStatus(), e.g. "Unauthorized"; empty without an HTTP
    answer.
*/
QString QBiMuxDialError::httpReason() const
{
    return d->httpReason;
}

/*!
    Returns the first line of the HTTP answer's body: why, in the server's words. A
    QBiMuxServer puts its authenticator's QBiMuxAdmission::reason() there (e.g. "token
    expired"). Empty if the body was empty or there was no HTTP answer.
*/
QString QBiMuxDialError::serverMessage() const
{
    return d->serverMessage;
}

/*!
    Returns true if the server answered 401 Unauthorized or 403 Forbidden: the
    credentials are wrong or not enough, and dialing again with the same ones will not
    help. QBiMuxClient stops dialing then, unless
    QBiMuxClient::setRetryOnAuthenticationFailure() says otherwise.
*/
bool QBiMuxDialError::isAuthenticationFailure() const
{
    return d->httpStatus == 401 || d->httpStatus == 403;
}

#ifndef QT_NO_SSL

/*!
    Returns why the server's certificate was not trusted, if that ended the dial (an
    unknown CA, a wrong host name, an expired certificate); empty otherwise. Trust a
    private CA with QBiMuxClient::setSslConfiguration().
*/
QList<QSslError> QBiMuxDialError::sslErrors() const
{
    return d->sslErrors;
}
#endif

/*!
    Returns the socket's error, as QWebSocket reported it: e.g.
    QAbstractSocket::ConnectionRefusedError, HostNotFoundError, SocketTimeoutError, or
    SslHandshakeFailedError with sslErrors(). A refused handshake (httpStatus() not 0)
    reports the error the socket closed with.
*/
QAbstractSocket::SocketError QBiMuxDialError::socketError() const
{
    return d->socketError;
}

/*!
    Returns one line for a person, in the application's language if the library's
    translations are loaded: "the server refused the connection: HTTP 401 Unauthorized:
    token expired", "the server's certificate is not trusted: ...", or the socket's own
    error string.
*/
QString QBiMuxDialError::errorString() const
{
    return d->errorString;
}
