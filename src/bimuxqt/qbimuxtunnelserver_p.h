// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef QBIMUXTUNNELSERVER_P_H
#define QBIMUXTUNNELSERVER_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the BiMuxQt API. It may change from version to version
// without notice, or even be removed.
//

#include "qbimuxtunnel_p.h"
#include "qbimuxtunnelserver.h"

#include <QtCore/qhash.h>
#include <QtCore/qmutex.h>
#include <QtCore/qpointer.h>
#include <QtCore/qset.h>

#include <atomic>
#include <memory>

class QBiMuxAcceptor;
class QBiMuxRequest;
class QBiMuxServer;
class QBiMuxStream;
class QBiMuxTunnelConnection;
class QBiMuxTunnelSession;
class QBiMuxer;

// What the tunnel server's handlers share across the server's threads; it outlives the
// QBiMuxTunnelServer as long as a handler or a session holds it.
class QBiMuxTunnelServerShared
{
public:
    // A remote forward's port, held by one session, known by its address:port so that
    // two sessions never hold one and a tunnel client that came back can take its own.
    struct Binding
    {
        QBiMuxTunnelSession *owner = nullptr;
        QString clientSession; // the tunnel client's session token
        quint32 id = 0;
    };

    mutable QMutex mutex;
    QBiMuxTunnelPolicy policy;
    std::chrono::milliseconds connectTimeout = QBiMuxTunnelProtocol::DefaultConnectTimeout;
    QBiMuxTunnelServer *q = nullptr; // null once it is destroyed
    QHash<QString, Binding> bindings;
    QSet<QBiMuxTunnelSession *> sessions;
    std::atomic<int> connectionCount {0};
    std::atomic<quint64> lastConnectionId {0};

    // Runs `emitter(q)` in q's thread, later, if q is still there then.
    template<typename Emitter> void notify(Emitter emitter)
    {
        QMutexLocker locker(&mutex);
        if (q)
            QMetaObject::invokeMethod(
                q, [q = q, emitter] { emitter(q); }, Qt::QueuedConnection);
    }
};

class QBiMuxTunnelServerPrivate
{
public:
    std::shared_ptr<QBiMuxTunnelServerShared> shared;
    QPointer<QBiMuxServer> server;
};

// The tunnels of one peer connection, in its muxer's thread, a child of its muxer: the
// peer's remote forwards (listeners) and every forwarded connection of that peer. Ends
// them all when the connection ends.
class QBiMuxTunnelSession : public QObject
{
    Q_OBJECT

public:
    // The muxer's session, made on first use; in the muxer's thread.
    static QBiMuxTunnelSession *of(QBiMuxer *muxer,
                                   const std::shared_ptr<QBiMuxTunnelServerShared> &shared);
    ~QBiMuxTunnelSession() override;

    void bind(const QBiMuxRequest &request);
    void unbind(const QBiMuxRequest &request);
    // A local forward's connection from the peer.
    void acceptStream(QBiMuxStream *stream);
    // Stops listening for remote forward `id`; its connections go on.
    void release(quint32 id, const QString &why);

private:
    struct Listener
    {
        QBiMuxAcceptor *acceptor = nullptr;
        QBiMuxForward forward; // as bound: bindPort() is the real port
        QString key; // in the shared bindings
    };

    QBiMuxTunnelSession(QBiMuxer *muxer, std::shared_ptr<QBiMuxTunnelServerShared> shared);
    void onAccepted(quint32 id, qintptr descriptor);
    void track(QBiMuxTunnelConnection *connection);
    void releaseAll(const QString &why);
    QString link() const;

    QPointer<QBiMuxer> m_muxer;
    std::shared_ptr<QBiMuxTunnelServerShared> m_shared;
    QHash<quint32, Listener> m_listeners;
};

#endif // QBIMUXTUNNELSERVER_P_H
