// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "qbimuxer.h"
#include "qbimuxer_p.h"

#include "qbimuxcancelsweeper_p.h"
#include "qbimuxcloseframe_p.h"
#include "qbimuxinspectorlink_p.h"
#include "qbimuxlogging_p.h"
#include "qbimuxredaction_p.h"
#include "qbimuxtime_p.h"

#include <QtCore/qcoreevent.h>
#include <QtCore/qdatetime.h>
#include <QtCore/qmetaobject.h>
#include <QtCore/qpointer.h>
#include <QtCore/qtimer.h>
#include <QtNetwork/qnetworkrequest.h>
#include <QtWebSockets/qwebsocket.h>

#include <algorithm>
#include <limits>

using namespace std::chrono_literals;

/*!
    \class QBiMuxer
    \brief Bidirectional RPC and oneway messages over one QWebSocket, speaking bimux.

    A QBiMuxer sits on one WebSocket connection. Either side may call the other:
    rpc() sends a request and returns a QFuture for the reply (or runs a reply handler);
    send() sends a oneway message (QBiMuxChannel). Incoming requests reach a handler
    registered for their route with setRequestHandler(), or else the requestReceived()
    signal; incoming oneway messages reach setMessageHandler() handlers, or else
    messageReceived() (QBiMuxEndpoint). Its settings, observers and interceptors are
    QBiMuxEndpoint's too; a connection accepted by a QBiMuxServer, or dialed by a
    QBiMuxClient, also consults the handlers and interceptors of its server or client,
    after its own.

    open() dials once; a muxer whose connection ended is not opened again (QBiMuxClient
    dials again). Until the socket is open, calls and messages wait in a backlog and go
    out once it is, unless their QBiMuxCallOptions say QBiMux::OfflinePolicy::FailFast.

    The wire format is that of the Go library bimux (docs/protocol.md), so a plain bimux
    peer can be on the other side. The muxer lives in the thread of its socket; send()
    and rpc() may be called from any thread, handlers run in their context object's
    thread.

    Every rpc() future ends exactly once: with the reply, with a QBiMuxError (timeout,
    disconnect, remote error, too large, unknown route, ...), or cancelled.
*/

/*!
    \enum QBiMuxer::State
    The life of a muxer's one connection; it only goes forward.
    \value Opening The socket is not open yet: open() was not called, the dial or the
        WebSocket handshake is under way, or the muxer was given a socket still opening.
        Calls and messages wait in a backlog unless their options say FailFast.
    \value Open The connection is up; calls and messages go out at once.
    \value Closed The connection ended (either side closed it, it was lost, or a dial
        failed). A closed muxer is not opened again; make a new one, or use QBiMuxClient.
*/

/*!
    \property QBiMuxer::connected
    \brief Whether the connection is open (state() is Open).

    connectedChanged() reports each change, in the muxer's thread.
*/

/*!
    \property QBiMuxer::congested
    \brief Whether the bytes queued for the peer are above the high-water mark.

    See isCongested(); congestedChanged() reports each change.
*/

/*!
    \fn QBiMuxer::QBiMuxer(QObject *parent)
    Constructs a muxer with \a parent and a QWebSocket of its own, which open() dials.
    Set the id, handlers and settings before open(), so that the first request from the
    peer finds them.
*/

/*!
    \fn QBiMuxer::QBiMuxer(QWebSocket *socket, QObject *parent)
    Constructs a muxer with \a parent on \a socket, which is open or still opening (e.g.
    one taken from your own QWebSocketServer's nextPendingConnection()). The muxer takes
    ownership: the socket becomes its child. The muxer lives in the socket's thread; create
    it there. Backpressure works on such a socket too, through
    QWebSocket::bytesToWrite().
*/

/*!
    \fn QBiMuxer::~QBiMuxer()
    Destroys the muxer and its socket. A connection still open is closed with
    CloseCodeGoingAway; every call in flight ends with QBiMux::StatusCode::Unavailable
    (its reply handler runs, its future fails), and the peer's requests in progress are
    cancelled. No signal is emitted. From inside one of its own handlers, reply handlers or
    continuations use deleteLater() instead: the socket may still be delivering the frame
    that ran them.
*/

