#include "proxyconnection.h"

#include "inspectorlogging.h"
#include "inspectorsession.h"
#include "monoclock.h"
#include "wiredecoder.h"

#include <QtCore/qdatetime.h>
#include <QtCore/qurlquery.h>
#include <QtNetwork/qnetworkrequest.h>
#include <QtWebSockets/qwebsocket.h>

namespace {
QString endpoint(const QHostAddress &address, quint16 port)
{
    return address.toString() + QLatin1Char(':') + QString::number(port);
}
} // namespace

ProxyConnection::ProxyConnection(InspectorSession *session, QWebSocket *client,
                                 const QUrl &upstream, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_client(client)
    , m_upstream(new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this))
{
    m_client->setParent(this);
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

    m_key
        = m_session->openConnection(tr("proxy → %1").arg(upstream.toDisplayString()), id,
                                    endpoint(m_client->peerAddress(), m_client->peerPort()), false);

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
    connect(m_upstream, &QWebSocket::errorOccurred, this, [this] {
#else
    connect(m_upstream, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this, [this] {
#endif
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
}

void ProxyConnection::record(QBiMux::Direction direction, const QByteArray &bytes)
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
    m_session->addFrame(std::move(frame));
}

void ProxyConnection::relay(QBiMux::Direction direction, const QByteArray &bytes)
{
    record(direction, bytes);
    if (direction == QBiMux::Direction::Incoming) {
        m_client->sendBinaryMessage(bytes);
    } else if (m_upstreamOpen) {
        m_upstream->sendBinaryMessage(bytes);
    } else {
        m_backlog.append(bytes);
    }
}

void ProxyConnection::relayText(QBiMux::Direction direction, const QString &text)
{
    // Not bimux, but relayed all the same: the proxy must not change the conversation.
    if (direction == QBiMux::Direction::Incoming)
        m_client->sendTextMessage(text);
    else if (m_upstreamOpen)
        m_upstream->sendTextMessage(text);
    else
        m_textBacklog.append(text);
}

void ProxyConnection::onUpstreamOpen()
{
    m_upstreamOpen = true;
    m_session->setConnectionOpen(m_key);
    for (const QByteArray &bytes : std::exchange(m_backlog, {}))
        m_upstream->sendBinaryMessage(bytes);
    for (const QString &text : std::exchange(m_textBacklog, {}))
        m_upstream->sendTextMessage(text);
}

void ProxyConnection::onSideClosed(QWebSocket *side)
{
    QWebSocket *other = side == m_client ? m_upstream : m_client;
    QWebSocketProtocol::CloseCode code = side->closeCode();
    QString reason = side->closeReason();
    if (side == m_upstream && !m_upstreamOpen) {
        code = QWebSocketProtocol::CloseCodeBadOperation; // 1011: the proxy could not go on
        reason = tr("upstream unreachable: %1").arg(m_upstream->errorString());
    }
    if (!m_closing) {
        m_closing = true;
        m_session->closeConnection(m_key, int(code), reason);
        if (other->state() != QAbstractSocket::UnconnectedState)
            other->close(code, reason);
    }
    // Both a socket error and disconnected() may report the same end: finish once.
    if (!m_finished && m_client->state() == QAbstractSocket::UnconnectedState
        && m_upstream->state() == QAbstractSocket::UnconnectedState) {
        m_finished = true;
        emit finished();
    }
}
