// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "qbimuxwire_p.h"

#include "qbimuxframe_p.h"
#include "qbimuxlogging_p.h"
#include "qbimuxstreams_p.h"

#include <QtCore/qendian.h>
#include <QtCore/qmetaobject.h>
#include <QtWebSockets/qmaskgenerator.h>
#include <QtWebSockets/qwebsocket.h>
#ifndef QT_NO_SSL
#include <QtNetwork/qsslsocket.h>
#endif

namespace {
// RFC 6455 5.2: FIN and the binary opcode, the mask bit and the length in 7 bits, or 126
// and 16 bits, or 127 and 64 bits, then the masking key.
qsizetype webSocketHeaderSize(qsizetype payloadSize, bool masked)
{
    const qsizetype length = payloadSize <= 125 ? 0 : payloadSize <= 0xffff ? 2 : 8;
    return 2 + length + (masked ? 4 : 0);
}

void putWebSocketHeader(uchar *out, qsizetype payloadSize, const uchar *maskingKey)
{
    *out++ = 0x82; // FIN, opcode 2: a binary message in one frame
    const uchar maskBit = maskingKey ? 0x80 : 0;
    if (payloadSize <= 125) {
        *out++ = maskBit | uchar(payloadSize);
    } else if (payloadSize <= 0xffff) {
        *out++ = maskBit | 126;
        qToBigEndian(quint16(payloadSize), out);
        out += 2;
    } else {
        *out++ = maskBit | 127;
        qToBigEndian(quint64(payloadSize), out);
        out += 8;
    }
    if (maskingKey)
        memcpy(out, maskingKey, 4);
}

// RFC 6455 5.3, eight bytes at a time: QtWebSockets 6.4 masks one byte at a time, which
// was half of a client's CPU time in a bulk upload's profile (docs/streams.md, "Numbers").
void maskPayload(uchar *data, qsizetype size, const uchar *key)
{
    uchar repeated[8];
    for (int i = 0; i < 8; ++i)
        repeated[i] = key[i % 4];
    quint64 wide;
    memcpy(&wide, repeated, sizeof wide);
    qsizetype i = 0;
    for (; i + 8 <= size; i += 8) {
        quint64 word;
        memcpy(&word, data + i, sizeof word);
        word ^= wide;
        memcpy(data + i, &word, sizeof word);
    }
    for (; i < size; ++i)
        data[i] ^= key[i % 4];
}
} // namespace

QBiMuxWire::QBiMuxWire(QBiMuxer *muxer, const QBiMuxLifecycle &lifecycle,
                       QBiMuxObservers &observers, DropPeer dropPeer)
    : m_muxer(muxer)
    , m_lifecycle(lifecycle)
    , m_observers(observers)
    , m_dropPeer(std::move(dropPeer))
    , m_maxMessageSize(0)
    , m_flowControl([muxer](bool congested) { emit muxer->congestedChanged(congested); },
                    [this](qint64 queuedBytes) { onPeerStoppedReading(queuedBytes); })
{ }

void QBiMuxWire::applyIncomingLimits()
{
    const qint64 maxMessage = m_maxMessageSize.load();
    m_socket->setMaxAllowedIncomingMessageSize(quint64(maxMessage));
    // Qt checks the message size only once it has a whole frame, and buffers a frame of up
    // to 2 GiB for that; with the frame limit it refuses a larger frame by its header.
    m_socket->setMaxAllowedIncomingFrameSize(quint64(maxMessage));
    // Qt otherwise takes whatever the kernel has received in one read (tens of MiB with
    // receive-buffer autotuning). One frame at most per read keeps what Qt buffers, and
    // the pongs it writes for the pings of one read, within a message's size; a frame of
    // the largest size still fits, so nothing waits for room that never comes. Only once
    // open: QWebSocket reads the HTTP handshake line by line, and a small maximum message
    // size must not leave a long header line without room.
    if (m_lifecycle.isOpen())
        m_socket->setReadBufferSize(maxMessage + MaxFrameHeaderSize);
}

void QBiMuxWire::findTransport()
{
    // QWebSocket keeps the transport it dials with as a child; one it was handed by a
    // QWebSocketServer is not, and QBiMuxServer passes that one in with setTransport().
    if (!m_transport)
        setTransport(m_socket->findChild<QAbstractSocket *>());
}

void QBiMuxWire::setTransport(QAbstractSocket *transport)
{
    if (!transport || m_transport == transport)
        return;
    m_transport = transport;
#ifndef QT_NO_SSL
    m_tlsTransport = qobject_cast<QSslSocket *>(transport);
#endif
    // Connected after QWebSocket's own slot, which handles what was read (and answers its
    // pings) first.
    QObject::connect(transport, &QIODevice::readyRead, m_muxer, [this] { onTransportRead(); });
}

qint64 QBiMuxWire::queuedBytes() const
{
    qint64 queued = m_backlogBytes + m_socket->bytesToWrite();
#ifndef QT_NO_SSL
    // QWebSocket counts only what TLS has yet to encrypt; what it has encrypted waits in
    // the socket underneath.
    if (m_tlsTransport && m_transport)
        queued += m_tlsTransport->encryptedBytesToWrite();
#endif
    return queued;
}

