// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef QBIMUXDIALERROR_H
#define QBIMUXDIALERROR_H

#include "bimuxqt_global.h"

#include <QtCore/qlist.h>
#include <QtCore/qmetatype.h>
#include <QtCore/qshareddata.h>
#include <QtCore/qstring.h>
#include <QtNetwork/qabstractsocket.h>
#ifndef QT_NO_SSL
#include <QtNetwork/qsslerror.h>
#endif

class QBiMuxDialErrorPrivate;

// Why a dial failed (QBiMuxer::dialFailed(), QBiMuxClient::dialFailed()): the server's
// HTTP answer if it refused the WebSocket handshake, the TLS errors if the server was not
// trusted, or else the socket's error.
class BIMUXQT_EXPORT QBiMuxDialError
{
public:
    QBiMuxDialError();
    QBIMUX_DECLARE_VALUE_MEMBERS(QBiMuxDialError)

    // The HTTP status the server answered the handshake with instead of 101, e.g. 401;
    // 0 if it did not answer with one.
    int httpStatus() const;
    // Its reason phrase, e.g. "Unauthorized".
    QString httpReason() const;
    // The first line of the answer's body: why, in the server's words (a QBiMuxServer
    // puts its reason there, e.g. "token expired"). Empty if there was none.
    QString serverMessage() const;
    // True for 401 Unauthorized and 403 Forbidden: the credentials are wrong, and dialing
    // again with the same ones will not help.
    bool isAuthenticationFailure() const;
#ifndef QT_NO_SSL
    // Why the server's certificate was not trusted, if that ended the dial.
    QList<QSslError> sslErrors() const;
#endif
    QAbstractSocket::SocketError socketError() const;
    // One line for a person.
    QString errorString() const;

private:
    friend class QBiMuxDialErrorPrivate;
    QSharedDataPointer<QBiMuxDialErrorPrivate> d;
};

Q_DECLARE_METATYPE(QBiMuxDialError)

#endif // QBIMUXDIALERROR_H
