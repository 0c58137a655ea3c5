#include "qbimuxclient.h"
#include "qbimuxclient_p.h"

#include "qbimuxer.h"
#include "qbimuxlogging_p.h"
#include "qbimuxobserver.h"
#include "qbimuxtime_p.h"

#include <QtCore/qpointer.h>
#include <QtCore/qthread.h>
#include <QtWebSockets/qwebsocket.h>

#include <algorithm>

using namespace std::chrono_literals;

namespace {
// Room for the frame header around the payload, as QBiMuxer reserves it: a queued call
// that could never be sent fails at once, not on reconnect.
constexpr qint64 FrameOverhead = QBiMuxFrame::MaxOverhead;
} // namespace

/*!
    \class QBiMuxClient
    \brief A QBiMuxer that dials again after every loss, with exponential backoff.

    A QBiMuxer is one connection: once it closes, a new one has to be made. QBiMuxClient
    makes them: open() dials a URL, and whenever the link is lost or a dial fails, the
    client waits and dials again, until close(). The waits grow exponentially from
    initialReconnectDelay() by reconnectMultiplier() up to maxReconnectDelay(), each
    spread by reconnectJitter() so that devices that lost a restarting server do not all
    come back in the same millisecond. A connection that stayed up for
    stableConnectionTime() resets the backoff.

    What survives a reconnect: handlers registered with setRequestHandler() and
    setMessageHandler() (a connection's muxer consults them after its own, which
    currentMuxer() can set), the id announced in every handshake, the observers and the
    settings applied to every muxer (default timeout, heartbeat, maximum message size).

    Credentials go with every dial: open(const QNetworkRequest &) sends its headers,
    setSslConfiguration() sets the TLS settings (a private CA, a client certificate), and
    setRequestFactory() makes each dial's request afresh (a token refreshed between
    dials). A failed dial emits dialFailed() with the reason: the server's HTTP answer,
    TLS errors, or the socket's error. A server that refuses the credentials (HTTP 401 or
    403) is not dialed again unless setRetryOnAuthenticationFailure() says so.

    rpc() and send() may be called from any thread. While connected they go straight to
    the current muxer. While not connected, offlinePolicy() decides: FailFast fails an
    rpc() at once with QBiMux::StatusCode::Unavailable (and send() returns false); Queue
    holds up to maxQueuedCalls() calls and messages (beyond that an rpc() fails with
    QBiMux::StatusCode::ResourceExhausted) and sends them, in order, once connected. A
    queued call's timeout runs while it waits: it fails with
    QBiMux::StatusCode::DeadlineExceeded if no connection comes in time, and takes the
    rest of its timeout along when it is sent. future.cancel() on a queued call removes
    it from the queue.

    Calls in flight when a connection is lost fail with QBiMux::StatusCode::Unavailable,
    as with QBiMuxer; they are not sent again on the next connection. The peer may have
    received one and acted on it before the link broke, and the client cannot know
    whether it did: repeating it could do the work twice (a payment, an actuator
    command). A caller who knows a call is idempotent can repeat it.

    Every future the client returns ends exactly once. The client, its muxers and its
    timers live in the client's thread; call open(), close(), the settings and
    currentMuxer() there.
*/

QBiMuxClientPrivate::QBiMuxClientPrivate(QBiMuxClient *q)
    : q_ptr(q)
    , handlers(std::make_shared<QBiMuxHandlerRegistry>())
{
    // Children, so that they follow the client to another thread.
    reconnectTimer = new QTimer(q);
    reconnectTimer->setSingleShot(true);
    QObject::connect(reconnectTimer, &QTimer::timeout, q, [this] { dial(); });
    queueTimer = new QTimer(q);
    queueTimer->setSingleShot(true);
    QObject::connect(queueTimer, &QTimer::timeout, q, [this] { onQueueTimer(); });
}

void QBiMuxClientPrivate::setState(QBiMuxClient::State newState)
{
    {
        QMutexLocker locker(&mutex);
        if (state == newState)
            return;
        state = newState;
    }
    emit q_func()->stateChanged(newState);
}