void QBiMuxWire::checkQueue()
{
    updateFlowControl();
    if (m_overflowPending)
        dropStalledPeer(); // from the event loop: no code of the muxer's is under way
}

void QBiMuxWire::onTransportRead()
{
    // QWebSocket answers each ping with a pong it writes itself, without a word to the
    // muxer, and bytesWritten() stops once the peer's receive window is shut: a peer that
    // never reads and floods pings grows the queue unseen. Checked after every read, the
    // queue passes the hard limit by one read's pongs at most (applyIncomingLimits()).
    checkQueue();
}

bool QBiMuxWire::admit(qint64 size)
{
    // Once the peer is known to have stopped reading nothing more is queued for it, so
    // that frames still being handled (a burst read in one go) add nothing.
    if (m_overflowPending)
        return false;
    const qint64 queued = queuedBytes();
    if (Q_UNLIKELY(queued + size > m_flowControl.hardLimit(m_maxMessageSize))) {
        onPeerStoppedReading(queued);
        return false;
    }
    return true;
}

void QBiMuxWire::write(const QByteArray &bytes)
{
    if (!admit(bytes.size()))
        return;
    const QBiMuxLifecycle::State state = m_lifecycle.state();
    if (state == QBiMuxLifecycle::State::Opening) {
        m_backlog.append(bytes);
        m_backlogBytes += bytes.size();
    } else if (state == QBiMuxLifecycle::State::Open) {
        m_socket->sendBinaryMessage(bytes);
    } else {
        return;
    }
    updateFlowControl();
}

void QBiMuxWire::writeFrame(const QBiMuxFrame &frame)
{
    countCallFrame(frame);
    // One buffer for every frame, with room for the WebSocket header in front: the frame
    // is written from it as one WebSocket frame, which the transport copies, so the buffer
    // is ours again afterwards and the next frame needs no allocation (a frame that goes
    // through QWebSocket, or waits in the backlog, shares it, and the next encode then
    // allocates anew). QWebSocket::sendBinaryMessage() would copy the frame twice more,
    // make its header in a QByteArray of its own, and mask it byte by byte on a client
    // (see writeStreamData()). With this the client's instructions per call at 16 in
    // flight went from 7,774 to 6,233 with a reply handler and from 13,895 to 12,291 with
    // a QFuture (64 B); with 16 KiB payloads to 64,020, against raw QWebSocket's 159,181
    // (callgrind, Release, bench handler16_64, rpc16_64 and rpc16_16k).
    frame.encodeInto(&m_encodeBuffer, MaxFrameHeaderSize);
    const qsizetype size = m_encodeBuffer.size() - MaxFrameHeaderSize;
    noteOutgoing(frame, size);
    if (!canWriteOwnFrame(size)) {
        write(QBiMuxFrame::tailOf(m_encodeBuffer, MaxFrameHeaderSize));
    } else if (admit(size + MaxFrameHeaderSize)) {
        auto *payload = reinterpret_cast<uchar *>(m_encodeBuffer.data()) + MaxFrameHeaderSize;
        const qsizetype headerSize = putFrameAround(payload, size);
        m_transport->write(reinterpret_cast<const char *>(payload - headerSize), headerSize + size);
        updateFlowControl();
    }
    if (m_encodeBuffer.capacity() > MaxKeptEncodeBuffer)
        m_encodeBuffer = QByteArray(); // a large frame's memory is not kept
}

bool QBiMuxWire::canWriteOwnFrame(qsizetype payloadSize) const
{
    // Larger messages QWebSocket splits into frames of outgoingFrameSize(); the muxer's
    // own frames look like its others.
    return m_end != End::Unknown && m_transport
        && m_lifecycle.state() == QBiMuxLifecycle::State::Open
        && m_socket->state() == QAbstractSocket::ConnectedState
        && quint64(payloadSize) <= m_socket->outgoingFrameSize();
}

qsizetype QBiMuxWire::putFrameAround(uchar *payload, qsizetype payloadSize)
{
    const bool masked = m_end == End::Client;
    uchar maskingKey[4];
    if (masked) {
        // The socket's generator, as for QWebSocket's own frames (setMaskGenerator());
        // QWebSocket keeps it as non-const too.
        auto *generator = const_cast<QMaskGenerator *>(m_socket->maskGenerator());
        qToBigEndian(generator->nextMask(), maskingKey);
    }
    const qsizetype headerSize = webSocketHeaderSize(payloadSize, masked);
    putWebSocketHeader(payload - headerSize, payloadSize, masked ? maskingKey : nullptr);
    if (masked)
        maskPayload(payload, payloadSize, maskingKey);
    return headerSize;
}

void QBiMuxWire::noteOutgoing(const QBiMuxFrame &frame, qint64 size)
{
    qCDebug(lcWire) << m_muxer << "->" << QBiMuxFrame::flagName(frame.flag) << frame.number
                    << "route" << frame.route << frame.data.size() << "bytes";
    if (Q_UNLIKELY(m_observers.isObserved()))
        m_observers.notifyFrame(QBiMux::Direction::Outgoing, frame, size);
}

