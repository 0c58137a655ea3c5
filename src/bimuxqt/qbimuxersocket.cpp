// QBiMuxerPrivate's side of its QWebSocket: what the muxer lets the socket read from the
// peer, and the write queue, whose size bounds what a peer that does not read can make
// the muxer hold (docs/reliability.md, "Memory per connection").

#include "qbimuxer_p.h"

#include "qbimuxlogging_p.h"

#include <QtCore/qmetaobject.h>
#include <QtWebSockets/qwebsocket.h>
#ifndef QT_NO_SSL
#include <QtNetwork/qsslsocket.h>
#endif

namespace {
// The longest WebSocket frame header: 2 bytes, an 8-byte length, a 4-byte mask.
constexpr qint64 MaxFrameHeaderSize = 14;
} // namespace

void QBiMuxerPrivate::attach(QWebSocket *webSocket)
{
    Q_Q(QBiMuxer);
    Q_ASSERT(webSocket->thread() == q->thread());
    socket = webSocket;
    socket->setParent(q);

    QObject::connect(socket, &QWebSocket::connected, q, [this] { onSocketConnected(); });
    QObject::connect(socket, &QWebSocket::disconnected, q, [this] { onSocketDisconnected(); });
    // Before onSocketError(), which may end the dial. QWebSocket::error() tells the
    // transport's error, not the one a refused handshake is reported with.
    const auto noteDialError = [this](QAbstractSocket::SocketError error) {
        if (dialTrace && state == QBiMuxer::State::Opening)
            dialTrace->noteSocketError(error, socket->errorString());
    };
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
    QObject::connect(socket, &QWebSocket::errorOccurred, q, noteDialError);
    QObject::connect(socket, &QWebSocket::errorOccurred, q, [this] { onSocketError(); });
#else
    QObject::connect(socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), q,
                     noteDialError);
    QObject::connect(socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), q,
                     [this] { onSocketError(); });
#endif
#ifndef QT_NO_SSL
    QObject::connect(socket, &QWebSocket::sslErrors, q, [this](const QList<QSslError> &errors) {
        if (dialTrace)
            dialTrace->noteSslErrors(errors);
    });
#endif
    QObject::connect(socket, &QWebSocket::binaryMessageReceived, q,
                     [this](const QByteArray &bytes) { onBinaryMessage(bytes); });
    QObject::connect(socket, &QWebSocket::pong, q, [this](quint64, const QByteArray &payload) {
        heartbeat.noteActivity();
        streams.pongReceived(payload);
    });
    QObject::connect(socket, &QWebSocket::textMessageReceived, q, [this](const QString &text) {
        protocolError(QBiMuxer::tr("text message of %n character(s) received; bimux frames are "
                                   "binary messages",
                                   nullptr, int(text.size())));
    });
    // Fires for every socket, also one from the application's own QWebSocketServer, and
    // under TLS when encrypted bytes leave.
    QObject::connect(socket, &QWebSocket::bytesWritten, q, [this] {
        updateFlowControl();
        streams.linkWritable();
    });

    state = socket->state() == QAbstractSocket::ConnectedState ? QBiMuxer::State::Open
                                                               : QBiMuxer::State::Opening;
    applyIncomingLimits();
    if (state == QBiMuxer::State::Open) {
        findTransport();
        heartbeat.start();
        streams.linkOpened();
    }
}

void QBiMuxerPrivate::applyIncomingLimits()
{
    const qint64 maxMessage = maxMessageSize.load();
    socket->setMaxAllowedIncomingMessageSize(quint64(maxMessage));
    // Qt checks the message size only once it has a whole frame, and buffers a frame of up
    // to 2 GiB for that; with the frame limit it refuses a larger frame by its header.
    socket->setMaxAllowedIncomingFrameSize(quint64(maxMessage));
    // Qt otherwise takes whatever the kernel has received in one read (tens of MiB with
    // receive-buffer autotuning). One frame at most per read keeps what Qt buffers, and
    // the pongs it writes for the pings of one read, within a message's size; a frame of
    // the largest size still fits, so nothing waits for room that never comes. Only once
    // open: QWebSocket reads the HTTP handshake line by line, and a small maximum message
    // size must not leave a long header line without room.
    if (state == QBiMuxer::State::Open)
        socket->setReadBufferSize(maxMessage + MaxFrameHeaderSize);
}