QBiMuxClient::QBiMuxClient(QObject *parent)
    : QObject(parent)
    , d_ptr(new QBiMuxClientPrivate(this))
{ }

/*!
    Destroys the client: closes its connection with CloseCodeGoingAway, and ends every
    call (queued or in flight) with QBiMux::StatusCode::Unavailable. No signal is
    emitted.
*/
QBiMuxClient::~QBiMuxClient()
{
    Q_D(QBiMuxClient);
    {
        const QSignalBlocker blocker(this);
        close(QWebSocketProtocol::CloseCodeGoingAway, tr("client destroyed"));
    }
    // Every muxer call ended when the muxer closed; nothing should be left here.
    for (auto &[key, call] : std::exchange(d->forwarded, {})) {
        call.cancelWatcher.reset();
        call.innerWatcher.reset();
        if (!call.inner.isFinished()) {
            call.promise.setException(
                QBiMuxError(QBiMux::StatusCode::Unavailable, tr("client destroyed")));
            call.promise.finish();
        } else {
            QBiMuxClientPrivate::complete(call);
        }
    }
}

/*!
    Dials \a url (ws:// or wss://), and dials it again after every loss or failed dial
    until close(). Does nothing while the client is connecting, connected or backing
    off; after close() it starts afresh, with the backoff reset.
*/
void QBiMuxClient::open(const QUrl &url)
{
    open(QNetworkRequest(url));
}

/*!
    Dials \a request's URL with its headers, e.g. an \c Authorization header for the
    server's authenticator, and again after every loss or failed dial until close(), as
    open(const QUrl &) does. setRequestFactory() makes the request of each dial from this
    one; setSslConfiguration() sets the TLS settings.
*/
void QBiMuxClient::open(const QNetworkRequest &request)
{
    Q_D(QBiMuxClient);
    const State current = state();
    if (current != State::Disconnected && current != State::Closed) {
        qCWarning(lcClient) << this << "open() while" << current << "- close() first";
        return;
    }
    d->request = request;
    d->attempt = 0;
    d->connectedFor.invalidate();
    d->dial();
}

QUrl QBiMuxClient::url() const
{
    return d_func()->request.url();
}

QNetworkRequest QBiMuxClient::request() const
{
    return d_func()->request;
}

/*!
    Sets the function that makes the request of each dial from the one given to open(),
    for credentials that change between dials: an access token that expires is refreshed
    before the client dials again. It takes the QNetworkRequest given to open() and
    returns the one to dial, at once or as a QFuture<QNetworkRequest> (a token fetched
    from an authentication service); the client is Connecting meanwhile. If it throws, or
    its future fails, the dial counts as failed (dialFailed(), then the backoff).
    nullptr removes it. It runs in the client's thread.
*/
void QBiMuxClient::setRequestFactoryImpl(RequestFactory factory)
{
    d_func()->requestFactory = std::move(factory);
}

#ifndef QT_NO_SSL
/*!
    Sets the TLS settings of every wss:// dial from now on, e.g. the CA certificates of a
    private CA (QSslConfiguration::setCaCertificates()) or a client certificate and its
    key (setLocalCertificate(), setPrivateKey()), without changing the process-wide
    QSslConfiguration::defaultConfiguration(). Unless set, dials use that default.
*/
void QBiMuxClient::setSslConfiguration(const QSslConfiguration &configuration)
{
    d_func()->sslConfiguration = configuration;
}

QSslConfiguration QBiMuxClient::sslConfiguration() const
{
    return d_func()->sslConfiguration.value_or(QSslConfiguration::defaultConfiguration());
}
#endif

bool QBiMuxClient::retryOnAuthenticationFailure() const
{
    return d_func()->retryOnAuthenticationFailure;
}

/*!
    Sets whether the client dials again after the server refused its credentials (HTTP
    401 Unauthorized or 403 Forbidden). By default it does not: the same credentials would
    be refused again, and a server sees a client that keeps trying as an attack. It
    emits dialFailed() and closes as close() would, failing the queued calls with
    QBiMux::StatusCode::Unauthenticated (401) or PermissionDenied (403); open() starts
    again, e.g. once the user has logged in anew. Set it with a setRequestFactory() that
    gets fresh credentials for each dial. Any other failed dial is always retried.
*/
void QBiMuxClient::setRetryOnAuthenticationFailure(bool retry)
{
    d_func()->retryOnAuthenticationFailure = retry;
}

