// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef FAULTYPROXY_H
#define FAULTYPROXY_H

#include <QtCore/qset.h>
#include <QtCore/qurl.h>
#include <QtNetwork/qtcpserver.h>
#include <QtNetwork/qtcpsocket.h>

// A TCP proxy on 127.0.0.1 between clients and a server, for faults no well-behaved peer
// makes: freeze() stops forwarding in both directions while every socket stays open (a
// half-open connection, as a NAT that forgot its mapping leaves it), cut() drops every
// connection without a close frame, stopReadingFromServer() stops taking the server's
// bytes off the wire, as a client that stopped reading would, so that TCP flow control
// pushes back on the server (resumeReadingFromServer() takes them again).
class FaultyProxy : public QObject
{
public:
    bool listen(quint16 targetPort)
    {
        m_targetPort = targetPort;
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *client = m_server.nextPendingConnection())
                relay(client);
        });
        return m_server.listen(QHostAddress::LocalHost);
    }

    QUrl url(const QString &path = QStringLiteral("/mux")) const
    {
        return QUrl(QStringLiteral("ws://127.0.0.1:%1%2").arg(m_server.serverPort()).arg(path));
    }

    void freeze() { m_frozen = true; }
    void thaw() { m_frozen = false; }
    // freeze() for the connections open now only: later ones flow (a client that gave up
    // on a dead link and dialed again, while the server still holds the old one).
    void freezeCurrent()
    {
        const QList<QTcpSocket *> sockets = findChildren<QTcpSocket *>();
        for (QTcpSocket *socket : sockets)
            m_frozenSockets.insert(socket);
    }
    void stopReadingFromServer()
    {
        m_serverStalled = true;
        for (QTcpSocket *upstream : std::as_const(m_upstreams))
            upstream->setReadBufferSize(1); // Qt then leaves the rest in the kernel
    }
    // Takes the server's bytes off the wire again, and passes on what waited.
    void resumeReadingFromServer()
    {
        m_serverStalled = false;
        for (QTcpSocket *upstream : std::as_const(m_upstreams)) {
            upstream->setReadBufferSize(0);
            QMetaObject::invokeMethod(upstream, &QIODevice::readyRead, Qt::QueuedConnection);
        }
    }
    void cut()
    {
        const QList<QTcpSocket *> sockets = findChildren<QTcpSocket *>();
        for (QTcpSocket *socket : sockets)
            socket->abort();
    }

private:
    void relay(QTcpSocket *client)
    {
        client->setParent(this);
        auto *upstream = new QTcpSocket(this);
        m_upstreams.append(upstream);
        // Bytes written while the upstream connection is being made are sent once it is.
        upstream->connectToHost(QHostAddress::LocalHost, m_targetPort);
        forward(client, upstream);
        forward(upstream, client);
    }

    void forward(QTcpSocket *from, QTcpSocket *to)
    {
        connect(from, &QTcpSocket::readyRead, this, [this, from, to] {
            if (m_serverStalled && m_upstreams.contains(from))
                return;
            const QByteArray bytes = from->readAll();
            if (!m_frozen && !m_frozenSockets.contains(from))
                to->write(bytes);
        });
        connect(from, &QTcpSocket::disconnected, this, [this, from, to] {
            if (!m_frozen && !m_frozenSockets.contains(from))
                to->disconnectFromHost();
        });
    }

    QTcpServer m_server;
    quint16 m_targetPort = 0;
    QList<QTcpSocket *> m_upstreams;
    bool m_frozen = false;
    QSet<QTcpSocket *> m_frozenSockets;
    bool m_serverStalled = false;
};

#endif // FAULTYPROXY_H
