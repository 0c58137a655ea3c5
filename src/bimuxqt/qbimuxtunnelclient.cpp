// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "qbimuxtunnelclient.h"
#include "qbimuxtunnelclient_p.h"

#include "qbimuxacceptor_p.h"
#include "qbimuxchannel.h"
#include "qbimuxlogging_p.h"
#include "qbimuxtcp_p.h"
#include "qbimuxtunnel_p.h"
#include "qbimuxtunnelconnection_p.h"

#include <QtCore/qjsondocument.h>
#include <QtCore/qtimer.h>
#include <QtCore/quuid.h>

/*!
    \class QBiMuxTunnelClient
    \brief The connect side of tunnels: ssh-style port forwards over a QBiMuxClient.

    Each forward (QBiMuxForward) carries TCP connections over the client's one link, each
    connection in a stream of its own. A \e local forward listens here and has the serve
    side (QBiMuxTunnelServer) connect to its target; a \e remote forward has the serve
    side listen and connects here to its target, e.g. the device's own SSH port when the
    device is behind NAT and the serve side is in the cloud. Local forwards listen for as
    long as they exist; a connection made while the link is down is closed at once, with
    the reason in connectionFinished(). Remote forwards are bound again on every
    connection the client makes. See docs/tunnel.md.

    It works on any QBiMuxChannel: a QBiMuxClient, which keeps the link up, or a single
    QBiMuxer. It lives in the channel's thread, and its signals come from the event loop.
*/

/*!
    \fn void QBiMuxTunnelClient::forwardReady(const QBiMuxForward &forward, quint16 port)
    The local \a forward listens, or the serve side bound the remote \a forward (again
    after every reconnect), on \a port: the port the system chose if the forward asked
    for 0.
*/

/*!
    \fn void QBiMuxTunnelClient::forwardFailed(const QBiMuxForward &forward, const QBiMuxStatus &status)
    The serve side refused the remote \a forward, and \a status says why (origin Remote),
    or the bind call failed here (no answer within connectTimeout(), the link lost). A
    refusal that may pass (the port is taken, perhaps by a stale connection of this
    client; a timeout) is tried again while connected, after 1 s, doubling up to 30 s;
    PermissionDenied, InvalidArgument, Unauthenticated and Unimplemented are final until
    the next connection.
*/

/*!
    \fn void QBiMuxTunnelClient::connectionOpened(const QBiMuxTunnelConnectionInfo &info)
    A forwarded connection opened, of either kind: for a local forward at once, before
    the serve side dialed its target; for a remote forward once this side's target
    accepted it. connectionFinished() follows for the same \a info id.
*/

/*!
    \fn void QBiMuxTunnelClient::connectionFinished(const QBiMuxTunnelConnectionInfo &info)
    A forwarded connection ended, cleanly or not (\a info's status), with its bytes each
    way and its duration. Emitted once per connection, after connectionOpened().
*/

QBiMuxTunnelClientPrivate::QBiMuxTunnelClientPrivate(QBiMuxTunnelClient *q)
    : q_ptr(q)
    , session(QUuid::createUuid().toString(QUuid::WithoutBraces))
    , connectTimeout(QBiMuxTunnelProtocol::DefaultConnectTimeout)
{ }

/*!
    Constructs the connect side of tunnels over \a channel, with \a parent: usually a
    QBiMuxClient, whose connections the forwards follow (remote forwards are bound again
    on each); a QBiMuxer serves for one connection. \a channel must outlive this object;
    the application opens and closes it. Registers the stream handler of the remote
    forwards' route on \a channel.
*/
QBiMuxTunnelClient::QBiMuxTunnelClient(QBiMuxChannel *channel, QObject *parent)
    : QObject(parent)
    , d_ptr(new QBiMuxTunnelClientPrivate(this))
{
    Q_D(QBiMuxTunnelClient);
    qRegisterMetaType<QBiMuxTunnelConnectionInfo>();
    qRegisterMetaType<QBiMuxForward>();
    d->channel = channel;
    channel->setStreamHandler(QBiMuxTunnelProtocol::RemoteStreamRoute, this,
                              [d](QBiMuxStream *stream) { d->acceptStream(stream); });
    connect(channel, &QBiMuxChannel::connected, this, [d] { d->onConnected(); });
    connect(channel, &QBiMuxChannel::disconnected, this, [d] { d->onDisconnected(); });
    if (channel->isConnected())
        d->onConnected();
}

