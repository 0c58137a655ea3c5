// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "composer.h"

#include "inspectorsession.h"
#include "observertap.h"
#include "proxyserver.h"

#include <QBiMuxer>
#include <QtCore/qelapsedtimer.h>
#include <QtCore/qfuturewatcher.h>

// Learns the wire number of each call: the muxer reports Started synchronously inside
// rpc() when it runs in the caller's thread, as the composer's does.
class Composer::CallNumbers : public QBiMuxObserver
{
public:
    void callEvent(QBiMuxer *, const QBiMuxCallInfo &call) override
    {
        if (call.direction == QBiMux::Direction::Outgoing
            && call.event == QBiMux::CallEvent::Started)
            lastStarted = call.number;
    }

    quint64 lastStarted = 0;
};

Composer::Composer(InspectorSession *session, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_numbers(std::make_unique<CallNumbers>())
{ }

Composer::~Composer()
{
    // The rows of its calls are nobody's to cancel now. The connection's end below forgets
    // them too, but only if the session still knows the connection (not after a reset()).
    if (m_session) {
        for (const InflightModel::Key &key : std::as_const(m_owned))
            m_session->inflight()->setOwner(key, {});
    }
    m_owned.clear();
    // The muxer calls the observers until it is gone; its signals no longer reach a
    // composer that is going.
    if (m_muxer)
        m_muxer->disconnect(this);
    delete m_muxer;
}

void Composer::open(const QUrl &url, bool recordTraffic)
{
    close();
    m_muxer = new QBiMuxer(this);
    m_muxer->setId(QStringLiteral("bimux-inspector"));
    if (recordTraffic) {
        if (!m_tap)
            m_tap = std::make_unique<ObserverTap>(m_session, tr("compose"));
        m_muxer->addObserver(m_tap.get());
    }
    m_muxer->addObserver(m_numbers.get());
    connect(m_muxer, &QBiMuxer::connected, this, [this] {
        if (m_tap)
            m_lastConnection = m_tap->connectionKey(m_muxer);
        setState(State::Connected);
        emit connectedChanged(true);
    });
    // A failed dial ends here too, with the socket's reason (connection refused, ...).
    connect(m_muxer, &QBiMuxer::disconnected, this,
            [this](QWebSocketProtocol::CloseCode code, const QString &reason) {
                const bool wasConnected = m_state == State::Connected;
                // The muxer is done: a new dial makes a new one.
                QBiMuxer *muxer = std::exchange(m_muxer, nullptr);
                muxer->disconnect(this);
                muxer->deleteLater();
                const QString why = wasConnected && code != QWebSocketProtocol::CloseCodeNormal
                    ? tr("%1 (close code %2)").arg(reason).arg(int(code))
                    : reason;
                setState(State::Disconnected, why);
                emit connectedChanged(false);
            });
    setState(State::Connecting);
    m_muxer->open(url);
}

void Composer::close()
{
    if (!m_muxer)
        return;
    QBiMuxer *muxer = std::exchange(m_muxer, nullptr);
    muxer->disconnect(this);
    muxer->close();
    delete muxer;
    setState(State::Disconnected);
    emit connectedChanged(false);
}

void Composer::setState(State state, const QString &reason)
{
    m_state = state;
    emit stateChanged(state, reason);
}

int Composer::ownConnection() const
{
    if (m_muxer && m_tap) {
        if (const int key = m_tap->connectionKey(m_muxer))
            return key;
    }
    return m_lastConnection;
}

bool Composer::isConnected() const
{
    return m_muxer && m_muxer->isConnected();
}

void Composer::setProxy(ProxyServer *proxy)
{
    m_proxy = proxy;
}

void Composer::setTarget(int proxyConnection, ProxyConnection::Side side)
{
    if (m_target == proxyConnection && m_side == side)
        return;
    m_target = proxyConnection;
    m_side = side;
    emit targetChanged();
}

ProxyConnection *Composer::targetProxyConnection() const
{
    return m_target && m_proxy ? m_proxy->connection(m_target) : nullptr;
}

bool Composer::canSend() const
{
    if (!m_target)
        return isConnected();
    const ProxyConnection *connection = targetProxyConnection();
    return connection && connection->isOpen();
}

std::optional<std::pair<int, ProxyConnection::Side>>
Composer::replayTarget(const FrameRecord &frame) const
{
    if (frame.malformed
        || (frame.flag != QBiMux::FrameFlag::Request && frame.flag != QBiMux::FrameFlag::Oneway))
        return std::nullopt;
    if (const ProxyConnection *c = m_proxy ? m_proxy->connection(frame.connection) : nullptr;
        c && c->isOpen()) {
        return std::pair {frame.connection,
                          frame.direction == QBiMux::Direction::Outgoing
                              ? ProxyConnection::Side::Upstream
                              : ProxyConnection::Side::Client};
    }
    if (isConnected() && frame.connection == ownConnection()
        && frame.direction == QBiMux::Direction::Outgoing)
        return std::pair {0, ProxyConnection::Side::Upstream};
    return std::nullopt;
}

bool Composer::send(qint32 route, const QByteArray &payload)
{
    if (m_target) {
        ProxyConnection *connection = targetProxyConnection();
        return connection && connection->injectOneway(m_side, route, payload);
    }
    return m_muxer && m_muxer->send(route, payload);
}

int Composer::rpc(qint32 route, const QByteArray &payload, std::chrono::milliseconds timeout)
{
    const int call = m_nextCall++;
    if (m_target)
        return injectRpc(call, route, payload, timeout);
    if (!m_muxer) {
        emit failed(call, int(QBiMux::StatusCode::Unavailable), tr("not connected"), 0);
        return call;
    }
    QElapsedTimer timer;
    timer.start();
    m_numbers->lastStarted = 0;
    QFuture<QByteArray> future
        = m_muxer->rpc(route, payload, QBiMuxCallOptions().setTimeout(timeout));
    m_pending.insert(call, future);
    // The request's frame is recorded by now, under the tap's connection: its row is
    // this call's to cancel.
    const int connection = m_tap ? m_tap->connectionKey(m_muxer) : 0;
    if (m_numbers->lastStarted && connection && m_session) {
        const InflightModel::Key key {connection, QBiMux::Direction::Outgoing,
                                      m_numbers->lastStarted};
        auto cancelCall = [self = QPointer<Composer>(this), call] {
            return self && self->cancel(call);
        };
        if (m_session->inflight()->setOwner(key, std::move(cancelCall)))
            m_owned.insert(call, key);
    }
    emit pendingCallsChanged();
    // A watcher rather than then()/onFailed()/onCanceled(): in Qt 6.4 a cancelled call
    // does not reach onCanceled() through a then(context) continuation.
    auto *watcher = new QFutureWatcher<QByteArray>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, call, timer] {
        watcher->deleteLater();
        forget(call);
        QFuture<QByteArray> done = watcher->future();
        try {
            // Throws the call's error first: in Qt 6 a future that failed is cancelled too.
            done.waitForFinished();
            if (done.isCanceled()) {
                emit failed(call, int(QBiMux::StatusCode::Cancelled), tr("cancelled"),
                            timer.elapsed());
                return;
            }
            emit replied(call, done.result(), timer.elapsed());
        } catch (const QBiMuxError &error) {
            emit failed(call, int(error.code()), error.message(), timer.elapsed());
        }
    });
    watcher->setFuture(future);
    return call;
}