void QBiMuxerPrivate::findTransport()
{
    // QWebSocket keeps the transport it dials with as a child; one it was handed by a
    // QWebSocketServer is not, and QBiMuxServer passes that one in with setTransport().
    if (!transport)
        setTransport(socket->findChild<QAbstractSocket *>());
}

void QBiMuxerPrivate::setTransport(QAbstractSocket *abstractSocket)
{
    if (!abstractSocket || transport == abstractSocket)
        return;
    transport = abstractSocket;
#ifndef QT_NO_SSL
    tlsTransport = qobject_cast<QSslSocket *>(abstractSocket);
#endif
    // Connected after QWebSocket's own slot, which handles what was read (and answers its
    // pings) first.
    QObject::connect(transport, &QIODevice::readyRead, q_func(), [this] { onTransportRead(); });
}

qint64 QBiMuxerPrivate::queuedBytes() const
{
    qint64 queued = backlogBytes + socket->bytesToWrite();
#ifndef QT_NO_SSL
    // QWebSocket counts only what TLS has yet to encrypt; what it has encrypted waits in
    // the socket underneath.
    if (tlsTransport && transport)
        queued += tlsTransport->encryptedBytesToWrite();
#endif
    return queued;
}

void QBiMuxerPrivate::onTransportRead()
{
    // QWebSocket answers each ping with a pong it writes itself, without a word to the
    // muxer, and bytesWritten() stops once the peer's receive window is shut: a peer that
    // never reads and floods pings grows the queue unseen. Checked after every read, the
    // queue passes the hard limit by one read's pongs at most (applyIncomingLimits()).
    updateFlowControl();
    if (overflowPending)
        dropStalledPeer(); // from the event loop: no code of the muxer's is under way
}

void QBiMuxerPrivate::write(const QByteArray &bytes)
{
    // Once the peer is known to have stopped reading nothing more is queued for it, so
    // that frames still being handled (a burst read in one go) add nothing.
    if (overflowPending)
        return;
    const qint64 queued = queuedBytes();
    if (Q_UNLIKELY(queued + bytes.size() > flowControl.hardLimit(maxMessageSize))) {
        onPeerStoppedReading(queued);
        return;
    }
    if (state == QBiMuxer::State::Opening) {
        backlog.append(bytes);
        backlogBytes += bytes.size();
    } else if (state == QBiMuxer::State::Open) {
        socket->sendBinaryMessage(bytes);
    } else {
        return;
    }
    updateFlowControl();
}

void QBiMuxerPrivate::writeFrame(const QBiMuxFrame &frame)
{
    if (!QBiMuxStreams::isStreamFrame(frame.flag))
        ++callFrames;
    // One buffer for every frame: QWebSocket copies what it sends, so the buffer is ours
    // again afterwards and the next frame needs no allocation (a frame kept in the backlog
    // shares it, and the next encode then allocates anew).
    frame.encodeInto(&encodeBuffer);
    writeEncoded(frame, encodeBuffer);
    if (encodeBuffer.capacity() > MaxKeptEncodeBuffer)
        encodeBuffer = QByteArray(); // a large frame's memory is not kept
}

void QBiMuxerPrivate::writeEncoded(const QBiMuxFrame &frame, const QByteArray &bytes)
{
    qCDebug(lcWire) << q_func() << "->" << QBiMuxFrame::flagName(frame.flag) << frame.number
                    << "route" << frame.route << frame.data.size() << "bytes";
    if (Q_UNLIKELY(isObserved()))
        notifyFrame(QBiMux::Direction::Outgoing, frame, bytes.size());
    write(bytes);
}

void QBiMuxerPrivate::onPeerStoppedReading(qint64 queuedBytes)
{
    if (overflowPending)
        return;
    overflowPending = true;
    stalledQueueBytes = queuedBytes;
    // Found from inside a write, or while QWebSocket hands over a message: the teardown
    // waits for the event loop, so that the code under way finishes first. Until then
    // write() and onBinaryMessage() do nothing.
    QMetaObject::invokeMethod(
        q_func(), [this] { dropStalledPeer(); }, Qt::QueuedConnection);
}

void QBiMuxerPrivate::dropStalledPeer()
{
    if (state == QBiMuxer::State::Closed)
        return;
    const QString reason = QBiMuxer::tr("the peer stopped reading: %1 bytes wait to be written")
                               .arg(stalledQueueBytes);
    qCWarning(lcMuxer) << q_func() << reason;
    // No close frame would get through a full queue either.
    if (teardown(QWebSocketProtocol::CloseCodePolicyViolated, reason))
        socket->abort();
}