QBiMuxClient::State QBiMuxClient::state() const
{
    Q_D(const QBiMuxClient);
    QMutexLocker locker(&d->mutex);
    return d->state;
}

bool QBiMuxClient::isConnected() const
{
    return state() == State::Connected;
}

/*!
    Returns the muxer of the current connection, or of the dial in progress (then not
    yet QBiMuxer::isConnected()), or nullptr while backing off or closed. Handlers set on
    it take precedence over the client's, for this connection only.
*/
QBiMuxer *QBiMuxClient::currentMuxer() const
{
    Q_D(const QBiMuxClient);
    QMutexLocker locker(&d->mutex);
    return d->muxer;
}

QString QBiMuxClient::id() const
{
    Q_D(const QBiMuxClient);
    QMutexLocker locker(&d->mutex);
    return d->id;
}

/*!
    Sets the id announced in the handshake (QBiMuxer::setId()). It takes effect with the
    next dial; the current connection keeps the id it announced.
*/
void QBiMuxClient::setId(const QString &id)
{
    Q_D(QBiMuxClient);
    {
        QMutexLocker locker(&d->mutex);
        if (d->id == id)
            return;
        d->id = id;
    }
    emit idChanged(id);
}

std::chrono::milliseconds QBiMuxClient::initialReconnectDelay() const
{
    return std::chrono::milliseconds(d_func()->initialReconnectDelayMs.load());
}

/*!
    Sets the wait before the first re-dial after a loss (1 s unless set); each further
    failed dial multiplies it by reconnectMultiplier(), up to maxReconnectDelay().
*/
void QBiMuxClient::setInitialReconnectDelay(std::chrono::milliseconds delay)
{
    d_func()->initialReconnectDelayMs = std::max<qint64>(delay.count(), 0);
}

std::chrono::milliseconds QBiMuxClient::maxReconnectDelay() const
{
    return std::chrono::milliseconds(d_func()->maxReconnectDelayMs.load());
}

/*!
    Sets the longest wait between two dials (60 s unless set), jitter included.
*/
void QBiMuxClient::setMaxReconnectDelay(std::chrono::milliseconds delay)
{
    d_func()->maxReconnectDelayMs = std::max<qint64>(delay.count(), 0);
}

double QBiMuxClient::reconnectMultiplier() const
{
    return d_func()->reconnectMultiplier;
}

/*!
    Sets the factor by which the wait grows after each failed dial (1.6 unless set; at
    least 1).
*/
void QBiMuxClient::setReconnectMultiplier(double multiplier)
{
    d_func()->reconnectMultiplier = std::max(multiplier, 1.0);
}

double QBiMuxClient::reconnectJitter() const
{
    return d_func()->reconnectJitter;
}

/*!
    Sets how far each wait is randomly spread, as a \a fraction of it: 0.2 (the default)
    makes a 1 s wait one between 0.8 s and 1.2 s. Clamped to [0, 1].
*/
void QBiMuxClient::setReconnectJitter(double fraction)
{
    d_func()->reconnectJitter = std::clamp(fraction, 0.0, 1.0);
}

std::chrono::milliseconds QBiMuxClient::stableConnectionTime() const
{
    return std::chrono::milliseconds(d_func()->stableConnectionTimeMs.load());
}

/*!
    Sets how long a connection has to stay up for the backoff to start over from
    initialReconnectDelay() once it is lost (10 s unless set). A server that accepts and
    drops at once is thus dialed less and less often.
*/
void QBiMuxClient::setStableConnectionTime(std::chrono::milliseconds time)
{
    d_func()->stableConnectionTimeMs = std::max<qint64>(time.count(), 0);
}

QBiMuxClient::OfflinePolicy QBiMuxClient::offlinePolicy() const
{
    return d_func()->offlinePolicy;
}