/*!
    \fn void QBiMuxer::open(const QUrl &url)
    Dials \a url (ws:// or wss://), announcing the id set with setId() as the X-BiMux-Id
    header. connected() follows once the WebSocket is open, dialFailed() if the dial
    fails. A muxer opens once: open() on a muxer that is open or closed does nothing but
    log a warning. The same as open(QNetworkRequest(url)).
*/

/*!
    \fn QWebSocket *QBiMuxer::socket() const
    Returns the muxer's WebSocket, e.g. to set a TLS configuration before open() or to
    read the peer's address. The muxer owns it. Do not read from it, write to it or close it
    directly: that bypasses the protocol; use close() or shutdown().
*/

/*!
    \fn QBiMuxer::State QBiMuxer::state() const
    Returns where the muxer's connection is: Opening, Open or Closed. Read it in the
    muxer's thread.
*/

/*!
    \fn int QBiMuxer::pendingCallCount() const
    Returns the calls this side made that wait for an answer (at most
    QBiMuxSettings::maxPendingCalls()). Read it in the muxer's thread.
*/

/*!
    \fn int QBiMuxer::pendingRequestCount() const
    Returns the peer's requests that were received and not yet answered (at most
    QBiMuxSettings::maxConcurrentRequests()). Read it in the muxer's thread.
*/

/*!
    \fn bool QBiMuxer::isShuttingDown() const
    Returns true once shutdown() has begun, until and after the connection closes.
    Thread-safe.
*/

/*!
    \fn void QBiMuxer::connectedChanged(bool connected)
    The connection opened (\a connected true, just before connected()) or ended (false,
    just before disconnected()).
*/

/*!
    \fn void QBiMuxer::congestedChanged(bool congested)
    The bytes queued for the peer passed QBiMuxSettings::highWaterMark() (\a congested
    true: send() returns false and rpc() fails with ResourceExhausted), or drained to half
    of it (false). Emitted in the muxer's thread.
*/

/*!
    \fn void QBiMuxer::protocolErrorOccurred(const QString &message)
    The peer sent something that is not bimux (a text frame, a frame that does not
    decode, an answer to no call, ...); \a message says what. The muxer closes with
    CloseCodeProtocolError right after, and its calls fail with Unavailable.
*/
quint64 qbimuxThreadToken()
{
    static std::atomic<quint64> lastToken {0};
    thread_local const quint64 token = lastToken.fetch_add(1, std::memory_order_relaxed) + 1;
    return token;
}

// Runs before QBiMuxer's QObject is constructed (QBiMuxEndpoint's constructor takes the
// private): it keeps `q`, and uses it for nothing else.
QBiMuxerPrivate::QBiMuxerPrivate(QBiMuxer *q)
    : QBiMuxChannelPrivate(q)
    , link(std::make_shared<QBiMuxLink>(q))
    , observers(q)
    , lifecycle(q, [this] { return incoming.isEmpty() && outgoing.isEmpty() && streams.isIdle(); })
    , heartbeat(
          q, [this] { wire.ping(); }, [this] { onPeerSilent(); })
    , wire(q, lifecycle, observers,
           [this](QWebSocketProtocol::CloseCode code, const QString &reason) {
               dropPeer(code, reason);
           })
    , outgoing(q, lifecycle, wire, observers, interception)
    , incoming(q, link, handlers, lifecycle, wire, observers, interception)
    , streams(q, this, settings)
{
    outgoing.setLimits(settings.maxPendingCalls(), settings.defaultTimeout());
    incoming.setMaxConcurrentRequests(settings.maxConcurrentRequests());
    heartbeat.configure(settings.heartbeatInterval(), settings.idleTimeout());
    wire.setMaxMessageSize(settings.maxMessageSize());
    wire.setHighWaterMark(settings.highWaterMark());
}

