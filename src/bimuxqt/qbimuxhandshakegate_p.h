// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef QBIMUXHANDSHAKEGATE_P_H
#define QBIMUXHANDSHAKEGATE_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the BiMuxQt API. It may change from version to version
// without notice, or even be removed.
//

#include "qbimuxadmission.h"
#include "qbimuxhandshake.h"
#include "qbimuxhandshakebudget_p.h"

#include <QtCore/qfuturewatcher.h>
#include <QtCore/qobject.h>
#include <QtCore/qtimer.h>
#include <QtNetwork/qtcpsocket.h>

#include <chrono>
#include <functional>
#include <optional>

// Stands between an accepted TCP connection and QWebSocketServer: finishes the TLS
// handshake if there is one, reads the HTTP request head without consuming it (peek),
// and asks the server whether to admit the peer, whose answer may come later. A rejected
// peer gets an HTTP error and a closed socket; it never has an open WebSocket, so no
// frame of it is ever processed. The whole of it is bounded by a timeout, so a peer that
// connects and says nothing, or an authenticator that does not answer, costs a socket
// only for that long; the gate holds the peer's place in the server's handshake budget
// meanwhile. Deletes itself when done.
class QBiMuxHandshakeGate : public QObject
{
public:
    // The server's checks and its authenticator, run in the gate's thread.
    using Decide = std::function<QFuture<QBiMuxAdmission>(const QBiMuxHandshake &)>;
    // The server's last word on an admitted peer, once the authenticator has answered
    // (the server may have started shutting down meanwhile).
    using Confirm = std::function<QBiMuxAdmission(const QBiMuxAdmission &)>;
    // Takes the admitted peer's socket.
    using Pass = std::function<void(QTcpSocket *, const QBiMuxAdmission &)>;

    // Takes over `socket` (a QSslSocket if `secure`), whose descriptor is already set.
    QBiMuxHandshakeGate(QTcpSocket *socket, bool secure, std::chrono::milliseconds timeout,
                        QBiMuxHandshakeBudget::Slot slot, Decide decide, Confirm confirm, Pass pass,
                        QObject *parent);

    // An HTTP request head larger than this is refused (431).
    static constexpr qsizetype MaxHeadSize = 16 * 1024;

    // The HTTP answer that turns a peer away with `admission`'s status and reason.
    static QByteArray httpAnswer(const QBiMuxAdmission &admission);
    // Turns the peer of `socket` away at once: answers if `canAnswer` (plain HTTP, or TLS
    // that is up), as far as the socket takes it without waiting, and closes it.
    static void refuseNow(QTcpSocket *socket, const QBiMuxAdmission &admission, bool canAnswer);

private:
    void readHead();
    void conclude(QFuture<QBiMuxAdmission> answer);
    void reject(const QBiMuxAdmission &admission);
    void onTimeout();
    // Closes the peer's socket, after `answer` if there is one, and ends the gate.
    void drop(const QString &why, const std::optional<QBiMuxAdmission> &answer = std::nullopt);

    QTcpSocket *m_socket;
    QTimer m_timeout;
    QBiMuxHandshakeBudget::Slot m_slot;
    Decide m_decide;
    Confirm m_confirm;
    Pass m_pass;
    // Set while the authenticator's answer is awaited.
    QFutureWatcher<QBiMuxAdmission> *m_answer = nullptr;
    bool m_secure;
    bool m_decided = false;
};

#endif // QBIMUXHANDSHAKEGATE_P_H