/*!
    Sets what rpc() and send() do while the client is not connected (dialing, backing off,
    or not yet opened): queue (the default) or fail at once. Thread-safe.
*/
void QBiMuxClient::setOfflinePolicy(OfflinePolicy policy)
{
    d_func()->offlinePolicy = policy;
}

int QBiMuxClient::maxQueuedCalls() const
{
    return d_func()->maxQueuedCalls;
}

/*!
    Sets how many calls and messages the Queue policy holds at most (1000 unless set).
    Thread-safe.
*/
void QBiMuxClient::setMaxQueuedCalls(int calls)
{
    d_func()->maxQueuedCalls = std::max(calls, 0);
}

/*!
    Returns how many calls and messages wait for a connection. Thread-safe.
*/
int QBiMuxClient::queuedCallCount() const
{
    Q_D(const QBiMuxClient);
    QMutexLocker locker(&d->mutex);
    return int(d->queue.size());
}

std::chrono::milliseconds QBiMuxClient::defaultTimeout() const
{
    return d_func()->settings.defaultTimeout();
}

/*!
    Sets the timeout of rpc() without one (30 s unless set), for the current muxer and
    every later one. A queued oneway message is dropped after it, too.
*/
void QBiMuxClient::setDefaultTimeout(std::chrono::milliseconds timeout)
{
    Q_D(QBiMuxClient);
    d->settings.defaultTimeoutMs = timeout.count();
    if (QBiMuxer *current = currentMuxer())
        current->setDefaultTimeout(timeout);
}

/*!
    QBiMuxer::setHeartbeat() for the current muxer and every later one.
*/
void QBiMuxClient::setHeartbeat(std::chrono::milliseconds interval,
                                std::chrono::milliseconds idleTimeout)
{
    Q_D(QBiMuxClient);
    d->settings.heartbeatIntervalMs = interval.count();
    d->settings.idleTimeoutMs = idleTimeout.count();
    if (QBiMuxer *current = currentMuxer())
        current->setHeartbeat(interval, idleTimeout);
}

std::chrono::milliseconds QBiMuxClient::heartbeatInterval() const
{
    return d_func()->settings.heartbeatInterval();
}

std::chrono::milliseconds QBiMuxClient::idleTimeout() const
{
    return d_func()->settings.idleTimeout();
}

qint64 QBiMuxClient::maxMessageSize() const
{
    return d_func()->settings.maxMessageSize;
}

/*!
    QBiMuxer::setMaxMessageSize() for the current muxer and every later one.
*/
void QBiMuxClient::setMaxMessageSize(qint64 bytes)
{
    Q_D(QBiMuxClient);
    d->settings.maxMessageSize = std::max<qint64>(bytes, FrameOverhead + 1);
    if (QBiMuxer *current = currentMuxer())
        current->setMaxMessageSize(d->settings.maxMessageSize);
}

int QBiMuxClient::maxPendingCalls() const
{
    return d_func()->settings.maxPendingCalls;
}

/*!
    QBiMuxer::setMaxPendingCalls() for the current muxer and every later one. Calls
    waiting in the offline queue are limited by maxQueuedCalls() instead.
*/
void QBiMuxClient::setMaxPendingCalls(int calls)
{
    Q_D(QBiMuxClient);
    d->settings.maxPendingCalls = std::max(calls, 1);
    if (QBiMuxer *current = currentMuxer())
        current->setMaxPendingCalls(calls);
}

int QBiMuxClient::maxConcurrentRequests() const
{
    return d_func()->settings.maxConcurrentRequests;
}

/*!
    QBiMuxer::setMaxConcurrentRequests() for the current muxer and every later one.
*/
void QBiMuxClient::setMaxConcurrentRequests(int requests)
{
    Q_D(QBiMuxClient);
    d->settings.maxConcurrentRequests = std::max(requests, 1);
    if (QBiMuxer *current = currentMuxer())
        current->setMaxConcurrentRequests(requests);
}

qint64 QBiMuxClient::highWaterMark() const
{
    return d_func()->settings.highWaterMark;
}

