// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "qbimuxserver.h"
#include "qbimuxserver_p.h"

#include "qbimuxer.h"
#include "qbimuxer_p.h"
#include "qbimuxlogging_p.h"

#include <QtCore/qurlquery.h>
#include <QtNetwork/qtcpsocket.h>
#include <QtWebSockets/qwebsocket.h>
#ifndef QT_NO_SSL
#include <QtNetwork/qsslsocket.h>
#endif

/*!
    \class QBiMuxServer
    \brief Accepts many bimux peers, each on its own QBiMuxer.

    The server plays the part of bimux's \c WsServe: it listens for WebSocket
    connections, wraps each in a QBiMuxer (newConnection()), applies the server-wide
    handlers to all of them, and reports each connection that ends (connectionClosed(),
    the close hook the Go server forgets to call).

    What is set on the server as a QBiMuxEndpoint applies to every connection, present
    and future: the settings (setSettings(), applied to each live connection in its own
    thread), the handlers (a connection's own take precedence), observers and
    interceptors (the server's run before a connection's own).

    \section1 Who sent it, and groups

    A server-wide handler learns which connection a request or message came on from
    QBiMuxRequest::muxer() and QBiMuxMessage::muxer(), and what the authenticator
    admitted the peer as from their peerIdentity() (QBiMuxer::peerIdentity()), which is
    safe from any thread. Connections join named groups ("rooms") with joinGroup() and
    leave them with leaveGroup() or when they close; sendToGroup() sends a oneway message
    to a group's members, broadcast() to all. Both return how many connections took the
    message.

    A client announces its id in the WebSocket handshake, either as the HTTP header
    \c{X-BiMux-Id: <id>} (what QBiMuxer::open() sends when an id is set) or, for clients
    that cannot set headers such as browsers, as the query item \c{?id=<id>}. The header
    wins if both are present. The server sets the muxer's id before newConnection(), and
    connection(id) finds it.

    \section1 Admission

    Every connection passes a gate before its WebSocket handshake is answered: the TLS
    handshake when setSslConfiguration() was called, then the HTTP request is read
    (within handshakeTimeout()) and checked, in this order: the path (404 if it is not
    path()), shutdown and the connection limit (503, setMaxConnections()), the origin
    (403, setAllowedOrigins()) and the authenticator (401 or what it answers,
    setAuthenticator()). A rejected peer gets the HTTP error with a one-line reason and a
    closed socket: it never has an open WebSocket, so no frame of it is read and no route
    can be reached.

    Before all that, each accepted connection takes a place among
    maxPendingHandshakes() and maxPendingHandshakesPerAddress(); without one it is
    closed at once. Thus a flood of connections that never finish their handshake holds
    a bounded number of sockets, each for at most handshakeTimeout().
*/

QBiMuxServerPrivate::QBiMuxServerPrivate(QBiMuxServer *q)
    : QBiMuxEndpointPrivate(q)
{ }

void QBiMuxServerPrivate::init()
{
    Q_Q(QBiMuxServer);
    acceptor.onDescriptor = [this](qintptr descriptor) {
        dispatch(descriptor);
    };
    QObject::connect(
        &acceptor, &QTcpServer::acceptError, q, [this](QAbstractSocket::SocketError error) {
            qCWarning(lcServer) << q_func() << "accept error" << error << acceptor.errorString();
        });
}

QString QBiMuxServerPrivate::announcedId(const QWebSocket *socket)
{
    const QByteArray header = socket->request().rawHeader("X-BiMux-Id");
    if (!header.isEmpty())
        return QString::fromUtf8(header);
    return QUrlQuery(socket->requestUrl()).queryItemValue(QStringLiteral("id"), QUrl::FullyDecoded);
}

QBiMuxServerWorker::Handshake QBiMuxServerPrivate::takeHandshake(QBiMuxServerWorker *worker,
                                                                 const QWebSocket *socket)
{
    QBiMuxServerWorker::Handshake found;
    worker->handshaking.removeIf([&found, socket](const QBiMuxServerWorker::Handshake &entry) {
        const QTcpSocket *transport = entry.transport;
        if (!transport)
            return true; // its handshake failed
        if (found.transport || transport->peerPort() != socket->peerPort()
            || transport->peerAddress() != socket->peerAddress()) {
            return false;
        }
        found = entry;
        return true;
    });
    return found;
}

