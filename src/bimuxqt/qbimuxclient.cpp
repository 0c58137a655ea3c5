#include "qbimuxclient.h"
#include "qbimuxclient_p.h"

#include "qbimuxer.h"
#include "qbimuxer_p.h"
#include "qbimuxlogging_p.h"
#include "qbimuxobserver.h"

#include <QtCore/qmetaobject.h>
#include <QtCore/qpointer.h>
#include <QtCore/qrandom.h>
#include <QtCore/qthread.h>
#include <QtWebSockets/qwebsocket.h>

#include <algorithm>
#include <cmath>

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

void QBiMuxClientPrivate::dial()
{
    Q_Q(QBiMuxClient);
    auto *newMuxer = new QBiMuxer(q);
    // The client's handlers, shared by all its muxers as a server's are by its connections.
    newMuxer->d_func()->serverHandlers = handlers;
    settings.applyTo(newMuxer);
    newMuxer->setId(q->id());
    for (QBiMuxObserver *observer : std::as_const(observers))
        newMuxer->addObserver(observer);

    QObject::connect(newMuxer, &QBiMuxer::connected, q,
                     [this, newMuxer] { onMuxerConnected(newMuxer); });
    QObject::connect(newMuxer, &QBiMuxer::disconnected, q,
                     [this, newMuxer](QWebSocketProtocol::CloseCode code, const QString &reason) {
                         onMuxerDisconnected(newMuxer, code, reason);
                     });
    QObject::connect(newMuxer, &QBiMuxer::requestReceived, q,
                     [this](const QBiMuxRequest &request) { onRequest(request); });
    QObject::connect(newMuxer, &QBiMuxer::messageReceived, q,
                     [this](qint32 route, const QByteArray &data) { onMessage(route, data); });

    muxerWasOpen = false;
    {
        QMutexLocker locker(&mutex);
        muxer = newMuxer;
    }
    qCDebug(lcClient) << q << "dialing" << request.url().toDisplayString() << "attempt" << attempt;
    setState(QBiMuxClient::State::Connecting);
    // A stateChanged() slot may have closed the client.
    if (muxer != newMuxer)
        return;
#ifndef QT_NO_SSL
    if (request.url().scheme() == QLatin1String("wss"))
        newMuxer->socket()->setSslConfiguration(request.sslConfiguration());
#endif
    newMuxer->open(request);
}

void QBiMuxClientPrivate::onMuxerConnected(QBiMuxer *connectedMuxer)
{
    Q_Q(QBiMuxClient);
    if (connectedMuxer != muxer)
        return;
    muxerWasOpen = true;
    connectedFor.start();
    qCDebug(lcClient) << q << "connected to" << request.url().toDisplayString() << "-"
                      << q->queuedCallCount() << "queued call(s) to send";
    // Sent before connected() is emitted, so that they leave before calls made in its slots.
    // A continuation of a queued call may have deleted or closed the client meanwhile.
    if (!flushQueue(connectedMuxer))
        return;
    if (muxer != connectedMuxer || state != QBiMuxClient::State::Connected)
        return;
    emit q->stateChanged(QBiMuxClient::State::Connected);
    emit q->connected();
}

void QBiMuxClientPrivate::onMuxerDisconnected(QBiMuxer *lostMuxer,
                                              QWebSocketProtocol::CloseCode code,
                                              const QString &reason)
{
    Q_Q(QBiMuxClient);
    if (lostMuxer != muxer)
        return;
    const bool wasOpen = muxerWasOpen;
    {
        QMutexLocker locker(&mutex);
        muxer = nullptr;
    }
    QObject::disconnect(lostMuxer, nullptr, q, nullptr);
    // We are in its disconnected() signal: delete it once that returned.
    lostMuxer->deleteLater();
    // Its calls have all failed by now; pass that on before anyone hears of the loss.
    drainForwarded();

    if (wasOpen) {
        qCDebug(lcClient) << q << "disconnected:" << code << reason;
        emit q->disconnected(code, reason);
    } else {
        qCDebug(lcClient) << q << "dial to" << request.url().toDisplayString()
                          << "failed:" << reason;
    }
    if (state == QBiMuxClient::State::Closed)
        return; // close() is under way
    scheduleReconnect(wasOpen);
}

void QBiMuxClientPrivate::onRequest(const QBiMuxRequest &request)
{
    Q_Q(QBiMuxClient);
    // The muxer emits requestReceived() because the client listens; answer as a muxer
    // nobody listens to would.
    if (q->isSignalConnected(QMetaMethod::fromSignal(&QBiMuxClient::requestReceived))) {
        emit q->requestReceived(request);
        return;
    }
    request.fail(QBiMux::StatusCode::Unimplemented,
                 QBiMuxClient::tr("no handler for route %1").arg(request.route()));
}

