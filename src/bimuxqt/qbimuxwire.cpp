// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "qbimuxwire_p.h"

#include "qbimuxframe_p.h"
#include "qbimuxlogging_p.h"
#include "qbimuxstreams_p.h"

#include <QtCore/qmetaobject.h>
#include <QtWebSockets/qwebsocket.h>
#ifndef QT_NO_SSL
#include <QtNetwork/qsslsocket.h>
#endif

namespace {
// The longest WebSocket frame header: 2 bytes, an 8-byte length, a 4-byte mask.
constexpr qint64 MaxFrameHeaderSize = 14;
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

void QBiMuxWire::write(const QByteArray &bytes)
{
    // Once the peer is known to have stopped reading nothing more is queued for it, so
    // that frames still being handled (a burst read in one go) add nothing.
    if (m_overflowPending)
        return;
    const qint64 queued = queuedBytes();
    if (Q_UNLIKELY(queued + bytes.size() > m_flowControl.hardLimit(m_maxMessageSize))) {
        onPeerStoppedReading(queued);
        return;
    }
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
    // One buffer for every frame: QWebSocket copies what it sends, so the buffer is ours
    // again afterwards and the next frame needs no allocation (a frame kept in the backlog
    // shares it, and the next encode then allocates anew).
    frame.encodeInto(&m_encodeBuffer);
    writeEncoded(frame, m_encodeBuffer);
    if (m_encodeBuffer.capacity() > MaxKeptEncodeBuffer)
        m_encodeBuffer = QByteArray(); // a large frame's memory is not kept
}

void QBiMuxWire::writeEncoded(const QBiMuxFrame &frame, const QByteArray &bytes)
{
    qCDebug(lcWire) << m_muxer << "->" << QBiMuxFrame::flagName(frame.flag) << frame.number
                    << "route" << frame.route << frame.data.size() << "bytes";
    if (Q_UNLIKELY(m_observers.isObserved()))
        m_observers.notifyFrame(QBiMux::Direction::Outgoing, frame, bytes.size());
    write(bytes);
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