void QBiMuxerPrivate::applySettings(const QBiMuxSettings &applied)
{
    // What calls from any thread check, at once; the socket and the heartbeat's timer in
    // the muxer's thread.
    wire.setMaxMessageSize(applied.maxMessageSize());
    outgoing.setLimits(applied.maxPendingCalls(), applied.defaultTimeout());
    incoming.setMaxConcurrentRequests(applied.maxConcurrentRequests());
    wire.setHighWaterMark(applied.highWaterMark());
    streams.applySettings(applied);
    runInThread([applied](QBiMuxerPrivate *muxer) {
        muxer->heartbeat.configure(applied.heartbeatInterval(), applied.idleTimeout());
        muxer->wire.applyIncomingLimits();
    });
}

void QBiMuxerPrivate::inherit(const QBiMuxEndpointPrivate *parent)
{
    incoming.inherit(parent->handlers);
    interception.setInherited(parent->interceptors);
}

void QBiMuxerPrivate::adopt(const QBiMuxEndpointPrivate *server, QAbstractSocket *transport,
                            const QVariant &peerIdentity)
{
    inherit(server);
    wire.setEnd(QBiMuxWire::End::Server);
    wire.setTransport(transport);
    link->setPeerIdentity(peerIdentity);
}

void QBiMuxerPrivate::dispatch(QBiMuxFrame &&frame)
{
    wire.countCallFrame(frame);
    // The streams' probe, a request on a reserved route and its answer, is theirs too.
    const bool isCallFrame
        = frame.flag == QBiMuxFrame::Flag::Request || frame.flag == QBiMuxFrame::Flag::Response;
    if (Q_UNLIKELY(isCallFrame && streams.isProbeFrame(frame))) {
        streams.handleFrame(std::move(frame));
        return;
    }
    switch (frame.flag) {
    case QBiMuxFrame::Flag::Request:
        incoming.handleRequest(std::move(frame));
        break;
    case QBiMuxFrame::Flag::Response:
        outgoing.handleResponse(std::move(frame));
        break;
    case QBiMuxFrame::Flag::Oneway:
        incoming.handleOneway(std::move(frame));
        break;
    case QBiMuxFrame::Flag::Cancel:
        incoming.handleCancel(frame);
        break;
    default: // the hello and the stream frames
        streams.handleFrame(std::move(frame));
        break;
    }
}

void QBiMuxerPrivate::startDrain(std::chrono::milliseconds drainTimeout, const QString &reason)
{
    if (!lifecycle.startDrain(drainTimeout, reason))
        return;
    qCDebug(lcMuxer) << q_func() << "draining" << outgoing.size() << "call(s) and"
                     << incoming.size() << "request(s) for at most" << drainTimeout.count() << "ms";
}

void QBiMuxerPrivate::onThreadChanged()
{
    link->setMuxerThread(qbimuxThreadToken());
    outgoing.resume();
    heartbeat.resumeTimer();
    streams.resumeTimer();
}

bool QBiMuxerPrivate::onTimer(int timerId)
{
    if (outgoing.handleTimer(timerId) || streams.handleTimer(timerId))
        return true;
    if (!heartbeat.handleTimer(timerId))
        return false;
    // Pongs for a peer's pings are written without the muxer's knowledge; a socket whose
    // reads the muxer does not see (no transport) has them counted here at the latest.
    if (lifecycle.isOpen())
        wire.checkQueue();
    return true;
}

void QBiMuxerPrivate::dropPeer(QWebSocketProtocol::CloseCode code, const QString &reason)
{
    QWebSocket *webSocket = socket();
    // A disconnected() slot may have deleted the muxer, and its socket with it.
    if (teardown(code, reason))
        webSocket->abort();
}

