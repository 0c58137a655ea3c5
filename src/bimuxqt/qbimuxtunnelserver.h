// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef QBIMUXTUNNELSERVER_H
#define QBIMUXTUNNELSERVER_H

#include "bimuxqt_global.h"
#include "qbimuxstatus.h"
#include "qbimuxtunnel.h"

#include <QtCore/qobject.h>
#include <QtCore/qstringlist.h>

#include <chrono>

class QBiMuxServer;
class QBiMuxTunnelServerPrivate;

// The serve side of tunnels (docs/tunnel.md): on every connection of a QBiMuxServer, it
// connects the peer's local forwards to their targets and listens for the peer's remote
// forwards. Admission (the token) is the server's authenticator's job; what a peer that
// got in may reach is this class's allow lists. Signals are emitted in this object's
// thread, also for connections in the server's worker threads.
class BIMUXQT_EXPORT QBiMuxTunnelServer : public QObject
{
    Q_OBJECT

public:
    // Serves tunnels on every connection of `server`, present and future. `server` must
    // outlive this object or be destroyed in its thread.
    explicit QBiMuxTunnelServer(QBiMuxServer *server, QObject *parent = nullptr);
    ~QBiMuxTunnelServer() override;

    // Where local forwards may connect: "HOST:PORT" patterns, HOST a name or an address
    // as the peer sends it, or "*"; PORT a number, "LOW-HIGH" or "*". Empty (the
    // default): loopback targets only, any port, names checked once resolved. Returns
    // false, changing nothing, on a pattern it cannot read.
    bool setAllowedTargets(const QStringList &patterns, QString *error = nullptr);
    QStringList allowedTargets() const;
    // The ports remote forwards may bind, e.g. "2222,8000-8099"; "0" lets them have a
    // port the system chooses. Empty (the default): no remote forwards at all.
    bool setAllowedRemotePorts(const QString &ports, QString *error = nullptr);
    QString allowedRemotePorts() const;
    // Whether remote forwards may listen on other addresses than loopback (sshd's
    // GatewayPorts); false unless set.
    void setGatewayPorts(bool allowed);
    bool gatewayPorts() const;
    // How long a target may take to accept a connection; 10 s unless set.
    void setConnectTimeout(std::chrono::milliseconds timeout);
    std::chrono::milliseconds connectTimeout() const;

    // Forwarded connections open now, both kinds. Thread-safe.
    int connectionCount() const;

Q_SIGNALS:
    void connectionOpened(const QBiMuxTunnelConnectionInfo &info);
    void connectionFinished(const QBiMuxTunnelConnectionInfo &info);
    // A peer's remote forward listens (bindPort() is the port it got), stopped, or was
    // refused. `link` is the peer connection's id.
    void remoteForwardBound(const QBiMuxForward &forward, const QString &link);
    void remoteForwardClosed(const QBiMuxForward &forward, const QString &link);
    void remoteForwardRefused(const QBiMuxForward &forward, const QString &link,
                              const QBiMuxStatus &status);

private:
    Q_DECLARE_PRIVATE(QBiMuxTunnelServer)
    Q_DISABLE_COPY(QBiMuxTunnelServer)
    QScopedPointer<QBiMuxTunnelServerPrivate> d_ptr;
};

#endif // QBIMUXTUNNELSERVER_H