/*!
    QBiMuxer::setHighWaterMark() for the current muxer and every later one.
*/
void QBiMuxClient::setHighWaterMark(qint64 bytes)
{
    Q_D(QBiMuxClient);
    d->settings.highWaterMark = std::max<qint64>(bytes, 1);
    if (QBiMuxer *current = currentMuxer())
        current->setHighWaterMark(bytes);
}

/*!
    Sends a oneway message on \a route. Connected, it is QBiMuxer::send(). Otherwise,
    under the Queue policy the message waits for a connection for up to defaultTimeout()
    and counts against maxQueuedCalls(); under FailFast, or with the queue full or the
    client closed, it is not sent and false is returned. Thread-safe.
*/
bool QBiMuxClient::send(qint32 route, const QByteArray &data)
{
    Q_D(QBiMuxClient);
    QMutexLocker locker(&d->mutex);
    if (d->state == State::Connected && d->muxer && d->muxer->isConnected()) {
        QBiMuxer *current = d->muxer;
        if (QThread::currentThread() == thread()) {
            // Only this thread deletes muxers. Unlocked, since in the muxer's thread the
            // write happens now, and observers or a failing socket may call back in.
            locker.unlock();
            return current->send(route, data);
        }
        // From another thread the muxer only posts the message, and cannot be deleted
        // while the lock is held.
        return current->send(route, data);
    }
    if (d->state == State::Closed || d->offlinePolicy == OfflinePolicy::FailFast)
        return false;
    if (data.size() > d->settings.maxMessageSize - FrameOverhead
        || int(d->queue.size()) >= d->maxQueuedCalls) {
        qCWarning(lcClient) << this << "oneway message to route" << route
                            << "not queued: too large, or the queue is full";
        return false;
    }
    QBiMuxClientPrivate::QueuedCall message;
    message.route = route;
    message.data = data;
    message.oneway = true;
    message.timeout = defaultTimeout();
    message.deadline = QBiMuxTime::deadlineAfter(message.timeout);
    d->queue.emplace(++d->lastKey, std::move(message));
    locker.unlock();
    d->requestAdoption();
    return true;
}

QFuture<QByteArray> QBiMuxClient::rpc(qint32 route, const QByteArray &data)
{
    return rpc(route, data, defaultTimeout());
}

/*!
    Calls \a route on the peer. Connected, it is QBiMuxer::rpc(). Otherwise the call
    follows offlinePolicy(): it fails at once with QBiMux::StatusCode::Unavailable
    (FailFast), or waits for a connection while its \a timeout runs (Queue), failing at
    once with QBiMux::StatusCode::ResourceExhausted if maxQueuedCalls() wait already.
    After close() every call fails at once with Unavailable. Thread-safe.

    A call that was sent is not sent again if the connection is lost before the answer:
    it fails with Unavailable, since the peer may already have acted on it.
*/
QFuture<QByteArray> QBiMuxClient::rpc(qint32 route, const QByteArray &data,
                                      std::chrono::milliseconds timeout)
{
    Q_D(QBiMuxClient);
    QMutexLocker locker(&d->mutex);
    if (d->state == State::Connected && d->muxer && d->muxer->isConnected()) {
        QBiMuxer *current = d->muxer;
        if (QThread::currentThread() == thread()) {
            // Only this thread deletes muxers. Unlocked, since in the muxer's thread the
            // call may end at once and run continuations that call back in.
            locker.unlock();
            return current->rpc(route, data, timeout);
        }
        // From another thread the muxer only posts the call, and cannot be deleted while
        // the lock is held.
        return current->rpc(route, data, timeout);
    }
    if (d->state == State::Closed) {
        locker.unlock();
        return QBiMuxClientPrivate::failedFuture(
            QBiMuxError(QBiMux::StatusCode::Unavailable, tr("the client is closed")));
    }
    if (d->offlinePolicy == OfflinePolicy::FailFast) {
        locker.unlock();
        return QBiMuxClientPrivate::failedFuture(
            QBiMuxError(QBiMux::StatusCode::Unavailable, tr("not connected")));
    }
    if (data.size() > d->settings.maxMessageSize - FrameOverhead) {
        locker.unlock();
        return QBiMuxClientPrivate::failedFuture(
            QBiMuxError(QBiMux::StatusCode::ResourceExhausted,
                        tr("request of %1 bytes is larger than the maximum message size (%2)")
                            .arg(data.size())
                            .arg(d->settings.maxMessageSize.load())));
    }
    if (int(d->queue.size()) >= d->maxQueuedCalls) {
        const int limit = d->maxQueuedCalls;
        locker.unlock();
        return QBiMuxClientPrivate::failedFuture(
            QBiMuxError(QBiMux::StatusCode::ResourceExhausted,
                        tr("%n call(s) wait for a connection already, the most this client "
                           "queues",
                           nullptr, limit)));
    }
    return d->enqueue(locker, route, data, timeout);
}