void QBiMuxClientPrivate::onMessage(qint32 route, const QByteArray &data)
{
    Q_Q(QBiMuxClient);
    if (q->isSignalConnected(QMetaMethod::fromSignal(&QBiMuxClient::messageReceived))) {
        emit q->messageReceived(route, data);
        return;
    }
    qCWarning(lcClient) << q << "no handler for oneway message on route" << route << "- dropped"
                        << data.size() << "bytes";
}

void QBiMuxClientPrivate::scheduleReconnect(bool afterConnection)
{
    Q_Q(QBiMuxClient);
    if (afterConnection && connectedFor.isValid()
        && connectedFor.elapsed() >= stableConnectionTimeMs.load()) {
        attempt = 0;
    }
    ++attempt;
    const std::chrono::milliseconds delay = backoffDelay(attempt);
    qCDebug(lcClient) << q << "dialing again in" << delay.count() << "ms, attempt" << attempt;
    reconnectTimer->start(delay);
    setState(QBiMuxClient::State::BackingOff);
    // A stateChanged() slot may have closed the client.
    if (state == QBiMuxClient::State::BackingOff)
        emit q->reconnectScheduled(attempt, delay);
}

std::chrono::milliseconds QBiMuxClientPrivate::backoffDelay(int attemptNumber) const
{
    const double initial = double(initialReconnectDelayMs.load());
    const double max = double(std::max(maxReconnectDelayMs.load(), initialReconnectDelayMs.load()));
    if (initial <= 0)
        return 0ms;
    // pow() of a large attempt count overflows to infinity, which min() turns into max.
    const double growth = std::pow(reconnectMultiplier.load(), std::max(attemptNumber - 1, 0));
    double delay = std::min(initial * growth, max);
    const double jitter = reconnectJitter.load();
    if (jitter > 0) {
        const double spread = 2 * QRandomGenerator::global()->generateDouble() - 1; // [-1, 1)
        delay = std::clamp(delay * (1 + jitter * spread), 0.0, max);
    }
    return std::chrono::milliseconds(qint64(std::llround(delay)));
}

QFuture<QByteArray> QBiMuxClientPrivate::failedFuture(const QBiMuxError &error)
{
    QPromise<QByteArray> promise;
    promise.setException(error);
    promise.finish();
    return promise.future();
}

QFuture<QByteArray> QBiMuxClientPrivate::enqueue(QMutexLocker<QMutex> &locker, qint32 route,
                                                 const QByteArray &data,
                                                 std::chrono::milliseconds timeout)
{
    QueuedCall call;
    call.route = route;
    call.data = data;
    call.timeout = timeout;
    if (timeout > 0ms)
        call.deadline = Clock::now() + timeout;
    QFuture<QByteArray> future = call.promise.future();
    queue.emplace(++lastKey, std::move(call));
    locker.unlock();
    requestAdoption();
    return future;
}

// The client's thread watches queued calls for cancels and deadlines.
void QBiMuxClientPrivate::requestAdoption()
{
    Q_Q(QBiMuxClient);
    if (QThread::currentThread() == q->thread()) {
        adoptQueued();
        return;
    }
    // One event for a burst of calls from other threads.
    if (!adoptionRequested.exchange(true))
        QMetaObject::invokeMethod(
            q, [this] { adoptQueued(); }, Qt::QueuedConnection);
}

std::unique_ptr<QFutureWatcher<QByteArray>>
QBiMuxClientPrivate::watchForCancel(quint64 key, const QFuture<QByteArray> &future)
{
    Q_Q(QBiMuxClient);
    auto watcher = std::make_unique<QFutureWatcher<QByteArray>>();
    QObject::connect(watcher.get(), &QFutureWatcherBase::canceled, q,
                     [this, key] { onCallerCancelled(key); });
    watcher->setFuture(future);
    return watcher;
}

void QBiMuxClientPrivate::adoptQueued()
{
    adoptionRequested = false;
    std::vector<quint64> alreadyCancelled;
    {
        QMutexLocker locker(&mutex);
        for (auto &[key, call] : queue) {
            if (call.oneway || call.cancelWatcher)
                continue;
            const QFuture<QByteArray> future = call.promise.future();
            call.cancelWatcher = watchForCancel(key, future);
            if (future.isCanceled())
                alreadyCancelled.push_back(key);
        }
    }
    for (quint64 key : alreadyCancelled)
        onCallerCancelled(key);
    armQueueTimer();
}