/*!
    Stops every forward: the listeners close and the connections under way are reset.
*/
QBiMuxTunnelClient::~QBiMuxTunnelClient()
{
    Q_D(QBiMuxTunnelClient);
    if (d->channel)
        d->channel->removeStreamHandler(QBiMuxTunnelProtocol::RemoteStreamRoute);
    // Now, while the private part they report to is still there.
    qDeleteAll(findChildren<QBiMuxTunnelConnection *>(QString(), Qt::FindDirectChildrenOnly));
    qDeleteAll(findChildren<QBiMuxAcceptor *>(QString(), Qt::FindDirectChildrenOnly));
}

/*!
    Adds \a forward. A local one listens at once and keeps listening whether the link is
    up or not; false, with errorString(), if it cannot listen. A remote one is bound by
    the serve side now if the client is connected, and again on every connection;
    forwardReady() or forwardFailed() say how that went. Returns false for an invalid
    forward or one added already.
*/
bool QBiMuxTunnelClient::addForward(const QBiMuxForward &forward)
{
    Q_D(QBiMuxTunnelClient);
    if (!forward.isValid() || d->idOf(forward) != 0) {
        d->errorString = forward.isValid() ? tr("%1 is forwarded already").arg(forward.toString())
                                           : tr("not a forward: %1").arg(forward.toString());
        return false;
    }
    const quint32 id = ++d->lastId;
    QBiMuxTunnelClientPrivate::Forward entry;
    entry.forward = forward;
    if (forward.kind() == QBiMuxForward::Kind::Local) {
        QHostAddress address;
        QBiMuxTunnelProtocol::toListenAddress(forward.bindAddress(), &address); // isValid()
        QBiMuxStatus failure;
        QBiMuxAcceptor *listener
            = QBiMuxTunnelProtocol::listen(address, forward.bindPort(), this, &failure);
        if (!listener) {
            d->errorString = failure.message();
            return false;
        }
        listener->onDescriptor = [d, id](qintptr descriptor) {
            d->onAccepted(id, descriptor);
        };
        entry.listener = listener;
        entry.port = listener->serverPort();
        d->forwards.insert(id, entry);
        qCDebug(lcTunnel) << "local forward" << forward.toString() << "listening on port"
                          << entry.port;
        // From the event loop, as a remote forward's: the caller may connect first.
        QMetaObject::invokeMethod(
            this, [this, forward, port = entry.port] { emit forwardReady(forward, port); },
            Qt::QueuedConnection);
        return true;
    }
    d->forwards.insert(id, entry);
    d->bind(id);
    return true;
}

/*!
    Removes \a forward: a local one stops listening, a remote one is unbound on the serve
    side. Connections under way through it go on.
*/
void QBiMuxTunnelClient::removeForward(const QBiMuxForward &forward)
{
    Q_D(QBiMuxTunnelClient);
    const quint32 id = d->idOf(forward);
    if (id == 0)
        return;
    const QBiMuxTunnelClientPrivate::Forward entry = d->forwards.take(id);
    delete entry.listener;
    delete entry.retry;
    if (forward.kind() == QBiMuxForward::Kind::Remote && d->connected && d->channel) {
        // Nothing to do with the answer: the forward is gone here either way.
        d->channel->rpc(QBiMuxTunnelProtocol::UnbindRoute,
                        QJsonDocument(QJsonObject {{QStringLiteral("id"), qint64(id)}})
                            .toJson(QJsonDocument::Compact),
                        d->callOptions());
    }
}

/*!
    Returns the forwards, in the order they were added.
*/
QList<QBiMuxForward> QBiMuxTunnelClient::forwards() const
{
    QList<QBiMuxForward> list;
    for (const auto &entry : d_func()->forwards)
        list.append(entry.forward);
    return list;
}

