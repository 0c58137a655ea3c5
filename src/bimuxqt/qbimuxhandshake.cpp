// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

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

/*!
    \typedef QBiMuxHandshake::Header
    One HTTP header: its name and its value, as raw bytes
    (<tt>std::pair<QByteArray, QByteArray></tt>).
*/

/*!
    Constructs an empty handshake: no peer, no URL, no headers. The server hands filled-in
    ones to its authenticator; an empty one is useful in tests of an authenticator.
*/
QBiMuxHandshake::QBiMuxHandshake()
    : d(new QBiMuxHandshakePrivate)
{ }

QBIMUX_DEFINE_VALUE_MEMBERS(QBiMuxHandshake)

/*!
    Returns the address of the peer's TCP connection. Behind a reverse proxy it is the
    proxy's: read the proxy's header (e.g. \c X-Forwarded-For) with header() instead.
*/
QHostAddress QBiMuxHandshake::peerAddress() const
{
    return d->peerAddress;
}

/*!
    Returns the port of the peer's TCP connection.
*/
quint16 QBiMuxHandshake::peerPort() const
{
    return d->peerPort;
}

/*!
    Returns the path and query the client asked for, e.g. <tt>/mux?id=7</tt>. The path
    has already been checked against the server's path() (a wrong one is answered 404
    before the authenticator runs).
*/
QUrl QBiMuxHandshake::requestUrl() const
{
    return d->requestUrl;
}

/*!
    Returns the value of the first header called \a name, compared case-insensitively
    (e.g. <tt>header("authorization")</tt>), or an empty array if there is none.
*/
QByteArray QBiMuxHandshake::header(const QByteArray &name) const
{
    for (const Header &header : d->headers) {
        if (header.first.compare(name, Qt::CaseInsensitive) == 0)
            return header.second;
    }
    return QByteArray();
}

/*!
    Returns every header of the request, in the order the client sent them, with the names
    as sent.
*/
QList<QBiMuxHandshake::Header> QBiMuxHandshake::headers() const
{
    return d->headers;
}

/*!
    Returns the Origin header, which browsers send (the page's scheme, host and port);
    empty for most other clients. QBiMuxServer::setAllowedOrigins() checks it before the
    authenticator runs.
*/
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

/*!
    Returns true if the connection is wss://: its TLS handshake is done when the
    authenticator runs, and peerCertificate() is known.
*/
bool QBiMuxHandshake::isSecure() const
{
    return d->secure;
}

#ifndef QT_NO_SSL

/*!
    Returns the certificate the client presented in the TLS handshake, if the server asked
    for one (QSslConfiguration::setPeerVerifyMode() in
    QBiMuxServer::setSslConfiguration()); a null certificate otherwise.
*/
QSslCertificate QBiMuxHandshake::peerCertificate() const
{
    return d->peerCertificate;
}
#endif