void QBiMuxClientPrivate::armQueueTimer()
{
    std::optional<Clock::time_point> next;
    {
        QMutexLocker locker(&mutex);
        // A linear scan: the queue is bounded and this runs once per queued call.
        for (const auto &[key, call] : queue) {
            if (call.deadline && (!next || *call.deadline < *next))
                next = call.deadline;
        }
    }
    if (!next) {
        queueTimer->stop();
        return;
    }
    const auto wait = std::chrono::ceil<std::chrono::milliseconds>(*next - Clock::now());
    queueTimer->start(std::max(wait, 0ms));
}

void QBiMuxClientPrivate::fail(QueuedCall &call, const QBiMuxError &error)
{
    // Before the promise ends, so that ending it posts nothing to the watcher.
    call.cancelWatcher.reset();
    call.promise.setException(error);
    call.promise.finish();
}

void QBiMuxClientPrivate::failTooLate(QueuedCall &call)
{
    fail(call,
         QBiMuxError(QBiMux::StatusCode::DeadlineExceeded,
                     QBiMuxClient::tr("no connection to send the call to route %1 within "
                                      "its timeout of %2 ms")
                         .arg(call.route)
                         .arg(call.timeout.count())));
}

void QBiMuxClientPrivate::onQueueTimer()
{
    Q_Q(QBiMuxClient);
    std::vector<QueuedCall> expired;
    {
        QMutexLocker locker(&mutex);
        const Clock::time_point now = Clock::now();
        for (auto it = queue.begin(); it != queue.end();) {
            if (it->second.deadline && *it->second.deadline <= now) {
                expired.push_back(std::move(it->second));
                it = queue.erase(it);
            } else {
                ++it;
            }
        }
    }
    for (const QueuedCall &call : expired) {
        if (call.oneway) {
            qCDebug(lcClient) << q << "oneway message to route" << call.route
                              << "dropped: no connection within" << call.timeout.count() << "ms";
        }
    }
    armQueueTimer();
    // Last: the callers' continuations may close or delete the client.
    for (QueuedCall &call : expired) {
        if (call.oneway)
            continue;
        failTooLate(call);
    }
}

void QBiMuxClientPrivate::onCallerCancelled(quint64 key)
{
    Q_Q(QBiMuxClient);
    std::optional<QueuedCall> call;
    {
        QMutexLocker locker(&mutex);
        const auto it = queue.find(key);
        if (it != queue.end()) {
            call.emplace(std::move(it->second));
            queue.erase(it);
        }
    }
    if (call) {
        qCDebug(lcClient) << q << "queued call to route" << call->route << "cancelled";
        armQueueTimer();
        call->cancelWatcher.reset();
        // The future is already cancelled; finishing it runs its onCanceled() handlers,
        // which may delete the client: last.
        call->promise.finish();
        return;
    }
    // Sent already: cancel the muxer's call, which tells the peer; its end ends ours.
    const auto it = forwarded.find(key);
    if (it != forwarded.end())
        it->second.inner.cancel();
}

bool QBiMuxClientPrivate::flushQueue(QBiMuxer *connectedMuxer)
{
    Q_Q(QBiMuxClient);
    std::map<quint64, QueuedCall> calls;
    {
        // Connected in the same step as the queue is taken: a call made in another thread
        // either is in `calls` or goes to the muxer itself, after these.
        QMutexLocker locker(&mutex);
        calls = std::exchange(queue, {});
        state = QBiMuxClient::State::Connected;
    }
    queueTimer->stop();
    const Clock::time_point now = Clock::now();
    // Everything is sent first, in order. The calls that end here (cancelled, too late, or
    // refused by the muxer at once) end after that: their callers' continuations may close
    // or delete the client.
    std::vector<QueuedCall> cancelled;
    std::vector<QueuedCall> late;
    std::vector<ForwardedCall> refused;
    for (auto &[key, call] : calls) {
        if (call.oneway) {
            if (!call.deadline || *call.deadline > now)
                connectedMuxer->send(call.route, call.data);
            continue;
        }
        if (call.promise.isCanceled()) {
            cancelled.push_back(std::move(call));
            continue;
        }
        std::chrono::milliseconds timeout = call.timeout;
        if (call.deadline) {
            timeout = std::chrono::ceil<std::chrono::milliseconds>(*call.deadline - now);
            if (timeout <= 0ms) {
                late.push_back(std::move(call));
                continue;
            }
        }
        std::optional<ForwardedCall> ended
            = forward(key, connectedMuxer->rpc(call.route, call.data, timeout), std::move(call));
        if (ended)
            refused.push_back(std::move(*ended));
    }
    const QPointer<QBiMuxClient> alive(q);
    for (QueuedCall &call : cancelled) {
        call.cancelWatcher.reset();
        call.promise.finish();
    }
    for (QueuedCall &call : late)
        failTooLate(call);
    for (ForwardedCall &call : refused)
        complete(call);
    return !alive.isNull();
}