bool QBiMuxerPrivate::teardown(QWebSocketProtocol::CloseCode code, const QString &reason)
{
    Q_Q(QBiMuxer);
    const QBiMuxer::State previous = lifecycle.markClosed(reason);
    if (previous == QBiMuxer::State::Closed)
        return true;
    qCDebug(lcMuxer) << q << "closed:" << code << reason << "-" << outgoing.size() << "call(s) and"
                     << incoming.size() << "request(s) in flight";
    if (const qsizetype dropped = wire.dropBacklog()) {
        qCWarning(lcMuxer) << q << "closed before opening;" << dropped
                           << "frame(s) were never sent";
    }

    outgoing.stop();
    heartbeat.stop();
    const QBiMuxStatus error = lifecycle.closedStatus();
    const bool observed = observers.isObserved();
    // Ending a call runs its caller's continuations, which may delete the muxer: from then
    // on, the calls still end, but nothing touches the muxer any more.
    const QPointer<QBiMuxer> alive(q);
    auto calls = outgoing.takeAll();
    const auto requests = incoming.takeAll();
    for (auto &[number, call] : calls) {
        if (Q_UNLIKELY(observed) && alive) {
            observers.notifyCall(QBiMux::Direction::Outgoing, QBiMux::CallEvent::Failed, number,
                                 call.route, call.startedAt, error.code(), error.message());
        }
        call.fail(error);
    }
    // The caller of an incoming request can no longer hear the answer.
    for (const auto &[number, call] : requests) {
        if (Q_UNLIKELY(observed) && alive) {
            observers.notifyCall(QBiMux::Direction::Incoming, QBiMux::CallEvent::Cancelled, number,
                                 call->route, call->startedAt, QBiMux::StatusCode::Unavailable,
                                 error.message());
        }
        call->cancel();
        if (alive)
            QBiMuxInterception::finishRequest(call.data(), error);
    }
    if (alive)
        streams.linkClosed(error);
    if (!alive)
        return false;

    observers.notifyClosed(code, reason);
    emit q->disconnected(code, reason);
    if (alive && previous == QBiMuxer::State::Open)
        emit q->connectedChanged(false);
    return !alive.isNull();
}

QBiMuxer::QBiMuxer(QObject *parent)
    : QBiMuxer(new QWebSocket, parent)
{ }

QBiMuxer::QBiMuxer(QWebSocket *socket, QObject *parent)
    : QBiMuxChannel(*new QBiMuxerPrivate(this), parent)
{
    Q_ASSERT(socket);
    d_func()->attach(socket);
    // Opt-in publishing to the BiMux Inspector; one atomic load when not attached.
    QBiMuxInspectorLinkPrivate::observeNewMuxer(this);
}

QBiMuxer::~QBiMuxer()
{
    Q_D(QBiMuxer);
    d->lifecycle.setDestroying();
    d->link->detach();
    d->socket()->disconnect(this);
    d->outgoing.stop();
    if (!d->lifecycle.isClosed()) {
        // Nobody can hear of it any more, but every future still ends.
        const QSignalBlocker blocker(this);
        close(QWebSocketProtocol::CloseCodeGoingAway, tr("muxer destroyed"));
    }
}

/*!
    \reimp

    The muxer's deadlines and heartbeat run on timer events, and moveToThread() takes
    them along on QEvent::ThreadChange. A subclass that reimplements event() must pass
    both of these on to QBiMuxer::event(); one that swallows them stops calls from timing
    out and silent peers from being noticed.
*/
bool QBiMuxer::event(QEvent *event)
{
    Q_D(QBiMuxer);
    if (event->type() == QEvent::Timer && d->onTimer(static_cast<QTimerEvent *>(event)->timerId()))
        return true;
    if (event->type() == QBiMuxControlEvent::eventType()) {
        static_cast<QBiMuxControlEvent *>(event)->run(d);
        return true;
    }
    if (event->type() == QEvent::ThreadChange) {
        // Sent in the old thread just before the move; the posted task runs in the new
        // one. Until then, calls into the muxer take the link's lock (QBiMuxLink::post()).
        d->link->setMuxerThread(0);
        // Stopped here, in the thread that registered them, and started again by the
        // task: Qt would move them itself, but only after events already queued for the
        // muxer, which may restart them in between (and then leave one registered twice).
        d->outgoing.suspend();
        d->heartbeat.suspendTimer();
        d->streams.suspendTimer();
        QMetaObject::invokeMethod(
            this, [d] { d->onThreadChanged(); }, Qt::QueuedConnection);
    }
    return QObject::event(event);
}

