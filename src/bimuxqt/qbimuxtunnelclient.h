// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef QBIMUXTUNNELCLIENT_H
#define QBIMUXTUNNELCLIENT_H

#include "bimuxqt_global.h"
#include "qbimuxstatus.h"
#include "qbimuxtunnel.h"

#include <QtCore/qlist.h>
#include <QtCore/qobject.h>

#include <chrono>

class QBiMuxChannel;
class QBiMuxTunnelClientPrivate;

// The connect side of tunnels (docs/tunnel.md): port forwards over a QBiMuxClient's link
// (or a QBiMuxer's), as ssh -L and -R make them, kept across reconnects. Lives in the
// channel's thread.
class BIMUXQT_EXPORT QBiMuxTunnelClient : public QObject
{
    Q_OBJECT

public:
    // Forwards over `channel`, which must outlive this object. The application opens and
    // closes it; the forwards follow its connections.
    explicit QBiMuxTunnelClient(QBiMuxChannel *channel, QObject *parent = nullptr);
    ~QBiMuxTunnelClient() override;

    // Local: listens at once, and keeps listening whether the link is up or not (false,
    // with errorString(), if it cannot listen). Remote: asks the serve side to listen now
    // if connected, and again on every connection. False for an invalid or known forward.
    bool addForward(const QBiMuxForward &forward);
    // Stops listening (and asks the serve side to); connections under way go on.
    void removeForward(const QBiMuxForward &forward);
    QList<QBiMuxForward> forwards() const;
    // The port `forward` listens on: this side's for a local one, the serve side's for a
    // remote one while it is bound (0 otherwise). Useful with port 0.
    quint16 boundPort(const QBiMuxForward &forward) const;
    QString errorString() const;

    // How long a remote forward's target may take to accept a connection; 10 s unless set.
    void setConnectTimeout(std::chrono::milliseconds timeout);
    std::chrono::milliseconds connectTimeout() const;
    // Forwarded connections open now, both kinds.
    int connectionCount() const;

Q_SIGNALS:
    // A local forward listens, or a remote one was bound by the serve side (again after
    // every reconnect), on `port`.
    void forwardReady(const QBiMuxForward &forward, quint16 port);
    // The serve side refused a remote forward. Refusals that may pass (the port is taken,
    // by a stale connection of this client perhaps) are tried again while connected, after
    // 1 s, doubling up to 30 s; PermissionDenied and InvalidArgument are not.
    void forwardFailed(const QBiMuxForward &forward, const QBiMuxStatus &status);
    void connectionOpened(const QBiMuxTunnelConnectionInfo &info);
    void connectionFinished(const QBiMuxTunnelConnectionInfo &info);

private:
    Q_DECLARE_PRIVATE(QBiMuxTunnelClient)
    Q_DISABLE_COPY(QBiMuxTunnelClient)
    QScopedPointer<QBiMuxTunnelClientPrivate> d_ptr;
};

#endif // QBIMUXTUNNELCLIENT_H
