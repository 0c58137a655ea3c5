// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

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

    What survives a reconnect: handlers, observers, interceptors and settings
    (QBiMuxEndpoint; a connection's muxer consults the client's handlers and interceptors
    after its own, which currentMuxer() can set), and the id announced in every
    handshake.

    Credentials go with every dial: open(const QNetworkRequest &) sends its headers,
    setSslConfiguration() sets the TLS settings (a private CA, a client certificate), and
    setRequestFactory() makes each dial's request afresh (a token refreshed between
    dials). A failed dial emits dialFailed() with the reason: the server's HTTP answer,
    TLS errors, or the socket's error. A server that refuses the credentials (HTTP 401 or
    403) is not dialed again unless setRetryOnAuthenticationFailure() says so.

    \section1 Calls while offline

    rpc() and send() (QBiMuxChannel) may be called from any thread. While connected they
    go straight to the current muxer. While not connected (dialing, backing off, not yet
    opened), each call and message follows its QBiMuxCallOptions::offlinePolicy(), or
    else the client's offlinePolicy():

    \list
    \li FailFast: an rpc() fails at once with QBiMux::StatusCode::Unavailable, and send()
        drops the message and returns false (socket.io's "volatile" messages: telemetry
        that is worthless later).
    \li Queue (the default): the call or message waits for a connection, and all of them
        are sent in the order they were made once it is up, before connected() is
        emitted. Calls and messages have queues of their own sizes, maxQueuedCalls() and
        maxQueuedMessages() (1,000 each), so that messages sent faster than they can go
        never crowd calls out: a call beyond its limit fails at once with
        QBiMux::StatusCode::ResourceExhausted, a message beyond its limit is not queued
        (send() returns false).
    \endlist

    A queued call waits within its timeout (its options' timeout or deadline, else the
    settings' default timeout, QBiMuxSettings::defaultTimeout()): it fails with
    QBiMux::StatusCode::DeadlineExceeded if no connection comes in time, and takes the
    rest of its time along when it is sent. A queued message waits for its options'
    timeout or deadline, else the default timeout, and is dropped after that (with a
    debug line in the \c bimuxqt.client log). future.cancel() on a queued call removes it
    from the queue. close() fails the queued calls with Unavailable and drops the
    messages.

    Calls in flight when a connection is lost fail with QBiMux::StatusCode::Unavailable,
    as with QBiMuxer; they are not sent again on the next connection. The peer may have
    received one and acted on it before the link broke, and the client cannot know
    whether it did: repeating it could do the work twice (a payment, an actuator
    command). A caller who knows a call is idempotent can repeat it.

    Every call the client takes ends exactly once. The client, its muxers and its timers
    live in the client's thread; call open(), close(), the observer functions and
    currentMuxer() there.
*/

QBiMuxClientPrivate::QBiMuxClientPrivate(QBiMuxClient *q)
    : QBiMuxChannelPrivate(q)
{ }

void QBiMuxClientPrivate::init()
{
    Q_Q(QBiMuxClient);
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

/*!
    \enum QBiMuxClient::State
    Where the client is in its cycle of dialing, being connected and waiting to dial
    again; stateChanged() reports each change.
    \value Disconnected open() was never called: nothing is dialed, calls follow the offline policy.
    \value Connecting A dial is in progress (including a request factory's future).
    \value Connected A connection is up; calls and messages go straight to it.
    \value BackingOff The link was lost or a dial failed; the client waits (reconnectScheduled()) and then dials again.
    \value Closed close() was called, or the server refused the credentials (HTTP 401 or
        403, unless retryOnAuthenticationFailure()); nothing is dialed until open().
*/

/*!
    \property QBiMuxClient::state
    \brief Where the client is: Disconnected, Connecting, Connected, BackingOff or Closed.

    Read it from any thread; stateChanged() reports each change in the client's thread.
*/

/*!
    \fn void QBiMuxClient::stateChanged(QBiMuxClient::State state)
    The client entered \a state. Emitted in the client's thread; a slot may call close()
    or open(), and the client then continues from the state that call leaves.
*/

/*!
    \fn void QBiMuxClient::reconnectScheduled(int attempt, std::chrono::milliseconds delay)
    The client will dial again in \a delay, jitter included; \a attempt counts the dials
    since the last connection that stayed up stableConnectionTime() (1 for the first
    re-dial). Emitted right after stateChanged(BackingOff).
*/

/*!
    \typedef QBiMuxClient::RequestFactory
    The form every request factory is stored in:
    <tt>std::function<QFuture<QNetworkRequest>(const QNetworkRequest &)></tt>.
    setRequestFactory() also takes a functor that returns a QNetworkRequest at once.
*/

/*!
    Constructs a client with \a parent, in the Disconnected state: it dials nothing until
    open(). Set handlers, the id, settings and the offline policy before, so that the
    first connection has them.
*/
QBiMuxClient::QBiMuxClient(QObject *parent)
    : QBiMuxChannel(*new QBiMuxClientPrivate(this), parent)
{
    d_func()->init();
}

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

/*!
    Returns the URL given to open(), or that of the request given to it; empty before.
*/
QUrl QBiMuxClient::url() const
{
    return d_func()->request.url();
}

/*!
    Returns the request given to open() (for open(const QUrl &), one with that URL and no
    headers). Each dial starts from it; a request factory may change the dialed copy.
*/
QNetworkRequest QBiMuxClient::request() const
{
    return d_func()->request;
}

/*!
    \fn template<typename Functor> void QBiMuxClient::setRequestFactory(Functor &&factory)
    Sets \a factory as the function that makes the request of each dial from the one given to open(),
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

/*!
    Returns the TLS settings of the client's dials: those given to setSslConfiguration(),
    else QSslConfiguration::defaultConfiguration().
*/
QSslConfiguration QBiMuxClient::sslConfiguration() const
{
    return d_func()->sslConfiguration.value_or(QSslConfiguration::defaultConfiguration());
}
#endif

/*!
    Returns whether the client dials again after the server answered 401 or 403 (false
    unless set with setRetryOnAuthenticationFailure()).
*/
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

/*!
    Returns where the client is in its cycle. Thread-safe.
*/
QBiMuxClient::State QBiMuxClient::state() const
{
    Q_D(const QBiMuxClient);
    QMutexLocker locker(&d->mutex);
    return d->state;
}

bool QBiMuxClientPrivate::isConnected() const
{
    QMutexLocker locker(&mutex);
    return state == QBiMuxClient::State::Connected;
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

/*!
    Returns the wait before the first re-dial after a loss (1 s unless set).
*/
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

/*!
    Returns the longest wait between two dials (60 s unless set).
*/
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

/*!
    Returns the factor by which the wait grows after each failed dial (1.6 unless set).
*/
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

/*!
    Returns the fraction by which each wait is randomly spread (0.2 unless set).
*/
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

/*!
    Returns how long a connection has to stay up for the backoff to start over (10 s
    unless set).
*/
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

/*!
    Returns what calls and messages whose QBiMuxCallOptions name no offline policy do
    while the client is not connected (Queue unless set).
*/
QBiMux::OfflinePolicy QBiMuxClient::offlinePolicy() const
{
    return d_func()->offlinePolicy;
}

/*!
    Sets what calls and messages whose QBiMuxCallOptions name no offline policy do while
    the client is not connected (dialing, backing off, or not yet opened) to \a policy:
    wait for the connection, or fail at once. Thread-safe.
*/
void QBiMuxClient::setOfflinePolicy(QBiMux::OfflinePolicy policy)
{
    d_func()->offlinePolicy = policy;
}

/*!
    Returns how many calls may wait for a connection at once (1,000 unless set).
*/
int QBiMuxClient::maxQueuedCalls() const
{
    return d_func()->maxQueuedCalls;
}

/*!
    Sets how many calls may wait for a connection at once to \a calls; a call beyond it
    fails at once with QBiMux::StatusCode::ResourceExhausted. Oneway messages have a
    limit of their own, maxQueuedMessages(). Thread-safe.
*/
void QBiMuxClient::setMaxQueuedCalls(int calls)
{
    d_func()->maxQueuedCalls = std::max(calls, 0);
}

/*!
    Returns how many oneway messages may wait for a connection at once (1,000 unless
    set).
*/
int QBiMuxClient::maxQueuedMessages() const
{
    return d_func()->maxQueuedMessages;
}

/*!
    Sets how many oneway messages may wait for a connection at once to \a messages; a
    message beyond it is not queued and send() returns false. Calls have a limit of their
    own, so messages cannot crowd them out. Thread-safe.
*/
void QBiMuxClient::setMaxQueuedMessages(int messages)
{
    d_func()->maxQueuedMessages = std::max(messages, 0);
}

/*!
    Returns how many calls wait for a connection. Thread-safe.
*/
int QBiMuxClient::queuedCallCount() const
{
    Q_D(const QBiMuxClient);
    QMutexLocker locker(&d->mutex);
    return d->queuedCalls;
}

/*!
    Returns how many oneway messages wait for a connection. Thread-safe.
*/
int QBiMuxClient::queuedMessageCount() const
{
    Q_D(const QBiMuxClient);
    QMutexLocker locker(&d->mutex);
    return d->queuedMessages;
}

void QBiMuxClientPrivate::applySettings(const QBiMuxSettings &applied)
{
    // Only the client's thread deletes the muxer, after clearing it under the lock.
    QMutexLocker locker(&mutex);
    if (muxer)
        muxer->setSettings(applied);
}

void QBiMuxClientPrivate::addObserver(QBiMuxObserver *observer)
{
    if (observers.contains(observer))
        return;
    observers.append(observer);
    if (muxer)
        muxer->addObserver(observer);
}

void QBiMuxClientPrivate::removeObserver(QBiMuxObserver *observer)
{
    observers.removeAll(observer);
    if (muxer)
        muxer->removeObserver(observer);
}

// QBiMuxChannel::close(): stops dialing and closes the current connection, if any, with
// `code` and `reason`: its calls in flight fail with Unavailable, as do the calls still
// queued, before this returns. disconnected() is emitted if a connection was up, then
// stateChanged(Closed). open() starts the client again.
void QBiMuxClientPrivate::close(QWebSocketProtocol::CloseCode code, const QString &reason)
{
    closeWith(
        code, reason,
        QBiMuxStatus(QBiMux::StatusCode::Unavailable, QBiMuxClient::tr("the client was closed")));
}

void QBiMuxClientPrivate::closeWith(QWebSocketProtocol::CloseCode code, const QString &reason,
                                    const QBiMuxStatus &callError)
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
        calls = takeQueue();
        current = muxer;
    }
    reconnectTimer->stop();
    queueTimer->stop();
    // A request still being made is not dialed.
    delete std::exchange(requestWatcher, nullptr);
    qCDebug(lcClient) << q << "closing -" << calls.size() << "queued call(s) and message(s) end";
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
