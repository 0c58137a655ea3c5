#ifndef QBIMUXSTREAM_H
#define QBIMUXSTREAM_H

#include "bimuxqt_global.h"
#include "qbimuxerror.h"
#include "qbimuxnamespace.h"

#include <QtCore/qiodevice.h>

#include <functional>
#include <type_traits>

class QBiMuxer;
class QBiMuxStreamPrivate;

// A flow-controlled byte stream over a QBiMuxer's link (docs/streams.md): a sequential
// QIODevice like a QTcpSocket, many of them and any number of calls sharing one WebSocket.
// Made by QBiMuxer::openStream() on one side and handed to a stream handler (or the
// streamReceived() signal) on the other. Used in its muxer's thread only. It emits no signal
// from inside its own functions (but QIODevice's aboutToClose() from close()): they come
// from the event loop.
class BIMUXQT_EXPORT QBiMuxStream : public QIODevice
{
    Q_OBJECT

public:
    ~QBiMuxStream() override;

    // The muxer the stream runs on, or nullptr once that is gone or the stream was never
    // opened on one (QBiMuxClient::openStream() while disconnected).
    QBiMuxer *muxer() const;
    qint32 route() const;
    // The stream's number in the space of the side that opened it (docs/protocol.md);
    // reused once the stream ended on both sides. 0 for a stream that failed to open.
    quint64 id() const;
    // Outgoing: this side opened it; Incoming: the peer did.
    QBiMux::Direction direction() const;
    QBiMux::StreamState state() const;
    // Why the stream failed (state() Failed); code Ok otherwise.
    QBiMuxError error() const;

    // How many bytes the peer may send that this side has not read yet (the receive
    // buffer's bound); the muxer's streamReceiveWindow() unless set. A larger window lets
    // one stream go faster on a slow link; a smaller one bounds memory and the time other
    // traffic waits behind this stream's data. May be changed at any time.
    qint64 receiveWindow() const;
    void setReceiveWindow(qint64 bytes);
    // The most bytes write() holds before they go out: write() takes what fits and
    // returns how much that was. 512 KiB unless set.
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
    void errorOccurred(const QBiMuxError &error);
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

namespace QBiMuxDetail {

using StreamHandler = std::function<void(QBiMuxStream *)>;

// Accepted functors take `QBiMuxStream *`; the stream stays a child of its muxer unless
// the handler gives it another parent.
template<typename Functor> StreamHandler makeStreamHandler(Functor &&functor)
{
    using F = std::decay_t<Functor>;
    static_assert(std::is_invocable_v<F &, QBiMuxStream *>,
                  "a stream handler takes QBiMuxStream *");
    return [f = F(std::forward<Functor>(functor))](QBiMuxStream *stream) mutable {
        f(stream);
    };
}

} // namespace QBiMuxDetail

#endif // QBIMUXSTREAM_H
