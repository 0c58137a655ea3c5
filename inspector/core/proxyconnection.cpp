// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "proxyconnection.h"

#include "delayline.h"
#include "faultinjector.h"
#include "inspectorlogging.h"
#include "inspectorsession.h"
#include "monoclock.h"
#include "wiredecoder.h"

#include <qbimuxcloseframe_p.h>

#include <QtCore/qdatetime.h>
#include <QtCore/qrandom.h>
#include <QtCore/qtimer.h>
#include <QtCore/qurlquery.h>
#include <QtNetwork/qnetworkrequest.h>
#include <QtWebSockets/qwebsocket.h>

#include <limits>

namespace {
constexpr qint64 ReadBufferSize = 512 * 1024;

QString endpoint(const QHostAddress &address, quint16 port)
{
    return address.toString() + QLatin1Char(':') + QString::number(port);
}
} // namespace

ProxyConnection::ProxyConnection(InspectorSession *session, QWebSocket *client,
                                 const QUrl &upstream, QObject *parent, FaultInjector *faults)
    : QObject(parent)
    , m_session(session)
    , m_faults(faults)
    , m_client(client)
    , m_upstream(new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this))
    , m_firstInjected(InjectedNumberBase
                      + QRandomGenerator::global()->generate() * InjectedRangeSize)
    , m_nextInjected(m_firstInjected)
    , m_toUpstream(new DelayLine(
          [this](const DelayLine::Message &m) {
              deliver(QBiMux::Direction::Outgoing, m.binary, m.text, m.isText);
          },
          this))
    , m_toClient(new DelayLine(
          [this](const DelayLine::Message &m) {
              deliver(QBiMux::Direction::Incoming, m.binary, m.text, m.isText);
          },
          this))
{
    m_client->setParent(this);
    // Bounded work a turn of the event loop: what a peer sends faster than the inspector
    // decodes waits in the kernel (and slows the peer, as TCP does), not in a buffer the
    // inspector works through while the window waits.
    m_client->setReadBufferSize(ReadBufferSize);
    m_upstream->setReadBufferSize(ReadBufferSize);
    // The id the client announced (docs/protocol.md), passed on and shown.
    const QNetworkRequest clientRequest = m_client->request();
    const QByteArray headerId = clientRequest.rawHeader("X-BiMux-Id");
    const QUrl clientUrl = m_client->requestUrl();
    QString id = QString::fromUtf8(headerId);
    if (id.isEmpty())
        id = QUrlQuery(clientUrl).queryItemValue(QStringLiteral("id"));

    QUrl target = upstream;
    if (!target.hasQuery() && clientUrl.hasQuery())
        target.setQuery(clientUrl.query());
    QNetworkRequest request(target);
    if (!headerId.isEmpty())
        request.setRawHeader("X-BiMux-Id", headerId);

    if (m_session) {
        m_key = m_session->openConnection(tr("proxy → %1").arg(upstream.toDisplayString()), id,
                                          endpoint(m_client->peerAddress(), m_client->peerPort()),
                                          false);
        recordSockets();
    }

    connect(m_client, &QWebSocket::binaryMessageReceived, this,
            [this](const QByteArray &bytes) { relay(QBiMux::Direction::Outgoing, bytes); });
    connect(m_client, &QWebSocket::textMessageReceived, this,
            [this](const QString &text) { relayText(QBiMux::Direction::Outgoing, text); });
    connect(m_upstream, &QWebSocket::binaryMessageReceived, this,
            [this](const QByteArray &bytes) { relay(QBiMux::Direction::Incoming, bytes); });
    connect(m_upstream, &QWebSocket::textMessageReceived, this,
            [this](const QString &text) { relayText(QBiMux::Direction::Incoming, text); });
    connect(m_upstream, &QWebSocket::connected, this, [this] { onUpstreamOpen(); });
    connect(m_client, &QWebSocket::disconnected, this, [this] { onSideClosed(m_client); });
    connect(m_upstream, &QWebSocket::disconnected, this, [this] { onSideClosed(m_upstream); });
    // A dial that fails never says disconnected().
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
    constexpr auto errorSignal = &QWebSocket::errorOccurred;
#else
    const auto errorSignal = qOverload<QAbstractSocket::SocketError>(&QWebSocket::error);
#endif
    connect(m_upstream, errorSignal, this, [this] {
        if (!m_upstreamOpen && m_upstream->state() == QAbstractSocket::UnconnectedState)
            onSideClosed(m_upstream);
    });
    qCDebug(lcProxy) << "relaying" << m_client->peerAddress() << "to" << target;
    m_upstream->open(request);
}