void QBiMuxServerPrivate::adopt(QBiMuxServerWorker *worker, QWebSocket *socket)
{
    Q_Q(QBiMuxServer);
    const QBiMuxServerWorker::Handshake handshake = takeHandshake(worker, socket);
    // In the server's own thread the server owns its muxers; a worker thread's muxers are
    // deleted when they close, or when the server stops its workers.
    auto *muxer = new QBiMuxer(socket, worker->thread ? nullptr : q);
    QBiMuxerPrivate::get(muxer)->adopt(this, handshake.transport, handshake.peerIdentity);
    muxer->setId(announcedId(socket));
    qsizetype count;
    QList<QBiMuxObserver *> currentObservers;
    {
        QMutexLocker locker(&mutex);
        // The settings with the muxer's place in `muxers`: a setSettings() either finds
        // the muxer there or has stored what the muxer gets here.
        muxer->setSettings(settings);
        // Checked where the muxer is added, so that shutdown() either finds it or was not
        // yet under way: a handshake that ends after shutdown() began (its checks passed
        // before) must not live on undrained, after shutdownFinished().
        if (shuttingDown) {
            locker.unlock();
            qCDebug(lcServer) << q << "closing" << socket->peerAddress().toString()
                              << "at once: the server is shutting down";
            muxer->close(QWebSocketProtocol::CloseCodeGoingAway,
                         QBiMuxServer::tr("server shutting down"));
            muxer->deleteLater();
            return;
        }
        muxers.append(muxer);
        groupsOf.insert(muxer, QStringList());
        count = muxers.size();
        currentObservers = observers;
    }
    for (QBiMuxObserver *observer : std::as_const(currentObservers))
        muxer->addObserver(observer);
    qCDebug(lcServer) << q << "accepted" << socket->peerAddress().toString() << "id" << muxer->id()
                      << "-" << count << "connection(s)";

    QObject::connect(muxer, &QBiMuxer::disconnected, muxer,
                     [this, muxer](QWebSocketProtocol::CloseCode code, const QString &reason) {
                         Q_Q(QBiMuxServer);
                         forget(muxer);
                         qCDebug(lcServer)
                             << q << "connection" << muxer->id() << "closed:" << code << reason;
                         emit q->connectionClosed(muxer, code, reason);
                         muxer->deleteLater();
                     });
    emit q->newConnection(muxer);
}

void QBiMuxServerPrivate::forget(QBiMuxer *muxer)
{
    QMutexLocker locker(&mutex);
    muxers.removeOne(muxer);
    for (const QString &group : groupsOf.take(muxer)) {
        QList<QBiMuxer *> &members = groupMembers[group];
        members.removeOne(muxer);
        if (members.isEmpty())
            groupMembers.remove(group);
    }
    if (muxers.isEmpty() && shuttingDown && !shutdownReported) {
        shutdownReported = true;
        QMetaObject::invokeMethod(
            q_func(), [q = q_func()] { emit q->shutdownFinished(); }, Qt::QueuedConnection);
    }
}

/*!
    \fn void QBiMuxServer::newConnection(QBiMuxer *muxer)
    A peer was admitted and its WebSocket is open: \a muxer is its connection, with its
    id and QBiMuxer::peerIdentity() set. Emitted in the connection's thread (a worker's,
    see setWorkerThreadCount()). The server owns the muxer and deletes it (later) once it
    closed; keep a QPointer, or forget it on connectionClosed().
*/

/*!
    \fn void QBiMuxServer::connectionClosed(QBiMuxer *muxer, QWebSocketProtocol::CloseCode code, const QString &reason)
    The connection of \a muxer ended with \a code and \a reason, whoever closed it (bimux's
    close hook). Emitted in the connection's thread; the muxer is then deleted with
    deleteLater(), so a slot connected directly may still use it, a queued one may not.
*/

/*!
    \fn void QBiMuxServer::shutdownFinished()
    The last connection closed after shutdown() (emitted at once, from the event loop, if
    there was none).
*/

/*!
    \typedef QBiMuxServer::Authenticator
    The form every authenticator is stored in:
    <tt>std::function<QFuture<QBiMuxAdmission>(const QBiMuxHandshake &)></tt>.
    setAuthenticator() also takes functors that answer at once.
*/

/*!
    Constructs a server with \a parent, not listening yet. Set handlers, settings,
    admission and worker threads, then listen().
*/
QBiMuxServer::QBiMuxServer(QObject *parent)
    : QBiMuxEndpoint(*new QBiMuxServerPrivate(this), parent)
{
    d_func()->init();
}

/*!
    Destroys the server: stops listening, closes every connection (its calls fail with
    Unavailable) and stops the worker threads, waiting for them.
*/
QBiMuxServer::~QBiMuxServer()
{
    Q_D(QBiMuxServer);
    d->acceptor.close();
    d->stopWorkers();
}

