#include "qbimuxserver.h"
#include "qbimuxserver_p.h"

#include "qbimuxer.h"
#include "qbimuxer_p.h"
#include "qbimuxhandshakegate_p.h"
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
    : q_ptr(q)
    , handlers(std::make_shared<QBiMuxHandlerRegistry>())
{
    acceptor.onDescriptor = [this](qintptr descriptor) {
        dispatch(descriptor);
    };
    QObject::connect(
        &acceptor, &QTcpServer::acceptError, q, [this](QAbstractSocket::SocketError error) {
            qCWarning(lcServer) << q_func() << "accept error" << error << acceptor.errorString();
        });
}

void QBiMuxServerPrivate::startWorkers()
{
    if (!workers.empty())
        return;
    const int threads = workerThreadCount;
    for (int i = 0; i < std::max(threads, 1); ++i) {
        auto worker = std::make_unique<QBiMuxServerWorker>();
        QBiMuxServerWorker *w = worker.get();
        w->context = new QObject;
        // NonSecureMode even for wss://: the gate has done TLS by the time the socket
        // reaches this server.
        w->webSocketServer = new QWebSocketServer(QStringLiteral("BiMuxQt"),
                                                  QWebSocketServer::NonSecureMode, w->context);
        w->webSocketServer->setHandshakeTimeout(
            std::chrono::milliseconds(handshakeTimeoutMs.load()));
        QObject::connect(
            w->webSocketServer, &QWebSocketServer::newConnection, w->context, [this, w] {
                while (QWebSocket *socket = w->webSocketServer->nextPendingConnection())
                    adopt(w, socket);
            });
        if (threads > 0) {
            w->thread = std::make_unique<QThread>();
            w->thread->setObjectName(QStringLiteral("BiMuxQt worker %1").arg(i));
            w->context->moveToThread(w->thread.get());
            w->thread->start();
        }
        workers.push_back(std::move(worker));
    }
}

void QBiMuxServerPrivate::stopWorkers()
{
    for (const auto &worker : workers) {
        QBiMuxServerWorker *w = worker.get();
        // Muxers die in their own thread, before it ends, so that every call ends.
        auto shutdown = [this, w] {
            QList<QBiMuxer *> own;
            {
                QMutexLocker locker(&mutex);
                for (QBiMuxer *muxer : std::as_const(muxers)) {
                    if (muxer->thread() == QThread::currentThread())
                        own.append(muxer);
                }
            }
            for (QBiMuxer *muxer : std::as_const(own)) {
                muxer->close(QWebSocketProtocol::CloseCodeGoingAway,
                             QBiMuxServer::tr("server closed"));
                delete muxer;
            }
            delete w->context;
        };
        if (w->thread) {
            QMetaObject::invokeMethod(w->context, shutdown, Qt::BlockingQueuedConnection);
            w->thread->quit();
            w->thread->wait();
        } else {
            shutdown();
        }
    }
    workers.clear();
}

QBiMuxServerWorker *QBiMuxServerPrivate::leastLoadedWorker()
{
    QBiMuxServerWorker *best = workers.front().get();
    for (const auto &worker : workers) {
        if (worker->connections.load() < best->connections.load())
            best = worker.get();
    }
    return best;
}