ProxyConnection::~ProxyConnection()
{
    m_client->disconnect(this);
    m_upstream->disconnect(this);
    // The proxy stopped: both sockets go with this object.
    if (!m_closing && m_session) {
        m_session->closeConnection(m_key, int(QWebSocketProtocol::CloseCodeGoingAway),
                                   tr("proxy stopped"));
    }
    endAllInjected(tr("disconnected: the proxy stopped"));
}

bool ProxyConnection::isOpen() const
{
    return m_upstreamOpen && !m_closing && m_session;
}

FrameRecord ProxyConnection::decode(QBiMux::Direction direction, const QByteArray &bytes) const
{
    FrameRecord frame;
    frame.connection = m_key;
    frame.direction = direction;
    frame.timestampMs = QDateTime::currentMSecsSinceEpoch();
    frame.monoNs = MonoClock::nsecs();
    QString error;
    if (!WireDecoder::decode(bytes, &frame, &error)) {
        frame = FrameRecord {};
        frame.connection = m_key;
        frame.direction = direction;
        frame.timestampMs = QDateTime::currentMSecsSinceEpoch();
        frame.monoNs = MonoClock::nsecs();
        frame.malformed = true;
        frame.errorMessage = error;
        frame.payload = bytes;
        frame.payloadSize = bytes.size();
        frame.wireSize = bytes.size();
    }
    return frame;
}

bool ProxyConnection::isForInspector(const FrameRecord &frame) const
{
    // A response to a number this connection injected, also to a call that ended here
    // already (a timeout or cancel that crossed the answer): the other peer never sent
    // that number. Other numbers of the range are relayed: another injector (a proxy in
    // front of this one) may have sent them.
    return !frame.malformed && frame.flag == QBiMux::FrameFlag::Response
        && frame.number >= m_firstInjected && frame.number < m_nextInjected;
}

void ProxyConnection::relay(QBiMux::Direction direction, const QByteArray &bytes)
{
    FrameRecord frame = decode(direction, bytes);
    if (isForInspector(frame)) {
        frame.injected = true;
        onInjectedAnswer(frame);
        if (m_session)
            m_session->addFrame(std::move(frame));
        return; // not relayed
    }
    FaultInjector::Decision fault;
    if (m_faults && !m_closing)
        fault = m_faults->decide(frame);
    QByteArray out = bytes;
    if ((fault.faults & FrameRecord::Corrupted) && !frame.malformed && !frame.payload.isEmpty()) {
        // Bits flipped in the payload, the frame itself intact: the peer reads a valid
        // frame with wrong data, as after a bug on the way.
        FrameRecord damaged = frame;
        for (qsizetype i = 0; i < damaged.payload.size(); i += 16)
            damaged.payload[i] = char(~uchar(damaged.payload.at(i)));
        out = WireDecoder::encode(damaged);
    } else {
        fault.faults &= ~FrameRecord::Corrupted;
    }
    DelayLine *line = direction == QBiMux::Direction::Incoming ? m_toClient : m_toUpstream;
    if (fault.delayMs && line->queuedBytes() + bytes.size() > MaxDelayedBytes) {
        fault.faults = FrameRecord::Dropped;
        fault.delayMs = 0;
    }
    frame.faults = fault.faults;
    frame.faultDelayMs = fault.delayMs;
    // Without a session (it went first) the proxy still relays, unrecorded.
    if (m_session)
        m_session->addFrame(std::move(frame));
    if (fault.faults & FrameRecord::Cut) {
        cut(tr("link cut by fault injection"));
        return;
    }
    if (fault.faults & FrameRecord::Dropped)
        return;
    line->push({out, QString(), false}, fault.delayMs);
}

void ProxyConnection::relayText(QBiMux::Direction direction, const QString &text)
{
    // Not bimux, but relayed all the same, in order with the frames around it: the proxy
    // must not change the conversation.
    DelayLine *line = direction == QBiMux::Direction::Incoming ? m_toClient : m_toUpstream;
    line->push({QByteArray(), text, true}, 0);
}

