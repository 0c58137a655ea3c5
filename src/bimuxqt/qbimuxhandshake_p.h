// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef QBIMUXHANDSHAKE_P_H
#define QBIMUXHANDSHAKE_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the BiMuxQt API. It may change from version to version
// without notice, or even be removed.
//

#include "qbimuxhandshake.h"

#ifndef QT_NO_SSL
#include <QtNetwork/qsslcertificate.h>
#endif

class QBiMuxHandshakePrivate : public QSharedData
{
public:
    // Parses an HTTP/1.1 request head (request line and headers, up to the empty line).
    // False if it is not a GET request in that form.
    bool parse(const QByteArray &head);

    QHostAddress peerAddress;
    quint16 peerPort = 0;
    QUrl requestUrl;
    QList<QBiMuxHandshake::Header> headers;
    bool secure = false;
#ifndef QT_NO_SSL
    QSslCertificate peerCertificate;
#endif
};

#endif // QBIMUXHANDSHAKE_P_H