void QBiMuxServerPrivate::dispatch(qintptr descriptor)
{
    // Every socket still in its handshake holds a place in the budget, from here on: peers
    // that connect and say nothing hold at most that many descriptors, those waiting in a
    // busy worker's queue included. Decided here, before queueing, so that a flood from
    // one address cannot fill the queue in front of other peers.
    QString refusal;
    std::optional<QBiMuxHandshakeBudget::Slot> taken
        = handshakeBudget->take(QBiMuxHandshakeBudget::peerAddressOf(descriptor), &refusal);
    if (!taken) {
        bool secure = false;
        const std::unique_ptr<QTcpSocket> socket(createSocket(&secure));
        if (socket->setSocketDescriptor(descriptor)) {
            qCDebug(lcServer) << q_func() << "refusing" << socket->peerAddress().toString()
                              << "at once:" << refusal;
            // A TLS client would not understand a plain answer before its handshake.
            QBiMuxHandshakeGate::refuseNow(socket.get(), QBiMuxAdmission::reject(503, refusal),
                                           !secure);
        }
        return;
    }
    // Shared, so that the task stays copyable; dropped with it if it never runs.
    auto slot = std::make_shared<QBiMuxHandshakeBudget::Slot>(std::move(*taken));
    QBiMuxServerWorker *worker = leastLoadedWorker();
    // Counted from now, not from the end of the handshake, so that a burst of dials is
    // spread too; the socket's end, whether as a connection or a failed handshake, uncounts.
    ++worker->connections;
    runInThreadOf(worker->context, [this, worker, descriptor, slot] {
        bool secure = false;
        QTcpSocket *socket = createSocket(&secure);
        if (!socket->setSocketDescriptor(descriptor)) {
            qCWarning(lcServer) << q_func() << "cannot take over an accepted connection:"
                                << socket->errorString();
            delete socket;
            --worker->connections;
            return;
        }
        // The worker's context: a socket that outlives its worker counts nothing.
        QObject::connect(socket, &QObject::destroyed, worker->context,
                         [worker] { --worker->connections; });
        // Answers are small writes that should leave at once. QWebSocket turns Nagle's
        // algorithm off on the sockets it dials, not on the ones it is handed; with it on,
        // an answer written while an earlier one is unacknowledged waits for that ACK,
        // which the peer may delay by up to 40 ms.
        socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        new QBiMuxHandshakeGate(
            socket, secure, std::chrono::milliseconds(handshakeTimeoutMs.load()), std::move(*slot),
            [this](const QBiMuxHandshake &handshake) { return admit(handshake); },
            [this](const QBiMuxAdmission &answer) { return confirm(answer); },
            [worker](QTcpSocket *admitted, const QBiMuxAdmission &admission) {
                // The WebSocket handshake runs in this thread; newConnection() then
                // hands the socket to adopt().
                worker->handshaking.append({admitted, admission.peerIdentity()});
                worker->webSocketServer->handleConnection(admitted);
                // The gate peeked at the request, so its bytes arrived before
                // QWebSocketServer listened for readyRead(): say they are there.
                if (admitted->bytesAvailable() > 0) {
                    QMetaObject::invokeMethod(admitted, &QIODevice::readyRead,
                                              Qt::QueuedConnection);
                }
            },
            worker->context);
    });
}

QTcpSocket *QBiMuxServerPrivate::createSocket(bool *secure)
{
#ifndef QT_NO_SSL
    QMutexLocker locker(&mutex);
    if (sslConfiguration) {
        auto *sslSocket = new QSslSocket;
        sslSocket->setSslConfiguration(*sslConfiguration);
        *secure = true;
        return sslSocket;
    }
#endif
    *secure = false;
    return new QTcpSocket;
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
    QBiMuxerPrivate *muxerPrivate = muxer->d_func();
    muxerPrivate->setTransport(handshake.transport);
    muxerPrivate->serverHandlers = handlers;
    // Before the muxer is published to other threads (muxers, newConnection()); never
    // changed afterwards, so any thread may read it.
    muxerPrivate->peerIdentity = handshake.peerIdentity;
    settings.applyTo(muxer);
    muxer->setId(announcedId(socket));
    qsizetype count;
    QList<QBiMuxObserver *> currentObservers;
    {
        QMutexLocker locker(&mutex);
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
    if (muxers.isEmpty() && shuttingDown && !shutdownReported) {
        shutdownReported = true;
        QMetaObject::invokeMethod(
            q_func(), [q = q_func()] { emit q->shutdownFinished(); }, Qt::QueuedConnection);
    }
}

QBiMuxServer::QBiMuxServer(QObject *parent)
    : QObject(parent)
    , d_ptr(new QBiMuxServerPrivate(this))
{ }

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

int QBiMuxServer::workerThreadCount() const
{
    return d_func()->workerThreadCount;
}

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
    d->forEachConnection(
        [code, reason](QBiMuxerPrivate *muxer) { muxer->q_ptr->close(code, reason); });
}

/*!
    Limits how long a peer may take from connecting to a complete handshake (TLS and
    WebSocket) to \a timeout; one that takes longer is disconnected. Applies to
    connections accepted from now on.
*/
void QBiMuxServer::setHandshakeTimeout(std::chrono::milliseconds timeout)
{
    d_func()->handshakeTimeoutMs = std::max<qint64>(timeout.count(), 1);
}

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

bool QBiMuxServer::isShuttingDown() const
{
    Q_D(const QBiMuxServer);
    QMutexLocker locker(&d->mutex);
    return d->shuttingDown;
}

bool QBiMuxServer::isListening() const
{
    return d_func()->acceptor.isListening();
}

