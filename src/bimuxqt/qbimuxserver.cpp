#include "qbimuxserver.h"
#include "qbimuxserver_p.h"

#include "qbimuxer.h"
#include "qbimuxer_p.h"
#include "qbimuxlogging_p.h"

#include <QtCore/qurlquery.h>
#include <QtWebSockets/qwebsocket.h>

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
*/

QBiMuxServerPrivate::QBiMuxServerPrivate(QBiMuxServer *q)
    : q_ptr(q)
    , webSocketServer(QStringLiteral("BiMuxQt"), QWebSocketServer::NonSecureMode)
    , handlers(std::make_shared<QBiMuxHandlerRegistry>())
{
    QObject::connect(&webSocketServer, &QWebSocketServer::newConnection, q,
                     [this] { onPendingConnection(); });
    QObject::connect(&webSocketServer, &QWebSocketServer::acceptError, q,
                     [this](QAbstractSocket::SocketError error) {
                         qCWarning(lcServer) << q_func() << "accept error" << error
                                             << webSocketServer.errorString();
                     });
}

void QBiMuxServerPrivate::onPendingConnection()
{
    while (QWebSocket *socket = webSocketServer.nextPendingConnection())
        adopt(socket);
}

QString QBiMuxServerPrivate::announcedId(const QWebSocket *socket)
{
    const QByteArray header = socket->request().rawHeader("X-BiMux-Id");
    if (!header.isEmpty())
        return QString::fromUtf8(header);
    return QUrlQuery(socket->requestUrl()).queryItemValue(QStringLiteral("id"), QUrl::FullyDecoded);
}

void QBiMuxServerPrivate::adopt(QWebSocket *socket)
{
    Q_Q(QBiMuxServer);
    const QUrl url = socket->requestUrl();
    if (url.path() != path) {
        qCWarning(lcServer) << q << "rejecting" << socket->peerAddress().toString() << "- path"
                            << url.path() << "is not" << path;
        // Owned by the server until the close handshake is done, so it never leaks.
        socket->setParent(q);
        socket->close(QWebSocketProtocol::CloseCodePolicyViolated,
                      QBiMuxServer::tr("unknown path %1").arg(url.path()));
        QObject::connect(socket, &QWebSocket::disconnected, socket, &QObject::deleteLater);
        return;
    }

    auto *muxer = new QBiMuxer(socket, q);
    QBiMuxerPrivate *muxerPrivate = muxer->d_func();
    muxerPrivate->serverHandlers = handlers;
    muxer->setMaxMessageSize(maxMessageSize);
    muxer->setDefaultTimeout(defaultTimeout);
    muxer->setId(announcedId(socket));
    for (QBiMuxObserver *observer : std::as_const(observers))
        muxer->addObserver(observer);
    muxers.append(muxer);
    qCDebug(lcServer) << q << "accepted" << socket->peerAddress().toString() << "id" << muxer->id()
                      << "-" << muxers.size() << "connection(s)";

    QObject::connect(muxer, &QBiMuxer::disconnected, q,
                     [this, muxer](QWebSocketProtocol::CloseCode code, const QString &reason) {
                         Q_Q(QBiMuxServer);
                         muxers.removeOne(muxer);
                         qCDebug(lcServer)
                             << q << "connection" << muxer->id() << "closed:" << code << reason;
                         emit q->connectionClosed(muxer, code, reason);
                         muxer->deleteLater();
                     });
    emit q->newConnection(muxer);
}

QBiMuxServer::QBiMuxServer(QObject *parent)
    : QObject(parent)
    , d_ptr(new QBiMuxServerPrivate(this))
{ }

QBiMuxServer::~QBiMuxServer()
{
    close();
}

bool QBiMuxServer::listen(const QHostAddress &address, quint16 port, const QString &path)
{
    Q_D(QBiMuxServer);
    d->path = path.startsWith(QLatin1Char('/')) ? path : QLatin1Char('/') + path;
    if (!d->webSocketServer.listen(address, port)) {
        qCWarning(lcServer) << this << "cannot listen on" << address.toString() << port << ":"
                            << d->webSocketServer.errorString();
        return false;
    }
    qCDebug(lcServer) << this << "listening on" << serverUrl().toString();
    return true;
}

void QBiMuxServer::close(QWebSocketProtocol::CloseCode code)
{
    Q_D(QBiMuxServer);
    d->webSocketServer.close();
    // Closing emits disconnected(), which takes the muxer off the list.
    const QList<QBiMuxer *> muxers = d->muxers;
    for (QBiMuxer *muxer : muxers)
        muxer->close(code, tr("server closed"));
}

bool QBiMuxServer::isListening() const
{
    return d_func()->webSocketServer.isListening();
}

QHostAddress QBiMuxServer::serverAddress() const
{
    return d_func()->webSocketServer.serverAddress();
}

quint16 QBiMuxServer::serverPort() const
{
    return d_func()->webSocketServer.serverPort();
}

QString QBiMuxServer::path() const
{
    return d_func()->path;
}

QUrl QBiMuxServer::serverUrl() const
{
    Q_D(const QBiMuxServer);
    QUrl url = d->webSocketServer.serverUrl();
    url.setPath(d->path);
    return url;
}

QString QBiMuxServer::errorString() const
{
    return d_func()->webSocketServer.errorString();
}

void QBiMuxServer::setDefaultTimeout(std::chrono::milliseconds timeout)
{
    d_func()->defaultTimeout = timeout;
}

std::chrono::milliseconds QBiMuxServer::defaultTimeout() const
{
    return d_func()->defaultTimeout;
}

void QBiMuxServer::setMaxMessageSize(qint64 bytes)
{
    d_func()->maxMessageSize = bytes;
}

qint64 QBiMuxServer::maxMessageSize() const
{
    return d_func()->maxMessageSize;
}

QList<QBiMuxer *> QBiMuxServer::connections() const
{
    return d_func()->muxers;
}

int QBiMuxServer::connectionCount() const
{
    return int(d_func()->muxers.size());
}

QBiMuxer *QBiMuxServer::connection(const QString &id) const
{
    Q_D(const QBiMuxServer);
    // Newest first: a device that reconnects before its old link timed out wins.
    for (auto it = d->muxers.crbegin(); it != d->muxers.crend(); ++it) {
        if ((*it)->id() == id)
            return *it;
    }
    return nullptr;
}

int QBiMuxServer::broadcast(qint32 route, const QByteArray &data)
{
    int sent = 0;
    for (QBiMuxer *muxer : std::as_const(d_func()->muxers))
        sent += muxer->send(route, data) ? 1 : 0;
    return sent;
}

void QBiMuxServer::addObserver(QBiMuxObserver *observer)
{
    Q_D(QBiMuxServer);
    if (!observer || d->observers.contains(observer))
        return;
    d->observers.append(observer);
    for (QBiMuxer *muxer : std::as_const(d->muxers))
        muxer->addObserver(observer);
}

void QBiMuxServer::removeObserver(QBiMuxObserver *observer)
{
    Q_D(QBiMuxServer);
    d->observers.removeAll(observer);
    for (QBiMuxer *muxer : std::as_const(d->muxers))
        muxer->removeObserver(observer);
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