/*!
    Spreads the connections over \a count worker threads, each with its own event loop;
    0 (the default) keeps them all in the server's thread. Set it before listen().

    A connection lives in its worker's thread: its QBiMuxer is created there,
    newConnection() and connectionClosed() are emitted there (queued to receivers in
    other threads, by which time a closed muxer may be gone), and handlers registered
    without a context object run there. A handler with a context object runs in that
    object's thread, which funnels the work of all workers into one thread: register
    server-wide handlers with a null context to have them scale.
*/
void QBiMuxServer::setWorkerThreadCount(int count)
{
    Q_D(QBiMuxServer);
    if (!d->workers.empty()) {
        qCWarning(lcServer) << this << "setWorkerThreadCount() must be called before listen()";
        return;
    }
    d->workerThreadCount = std::max(count, 0);
}

/*!
    Returns the number of worker threads (0 unless set: every connection in the server's
    thread).
*/
int QBiMuxServer::workerThreadCount() const
{
    return d_func()->workerThreadCount;
}

/*!
    Listens on \a address and \a port (0: any free one, see serverPort()) for WebSocket
    connections whose request path is \a path (a leading / is added if missing); others
    are answered HTTP 404. Starts the worker threads. Returns false if the port cannot be
    bound (errorString() says why).
*/
bool QBiMuxServer::listen(const QHostAddress &address, quint16 port, const QString &path)
{
    Q_D(QBiMuxServer);
    d->path = path.startsWith(QLatin1Char('/')) ? path : QLatin1Char('/') + path;
    d->startWorkers();
    // QWebSocketServer listens with a backlog of 50; a fleet that reconnects at once
    // needs more.
    d->acceptor.setListenBacklogSize(1024);
    if (!d->acceptor.listen(address, port)) {
        qCWarning(lcServer) << this << "cannot listen on" << address.toString() << port << ":"
                            << d->acceptor.errorString();
        return false;
    }
    qCDebug(lcServer) << this << "listening on" << serverUrl().toString() << "with"
                      << d->workers.size() << "event loop(s)";
    return true;
}

/*!
    Stops listening and closes every connection with \a code. Connections in the
    server's own thread are closed before this returns; those in worker threads are
    closed in their threads right after.
*/
void QBiMuxServer::close(QWebSocketProtocol::CloseCode code)
{
    Q_D(QBiMuxServer);
    d->acceptor.close();
    const QString reason = tr("server closed");
    d->forEachConnection([code, reason](QBiMuxerPrivate *muxer) { muxer->close(code, reason); });
}

/*!
    Limits how long a peer may take from connecting to a complete handshake (TLS and
    WebSocket, the authenticator's answer included) to \a timeout (10 s unless set); one
    that takes longer is disconnected. Call it before listen(), which hands it to the
    WebSocket handshake proper; a change after listen() only applies to the admission
    (TLS, the HTTP request, the authenticator) of connections accepted from then on.
*/
void QBiMuxServer::setHandshakeTimeout(std::chrono::milliseconds timeout)
{
    d_func()->handshakeTimeoutMs = std::max<qint64>(timeout.count(), 1);
}

/*!
    Returns the limit on a handshake's duration (10 s unless set).
*/
std::chrono::milliseconds QBiMuxServer::handshakeTimeout() const
{
    return std::chrono::milliseconds(d_func()->handshakeTimeoutMs.load());
}

#ifndef QT_NO_SSL
/*!
    Makes the server speak wss://: each connection starts with a TLS handshake using
    \a configuration (its local certificate and private key, and, to ask for client
    certificates, its peer verify mode and CA certificates). Call it before listen().
*/
void QBiMuxServer::setSslConfiguration(const QSslConfiguration &configuration)
{
    Q_D(QBiMuxServer);
    QMutexLocker locker(&d->mutex);
    d->sslConfiguration = configuration;
}
#endif

/*!
    Returns true if setSslConfiguration() was called: the server speaks wss://.
    Thread-safe.
*/
bool QBiMuxServer::isSecure() const
{
#ifndef QT_NO_SSL
    Q_D(const QBiMuxServer);
    QMutexLocker locker(&d->mutex);
    return d->sslConfiguration.has_value();
#else
    return false;
#endif
}

/*!
    Shuts the server down gracefully: it stops accepting connections at once, then shuts
    every connection down with QBiMuxer::shutdown(), so that calls in flight either way
    may finish within \a drainTimeout while no new ones start. Each peer sees
    CloseCodeGoingAway with the reason "server shutting down". shutdownFinished() is
    emitted when the last connection has closed (at once if there is none).
*/
void QBiMuxServer::shutdown(std::chrono::milliseconds drainTimeout)
{
    Q_D(QBiMuxServer);
    d->acceptor.close();
    {
        QMutexLocker locker(&d->mutex);
        if (d->shuttingDown)
            return;
        d->shuttingDown = true;
        if (d->muxers.isEmpty()) {
            d->shutdownReported = true;
            QMetaObject::invokeMethod(
                this, [this] { emit shutdownFinished(); }, Qt::QueuedConnection);
        }
    }
    const QString reason = tr("server shutting down");
    const int connections = d->forEachConnection([drainTimeout, reason](QBiMuxerPrivate *muxer) {
        muxer->startDrain(drainTimeout, reason);
    });
    qCDebug(lcServer) << this << "shutting down" << connections << "connection(s)";
}

