// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef PROXYSERVER_H
#define PROXYSERVER_H

#include <QtCore/qobject.h>
#include <QtCore/qpointer.h>
#include <QtCore/qurl.h>
#include <QtNetwork/qhostaddress.h>

class FaultInjector;
class InspectorSession;
class ProxyConnection;
QT_BEGIN_NAMESPACE
class QWebSocketServer;
QT_END_NAMESPACE

// Proxy mode: listens on a local port and relays each WebSocket connection to an upstream
// ws:// URL, byte for byte, decoding every binary message in between as a bimux frame for
// the session. Neither peer needs to be BiMuxQt. "Outgoing" frames are those from the
// client that dialed the proxy to the upstream server.
class ProxyServer : public QObject
{
    Q_OBJECT

public:
    explicit ProxyServer(InspectorSession *session, QObject *parent = nullptr);
    ~ProxyServer() override;

    bool listen(const QHostAddress &address, quint16 port, const QUrl &upstream);
    void close();
    bool isListening() const;
    quint16 port() const;
    QUrl upstream() const { return m_upstream; }
    // ws://address:port/, what clients dial instead of the upstream.
    QUrl url() const;
    QString errorString() const;
    int connectionCount() const { return int(m_connections.size()); }
    // The relayed connections, for injecting frames (Compose).
    QList<ProxyConnection *> connections() const { return m_connections; }
    // The connection with session key `key`, or nullptr.
    ProxyConnection *connection(int key) const;

    // The faults injected into the traffic of every connection (FaultInjector).
    FaultInjector *faults() const { return m_faults; }
    // Cuts every relayed connection (ProxyConnection::cut()); returns how many.
    int cutLinks();

Q_SIGNALS:
    void connectionCountChanged(int count);
    // A connection came, opened or went.
    void connectionsChanged();

private:
    void onNewConnection();

    // May go before the proxy (see ProxyConnection): connections then relay unrecorded.
    QPointer<InspectorSession> m_session;
    QWebSocketServer *m_server;
    FaultInjector *m_faults;
    QUrl m_upstream;
    QList<ProxyConnection *> m_connections;
};

#endif // PROXYSERVER_H
