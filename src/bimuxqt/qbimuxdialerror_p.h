// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef QBIMUXDIALERROR_P_H
#define QBIMUXDIALERROR_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the BiMuxQt API. It may change from version to version
// without notice, or even be removed.
//

#include "qbimuxdialerror.h"

#include <optional>

QT_BEGIN_NAMESPACE
class QWebSocket;
QT_END_NAMESPACE

class QBiMuxDialErrorPrivate : public QSharedData
{
public:
    // A failure before any socket was involved (the request could not be made).
    static QBiMuxDialError make(QAbstractSocket::SocketError error, const QString &errorString);
    static QBiMuxDialErrorPrivate *get(QBiMuxDialError &error) { return error.d.data(); }

    int httpStatus = 0;
    QString httpReason;
    QString serverMessage;
#ifndef QT_NO_SSL
    QList<QSslError> sslErrors;
#endif
    QAbstractSocket::SocketError socketError = QAbstractSocket::UnknownSocketError;
    QString errorString;
};

// Follows one dial of a QWebSocket and tells, if it fails, why. QWebSocket (Qt 6.4)
// reports a refused handshake only as ConnectionRefusedError with an error string that
// names the HTTP status; the answer's body stays unread in the TCP socket under it.
class QBiMuxDialTrace
{
public:
    // The first error is the cause; later ones (the server hanging up) are its effects.
    void noteSocketError(QAbstractSocket::SocketError error, const QString &errorString);
#ifndef QT_NO_SSL
    void noteSslErrors(const QList<QSslError> &errors)
    {
        m_sslErrors = errors;
    }
#endif
    // Once the dial has ended.
    QBiMuxDialError error(const QWebSocket *socket) const;

    // An HTTP status and reason phrase in `errorString` as QWebSocket words them (in the
    // application's language), or 0.
    static int httpStatusIn(const QString &errorString, QString *reason);

private:
    std::optional<QAbstractSocket::SocketError> m_error;
    QString m_errorString;
#ifndef QT_NO_SSL
    QList<QSslError> m_sslErrors;
#endif
};

#endif // QBIMUXDIALERROR_P_H
