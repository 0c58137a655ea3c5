// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "qbimuxhandshakegate_p.h"

#include "qbimuxhandshake_p.h"
#include "qbimuxlogging_p.h"
#include "qbimuxserver.h"

#ifndef QT_NO_SSL
#include <QtNetwork/qsslsocket.h>
#endif

namespace {
QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 503:
        return "Service Unavailable";
    default:
        return "Rejected";
    }
}
} // namespace

QBiMuxHandshakeGate::QBiMuxHandshakeGate(QTcpSocket *socket, bool secure,
                                         std::chrono::milliseconds timeout,
                                         QBiMuxHandshakeBudget::Slot slot, Decide decide,
                                         Confirm confirm, Pass pass, QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_slot(std::move(slot))
    , m_decide(std::move(decide))
    , m_confirm(std::move(confirm))
    , m_pass(std::move(pass))
    , m_secure(secure)
{
    m_socket->setParent(this);
    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, &QBiMuxHandshakeGate::onTimeout);
    m_timeout.start(timeout);
    connect(m_socket, &QTcpSocket::disconnected, this,
            [this] { drop(QStringLiteral("the peer left during the handshake")); });
#ifndef QT_NO_SSL
    if (auto *sslSocket = qobject_cast<QSslSocket *>(m_socket); secure && sslSocket) {
        connect(sslSocket, &QSslSocket::encrypted, this, [this] {
            connect(m_socket, &QIODevice::readyRead, this, &QBiMuxHandshakeGate::readHead);
            readHead();
        });
        connect(sslSocket, &QSslSocket::sslErrors, this, [this](const QList<QSslError> &errors) {
            drop(QStringLiteral("TLS handshake failed: %1").arg(errors.value(0).errorString()));
        });
        sslSocket->startServerEncryption();
        return;
    }
#endif
    connect(m_socket, &QIODevice::readyRead, this, &QBiMuxHandshakeGate::readHead);
    readHead();
}

QByteArray QBiMuxHandshakeGate::httpAnswer(const QBiMuxAdmission &admission)
{
    // A rejection always says why, if only in general terms.
    QString reason = admission.reason();
    if (reason.isEmpty()) {
        reason = admission.httpStatus() == 401
            ? QBiMuxServer::tr("not authenticated")
            : QString::fromLatin1(reasonPhrase(admission.httpStatus()));
    }
    const QByteArray body = reason.toUtf8() + '\n';
    return "HTTP/1.1 " + QByteArray::number(admission.httpStatus()) + ' '
        + reasonPhrase(admission.httpStatus())
        + "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: "
        + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
}

void QBiMuxHandshakeGate::refuseNow(QTcpSocket *socket, const QBiMuxAdmission &admission,
                                    bool canAnswer)
{
    if (canAnswer) {
        // Unread input would make the close a reset, which may destroy the answer before
        // the peer reads it.
        socket->readAll();
        socket->write(httpAnswer(admission));
        socket->flush();
    }
    socket->abort();
}

void QBiMuxHandshakeGate::readHead()
{
    if (m_decided)
        return;
    // Peeked, not read: QWebSocketServer reads the same bytes again if the peer is let in.
    const QByteArray buffered = m_socket->peek(MaxHeadSize + 1);
    const qsizetype end = buffered.indexOf("\r\n\r\n");
    if (end < 0) {
        if (buffered.size() > MaxHeadSize) {
            reject(QBiMuxAdmission::reject(431, QBiMuxServer::tr("the request head is too large")));
        }
        return;
    }
    m_decided = true;
    QBiMuxHandshake handshake;
    QBiMuxHandshakePrivate *data = handshake.d.data();
    data->peerAddress = m_socket->peerAddress();
    data->peerPort = m_socket->peerPort();
    data->secure = m_secure;
#ifndef QT_NO_SSL
    if (auto *sslSocket = qobject_cast<QSslSocket *>(m_socket); m_secure && sslSocket)
        data->peerCertificate = sslSocket->peerCertificate();
#endif
    if (!data->parse(buffered.left(end + 2))) {
        reject(QBiMuxAdmission::reject(400, QBiMuxServer::tr("not a WebSocket handshake")));
        return;
    }
    const QFuture<QBiMuxAdmission> answer = m_decide(handshake);
    if (answer.isFinished()) {
        conclude(answer);
        return;
    }
    // An answer later: the thread goes on with other peers meanwhile. The watcher goes
    // with the gate, so an answer that comes after the peer left or the timeout is dropped.
    m_answer = new QFutureWatcher<QBiMuxAdmission>(this);
    connect(m_answer, &QFutureWatcherBase::finished, this,
            [this] { conclude(m_answer->future()); });
    m_answer->setFuture(answer);
}

void QBiMuxHandshakeGate::conclude(QFuture<QBiMuxAdmission> answer)
{
    if (m_answer) {
        m_answer->disconnect(this);
        m_answer->deleteLater();
        m_answer = nullptr;
    }
    QBiMuxAdmission admission;
    try {
        // Finished already: this only rethrows what the authenticator failed with.
        answer.waitForFinished();
        admission = answer.resultCount() > 0
            ? answer.result()
            : QBiMuxAdmission::reject(500, QBiMuxServer::tr("the authenticator gave no answer"));
    } catch (...) {
        admission = QBiMuxAdmission::reject(500, QBiMuxServer::tr("the authenticator failed"));
    }
    if (admission.isAdmitted())
        admission = m_confirm(admission);
    if (!admission.isAdmitted()) {
        reject(admission);
        return;
    }
    m_timeout.stop();
    disconnect(m_socket, nullptr, this, nullptr);
    m_socket->setParent(nullptr);
    QTcpSocket *socket = std::exchange(m_socket, nullptr);
    deleteLater();
    m_pass(socket, admission);
}

void QBiMuxHandshakeGate::reject(const QBiMuxAdmission &admission)
{
    m_decided = true;
    qCInfo(lcServer) << "rejecting" << m_socket->peerAddress().toString() << "with HTTP"
                     << admission.httpStatus() << "-" << admission.reason();
    m_socket->write(httpAnswer(admission));
    m_socket->disconnectFromHost();
    // The timeout still runs: a peer that never reads the answer is aborted by it.
    disconnect(m_socket, &QTcpSocket::disconnected, this, nullptr);
    connect(m_socket, &QTcpSocket::disconnected, this, &QObject::deleteLater);
}

void QBiMuxHandshakeGate::onTimeout()
{
    if (m_answer) {
        // The peer has asked and waited; it is told why it waited in vain.
        drop(QStringLiteral("no answer from the authenticator within the timeout"),
             QBiMuxAdmission::reject(503,
                                     QBiMuxServer::tr("the authenticator did not answer within "
                                                      "the handshake timeout")));
        return;
    }
    drop(QStringLiteral("no complete handshake within the timeout"));
}

void QBiMuxHandshakeGate::drop(const QString &why, const std::optional<QBiMuxAdmission> &answer)
{
    qCDebug(lcServer) << "dropping" << m_socket->peerAddress().toString() << "-" << why;
    // The late answer, if any, goes with the watcher.
    delete std::exchange(m_answer, nullptr);
    // Its disconnected() would bring us back here.
    disconnect(m_socket, nullptr, this, nullptr);
    if (answer)
        refuseNow(m_socket, *answer, true);
    else
        m_socket->abort();
    deleteLater();
}
