// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef QBIMUXWIRE_P_H
#define QBIMUXWIRE_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the BiMuxQt API. It may change from version to version
// without notice, or even be removed.
//

#include "qbimuxflowcontrol_p.h"
#include "qbimuxlifecycle_p.h"
#include "qbimuxobservers_p.h"

#include <QtCore/qbytearray.h>
#include <QtCore/qlist.h>
#include <QtCore/qpointer.h>
#include <QtNetwork/qabstractsocket.h>
#include <QtWebSockets/qwebsocketprotocol.h>

#include <atomic>
#include <functional>

QT_BEGIN_NAMESPACE
class QSslSocket;
class QWebSocket;
QT_END_NAMESPACE

struct QBiMuxFrame;

// A muxer's side of its QWebSocket: every frame the muxer (and anything else on the
// connection) writes goes through writeFrame(), into the socket once it is open and into
// a backlog until then. The write queue it keeps is what bounds the memory a peer that
// does not read can make the muxer hold (docs/reliability.md, "Memory per connection"):
// past the flow control's hard limit the peer is dropped. It also tells the socket how
// much it may read from the peer (applyIncomingLimits()). In the muxer's thread, but for
// the settings and isCongested().
class QBiMuxWire
{
public:
    // Drops the peer: closes the muxer with `code` and `reason`, and aborts the socket.
    // Called from the event loop.
    using DropPeer = std::function<void(QWebSocketProtocol::CloseCode code, const QString &reason)>;

    // The longest WebSocket frame header: 2 bytes, an 8-byte length, a 4-byte mask.
    static constexpr qsizetype MaxFrameHeaderSize = 14;

    // Which end of the WebSocket the muxer is, where it knows: a client masks what it
    // sends (RFC 6455), a server does not. Unknown for a socket the application handed
    // over already open, whose frames then all go through QWebSocket.
    enum class End { Unknown, Client, Server };

    QBiMuxWire(QBiMuxer *muxer, const QBiMuxLifecycle &lifecycle, QBiMuxObservers &observers,
               DropPeer dropPeer);

    void setSocket(QWebSocket *socket) { m_socket = socket; }
    void setEnd(End end) { m_end = end; }
    QWebSocket *socket() const { return m_socket; }

    // The settings; thread-safe.
    qint64 maxMessageSize() const { return m_maxMessageSize.load(); }
    void setMaxMessageSize(qint64 bytes) { m_maxMessageSize = bytes; }
    qint64 highWaterMark() const { return m_flowControl.highWaterMark(); }
    void setHighWaterMark(qint64 bytes) { m_flowControl.setHighWaterMark(bytes); }
    bool isCongested() const { return m_flowControl.isCongested(); }

    // Tells the socket maxMessageSize: the largest message and frame it takes, and how
    // much it reads at a time.
    void applyIncomingLimits();
    // The TCP (or TLS) socket under the WebSocket: QWebSocket keeps the one it dials with
    // as a child; QBiMuxServer hands over the ones it accepts with setTransport().
    void findTransport();
    void setTransport(QAbstractSocket *transport);
    bool hasTransport() const { return !m_transport.isNull(); }

    // Bytes written but not yet taken by the peer: the socket's and the backlog's.
    qint64 queuedBytes() const;
    void updateFlowControl() { m_flowControl.update(queuedBytes(), m_maxMessageSize); }
    // Counts what the socket wrote without the muxer's knowing (pongs), and drops a peer
    // found to have stopped reading. From the event loop.
    void checkQueue();

