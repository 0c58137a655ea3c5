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
    case 503:
        return "Service Unavailable";
    default:
        return "Rejected";
    }
}
} // namespace

QBiMuxHandshakeGate::QBiMuxHandshakeGate(QTcpSocket *socket, bool secure,
                                         std::chrono::milliseconds timeout, Decide decide,
                                         Pass pass, QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_decide(std::move(decide))
    , m_pass(std::move(pass))
    , m_secure(secure)
{
    m_socket->setParent(this);
    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this,
            [this] { drop(QStringLiteral("no complete handshake within the timeout")); });
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
    if (!data->parse(buffered.left(end + 2))) {
        reject(QBiMuxAdmission::reject(400, QBiMuxServer::tr("not a WebSocket handshake")));
        return;
    }
    const QBiMuxAdmission admission = m_decide(handshake);
    if (!admission.isAdmitted()) {
        reject(admission);
        return;
    }
    m_timeout.stop();
    disconnect(m_socket, nullptr, this, nullptr);
    m_socket->setParent(nullptr);
    QTcpSocket *socket = std::exchange(m_socket, nullptr);
    deleteLater();
    m_pass(socket);
}

void QBiMuxHandshakeGate::reject(const QBiMuxAdmission &admission)
{
    m_decided = true;
    qCInfo(lcServer) << "rejecting" << m_socket->peerAddress().toString() << "with HTTP"
                     << admission.httpStatus << "-" << admission.message;
    const QByteArray body = admission.message.toUtf8() + '\n';
    const QByteArray response = "HTTP/1.1 " + QByteArray::number(admission.httpStatus) + ' '
        + reasonPhrase(admission.httpStatus)
        + "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: "
        + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
    m_socket->write(response);
    m_socket->disconnectFromHost();
    // The timeout still runs: a peer that never reads the answer is aborted by it.
    disconnect(m_socket, &QTcpSocket::disconnected, this, nullptr);
    connect(m_socket, &QTcpSocket::disconnected, this, &QObject::deleteLater);
}

void QBiMuxHandshakeGate::drop(const QString &why)
{
    qCDebug(lcServer) << "dropping" << m_socket->peerAddress().toString() << "-" << why;
    m_socket->abort();
    deleteLater();
}
