#ifndef QBIMUXHANDSHAKEGATE_P_H
#define QBIMUXHANDSHAKEGATE_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the BiMuxQt API. It may change from version to version
// without notice, or even be removed.
//

#include "qbimuxhandshake.h"

#include <QtCore/qobject.h>
#include <QtCore/qtimer.h>
#include <QtNetwork/qtcpsocket.h>

#include <chrono>
#include <functional>

// The server's answer to a handshake: admitted (status 0) or an HTTP error.
struct QBiMuxAdmission
{
    int httpStatus = 0;
    QString message;

    bool isAdmitted() const { return httpStatus == 0; }
    static QBiMuxAdmission admit() { return {}; }
    static QBiMuxAdmission reject(int status, const QString &message) { return {status, message}; }
};

// Stands between an accepted TCP connection and QWebSocketServer: finishes the TLS
// handshake if there is one, reads the HTTP request head without consuming it (peek),
// and asks the server whether to admit the peer. A rejected peer gets an HTTP error and
// a closed socket; it never has an open WebSocket, so no frame of it is ever processed.
// The whole of it is bounded by a timeout, so a peer that connects and says nothing
// costs a socket only for that long. Deletes itself when done.
class QBiMuxHandshakeGate : public QObject
{
public:
    using Decide = std::function<QBiMuxAdmission(const QBiMuxHandshake &)>;
    using Pass = std::function<void(QTcpSocket *)>;

    // Takes over `socket` (a QSslSocket if `secure`), whose descriptor is already set.
    QBiMuxHandshakeGate(QTcpSocket *socket, bool secure, std::chrono::milliseconds timeout,
                        Decide decide, Pass pass, QObject *parent);

    // An HTTP request head larger than this is refused (431).
    static constexpr qsizetype MaxHeadSize = 16 * 1024;

private:
    void readHead();
    void reject(const QBiMuxAdmission &admission);
    void drop(const QString &why);

    QTcpSocket *m_socket;
    QTimer m_timeout;
    Decide m_decide;
    Pass m_pass;
    bool m_secure;
    bool m_decided = false;
};

#endif // QBIMUXHANDSHAKEGATE_P_H
