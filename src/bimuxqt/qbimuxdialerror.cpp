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

QBiMuxDialError::QBiMuxDialError()
    : d(new QBiMuxDialErrorPrivate)
{ }

QBiMuxDialError::QBiMuxDialError(const QBiMuxDialError &other) = default;
QBiMuxDialError::QBiMuxDialError(QBiMuxDialError &&other) noexcept = default;
QBiMuxDialError &QBiMuxDialError::operator=(const QBiMuxDialError &other) = default;
QBiMuxDialError &QBiMuxDialError::operator=(QBiMuxDialError &&other) noexcept = default;
QBiMuxDialError::~QBiMuxDialError() = default;

int QBiMuxDialError::httpStatus() const
{
    return d->httpStatus;
}

QString QBiMuxDialError::httpReason() const
{
    return d->httpReason;
}

QString QBiMuxDialError::serverMessage() const
{
    return d->serverMessage;
}

bool QBiMuxDialError::isAuthenticationFailure() const
{
    return d->httpStatus == 401 || d->httpStatus == 403;
}

#ifndef QT_NO_SSL
QList<QSslError> QBiMuxDialError::sslErrors() const
{
    return d->sslErrors;
}
#endif

QAbstractSocket::SocketError QBiMuxDialError::socketError() const
{
    return d->socketError;
}

QString QBiMuxDialError::errorString() const
{
    return d->errorString;
}