/*!
    Returns true once shutdown() was called. Thread-safe.
*/
bool QBiMuxServer::isShuttingDown() const
{
    Q_D(const QBiMuxServer);
    QMutexLocker locker(&d->mutex);
    return d->shuttingDown;
}

/*!
    Returns true between a successful listen() and close() or shutdown().
*/
bool QBiMuxServer::isListening() const
{
    return d_func()->acceptor.isListening();
}

/*!
    Returns the address the server listens on, or a null address if it does not.
*/
QHostAddress QBiMuxServer::serverAddress() const
{
    return d_func()->acceptor.serverAddress();
}

/*!
    Returns the port the server listens on (the one chosen if listen() was given 0), or 0.
*/
quint16 QBiMuxServer::serverPort() const
{
    return d_func()->acceptor.serverPort();
}

/*!
    Returns the request path connections must ask for, e.g. "/mux".
*/
QString QBiMuxServer::path() const
{
    return d_func()->path;
}

/*!
    Returns the URL clients dial, e.g. <tt>ws://127.0.0.1:4242/mux</tt> (wss:// with TLS);
    empty while not listening. Listening on QHostAddress::Any gives a URL with that
    address: dial a real address of the machine instead.
*/
QUrl QBiMuxServer::serverUrl() const
{
    Q_D(const QBiMuxServer);
    if (!d->acceptor.isListening())
        return QUrl();
    QUrl url;
    url.setScheme(isSecure() ? QStringLiteral("wss") : QStringLiteral("ws"));
    url.setHost(d->acceptor.serverAddress().toString());
    url.setPort(d->acceptor.serverPort());
    url.setPath(d->path);
    return url;
}

/*!
    Returns why listen() failed, or the last error accepting a connection.
*/
QString QBiMuxServer::errorString() const
{
    return d_func()->acceptor.errorString();
}

/*!
    Returns the live connections, oldest first. Thread-safe, but each muxer lives in its
    connection's thread and may be deleted there at any moment: use the pointers in that
    thread, or only to compare.
*/
QList<QBiMuxer *> QBiMuxServer::connections() const
{
    Q_D(const QBiMuxServer);
    QMutexLocker locker(&d->mutex);
    return d->muxers;
}

/*!
    Returns how many connections are open. Thread-safe.
*/
int QBiMuxServer::connectionCount() const
{
    Q_D(const QBiMuxServer);
    QMutexLocker locker(&d->mutex);
    return int(d->muxers.size());
}

/*!
    Returns the newest live connection whose id is \a id (a device that reconnected before
    its old link timed out is found by its new one), or nullptr. Thread-safe; the muxer may
    be used only in its own thread, as with connections().
*/
QBiMuxer *QBiMuxServer::connection(const QString &id) const
{
    Q_D(const QBiMuxServer);
    QMutexLocker locker(&d->mutex);
    // Newest first: a device that reconnects before its old link timed out wins.
    for (auto it = d->muxers.crbegin(); it != d->muxers.crend(); ++it) {
        if ((*it)->id() == id)
            return *it;
    }
    return nullptr;
}

void QBiMuxServerPrivate::applySettings(const QBiMuxSettings &applied)
{
    // QBiMuxer::setSettings() is thread-safe, but the muxer may go away meanwhile in its
    // worker: through the link, in the muxer's thread.
    forEachConnection([applied](QBiMuxerPrivate *muxer) { muxer->q_ptr->setSettings(applied); });
}

void QBiMuxServerPrivate::addObserver(QBiMuxObserver *observer)
{
    {
        QMutexLocker locker(&mutex);
        if (observers.contains(observer))
            return;
        observers.append(observer);
    }
    forEachConnection([observer](QBiMuxerPrivate *muxer) { muxer->addObserver(observer); });
}

void QBiMuxServerPrivate::removeObserver(QBiMuxObserver *observer)
{
    {
        QMutexLocker locker(&mutex);
        observers.removeAll(observer);
    }
    // Waits for the worker threads, so that the observer may be destroyed on return; while
    // one waits, it does the removals the others ask of its connections.
    forEachConnectionAndWait(
        [observer](QBiMuxerPrivate *muxer) { muxer->removeObserver(observer); });
}
