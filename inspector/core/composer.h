// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef COMPOSER_H
#define COMPOSER_H

#include "inflightmodel.h"
#include "proxyconnection.h"

#include <QtCore/qelapsedtimer.h>
#include <QtCore/qfuture.h>
#include <QtCore/qhash.h>
#include <QtCore/qobject.h>
#include <QtCore/qpointer.h>
#include <QtCore/qurl.h>

#include <chrono>
#include <memory>
#include <optional>

class InspectorSession;
class ObserverTap;
class ProxyServer;
class QBiMuxer;

// The inspector as a peer. Its target is either its own QBiMuxer client, which dials a
// URL (a server, or the inspector's own proxy), or one of the proxy's connections, into
// which it injects frames toward the server or the client (ProxyConnection). It sends
// the oneway messages and calls the user composes; the answers come back numbered by
// the composer's own call numbers, whichever the target.
// Its own traffic goes into the session unless it dials the proxy, which records it.
class Composer : public QObject
{
    Q_OBJECT

public:
    // The own connection's: dialing, up, or neither (never dialed, hung up, or lost).
    enum class State { Disconnected, Connecting, Connected };
    Q_ENUM(State)

    explicit Composer(InspectorSession *session, QObject *parent = nullptr);
    ~Composer() override;

    // Dials `url`, hanging up any previous connection. `recordTraffic`: feed the
    // session from this muxer (off when the URL is the proxy's, which records already).
    void open(const QUrl &url, bool recordTraffic = true);
    void close();
    bool isConnected() const;
    State state() const { return m_state; }
    // The session's key of the own connection's latest muxer, 0 if none.
    int ownConnection() const;
    QBiMuxer *muxer() const { return m_muxer; }
    InspectorSession *session() const { return m_session; }

    // The proxy whose connections can be targets; nullptr for none.
    void setProxy(ProxyServer *proxy);
    ProxyServer *proxy() const { return m_proxy; }
    // Where send() and rpc() go: 0 for the composer's own muxer, else the session key
    // of one of the proxy's connections and the peer to inject toward.
    void setTarget(int proxyConnection,
                   ProxyConnection::Side side = ProxyConnection::Side::Upstream);
    int targetConnection() const { return m_target; }
    ProxyConnection::Side targetSide() const { return m_side; }
    // The target can take a frame now.
    bool canSend() const;
    // Where `frame` can be sent again: the proxied connection it was seen on, toward the
    // peer it went to, or the own connection (0) for a frame the own muxer sent; nothing
    // for responses, cancels, malformed frames and connections that are gone.
    std::optional<std::pair<int, ProxyConnection::Side>>
    replayTarget(const FrameRecord &frame) const;

    bool send(qint32 route, const QByteArray &payload);
    // The answer comes as replied() or failed(), with the number given back here.
    int rpc(qint32 route, const QByteArray &payload, std::chrono::milliseconds timeout);
    // The calls the inspector made that are still in flight; cancelling one tells the
    // peer (a cancel frame) and ends it with failed(call, Cancelled, ...), or with
    // failed(call, Unavailable, ...) if its proxied connection is gone. False if the call
    // had ended already (its failed() or replied() may still be on the way).
    QList<int> pendingCalls() const;
    bool cancel(int call);
    void cancelAll();

Q_SIGNALS:
    void connectedChanged(bool connected);
    // `reason` says why a dial failed or a connection ended (the socket's error, the
    // peer's close reason), empty when the user hung up or all is well.
    void stateChanged(Composer::State state, const QString &reason);
    void targetChanged();
    void replied(int call, const QByteArray &reply, qint64 elapsedMs);
    void failed(int call, int code, const QString &message, qint64 elapsedMs);
    void pendingCallsChanged();

private:
    class CallNumbers;
    struct Injected
    {
        QPointer<ProxyConnection> connection;
        quint64 number = 0;
        QElapsedTimer elapsed;
    };

    ProxyConnection *targetProxyConnection() const;
    int injectRpc(int call, qint32 route, const QByteArray &payload,
                  std::chrono::milliseconds timeout);
    void onInjectedCallEnded(quint64 number, QBiMux::StatusCode code, const QByteArray &reply,
                             const QString &message, qint64 elapsedMs);
    void forget(int call);
    void setState(State state, const QString &reason = QString());

    QPointer<InspectorSession> m_session;
    QBiMuxer *m_muxer = nullptr;
    State m_state = State::Disconnected;
    int m_lastConnection = 0;
    std::unique_ptr<ObserverTap> m_tap;
    std::unique_ptr<CallNumbers> m_numbers;
    QPointer<ProxyServer> m_proxy;
    int m_target = 0;
    ProxyConnection::Side m_side = ProxyConnection::Side::Upstream;
    int m_nextCall = 1;
    QHash<int, QFuture<QByteArray>> m_pending;
    // Calls of the own muxer whose in-flight row the composer owns.
    QHash<int, InflightModel::Key> m_owned;
    QHash<int, Injected> m_injected;
};

#endif // COMPOSER_H
