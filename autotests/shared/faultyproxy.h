#ifndef FAULTYPROXY_H
#define FAULTYPROXY_H

#include <QtCore/qurl.h>
#include <QtNetwork/qtcpserver.h>
#include <QtNetwork/qtcpsocket.h>

// A TCP proxy on 127.0.0.1 between clients and a server, for faults no well-behaved peer
// makes: freeze() stops forwarding in both directions while every socket stays open (a
// half-open connection, as a NAT that forgot its mapping leaves it), cut() drops every
// connection without a close frame.
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
        // Bytes written while the upstream connection is being made are sent once it is.
        upstream->connectToHost(QHostAddress::LocalHost, m_targetPort);
        forward(client, upstream);
        forward(upstream, client);
    }

    void forward(QTcpSocket *from, QTcpSocket *to)
    {
        connect(from, &QTcpSocket::readyRead, this, [this, from, to] {
            const QByteArray bytes = from->readAll();
            if (!m_frozen)
                to->write(bytes);
        });
        connect(from, &QTcpSocket::disconnected, this, [this, to] {
            if (!m_frozen)
                to->disconnectFromHost();
        });
    }

    QTcpServer m_server;
    quint16 m_targetPort = 0;
    bool m_frozen = false;
};

#endif // FAULTYPROXY_H