int Composer::injectRpc(int call, qint32 route, const QByteArray &payload,
                        std::chrono::milliseconds timeout)
{
    ProxyConnection *connection = targetProxyConnection();
    const quint64 number = connection ? connection->injectRpc(m_side, route, payload, timeout) : 0;
    if (!number) {
        emit failed(call, int(QBiMux::StatusCode::Unavailable),
                    tr("the proxied connection is not open"), 0);
        return call;
    }
    // A member slot, so that one connection per ProxyConnection suffices.
    connect(connection, &ProxyConnection::injectedCallEnded, this, &Composer::onInjectedCallEnded,
            Qt::UniqueConnection);
    Injected injected {connection, number, QElapsedTimer()};
    injected.elapsed.start();
    m_injected.insert(call, injected);
    emit pendingCallsChanged();
    return call;
}

void Composer::onInjectedCallEnded(quint64 number, QBiMux::StatusCode code, const QByteArray &reply,
                                   const QString &message, qint64 elapsedMs)
{
    const auto *connection = qobject_cast<ProxyConnection *>(sender());
    int call = 0;
    for (auto it = m_injected.cbegin(); it != m_injected.cend(); ++it) {
        if (it->connection == connection && it->number == number) {
            call = it.key();
            break;
        }
    }
    if (!call)
        return; // injected by someone else
    forget(call);
    if (code == QBiMux::StatusCode::Ok)
        emit replied(call, reply, elapsedMs);
    else
        emit failed(call, int(code), message, elapsedMs);
}

QList<int> Composer::pendingCalls() const
{
    return m_pending.keys() + m_injected.keys();
}

void Composer::forget(int call)
{
    if (const auto owned = m_owned.constFind(call); owned != m_owned.cend()) {
        if (m_session)
            m_session->inflight()->setOwner(*owned, {});
        m_owned.erase(owned);
    }
    if (m_pending.remove(call) || m_injected.remove(call))
        emit pendingCallsChanged();
}

bool Composer::cancel(int call)
{
    if (const auto injected = m_injected.constFind(call); injected != m_injected.cend()) {
        if (ProxyConnection *connection = injected->connection)
            return connection->cancelInjected(injected->number);
        // The connection went without ending the call here: nothing else will.
        const qint64 elapsedMs = injected->elapsed.elapsed();
        forget(call);
        emit failed(call, int(QBiMux::StatusCode::Unavailable),
                    tr("disconnected: the proxied connection is gone"), elapsedMs);
        return true;
    }
    // Only a future that has not finished: cancelling a finished one that has
    // continuations can crash in Qt 6.4 (docs/reliability.md). A finished one ended
    // already; failed() or replied() is on its way.
    const auto pending = m_pending.constFind(call);
    if (pending == m_pending.cend() || pending->isFinished())
        return false;
    QFuture<QByteArray>(*pending).cancel();
    return true;
}

void Composer::cancelAll()
{
    const QList<int> calls = pendingCalls();
    for (int call : calls)
        cancel(call);
}