    // Encodes `frame`, tells the observers, and writes it: as a WebSocket frame of its own
    // straight to the transport where the wire can, through QWebSocket otherwise.
    void writeFrame(const QBiMuxFrame &frame);
    // A stream's data frame, encoded into `bytes` with at least MaxFrameHeaderSize bytes of
    // the buffer free in front of it (QBiMuxFrame::encodeAround()), which it takes over;
    // frame.data is the payload's view, for the log and the observers. With `bulk` (not
    // in the streams' call lane) written as a WebSocket frame of its own straight to the
    // transport where the wire can, through QWebSocket otherwise (see there).
    void writeStreamData(QBiMuxFrame &&frame, QByteArray &&bytes, bool bulk);
    // Call frames (requests, responses, oneways, cancels; not the streams', nor their
    // probe: QBiMuxStreams::isCallFrame()) written and read so far: the streams yield to
    // calls while these move (QBiMuxStreams' call lane).
    // writeFrame() counts those written; the muxer counts those read with countCallFrame().
    quint64 callFrames() const { return m_callFrames; }
    void countCallFrame(const QBiMuxFrame &frame);
    // Queues bytes for the peer, unless that would take the queue past the hard limit:
    // then the peer has stopped reading, and is dropped.
    void write(const QByteArray &bytes);
    // The heartbeat's ping; nothing more for a peer that stopped reading (write()).
    void ping();

    // The frames written while the socket was opening: sent once it is open, or dropped
    // (returns how many) when it closes before.
    qsizetype backlogSize() const { return m_backlog.size(); }
    void flushBacklog();
    qsizetype dropBacklog();

    // True once the peer is found to have stopped reading: it is dropped from the event
    // loop, and meanwhile nothing more is read from it or queued for it.
    bool isStalled() const { return m_overflowPending; }

private:
    // The log line and the observers of a frame going out, `size` bytes encoded.
    void noteOutgoing(const QBiMuxFrame &frame, qint64 size);
    // Whether `size` more bytes may be queued; drops a peer that stopped reading if not.
    bool admit(qint64 size);
    // Whether a message of `payloadSize` bytes may skip QWebSocket: the muxer knows its end
    // of the WebSocket and the transport, the link is open, and QWebSocket would send the
    // message in one frame too.
    bool canWriteOwnFrame(qsizetype payloadSize) const;
    // Makes `payload` one binary WebSocket message: its header goes into the
    // MaxFrameHeaderSize bytes in front of it, and a client masks it. Returns the header's
    // size.
    qsizetype putFrameAround(uchar *payload, qsizetype payloadSize);
    // Frames `bytes` as one binary WebSocket message, masked on a client, and queues it in
    // the transport without a copy.
    void writeWebSocketFrame(QByteArray &&bytes);
    void onTransportRead();
    void onPeerStoppedReading(qint64 queuedBytes);
    void dropStalledPeer();

    QBiMuxer *m_muxer;
    const QBiMuxLifecycle &m_lifecycle;
    QBiMuxObservers &m_observers;
    DropPeer m_dropPeer;
    QWebSocket *m_socket = nullptr;
    std::atomic<qint64> m_maxMessageSize;
    QBiMuxFlowControl m_flowControl;
    // The TCP (or TLS) socket under the WebSocket, for what QWebSocket does not tell: when
    // it has read (and answered pings with pongs of its own, see onTransportRead()), and
    // what TLS has encrypted but not sent. Null for a socket from the application's own
    // QWebSocketServer: its queue is then checked at every message, pong and heartbeat
    // tick instead of after every read.
    QPointer<QAbstractSocket> m_transport;
#ifndef QT_NO_SSL
    QSslSocket *m_tlsTransport = nullptr; // m_transport, if it is a QSslSocket
#endif
    End m_end = End::Unknown;
    qint64 m_backlogBytes = 0;
    quint64 m_callFrames = 0;
    bool m_overflowPending = false;
    qint64 m_stalledQueueBytes = 0;
    // Frames sent while the socket is still opening, written once it is open.
    QList<QByteArray> m_backlog;
    // Where writeFrame() encodes; see there.
    QByteArray m_encodeBuffer;
    static constexpr qsizetype MaxKeptEncodeBuffer = 64 * 1024;
};

#endif // QBIMUXWIRE_P_H
