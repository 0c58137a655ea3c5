// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "qbimuxtunnelserver.h"
#include "qbimuxtunnelserver_p.h"

#include "qbimuxacceptor_p.h"
#include "qbimuxer.h"
#include "qbimuxlogging_p.h"
#include "qbimuxrequest.h"
#include "qbimuxserver.h"
#include "qbimuxtcp_p.h"
#include "qbimuxtunnelconnection_p.h"

#include <QtCore/qjsondocument.h>
#include <QtCore/qthread.h>

/*!
    \class QBiMuxTunnelServer
    \brief The serve side of tunnels: port forwarding for the peers of a QBiMuxServer.

    Attached to a QBiMuxServer, it serves the tunnel routes on every connection (its
    handlers are the server's, so it works with worker threads too). A peer's local
    forward (QBiMuxTunnelClient, \c{bimux-tunnel connect -L}) opens one stream per TCP
    connection; this side connects to the target the stream names, if the allow list
    (setAllowedTargets()) lets it, and joins the two. A peer's remote forward asks this
    side to listen on a port allowed by setAllowedRemotePorts(); each connection there
    becomes a stream to the peer, which connects to its own target. A peer's listeners
    close when its connection ends. See docs/tunnel.md.

    Who may use the tunnels is decided before: the QBiMuxServer's authenticator admits
    the peer (\c{bimux-tunnel serve --token} checks an \c{Authorization: Bearer} header).

    Its signals are emitted in this object's thread, also for connections in the
    server's worker threads.
*/

/*!
    \fn void QBiMuxTunnelServer::connectionOpened(const QBiMuxTunnelConnectionInfo &info)
    A forwarded connection of a peer opened, of either kind: for a local forward once its
    target accepted it, for a remote forward at once. connectionFinished() follows for
    the same \a info id.
*/

/*!
    \fn void QBiMuxTunnelServer::connectionFinished(const QBiMuxTunnelConnectionInfo &info)
    A forwarded connection ended, cleanly or not (\a info's status), with its bytes each
    way and its duration. Emitted once per connection, after connectionOpened().
*/

/*!
    \fn void QBiMuxTunnelServer::remoteForwardBound(const QBiMuxForward &forward, const QString &link)
    A peer's remote \a forward listens; its bindPort() is the port it got. \a link is
    the peer connection's id.
*/

/*!
    \fn void QBiMuxTunnelServer::remoteForwardClosed(const QBiMuxForward &forward, const QString &link)
    A peer's remote \a forward stopped listening: the peer removed it, its connection
    (\a link) ended, or a new connection of the same tunnel client took its port over.
*/

/*!
    \fn void QBiMuxTunnelServer::remoteForwardRefused(const QBiMuxForward &forward, const QString &link, const QBiMuxStatus &status)
    A remote \a forward that the peer connection \a link asked for was refused, and
    \a status says why (what the peer was answered): a port outside
    setAllowedRemotePorts(), an address other than loopback without gateway ports, a
    port held by another client, a malformed request.
*/

