#include "qbimuxhandshake.h"
#include "qbimuxhandshake_p.h"

#include <QtCore/qurlquery.h>

/*!
    \class QBiMuxHandshake
    \brief The HTTP request that opens a WebSocket connection to a QBiMuxServer.

    QBiMuxServer::setAuthenticator() hands one to the authenticator before the server
    answers the request, so a peer can be turned away with an HTTP error before it has
    an open WebSocket, let alone reaches a route. It is a cheap, implicitly shared value.
*/

bool QBiMuxHandshakePrivate::parse(const QByteArray &head)
{
    const QList<QByteArray> lines = head.split('\n');
    if (lines.isEmpty())
        return false;
    const QList<QByteArray> requestLine = lines.first().trimmed().split(' ');
    if (requestLine.size() != 3 || requestLine.at(0) != "GET"
        || !requestLine.at(2).startsWith("HTTP/1.")) {
        return false;
    }
    requestUrl = QUrl::fromEncoded(requestLine.at(1));
    if (!requestUrl.isValid())
        return false;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        if (line.isEmpty())
            break;
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            return false;
        headers.append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
    }
    return true;
}

QBiMuxHandshake::QBiMuxHandshake()
    : d(new QBiMuxHandshakePrivate)
{ }

QBiMuxHandshake::QBiMuxHandshake(const QBiMuxHandshake &other) = default;

QBiMuxHandshake &QBiMuxHandshake::operator=(const QBiMuxHandshake &other) = default;

QBiMuxHandshake::~QBiMuxHandshake() = default;

QHostAddress QBiMuxHandshake::peerAddress() const
{
    return d->peerAddress;
}

quint16 QBiMuxHandshake::peerPort() const
{
    return d->peerPort;
}

QUrl QBiMuxHandshake::requestUrl() const
{
    return d->requestUrl;
}

QByteArray QBiMuxHandshake::header(const QByteArray &name) const
{
    for (const Header &header : d->headers) {
        if (header.first.compare(name, Qt::CaseInsensitive) == 0)
            return header.second;
    }
    return QByteArray();
}

QList<QBiMuxHandshake::Header> QBiMuxHandshake::headers() const
{
    return d->headers;
}

QString QBiMuxHandshake::origin() const
{
    return QString::fromUtf8(header("Origin"));
}

/*!
    Returns the id the client announced: the X-BiMux-Id header if present, else the
    \c id query item of the request URL. The connection's QBiMuxer gets the same id.
*/
QString QBiMuxHandshake::announcedId() const
{
    const QByteArray fromHeader = header("X-BiMux-Id");
    if (!fromHeader.isEmpty())
        return QString::fromUtf8(fromHeader);
    return QUrlQuery(d->requestUrl).queryItemValue(QStringLiteral("id"), QUrl::FullyDecoded);
}

bool QBiMuxHandshake::isSecure() const
{
    return d->secure;
}

#ifndef QT_NO_SSL
QSslCertificate QBiMuxHandshake::peerCertificate() const
{
    return d->peerCertificate;
}
#endif
