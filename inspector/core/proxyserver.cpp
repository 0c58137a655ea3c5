// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "proxyserver.h"

#include "faultinjector.h"
#include "inspectorlogging.h"
#include "inspectorsession.h"
#include "proxyconnection.h"

#include <QtWebSockets/qwebsocket.h>
#include <QtWebSockets/qwebsocketserver.h>

ProxyServer::ProxyServer(InspectorSession *session, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_server(new QWebSocketServer(QStringLiteral("BiMux Inspector"),
                                    QWebSocketServer::NonSecureMode, this))
    , m_faults(new FaultInjector(this))
{
    connect(m_server, &QWebSocketServer::newConnection, this, &ProxyServer::onNewConnection);
}

ProxyServer::~ProxyServer()
{
    close();
}

bool ProxyServer::listen(const QHostAddress &address, quint16 port, const QUrl &upstream)
{
    if (!upstream.isValid()
        || (upstream.scheme() != QLatin1String("ws")
            && upstream.scheme() != QLatin1String("wss"))) {
        return false;
    }
    m_upstream = upstream;
    if (!m_server->listen(address, port))
        return false;
    qCInfo(lcProxy) << "proxy listening on" << url().toString() << "for" << upstream.toString();
    return true;
}

void ProxyServer::close()
{
    m_server->close();
    // Deleting a connection drops both its sockets, which tells both peers.
    qDeleteAll(std::exchange(m_connections, {}));
    emit connectionCountChanged(0);
    emit connectionsChanged();
}

ProxyConnection *ProxyServer::connection(int key) const
{
    for (ProxyConnection *c : m_connections) {
        if (c->key() == key)
            return c;
    }
    return nullptr;
}

int ProxyServer::cutLinks()
{
    const QList<ProxyConnection *> connections = m_connections;
    for (ProxyConnection *c : connections)
        c->cut(tr("link cut by the user"));
    return int(connections.size());
}

bool ProxyServer::isListening() const
{
    return m_server->isListening();
}

quint16 ProxyServer::port() const
{
    return m_server->serverPort();
}

QUrl ProxyServer::url() const
{
    QUrl u;
    u.setScheme(QStringLiteral("ws"));
    u.setHost(m_server->serverAddress().toString());
    u.setPort(m_server->serverPort());
    u.setPath(m_upstream.path().isEmpty() ? QStringLiteral("/") : m_upstream.path());
    return u;
}

QString ProxyServer::errorString() const
{
    return m_server->errorString();
}

void ProxyServer::onNewConnection()
{
    while (QWebSocket *socket = m_server->nextPendingConnection()) {
        auto *connection = new ProxyConnection(m_session, socket, m_upstream, this, m_faults);
        m_connections.append(connection);
        connect(connection, &ProxyConnection::finished, this, [this, connection] {
            m_connections.removeOne(connection);
            connection->deleteLater();
            emit connectionCountChanged(int(m_connections.size()));
            emit connectionsChanged();
        });
        connect(connection, &ProxyConnection::openChanged, this, &ProxyServer::connectionsChanged);
        emit connectionCountChanged(int(m_connections.size()));
        emit connectionsChanged();
    }
}