/*!
    Returns the port \a forward listens on: this side's for a local forward, the serve
    side's for a remote one while it is bound; 0 otherwise. Useful with port 0.
*/
quint16 QBiMuxTunnelClient::boundPort(const QBiMuxForward &forward) const
{
    Q_D(const QBiMuxTunnelClient);
    return d->forwards.value(d->idOf(forward)).port;
}

/*!
    Returns why the last addForward() that failed did.
*/
QString QBiMuxTunnelClient::errorString() const
{
    return d_func()->errorString;
}

/*!
    Sets how long a remote forward's target may take to accept a connection, and a bind
    call to be answered, to \a timeout (at least 1 ms); 10 s unless set.
*/
void QBiMuxTunnelClient::setConnectTimeout(std::chrono::milliseconds timeout)
{
    d_func()->connectTimeout = std::max(timeout, std::chrono::milliseconds(1));
}

/*!
    Returns how long a target may take to accept a connection; see setConnectTimeout().
*/
std::chrono::milliseconds QBiMuxTunnelClient::connectTimeout() const
{
    return d_func()->connectTimeout;
}

/*!
    Returns how many forwarded connections are open now, of both kinds.
*/
int QBiMuxTunnelClient::connectionCount() const
{
    return d_func()->connectionCount;
}

quint32 QBiMuxTunnelClientPrivate::idOf(const QBiMuxForward &forward) const
{
    for (auto it = forwards.cbegin(); it != forwards.cend(); ++it) {
        if (it->forward == forward)
            return it.key();
    }
    return 0;
}

QBiMuxCallOptions QBiMuxTunnelClientPrivate::callOptions() const
{
    // Not queued while offline: a remote forward is bound again on every connection, and
    // one removed while offline is gone with the serve side's session of that connection.
    return QBiMuxCallOptions()
        .setTimeout(connectTimeout)
        .setOfflinePolicy(QBiMux::OfflinePolicy::FailFast);
}

QString QBiMuxTunnelClientPrivate::linkId() const
{
    return channel ? channel->id() : QString();
}

void QBiMuxTunnelClientPrivate::onConnected()
{
    connected = true;
    ++link;
    for (auto it = forwards.begin(); it != forwards.end(); ++it) {
        if (it->forward.kind() == QBiMuxForward::Kind::Remote) {
            it->retryDelay = FirstRetryDelay;
            bind(it.key());
        }
    }
}

void QBiMuxTunnelClientPrivate::onDisconnected()
{
    connected = false;
    ++link;
    for (auto it = forwards.begin(); it != forwards.end(); ++it) {
        if (it->forward.kind() != QBiMuxForward::Kind::Remote)
            continue;
        it->port = 0;
        it->binding = false;
        if (it->retry)
            it->retry->stop();
    }
}

void QBiMuxTunnelClientPrivate::bind(quint32 id)
{
    Q_Q(QBiMuxTunnelClient);
    const auto it = forwards.find(id);
    if (it == forwards.end() || !connected || !channel || it->binding)
        return;
    it->binding = true;
    const QBiMuxForward &forward = it->forward;
    const QJsonObject args {
        {QStringLiteral("id"), qint64(id)},
        {QStringLiteral("session"), session},
        {QStringLiteral("bind"), forward.bindAddress()},
        {QStringLiteral("port"), forward.bindPort()},
        {QStringLiteral("target"), QBiMuxTcp::joinHostPort(forward.host(), forward.hostPort())},
    };
    const quint64 current = link;
    channel
        ->rpc(QBiMuxTunnelProtocol::BindRoute, QJsonDocument(args).toJson(QJsonDocument::Compact),
              callOptions())
        .then(q, [this, id, current](const QByteArray &reply) { onBound(id, current, reply); })
        .onFailed(q, [this, id, current](const QBiMuxError &error) {
            onBindFailed(id, current, error.status());
        });
}

void QBiMuxTunnelClientPrivate::onBound(quint32 id, quint64 boundOn, const QByteArray &reply)
{
    Q_Q(QBiMuxTunnelClient);
    const auto it = forwards.find(id);
    if (it == forwards.end() || boundOn != link)
        return; // removed, or bound on a connection that is gone
    it->binding = false;
    it->retryDelay = FirstRetryDelay;
    it->port = quint16(
        QBiMuxTunnelProtocol::decodeHeader(reply).value(QStringLiteral("port")).toInteger());
    qCDebug(lcTunnel) << "remote forward" << it->forward.toString()
                      << "bound on the serve side's port" << it->port;
    // Copies: a slot may remove the forward.
    const QBiMuxForward forward = it->forward;
    const quint16 port = it->port;
    emit q->forwardReady(forward, port);
}