void QBiMuxClient::removeRequestHandler(qint32 route)
{
    d_func()->handlers->removeRequestHandler(route);
}

void QBiMuxClient::removeMessageHandler(qint32 route)
{
    d_func()->handlers->removeMessageHandler(route);
}

void QBiMuxClient::setRequestHandlerImpl(qint32 route, const QObject *context,
                                         QBiMuxDetail::RequestHandler handler)
{
    d_func()->handlers->setRequestHandler(route, context, std::move(handler));
}

void QBiMuxClient::setMessageHandlerImpl(qint32 route, const QObject *context,
                                         QBiMuxDetail::MessageHandler handler)
{
    d_func()->handlers->setMessageHandler(route, context, std::move(handler));
}

/*!
    Adds \a observer to the current muxer and to every later one (QBiMuxer::addObserver()).
    The observer sees each connection open and close. Not owned.
*/
void QBiMuxClient::addObserver(QBiMuxObserver *observer)
{
    Q_D(QBiMuxClient);
    if (!observer || d->observers.contains(observer))
        return;
    d->observers.append(observer);
    if (QBiMuxer *current = currentMuxer())
        current->addObserver(observer);
}

void QBiMuxClient::removeObserver(QBiMuxObserver *observer)
{
    Q_D(QBiMuxClient);
    d->observers.removeAll(observer);
    if (QBiMuxer *current = currentMuxer())
        current->removeObserver(observer);
}

/*!
    Stops dialing and closes the current connection, if any, with \a code and \a reason:
    its calls in flight fail with QBiMux::StatusCode::Unavailable, as do the calls still
    queued, before this returns. disconnected() is emitted if a connection was up, then
    stateChanged(Closed). open() starts the client again.
*/
void QBiMuxClient::close(QWebSocketProtocol::CloseCode code, const QString &reason)
{
    d_func()->closeWith(code, reason,
                        QBiMuxError(QBiMux::StatusCode::Unavailable, tr("the client was closed")));
}

void QBiMuxClientPrivate::closeWith(QWebSocketProtocol::CloseCode code, const QString &reason,
                                    const QBiMuxError &callError)
{
    Q_Q(QBiMuxClient);
    std::map<quint64, QBiMuxClientPrivate::QueuedCall> calls;
    QBiMuxer *current;
    {
        QMutexLocker locker(&mutex);
        if (state == QBiMuxClient::State::Closed)
            return;
        // Closed first, so that the muxer's disconnected() does not schedule a dial.
        state = QBiMuxClient::State::Closed;
        calls = std::exchange(queue, {});
        current = muxer;
    }
    reconnectTimer->stop();
    queueTimer->stop();
    // A request still being made is not dialed.
    delete std::exchange(requestWatcher, nullptr);
    qCDebug(lcClient) << q << "closing -" << calls.size() << "queued call(s) fail";
    if (current) {
        // A dial still in progress has nobody to send a close frame to.
        if (!current->isConnected())
            current->socket()->abort();
        current->close(code, reason);
    }
    // The callers' continuations may delete the client.
    const QPointer<QBiMuxClient> alive(q);
    for (auto &[key, call] : calls) {
        if (!call.oneway)
            QBiMuxClientPrivate::fail(call, callError);
    }
    if (alive)
        emit q->stateChanged(QBiMuxClient::State::Closed);
}
