// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef QBIMUXSTREAM_H
#define QBIMUXSTREAM_H

#include "bimuxqt_global.h"
#include "qbimuxnamespace.h"
#include "qbimuxstatus.h"

#include <QtCore/qiodevice.h>

class QBiMuxer;
class QBiMuxStreamPrivate;

// A flow-controlled byte stream over a QBiMuxer's link (docs/streams.md): a sequential
// QIODevice like a QTcpSocket, many of them and any number of calls sharing one WebSocket.
// Made by QBiMuxChannel::openStream() on one side and handed to a stream handler
// (QBiMuxEndpoint::setStreamHandler()) or QBiMuxChannel::streamReceived() on the other. Used in its muxer's thread only. It emits no signal
// from inside its own functions (but QIODevice's aboutToClose() from close()): they come
// from the event loop.
class BIMUXQT_EXPORT QBiMuxStream : public QIODevice
{
    Q_OBJECT

public:
    ~QBiMuxStream() override;

    // The muxer the stream runs on, or nullptr once that is gone or the stream was never
    // opened on one (a QBiMuxClient's openStream() while disconnected).
    QBiMuxer *muxer() const;
    qint32 route() const;
    // The stream's number in the space of the side that opened it (docs/protocol.md);
    // reused once the stream ended on both sides. 0 for a stream that failed to open.
    quint64 id() const;
    // Outgoing: this side opened it; Incoming: the peer did.
    QBiMux::Direction direction() const;
    QBiMux::StreamState state() const;
    // Why the stream failed (state() Failed); Ok otherwise. errorString() has its message.
    QBiMuxStatus status() const;

    // How many bytes the peer may send that this side has not read yet (the receive
    // buffer's bound); QBiMuxSettings::streamReceiveWindow() unless set. A larger window lets
    // one stream go faster on a slow link; a smaller one bounds memory and the time other
    // traffic waits behind this stream's data. May be changed at any time.
    qint64 receiveWindow() const;
    void setReceiveWindow(qint64 bytes);
    // The most bytes write() holds before they go out: write() takes what fits and
    // returns how much that was. QBiMuxSettings::streamWriteBufferSize() unless set.
    qint64 writeBufferSize() const;
    void setWriteBufferSize(qint64 bytes);

    // Ends this side's data once what was written has gone out: the peer reads to the end
    // and gets readChannelFinished(). Reading goes on.
    void closeWrite();
    // Resets the stream at once, both ways: unsent and unread data are dropped, and the
    // peer's stream fails with `code` and `message` (origin Remote). This side's fails
    // with the same error (origin Local).
    void abort(QBiMux::StatusCode code = QBiMux::StatusCode::Cancelled,
               const QString &message = QString());

    // QIODevice. close() ends this side's data like closeWrite() and stops reading: what
    // the peer still sends is dropped, and the stream finishes once the peer ended its data.
    bool isSequential() const override;
    qint64 bytesAvailable() const override;
    // Bytes taken by write() that have not gone out to the link yet.
    qint64 bytesToWrite() const override;
    bool canReadLine() const override;
    bool atEnd() const override;
    void close() override;

Q_SIGNALS:
    // The peer accepted a stream this side opened; data flows from now on.
    void opened();
    // The stream failed: reset by either side, refused by the peer (no handler, limits,
    // a peer that does not speak streams), or lost with the link. finished() follows.
    void errorOccurred(const QBiMuxStatus &status);
    // Emitted once, last: both sides ended their data, or the stream failed. Data not read
    // yet can still be read.
    void finished();

protected:
    qint64 readData(char *data, qint64 maxSize) override;
    qint64 readLineData(char *data, qint64 maxSize) override;
    qint64 writeData(const char *data, qint64 size) override;

private:
    explicit QBiMuxStream(QObject *parent);

    friend class QBiMuxStreamPrivate;
    friend class QBiMuxStreams;
    Q_DECLARE_PRIVATE(QBiMuxStream)
    Q_DISABLE_COPY(QBiMuxStream)
    QScopedPointer<QBiMuxStreamPrivate> d_ptr;
};

#endif // QBIMUXSTREAM_H
