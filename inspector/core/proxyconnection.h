// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef PROXYCONNECTION_H
#define PROXYCONNECTION_H

#include "framerecord.h"

#include <QtCore/qelapsedtimer.h>
#include <QtCore/qhash.h>
#include <QtCore/qobject.h>
#include <QtCore/qpointer.h>
#include <QtCore/qurl.h>

#include <chrono>

class DelayLine;
class FaultInjector;
class InspectorSession;
QT_BEGIN_NAMESPACE
class QWebSocket;
QT_END_NAMESPACE

// One relayed connection: the client's socket (accepted by the proxy) and the socket the
// proxy dials upstream for it. What the client sends before the upstream is open waits.
// When one side closes, the other is closed with the same code and reason. The session
// may go before the connection: it then relays on, unrecorded, and takes no injections.
//
// The inspector can also inject its own frames into the conversation, toward either
// peer: a oneway message, or a call whose answer the proxy takes out of the stream
// instead of relaying it (the other peer never asked). Injected frames carry numbers
// from InjectedNumberBase up, which real peers never reach (see there); each connection
// has a range of its own there (firstInjectedNumber()).
//
// With a FaultInjector, the peers' frames may be delayed (in order), dropped, have their
// payload corrupted, or the link cut (both sockets aborted, as a network failure would);
// each frame is recorded with what was done to it. The inspector's own frames pass.
class ProxyConnection : public QObject
{
    Q_OBJECT

public:
    // Which peer an injected frame goes to. Toward Upstream the inspector acts as the
    // client (its frames are "out"); toward Client it acts as the server ("in").
    enum class Side { Upstream, Client };
    Q_ENUM(Side)

    // Numbers of injected frames start here, 2^62. Each bimux peer numbers its own
    // requests and oneways from 1 with one counter (docs/protocol.md), so a real peer
    // would need 2^62 frames on one connection to get here: the injected numbers never
    // collide with a number the peer uses for a request of its own still in flight (a
    // protocol error for the callee). It also makes an answer easy to tell apart: a
    // response to a number this connection injected answers the inspector, never the
    // other peer, which would take it for an answer to a number it never sent (a protocol
    // error too), so the proxy keeps all of them, late ones included. Responses to other
    // numbers of the range are relayed: another injector may have sent those.
    static constexpr quint64 InjectedNumberBase = quint64(1) << 62;
    // Each connection numbers its injected frames from a random multiple of this above
    // the base, so that two inspector proxies in a chain, which both inject on the same
    // link, use different numbers: a range of 2^24 frames each, one of 2^32 ranges.
    static constexpr quint64 InjectedRangeSize = quint64(1) << 24;
    // What injected latency may hold back, each direction: beyond it frames are dropped
    // (and marked so), as a full buffer on a slow link would lose them.
    static constexpr qint64 MaxDelayedBytes = 32 * 1024 * 1024;

    ProxyConnection(InspectorSession *session, QWebSocket *client, const QUrl &upstream,
                    QObject *parent = nullptr, FaultInjector *faults = nullptr);
    ~ProxyConnection() override;

    int key() const { return m_key; }
    // Both sockets are open: frames can be injected.
    bool isOpen() const;

    // Sends a oneway message to `side`'s peer; false when the connection is not open.
    bool injectOneway(Side side, qint32 route, const QByteArray &payload);
    // Calls `route` on `side`'s peer and returns the request's number (0 when the
    // connection is not open). The call ends exactly once with injectedCallEnded(): the
    // answer, a timeout (`timeout` > 0: it also goes in the request's timeout_ms, and a
    // cancel frame is sent when it passes, as the library does), a cancel, or the
    // connection's end.
    quint64 injectRpc(Side side, qint32 route, const QByteArray &payload,
                      std::chrono::milliseconds timeout);
    // Sends a cancel frame for injected call `number` and ends it as Cancelled; a late
    // answer is still kept from the other peer. False if the call is not in flight.
    bool cancelInjected(quint64 number);
    QList<quint64> injectedCalls() const { return m_injected.keys(); }
    // The number of this connection's first injected frame.
    quint64 firstInjectedNumber() const { return m_firstInjected; }

    // Aborts both sockets without a close handshake, as a broken network would: the peers
    // see an abnormal closure (1006). Recorded with that code.
    void cut(const QString &reason);
    // Frames held back by injected latency, both directions.
    int delayedCount() const;

Q_SIGNALS:
    // Both sockets are closed; the proxy deletes the connection.
    void finished();
    // isOpen() changed: both sockets opened, or one began to close.
    void openChanged();
    // Injected call `number` ended: `code` Ok with the `reply`, or an error and `message`
    // (the peer's error, DeadlineExceeded, Cancelled, or Unavailable "disconnected").
    void injectedCallEnded(quint64 number, QBiMux::StatusCode code, const QByteArray &reply,
                           const QString &message, qint64 elapsedMs);

private:
    struct InjectedCall
    {
        Side side;
        qint32 route;
        QElapsedTimer elapsed;
    };

    void relay(QBiMux::Direction direction, const QByteArray &bytes);
    void deliver(QBiMux::Direction direction, const QByteArray &bytes, const QString &text,
                 bool isText);
    void maybeFinish();
    void recordSockets();
    void relayText(QBiMux::Direction direction, const QString &text);
    FrameRecord decode(QBiMux::Direction direction, const QByteArray &bytes) const;
    bool isForInspector(const FrameRecord &frame) const;
    void onInjectedAnswer(const FrameRecord &frame);
    quint64 inject(Side side, QBiMux::FrameFlag flag, quint64 number, qint32 route,
                   const QByteArray &payload, quint32 timeoutMs);
    void endInjected(quint64 number, QBiMux::StatusCode code, const QByteArray &reply,
                     const QString &message);
    void endAllInjected(const QString &message);
    void onUpstreamOpen();
    void onSideClosed(QWebSocket *side);

    QPointer<InspectorSession> m_session;
    QPointer<FaultInjector> m_faults;
    QWebSocket *m_client;
    QWebSocket *m_upstream;
    int m_key = 0;
    bool m_upstreamOpen = false;
    bool m_closing = false;
    bool m_finished = false;
    QList<QByteArray> m_backlog;
    QList<QString> m_textBacklog;
    const quint64 m_firstInjected;
    quint64 m_nextInjected;
    QHash<quint64, InjectedCall> m_injected;
    // Toward the upstream (out) and toward the client (in).
    DelayLine *m_toUpstream;
    DelayLine *m_toClient;
};

#endif // PROXYCONNECTION_H