QHostAddress QBiMuxServer::serverAddress() const
{
    return d_func()->acceptor.serverAddress();
}

quint16 QBiMuxServer::serverPort() const
{
    return d_func()->acceptor.serverPort();
}

QString QBiMuxServer::path() const
{
    return d_func()->path;
}

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

QString QBiMuxServer::errorString() const
{
    return d_func()->acceptor.errorString();
}

void QBiMuxServer::setDefaultTimeout(std::chrono::milliseconds timeout)
{
    d_func()->settings.defaultTimeoutMs = timeout.count();
}

std::chrono::milliseconds QBiMuxServer::defaultTimeout() const
{
    return d_func()->settings.defaultTimeout();
}

void QBiMuxServer::setMaxMessageSize(qint64 bytes)
{
    d_func()->settings.maxMessageSize = bytes;
}

void QBiMuxServer::setHeartbeat(std::chrono::milliseconds interval,
                                std::chrono::milliseconds idleTimeout)
{
    Q_D(QBiMuxServer);
    d->settings.heartbeatIntervalMs = interval.count();
    d->settings.idleTimeoutMs = idleTimeout.count();
}

qint64 QBiMuxServer::maxMessageSize() const
{
    return d_func()->settings.maxMessageSize;
}

void QBiMuxServer::setMaxPendingCalls(int calls)
{
    d_func()->settings.maxPendingCalls = std::max(calls, 1);
}

int QBiMuxServer::maxPendingCalls() const
{
    return d_func()->settings.maxPendingCalls;
}

void QBiMuxServer::setMaxConcurrentRequests(int requests)
{
    d_func()->settings.maxConcurrentRequests = std::max(requests, 1);
}

int QBiMuxServer::maxConcurrentRequests() const
{
    return d_func()->settings.maxConcurrentRequests;
}

void QBiMuxServer::setHighWaterMark(qint64 bytes)
{
    d_func()->settings.highWaterMark = std::max<qint64>(bytes, 1);
}

QList<QBiMuxer *> QBiMuxServer::connections() const
{
    Q_D(const QBiMuxServer);
    QMutexLocker locker(&d->mutex);
    return d->muxers;
}

int QBiMuxServer::connectionCount() const
{
    Q_D(const QBiMuxServer);
    QMutexLocker locker(&d->mutex);
    return int(d->muxers.size());
}

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

int QBiMuxServer::broadcast(qint32 route, const QByteArray &data)
{
    return d_func()->forEachConnection(
        [route, data](QBiMuxerPrivate *muxer) { muxer->q_ptr->send(route, data); });
}

void QBiMuxServer::addObserver(QBiMuxObserver *observer)
{
    Q_D(QBiMuxServer);
    {
        QMutexLocker locker(&d->mutex);
        if (!observer || d->observers.contains(observer))
            return;
        d->observers.append(observer);
    }
    d->forEachConnection(
        [observer](QBiMuxerPrivate *muxer) { muxer->q_ptr->addObserver(observer); });
}

/*!
    Removes \a observer from every connection. On return no thread calls it any more, so
    it may be destroyed: it waits until each connection's thread has let go of it. Any
    thread may call it, handlers in several worker threads at once included (while one
    waits, it does the removals the others ask of its connections).
*/
void QBiMuxServer::removeObserver(QBiMuxObserver *observer)
{
    Q_D(QBiMuxServer);
    {
        QMutexLocker locker(&d->mutex);
        d->observers.removeAll(observer);
    }
    // Waits for the worker threads, so that the observer may be destroyed on return.
    d->forEachConnectionAndWait(
        [observer](QBiMuxerPrivate *muxer) { muxer->q_ptr->removeObserver(observer); });
}

void QBiMuxServer::removeRequestHandler(qint32 route)
{
    d_func()->handlers->removeRequestHandler(route);
}

void QBiMuxServer::removeMessageHandler(qint32 route)
{
    d_func()->handlers->removeMessageHandler(route);
}

void QBiMuxServer::setRequestHandlerImpl(qint32 route, const QObject *context,
                                         QBiMuxDetail::RequestHandler handler)
{
    d_func()->handlers->setRequestHandler(route, context, std::move(handler));
}

void QBiMuxServer::setMessageHandlerImpl(qint32 route, const QObject *context,
                                         QBiMuxDetail::MessageHandler handler)
{
    d_func()->handlers->setMessageHandler(route, context, std::move(handler));
}