void ProxyConnection::deliver(QBiMux::Direction direction, const QByteArray &bytes,
                              const QString &text, bool isText)
{
    if (direction == QBiMux::Direction::Incoming) {
        if (isText)
            m_client->sendTextMessage(text);
        else
            m_client->sendBinaryMessage(bytes);
    } else if (m_upstreamOpen) {
        if (isText)
            m_upstream->sendTextMessage(text);
        else
            m_upstream->sendBinaryMessage(bytes);
    } else if (isText) {
        m_textBacklog.append(text);
    } else {
        m_backlog.append(bytes);
    }
}

int ProxyConnection::delayedCount() const
{
    return m_toUpstream->size() + m_toClient->size();
}

void ProxyConnection::cut(const QString &reason)
{
    if (m_closing)
        return;
    m_closing = true;
    m_toUpstream->clear();
    m_toClient->clear();
    if (m_session)
        m_session->closeConnection(m_key, int(QWebSocketProtocol::CloseCodeAbnormalDisconnection),
                                   reason);
    endAllInjected(tr("disconnected: %1").arg(reason));
    emit openChanged();
    m_client->abort();
    m_upstream->abort();
    maybeFinish();
}

void ProxyConnection::recordSockets()
{
    if (!m_session)
        return;
    QList<ConnectionRecord::Endpoints> sockets;
    sockets.append({endpoint(m_client->localAddress(), m_client->localPort()),
                    endpoint(m_client->peerAddress(), m_client->peerPort())});
    if (m_upstreamOpen) {
        sockets.append({endpoint(m_upstream->localAddress(), m_upstream->localPort()),
                        endpoint(m_upstream->peerAddress(), m_upstream->peerPort())});
    }
    m_session->setConnectionSockets(m_key, sockets);
}

void ProxyConnection::onUpstreamOpen()
{
    m_upstreamOpen = true;
    // The session may have gone first (see relay()).
    if (m_session) {
        m_session->setConnectionOpen(m_key);
        recordSockets();
    }
    for (const QByteArray &bytes : std::exchange(m_backlog, {}))
        m_upstream->sendBinaryMessage(bytes);
    for (const QString &text : std::exchange(m_textBacklog, {}))
        m_upstream->sendTextMessage(text);
    emit openChanged();
}

quint64 ProxyConnection::inject(Side side, QBiMux::FrameFlag flag, quint64 number, qint32 route,
                                const QByteArray &payload, quint32 timeoutMs)
{
    FrameRecord frame;
    frame.connection = m_key;
    // As if the peer the inspector stands in for had sent it.
    frame.direction
        = side == Side::Upstream ? QBiMux::Direction::Outgoing : QBiMux::Direction::Incoming;
    frame.flag = flag;
    frame.number = number;
    frame.route = route;
    frame.payload = payload;
    frame.payloadSize = payload.size();
    frame.timeoutMs = timeoutMs;
    frame.injected = true;
    const QByteArray bytes = WireDecoder::encode(frame);
    frame.wireSize = bytes.size();
    frame.timestampMs = QDateTime::currentMSecsSinceEpoch();
    frame.monoNs = MonoClock::nsecs();
    if (m_session)
        m_session->addFrame(std::move(frame));
    (side == Side::Upstream ? m_upstream : m_client)->sendBinaryMessage(bytes);
    return number;
}

bool ProxyConnection::injectOneway(Side side, qint32 route, const QByteArray &payload)
{
    if (!isOpen())
        return false;
    // Oneways share the counter with requests, as in bimux.
    inject(side, QBiMux::FrameFlag::Oneway, m_nextInjected++, route, payload, 0);
    return true;
}