void QBiMuxWire::writeStreamData(QBiMuxFrame &&frame, QByteArray &&bytes, bool bulk)
{
    noteOutgoing(frame, bytes.size());
    // QWebSocket::sendBinaryMessage() copies a message twice on its way into the
    // transport's queue (a detach() of the whole message, then the transport's write from
    // a pointer), and a client masks it byte by byte. Stream data is the bulk of what a
    // link carries, so its frames skip QWebSocket's writing: the WebSocket header goes into
    // the room in front of the bytes and the buffer itself into the transport's queue.
    // QWebSocket's own frames (pings, pongs, its close, and messages the muxer cannot frame
    // itself) are whole frames written as they are made too, so the two never interleave
    // within a frame. In a one-stream download the server, which writes, spent 475-621 ms
    // of CPU per GB, against 294-324 for raw QWebSocket's server; with this 316-373
    // against 303-384 (perf stat, the bench's stream1_down, runs interleaved on the loaded
    // VM). A client's uploads no longer pay QtWebSockets' byte-by-byte masking: 386-487 ms
    // per GB against raw's 1204-1356.
    //
    // Not in the call lane (QBiMuxStreams::CallLaneChunk): the lane orders only what this
    // side has not written yet, and written this fast a stream outruns the peer's reading,
    // whose kernel buffers and WebSocket code then hold up to the stream's window ahead of
    // every call. Calls beside a bulk upload took 720-977 us (p50, median 25x idle) with
    // the lane's frames written here, against 57-94 us (1.9x) through QWebSocket, as
    // before; beside a download 51-145 us (2.7x) against 48-67 (1.1x) (the bench's
    // stream_rpc and stream_rpc_down, 4 runs each, interleaved). QWebSocket's slower
    // writing keeps a lane frame's sender behind its reader; bounding what a stream has
    // in flight during the lane instead (a window of one or two lane frames) held the
    // stream to 140-170 MB/s beside the calls, against 320-550, for no better latency.
    frame.data = QByteArray(); // `bytes` then holds its buffer alone, unless an observer kept it
    if (!bulk || !canWriteOwnFrame(bytes.size())) {
        write(bytes);
        return;
    }
    if (!admit(bytes.size() + MaxFrameHeaderSize))
        return;
    writeWebSocketFrame(std::move(bytes));
    updateFlowControl();
}

void QBiMuxWire::writeWebSocketFrame(QByteArray &&bytes)
{
    const qsizetype payloadSize = bytes.size();
    QByteArray::DataPointer &buffer = bytes.data_ptr();
    if (!bytes.isDetached() || buffer.freeSpaceAtBegin() < MaxFrameHeaderSize) {
        // An observer kept the payload, or there is no room: the frame is made in a copy.
        QByteArray framed(MaxFrameHeaderSize + payloadSize, Qt::Uninitialized);
        memcpy(framed.data() + MaxFrameHeaderSize, bytes.constData(), size_t(payloadSize));
        bytes = QBiMuxFrame::tailOf(framed, MaxFrameHeaderSize);
    }
    const qsizetype headerSize
        = putFrameAround(reinterpret_cast<uchar *>(bytes.data()), payloadSize);
    buffer.setBegin(buffer.begin() - headerSize);
    buffer.size += headerSize;
    // Qt 6 queues a QByteArray of 4 KiB or more as it is (QIODevicePrivate::write()); a
    // write from a pointer would copy it.
    m_transport->write(bytes);
}

void QBiMuxWire::countCallFrame(const QBiMuxFrame &frame)
{
    if (QBiMuxStreams::isCallFrame(frame))
        ++m_callFrames;
}

void QBiMuxWire::ping()
{
    if (!m_overflowPending)
        m_socket->ping();
}

void QBiMuxWire::flushBacklog()
{
    const QList<QByteArray> frames = std::exchange(m_backlog, {});
    m_backlogBytes = 0;
    for (const QByteArray &bytes : frames)
        m_socket->sendBinaryMessage(bytes);
}

qsizetype QBiMuxWire::dropBacklog()
{
    const qsizetype dropped = m_backlog.size();
    m_backlog.clear();
    return dropped;
}

void QBiMuxWire::onPeerStoppedReading(qint64 queuedBytes)
{
    if (m_overflowPending)
        return;
    m_overflowPending = true;
    m_stalledQueueBytes = queuedBytes;
    // Found from inside a write, or while QWebSocket hands over a message: the teardown
    // waits for the event loop, so that the code under way finishes first. Until then
    // write() and the muxer's reading do nothing.
    QMetaObject::invokeMethod(
        m_muxer, [this] { dropStalledPeer(); }, Qt::QueuedConnection);
}

void QBiMuxWire::dropStalledPeer()
{
    if (m_lifecycle.isClosed())
        return;
    const QString reason = QBiMuxer::tr("the peer stopped reading: %1 bytes wait to be written")
                               .arg(m_stalledQueueBytes);
    qCWarning(lcMuxer) << m_muxer << reason;
    // No close frame would get through a full queue either.
    m_dropPeer(QWebSocketProtocol::CloseCodePolicyViolated, reason);
}
