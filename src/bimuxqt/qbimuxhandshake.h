// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef QBIMUXHANDSHAKE_H
#define QBIMUXHANDSHAKE_H

#include "bimuxqt_global.h"

#include <QtCore/qbytearray.h>
#include <QtCore/qlist.h>
#include <QtCore/qshareddata.h>
#include <QtCore/qstring.h>
#include <QtCore/qurl.h>
#include <QtNetwork/qhostaddress.h>

#include <utility>

class QBiMuxHandshakePrivate;
QT_BEGIN_NAMESPACE
class QSslCertificate;
QT_END_NAMESPACE

// The opening HTTP request of a WebSocket connection, as QBiMuxServer's authenticator
// sees it before the connection is accepted.
class BIMUXQT_EXPORT QBiMuxHandshake
{
public:
    using Header = std::pair<QByteArray, QByteArray>;

    QBiMuxHandshake();
    QBIMUX_DECLARE_VALUE_MEMBERS(QBiMuxHandshake)

    QHostAddress peerAddress() const;
    quint16 peerPort() const;
    // The path and query the client asked for, e.g. /mux?id=7.
    QUrl requestUrl() const;
    // The value of header `name` (case-insensitive), or an empty array.
    QByteArray header(const QByteArray &name) const;
    QList<Header> headers() const;
    // The Origin header that browsers send; empty for most other clients.
    QString origin() const;
    // The id the client announced (X-BiMux-Id header, else the id query item).
    QString announcedId() const;
    // True for wss://: the TLS handshake is done when the authenticator runs.
    bool isSecure() const;
#ifndef QT_NO_SSL
    // The certificate the client presented in the TLS handshake, if the server asked for
    // one (QSslConfiguration::setPeerVerifyMode()); null otherwise.
    QSslCertificate peerCertificate() const;
#endif

private:
    friend class QBiMuxHandshakeGate;
    QSharedDataPointer<QBiMuxHandshakePrivate> d;
};

#endif // QBIMUXHANDSHAKE_H