void QBiMuxer::open(const QUrl &url)
{
    open(QNetworkRequest(url));
}

/*!
    Dials \a request's URL with its headers, e.g. an \c Authorization header for the
    server's authenticator. The id set with setId() is announced as the X-BiMux-Id
    header unless the request has one. For wss://, set the socket's TLS configuration
    (socket()->setSslConfiguration()) before.
*/
void QBiMuxer::open(const QNetworkRequest &request)
{
    Q_D(QBiMuxer);
    if (d->lifecycle.state() != State::Opening) {
        qCWarning(lcMuxer) << this << "open() needs a muxer that has not opened yet";
        return;
    }
    QNetworkRequest announced(request);
    const QString announcedId = id();
    if (!announcedId.isEmpty() && !announced.hasRawHeader("X-BiMux-Id"))
        announced.setRawHeader("X-BiMux-Id", announcedId.toUtf8());
    d->dialTrace.emplace();
    d->wire.setEnd(QBiMuxWire::End::Client);
    d->socket()->open(announced);
}

QWebSocket *QBiMuxer::socket() const
{
    return d_func()->socket();
}

QBiMuxer::State QBiMuxer::state() const
{
    return d_func()->lifecycle.state();
}

/*!
    Returns what the QBiMuxServer's authenticator admitted the peer as: the value given
    to QBiMuxAdmission::admit(), such as the user or device the peer's credentials
    belong to. It is set before newConnection() and never changes, so handlers may read
    it from any thread (a handler through QBiMuxRequest::peerIdentity() or
    QBiMuxMessage::peerIdentity()). Null for
    a muxer that dialed, or whose server has no authenticator or admitted without one.
*/
QVariant QBiMuxer::peerIdentity() const
{
    return d_func()->link->peerIdentity();
}

/*!
    Returns true while the write queue is above the high-water mark. Thread-safe.
*/
bool QBiMuxer::isCongested() const
{
    return d_func()->wire.isCongested();
}

/*!
    Returns the bytes queued for the peer and not sent yet: QWebSocket::bytesToWrite(),
    plus over TLS what is encrypted but not sent, plus what waits for the socket to open.
    Backpressure compares it with QBiMuxSettings::highWaterMark(). Read it in the
    muxer's thread; isCongested() may be read from any.
*/
qint64 QBiMuxer::bytesToWrite() const
{
    return d_func()->wire.queuedBytes();
}

/*!
    Closes gracefully: from now on the muxer starts no new work (send() returns false,
    rpc() fails with QBiMux::StatusCode::Unavailable, and the peer's new requests are
    answered with Unavailable), lets the calls in flight both ways finish, and then
    closes with CloseCodeGoingAway and \a reason. If they have not finished within
    \a drainTimeout it closes anyway; what is still in flight then ends as on any close.
    Thread-safe.
*/
void QBiMuxer::shutdown(std::chrono::milliseconds drainTimeout, const QString &reason)
{
    Q_D(QBiMuxer);
    d->link->post([drainTimeout, reason](QBiMuxerPrivate *muxer) {
        muxer->startDrain(drainTimeout, reason);
    });
}

bool QBiMuxer::isShuttingDown() const
{
    return d_func()->lifecycle.isDraining();
}

void QBiMuxerPrivate::close(QWebSocketProtocol::CloseCode code, const QString &reason)
{
    if (lifecycle.state() == QBiMuxer::State::Closed)
        return;
    // Torn down first: with nothing left to write, QWebSocket::close() reports the
    // disconnect synchronously, and the muxer would take it for the peer's doing.
    QWebSocket *webSocket = socket();
    // A disconnected() slot may have deleted the muxer, and its socket with it.
    if (teardown(code, reason.isEmpty() ? QBiMuxer::tr("closed by this side") : reason))
        webSocket->close(code, QBiMuxCloseFrame::reasonFor(reason));
}