namespace {

QByteArray jsonBytes(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

} // namespace

/*!
    Constructs the serve side of tunnels on every connection of \a server, present and
    future, with \a parent. Registers the tunnel routes' handlers on \a server, which
    must outlive this object or be destroyed in its thread.
*/
QBiMuxTunnelServer::QBiMuxTunnelServer(QBiMuxServer *server, QObject *parent)
    : QObject(parent)
    , d_ptr(new QBiMuxTunnelServerPrivate)
{
    Q_D(QBiMuxTunnelServer);
    qRegisterMetaType<QBiMuxTunnelConnectionInfo>();
    qRegisterMetaType<QBiMuxForward>();
    d->shared = std::make_shared<QBiMuxTunnelServerShared>();
    d->shared->q = this;
    d->server = server;
    using namespace QBiMuxTunnelProtocol;
    // Without a context: each runs in its connection's thread, where the session lives.
    const std::shared_ptr<QBiMuxTunnelServerShared> shared = d->shared;
    server->setRequestHandler(BindRoute, nullptr, [shared](const QBiMuxRequest &request) {
        QBiMuxTunnelSession::of(request.muxer(), shared)->bind(request);
    });
    server->setRequestHandler(UnbindRoute, nullptr, [shared](const QBiMuxRequest &request) {
        QBiMuxTunnelSession::of(request.muxer(), shared)->unbind(request);
    });
    server->setStreamHandler(LocalStreamRoute, nullptr, [shared](QBiMuxStream *stream) {
        QBiMuxTunnelSession::of(stream->muxer(), shared)->acceptStream(stream);
    });
}

/*!
    Stops serving tunnels: the routes go, and every peer's listeners and forwarded
    connections end (from their threads' event loops).
*/
QBiMuxTunnelServer::~QBiMuxTunnelServer()
{
    Q_D(QBiMuxTunnelServer);
    if (d->server) {
        using namespace QBiMuxTunnelProtocol;
        d->server->removeRequestHandler(BindRoute);
        d->server->removeRequestHandler(UnbindRoute);
        d->server->removeStreamHandler(LocalStreamRoute);
    }
    QMutexLocker locker(&d->shared->mutex);
    d->shared->q = nullptr;
    for (QBiMuxTunnelSession *session : std::as_const(d->shared->sessions))
        session->deleteLater();
}

/*!
    Sets where local forwards may connect to \a patterns, each \c{HOST:PORT}: HOST a
    name or an address as the peer sends it, or \c *; PORT a number, \c{LOW-HIGH} or
    \c *. An empty list (the default) allows loopback targets only, any port, and holds
    names to loopback once resolved. Returns false and changes nothing on a pattern it
    cannot read, with the reason in \a error if it is not null. Thread-safe; applies to
    connections opened from now on.
*/
bool QBiMuxTunnelServer::setAllowedTargets(const QStringList &patterns, QString *error)
{
    QList<QBiMuxTunnelPolicy::TargetPattern> targets;
    for (const QString &pattern : patterns) {
        const auto target = QBiMuxTunnelPolicy::parseTarget(pattern, error);
        if (!target)
            return false;
        targets.append(*target);
    }
    Q_D(QBiMuxTunnelServer);
    QMutexLocker locker(&d->shared->mutex);
    d->shared->policy.targets = targets;
    d->shared->policy.targetStrings = patterns;
    return true;
}

/*!
    Returns the patterns of setAllowedTargets(); empty for loopback only.
*/
QStringList QBiMuxTunnelServer::allowedTargets() const
{
    Q_D(const QBiMuxTunnelServer);
    QMutexLocker locker(&d->shared->mutex);
    return d->shared->policy.targetStrings;
}

/*!
    Sets the ports remote forwards may bind to \a ports, e.g. \c{2222,8000-8099}; \c 0
    lets them have a port the system chooses. Empty (the default): no remote forwards at
    all. Returns false and changes nothing if \a ports cannot be read, with the reason
    in \a error if it is not null. Thread-safe; applies to binds from now on.
*/
bool QBiMuxTunnelServer::setAllowedRemotePorts(const QString &ports, QString *error)
{
    const auto ranges = QBiMuxTunnelPolicy::parsePorts(ports, error);
    if (!ranges)
        return false;
    Q_D(QBiMuxTunnelServer);
    QMutexLocker locker(&d->shared->mutex);
    d->shared->policy.remotePorts = *ranges;
    d->shared->policy.remotePortsString = ports;
    return true;
}

/*!
    Returns the ports of setAllowedRemotePorts(), as given.
*/
QString QBiMuxTunnelServer::allowedRemotePorts() const
{
    Q_D(const QBiMuxTunnelServer);
    QMutexLocker locker(&d->shared->mutex);
    return d->shared->policy.remotePortsString;
}

/*!
    Sets whether remote forwards may listen on other addresses than loopback to
    \a allowed (sshd's GatewayPorts); false unless set.
*/
void QBiMuxTunnelServer::setGatewayPorts(bool allowed)
{
    Q_D(QBiMuxTunnelServer);
    QMutexLocker locker(&d->shared->mutex);
    d->shared->policy.gatewayPorts = allowed;
}

/*!
    Returns whether remote forwards may listen on other addresses than loopback.
*/
bool QBiMuxTunnelServer::gatewayPorts() const
{
    Q_D(const QBiMuxTunnelServer);
    QMutexLocker locker(&d->shared->mutex);
    return d->shared->policy.gatewayPorts;
}

/*!
    Sets how long a local forward's target may take to accept a connection to \a timeout
    (at least 1 ms); 10 s unless set.
*/
void QBiMuxTunnelServer::setConnectTimeout(std::chrono::milliseconds timeout)
{
    Q_D(QBiMuxTunnelServer);
    QMutexLocker locker(&d->shared->mutex);
    d->shared->connectTimeout = std::max(timeout, std::chrono::milliseconds(1));
}

/*!
    Returns how long a target may take to accept a connection; see setConnectTimeout().
*/
std::chrono::milliseconds QBiMuxTunnelServer::connectTimeout() const
{
    Q_D(const QBiMuxTunnelServer);
    QMutexLocker locker(&d->shared->mutex);
    return d->shared->connectTimeout;
}

/*!
    Returns how many forwarded connections are open now, of both kinds, in all the
    server's threads. Thread-safe.
*/
int QBiMuxTunnelServer::connectionCount() const
{
    return d_func()->shared->connectionCount.load();
}

QBiMuxTunnelSession::QBiMuxTunnelSession(QBiMuxer *muxer,
                                         std::shared_ptr<QBiMuxTunnelServerShared> shared)
    : QObject(muxer)
    , m_muxer(muxer)
    , m_shared(std::move(shared))
{
    connect(muxer, &QBiMuxer::disconnected, this,
            [this] { releaseAll(QBiMuxTunnelServer::tr("the peer's connection ended")); });
}

QBiMuxTunnelSession *
QBiMuxTunnelSession::of(QBiMuxer *muxer, const std::shared_ptr<QBiMuxTunnelServerShared> &shared)
{
    if (auto *session
        = muxer->findChild<QBiMuxTunnelSession *>(QString(), Qt::FindDirectChildrenOnly)) {
        return session;
    }
    auto *session = new QBiMuxTunnelSession(muxer, shared);
    QMutexLocker locker(&shared->mutex);
    shared->sessions.insert(session);
    return session;
}

QBiMuxTunnelSession::~QBiMuxTunnelSession()
{
    releaseAll(QBiMuxTunnelServer::tr("the tunnel server stopped"));
    QMutexLocker locker(&m_shared->mutex);
    m_shared->sessions.remove(this);
}

QString QBiMuxTunnelSession::link() const
{
    return m_muxer ? m_muxer->id() : QString();
}

void QBiMuxTunnelSession::bind(const QBiMuxRequest &request)
{
    const QJsonObject args = QBiMuxTunnelProtocol::decodeHeader(request.data());
    const auto id = quint32(args.value(QStringLiteral("id")).toInteger());
    const qint64 port = args.value(QStringLiteral("port")).toInteger(-1);
    const QString address = args.value(QStringLiteral("bind")).toString();
    const QString clientSession = args.value(QStringLiteral("session")).toString();
    QString targetHost;
    quint16 targetPort = 0;
    QBiMuxTunnelProtocol::splitHostPort(args.value(QStringLiteral("target")).toString(),
                                        &targetHost, &targetPort);
    const QBiMuxForward asked(QBiMuxForward::Kind::Remote, address,
                              quint16(std::max<qint64>(port, 0)), targetHost, targetPort);
    const auto refuse = [&](QBiMux::StatusCode code, const QString &message) {
        qCDebug(lcTunnel) << "refusing remote forward" << asked.toString() << "of" << link() << ":"
                          << message;
        m_shared->notify(
            [asked, link = link(), status = QBiMuxStatus(code, message)](QBiMuxTunnelServer *q) {
                emit q->remoteForwardRefused(asked, link, status);
            });
        request.fail(code, message);
    };
    QHostAddress listenAddress;
    if (id == 0 || port < 0 || port > 65535
        || !QBiMuxTunnelProtocol::toListenAddress(address, &listenAddress)) {
        refuse(QBiMux::StatusCode::InvalidArgument,
               QBiMuxTunnelServer::tr("not a remote forward: %1")
                   .arg(QString::fromUtf8(request.data().left(200))));
        return;
    }
    const QString wanted = QBiMuxTcp::joinHostPort(listenAddress.toString(), quint16(port));
    QBiMuxTunnelPolicy policy;
    {
        QMutexLocker locker(&m_shared->mutex);
        policy = m_shared->policy;
    }
    if (!policy.allowsRemotePort(quint16(port))) {
        refuse(QBiMux::StatusCode::PermissionDenied,
               QBiMuxTunnelServer::tr("port %1 is not among the ports the serve side allows "
                                      "remote forwards to bind (%2)")
                   .arg(port)
                   .arg(policy.remotePortsString.isEmpty() ? QBiMuxTunnelServer::tr("none")
                                                           : policy.remotePortsString));
        return;
    }
    if (!listenAddress.isLoopback() && !policy.gatewayPorts) {
        refuse(QBiMux::StatusCode::PermissionDenied,
               QBiMuxTunnelServer::tr("remote forwards may listen only on loopback here, not "
                                      "on %1 (the serve side's gateway ports are off)")
                   .arg(listenAddress.toString()));
        return;
    }
    // The same forward again (a retry whose answer was lost): what it has.
    const auto existing = m_listeners.constFind(id);
    if (existing != m_listeners.cend()) {
        if (existing->forward.bindAddress() == address
            && (port == 0 || existing->forward.bindPort() == port)) {
            request.reply(jsonBytes({{QStringLiteral("port"), existing->forward.bindPort()}}));
            return;
        }
        release(id, QBiMuxTunnelServer::tr("replaced"));
    }
    if (port != 0) {
        QMutexLocker locker(&m_shared->mutex);
        const auto held = m_shared->bindings.constFind(wanted);
        if (held != m_shared->bindings.cend() && held->owner != this) {
            if (clientSession.isEmpty() || held->clientSession != clientSession) {
                locker.unlock();
                refuse(QBiMux::StatusCode::AlreadyExists,
                       QBiMuxTunnelServer::tr("%1 is bound by another tunnel client").arg(wanted));
                return;
            }
            // The same tunnel client on a new connection: its old one is stale.
            QBiMuxTunnelSession *owner = held->owner;
            const quint32 heldId = held->id;
            const QString why = QBiMuxTunnelServer::tr("taken over by a new connection of the same "
                                                       "tunnel client");
            if (owner->thread() != QThread::currentThread()) {
                QMetaObject::invokeMethod(
                    owner, [owner, heldId, why] { owner->release(heldId, why); },
                    Qt::QueuedConnection);
                locker.unlock();
                refuse(QBiMux::StatusCode::Unavailable,
                       QBiMuxTunnelServer::tr("%1 is being released by an earlier connection of "
                                              "the same tunnel client; try again")
                           .arg(wanted));
                return;
            }
            locker.unlock();
            owner->release(heldId, why);
        }
    }

    QBiMuxStatus failure;
    QBiMuxAcceptor *acceptor
        = QBiMuxTunnelProtocol::listen(listenAddress, quint16(port), this, &failure);
    if (!acceptor) {
        refuse(failure.code(), failure.message());
        return;
    }
    Listener listener;
    listener.acceptor = acceptor;
    listener.forward = QBiMuxForward(QBiMuxForward::Kind::Remote, address, acceptor->serverPort(),
                                     targetHost, targetPort);
    listener.key = QBiMuxTcp::joinHostPort(listenAddress.toString(), acceptor->serverPort());
    acceptor->onDescriptor = [this, id](qintptr descriptor) {
        onAccepted(id, descriptor);
    };
    {
        QMutexLocker locker(&m_shared->mutex);
        m_shared->bindings.insert(listener.key, {this, clientSession, id});
    }
    m_listeners.insert(id, listener);
    qCDebug(lcTunnel) << "remote forward" << listener.forward.toString() << "of" << link()
                      << "listening on" << listener.key;
    m_shared->notify([forward = listener.forward, link = link()](QBiMuxTunnelServer *q) {
        emit q->remoteForwardBound(forward, link);
    });
    request.reply(jsonBytes({{QStringLiteral("port"), acceptor->serverPort()}}));
}

void QBiMuxTunnelSession::unbind(const QBiMuxRequest &request)
{
    const QJsonObject args = QBiMuxTunnelProtocol::decodeHeader(request.data());
    const auto id = quint32(args.value(QStringLiteral("id")).toInteger());
    if (!m_listeners.contains(id)) {
        request.fail(QBiMux::StatusCode::NotFound,
                     QBiMuxTunnelServer::tr("no remote forward %1 here").arg(id));
        return;
    }
    release(id, QBiMuxTunnelServer::tr("the peer removed it"));
    request.reply(QByteArray());
}

void QBiMuxTunnelSession::release(quint32 id, const QString &why)
{
    const Listener listener = m_listeners.take(id);
    if (!listener.acceptor)
        return;
    {
        QMutexLocker locker(&m_shared->mutex);
        const auto held = m_shared->bindings.constFind(listener.key);
        if (held != m_shared->bindings.cend() && held->owner == this)
            m_shared->bindings.erase(held);
    }
    delete listener.acceptor;
    qCDebug(lcTunnel) << "remote forward" << listener.forward.toString() << "of" << link()
                      << "closed:" << why;
    m_shared->notify([forward = listener.forward, link = link()](QBiMuxTunnelServer *q) {
        emit q->remoteForwardClosed(forward, link);
    });
}

void QBiMuxTunnelSession::releaseAll(const QString &why)
{
    const QList<quint32> ids = m_listeners.keys();
    for (quint32 id : ids)
        release(id, why);
}

void QBiMuxTunnelSession::onAccepted(quint32 id, qintptr descriptor)
{
    QBiMuxTcp::prepare(descriptor);
    const Listener listener = m_listeners.value(id);
    if (!m_muxer || !listener.acceptor) {
        QBiMuxTcp::close(descriptor, true);
        return;
    }
    QBiMuxTunnelConnectionInfo info;
    info.id = ++m_shared->lastConnectionId;
    info.kind = QBiMuxForward::Kind::Remote;
    info.link = link();
    info.origin = QBiMuxTcp::peerName(descriptor);
    info.target = QBiMuxTcp::joinHostPort(listener.forward.host(), listener.forward.hostPort());
    QJsonObject header {{QStringLiteral("bind"), qint64(id)},
                        {QStringLiteral("from"), info.origin}};
    QBiMuxStream *stream = m_muxer->openStream(QBiMuxTunnelProtocol::RemoteStreamRoute);
    track(QBiMuxTunnelConnection::fromListener(descriptor, stream, header, info, this));
}

void QBiMuxTunnelSession::acceptStream(QBiMuxStream *stream)
{
    QBiMuxTunnelPolicy policy;
    std::chrono::milliseconds timeout;
    {
        QMutexLocker locker(&m_shared->mutex);
        policy = m_shared->policy;
        timeout = m_shared->connectTimeout;
    }
    QBiMuxTunnelConnectionInfo info;
    info.id = ++m_shared->lastConnectionId;
    info.kind = QBiMuxForward::Kind::Local;
    info.link = link();
    const auto resolver = [policy](const QJsonObject &header) {
        QBiMuxTunnelConnection::Target target;
        if (!QBiMuxTunnelProtocol::splitHostPort(header.value(QStringLiteral("target")).toString(),
                                                 &target.host, &target.port)) {
            target.refusal = QBiMuxStatus(QBiMux::StatusCode::InvalidArgument,
                                          QBiMuxTunnelServer::tr("the local forward names no "
                                                                 "HOST:PORT to connect to"));
            return target;
        }
        if (QString reason; !policy.allowsTarget(target.host, target.port, &reason)) {
            target.refusal = QBiMuxStatus(QBiMux::StatusCode::PermissionDenied, reason);
            return target;
        }
        target.filter = [policy](const QHostAddress &address, QString *reason) {
            return policy.allowsAddress(address, reason);
        };
        return target;
    };
    track(QBiMuxTunnelConnection::fromStream(stream, resolver, timeout, info, this));
}

void QBiMuxTunnelSession::track(QBiMuxTunnelConnection *connection)
{
    ++m_shared->connectionCount;
    connection->setOnDestroyed([shared = m_shared] { --shared->connectionCount; });
    connect(connection, &QBiMuxTunnelConnection::opened, this,
            [this](const QBiMuxTunnelConnectionInfo &info) {
                m_shared->notify([info](QBiMuxTunnelServer *q) { emit q->connectionOpened(info); });
            });
    connect(connection, &QBiMuxTunnelConnection::finished, this,
            [this](const QBiMuxTunnelConnectionInfo &info) {
                m_shared->notify(
                    [info](QBiMuxTunnelServer *q) { emit q->connectionFinished(info); });
            });
}