void QBiMuxTunnelClientPrivate::onBindFailed(quint32 id, quint64 boundOn,
                                             const QBiMuxStatus &status)
{
    Q_Q(QBiMuxTunnelClient);
    const auto it = forwards.find(id);
    if (it == forwards.end() || boundOn != link)
        return;
    it->binding = false;
    qCDebug(lcTunnel) << "remote forward" << it->forward.toString() << "refused:" << status;
    using Code = QBiMux::StatusCode;
    const Code code = status.code();
    const bool final = code == Code::PermissionDenied || code == Code::InvalidArgument
        || code == Code::Unimplemented || code == Code::Unauthenticated;
    if (!final) {
        if (!it->retry) {
            it->retry = new QTimer(q);
            it->retry->setSingleShot(true);
            QObject::connect(it->retry, &QTimer::timeout, q, [this, id] { bind(id); });
        }
        it->retry->start(it->retryDelay);
        it->retryDelay = std::min(it->retryDelay * 2, MaxRetryDelay);
    }
    const QBiMuxForward forward = it->forward;
    emit q->forwardFailed(forward, status);
}

void QBiMuxTunnelClientPrivate::onAccepted(quint32 id, qintptr descriptor)
{
    Q_Q(QBiMuxTunnelClient);
    QBiMuxTcp::prepare(descriptor);
    const Forward entry = forwards.value(id);
    QBiMuxStream *stream
        = channel ? channel->openStream(QBiMuxTunnelProtocol::LocalStreamRoute) : nullptr;
    if (!entry.listener || !stream) {
        QBiMuxTcp::close(descriptor, true);
        return;
    }
    QBiMuxTunnelConnectionInfo info;
    info.id = ++lastConnectionId;
    info.kind = QBiMuxForward::Kind::Local;
    info.link = linkId();
    info.origin = QBiMuxTcp::peerName(descriptor);
    info.target = QBiMuxTcp::joinHostPort(entry.forward.host(), entry.forward.hostPort());
    const QJsonObject header {{QStringLiteral("target"), info.target},
                              {QStringLiteral("from"), info.origin}};
    track(QBiMuxTunnelConnection::fromListener(descriptor, stream, header, info, q));
}

void QBiMuxTunnelClientPrivate::acceptStream(QBiMuxStream *stream)
{
    Q_Q(QBiMuxTunnelClient);
    QBiMuxTunnelConnectionInfo info;
    info.id = ++lastConnectionId;
    info.kind = QBiMuxForward::Kind::Remote;
    info.link = linkId();
    const auto resolver = [this](const QJsonObject &header) {
        QBiMuxTunnelConnection::Target target;
        const auto id = quint32(header.value(QStringLiteral("bind")).toInteger());
        const auto it = forwards.constFind(id);
        if (it == forwards.cend() || it->forward.kind() != QBiMuxForward::Kind::Remote) {
            target.refusal = QBiMuxStatus(
                QBiMux::StatusCode::NotFound,
                QBiMuxTunnelClient::tr("no remote forward %1 on the connect side").arg(id));
            return target;
        }
        target.host = it->forward.host();
        target.port = it->forward.hostPort();
        return target;
    };
    track(QBiMuxTunnelConnection::fromStream(stream, resolver, connectTimeout, info, q));
}

void QBiMuxTunnelClientPrivate::track(QBiMuxTunnelConnection *connection)
{
    Q_Q(QBiMuxTunnelClient);
    ++connectionCount;
    connection->setOnDestroyed([this] { --connectionCount; });
    QObject::connect(connection, &QBiMuxTunnelConnection::opened, q,
                     &QBiMuxTunnelClient::connectionOpened);
    QObject::connect(connection, &QBiMuxTunnelConnection::finished, q,
                     &QBiMuxTunnelClient::connectionFinished);
}