quint64 ProxyConnection::injectRpc(Side side, qint32 route, const QByteArray &payload,
                                   std::chrono::milliseconds timeout)
{
    if (!isOpen())
        return 0;
    const quint64 number = m_nextInjected++;
    InjectedCall call {side, route, QElapsedTimer()};
    call.elapsed.start();
    m_injected.insert(number, call);
    const quint32 timeoutMs
        = timeout.count() > 0 ? quint32(qMin<qint64>(timeout.count(), UINT32_MAX)) : 0;
    inject(side, QBiMux::FrameFlag::Request, number, route, payload, timeoutMs);
    // The request is an in-flight row now: it is the inspector's to cancel.
    const InflightModel::Key key {
        m_key, side == Side::Upstream ? QBiMux::Direction::Outgoing : QBiMux::Direction::Incoming,
        number};
    if (m_session) {
        m_session->inflight()->setOwner(key, [self = QPointer<ProxyConnection>(this), number] {
            return self && self->cancelInjected(number);
        });
    }
    if (timeoutMs) {
        // QTimer (Qt 6.4) takes int milliseconds and would wrap a longer timeout: about
        // 24.8 days at most, where timeout_ms says up to 49.7.
        const auto timer
            = qMin(timeout, std::chrono::milliseconds(std::numeric_limits<int>::max()));
        QTimer::singleShot(timer, this, [this, number] {
            const auto it = m_injected.constFind(number);
            if (it == m_injected.cend())
                return; // ended already
            // As the library does: tell the callee it may stop, then end the call.
            if (isOpen())
                inject(it->side, QBiMux::FrameFlag::Cancel, number, it->route, {}, 0);
            endInjected(number, QBiMux::StatusCode::DeadlineExceeded, {}, tr("timed out"));
        });
    }
    return number;
}

bool ProxyConnection::cancelInjected(quint64 number)
{
    const auto it = m_injected.constFind(number);
    if (it == m_injected.cend())
        return false;
    if (isOpen())
        inject(it->side, QBiMux::FrameFlag::Cancel, number, it->route, {}, 0);
    endInjected(number, QBiMux::StatusCode::Cancelled, {}, tr("cancelled"));
    return true;
}

void ProxyConnection::onInjectedAnswer(const FrameRecord &frame)
{
    // An answer comes from the peer the call went to, against the request's direction.
    const auto it = m_injected.constFind(frame.number);
    const Side from
        = frame.direction == QBiMux::Direction::Incoming ? Side::Upstream : Side::Client;
    if (it == m_injected.cend() || it->side != from) {
        qCDebug(lcProxy) << "keeping back a late answer to injected call" << frame.number;
        return;
    }
    endInjected(frame.number, frame.status, frame.payload, frame.errorMessage);
}

void ProxyConnection::endInjected(quint64 number, QBiMux::StatusCode code, const QByteArray &reply,
                                  const QString &message)
{
    const auto it = m_injected.constFind(number);
    if (it == m_injected.cend())
        return; // each call ends once
    const qint64 elapsedMs = it->elapsed.elapsed();
    m_injected.erase(it);
    emit injectedCallEnded(number, code, reply, message, elapsedMs);
}

void ProxyConnection::endAllInjected(const QString &message)
{
    const QList<quint64> numbers = m_injected.keys();
    for (quint64 number : numbers)
        endInjected(number, QBiMux::StatusCode::Unavailable, {}, message);
}

void ProxyConnection::onSideClosed(QWebSocket *side)
{
    QWebSocket *other = side == m_client ? m_upstream : m_client;
    // The code as the peer sent it, for the Connections table; an application's code
    // (3000-4999) reaches the other peer as a normal close, the only way QWebSocket::close()
    // can send it (QBiMuxCloseFrame, as the library reads close frames).
    int code = QBiMuxCloseFrame::sentCode(*side);
    QString reason = side->closeReason();
    if (side == m_upstream && !m_upstreamOpen) {
        code = QWebSocketProtocol::CloseCodeBadOperation; // 1011: the proxy could not go on
        reason = tr("upstream unreachable: %1").arg(m_upstream->errorString());
    }
    if (!m_closing) {
        m_closing = true;
        if (m_session)
            m_session->closeConnection(m_key, code, reason);
        // What was on its way to the other peer arrives before the close, as it would.
        (other == m_client ? m_toClient : m_toUpstream)->flush();
        (side == m_client ? m_toClient : m_toUpstream)->clear();
        // The reason of a failed dial (Qt's error text, translated) may be longer than a
        // close frame holds.
        if (other->state() != QAbstractSocket::UnconnectedState)
            other->close(QBiMuxCloseFrame::closeCodeFor(code), QBiMuxCloseFrame::reasonFor(reason));
        endAllInjected(tr("disconnected"));
        emit openChanged();
    }
    maybeFinish();
}

void ProxyConnection::maybeFinish()
{
    // Both a socket error and disconnected() may report the same end: finish once.
    if (!m_finished && m_client->state() == QAbstractSocket::UnconnectedState
        && m_upstream->state() == QAbstractSocket::UnconnectedState) {
        m_finished = true;
        emit finished();
    }
}