std::optional<QBiMuxClientPrivate::ForwardedCall>
QBiMuxClientPrivate::forward(quint64 key, QFuture<QByteArray> inner, QueuedCall &&call)
{
    Q_Q(QBiMuxClient);
    ForwardedCall forwardedCall;
    forwardedCall.promise = std::move(call.promise);
    forwardedCall.inner = inner;
    forwardedCall.cancelWatcher = std::move(call.cancelWatcher);
    // Queued in another thread and sent before the client's thread adopted it.
    if (!forwardedCall.cancelWatcher)
        forwardedCall.cancelWatcher = watchForCancel(key, forwardedCall.promise.future());
    if (inner.isFinished())
        return forwardedCall;
    forwardedCall.innerWatcher = std::make_unique<QFutureWatcher<QByteArray>>();
    QObject::connect(forwardedCall.innerWatcher.get(), &QFutureWatcherBase::finished, q,
                     [this, key] { onForwardedFinished(key); });
    forwardedCall.innerWatcher->setFuture(inner);
    forwarded.emplace(key, std::move(forwardedCall));
    return std::nullopt;
}

void QBiMuxClientPrivate::complete(ForwardedCall &call)
{
    call.cancelWatcher.reset();
    call.innerWatcher.reset();
    try {
        // Rethrows the muxer's error, if it failed.
        call.inner.waitForFinished();
    } catch (const QBiMuxError &error) {
        call.promise.setException(error);
        call.promise.finish();
        return;
    } catch (...) {
        call.promise.setException(std::current_exception());
        call.promise.finish();
        return;
    }
    if (call.inner.resultCount() > 0) {
        call.promise.addResult(call.inner.result());
    } else if (!call.promise.isCanceled()) {
        // The muxer's call is only cancelled through ours; end it as cancelled all the same.
        call.promise.future().cancel();
    }
    call.promise.finish();
}

void QBiMuxClientPrivate::onForwardedFinished(quint64 key)
{
    const auto it = forwarded.find(key);
    if (it == forwarded.end())
        return;
    ForwardedCall call = std::move(it->second);
    forwarded.erase(it);
    complete(call);
}

void QBiMuxClientPrivate::drainForwarded()
{
    // Taken out first: completing a call runs continuations that may come back here.
    std::vector<ForwardedCall> finished;
    for (auto it = forwarded.begin(); it != forwarded.end();) {
        if (it->second.inner.isFinished()) {
            finished.push_back(std::move(it->second));
            it = forwarded.erase(it);
        } else {
            ++it;
        }
    }
    for (ForwardedCall &call : finished)
        complete(call);
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
    server's authenticator, and again after every loss as open(const QUrl &) does. For
    wss://, each dial's socket gets the request's sslConfiguration() (set the CAs to
    trust there). The id set with setId() is announced unless the request has an
    X-BiMux-Id header of its own.
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
    if (message.timeout > 0ms)
        message.deadline = QBiMuxClientPrivate::Clock::now() + message.timeout;
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
    Q_D(QBiMuxClient);
    std::map<quint64, QBiMuxClientPrivate::QueuedCall> calls;
    QBiMuxer *current;
    {
        QMutexLocker locker(&d->mutex);
        if (d->state == State::Closed)
            return;
        // Closed first, so that the muxer's disconnected() does not schedule a dial.
        d->state = State::Closed;
        calls = std::exchange(d->queue, {});
        current = d->muxer;
    }
    d->reconnectTimer->stop();
    d->queueTimer->stop();
    qCDebug(lcClient) << this << "closing -" << calls.size() << "queued call(s) fail";
    if (current) {
        // A dial still in progress has nobody to send a close frame to.
        if (!current->isConnected())
            current->socket()->abort();
        current->close(code, reason);
    }
    const QBiMuxError error(QBiMux::StatusCode::Unavailable, tr("the client was closed"));
    // The callers' continuations may delete the client.
    const QPointer<QBiMuxClient> alive(this);
    for (auto &[key, call] : calls) {
        if (!call.oneway)
            QBiMuxClientPrivate::fail(call, error);
    }
    if (alive)
        emit stateChanged(State::Closed);
}
