// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "qbimuxstream.h"
#include "qbimuxstream_p.h"

#include "qbimuxer.h"
#include "qbimuxsettings_p.h"
#include "qbimuxstreams_p.h"

#include <QtCore/qmetaobject.h>

/*!
    \class QBiMuxStream
    \brief A flow-controlled byte stream over a QBiMuxer's link.

    One side opens a stream on a route with QBiMuxChannel::openStream() (on a QBiMuxer or
    a QBiMuxClient); the other gets it through a stream handler registered for that route
    (QBiMuxEndpoint::setStreamHandler(), on its muxer, client or server) or the
    QBiMuxChannel::streamReceived() signal. Both then have a
    sequential QIODevice: write() on one side, readyRead() and read() on the other, both
    ways at once, like a QTcpSocket; any number of streams and calls share the link.

    Each stream has a receive window (receiveWindow()): the peer sends at most that much
    more than the application has read, so a stream whose reader stops costs no more than
    its window and never slows other streams or calls down. write() takes at most
    writeBufferSize() bytes not sent yet and returns how many it took; bytesWritten()
    reports what went out, bytesToWrite() what waits.

    A stream ends exactly once, with finished(): cleanly once both sides ended their data
    (closeWrite() on each; the reader sees readChannelFinished() after the last byte), or
    after errorOccurred() when it was reset (abort() on either side), refused, or lost
    with its link. The muxer is the stream's parent: it is deleted with the muxer unless
    the application gives it another parent; deleting a stream that is still open resets
    it. See docs/streams.md.
*/

QBiMuxStreamPrivate::QBiMuxStreamPrivate(QBiMuxStream *q)
    : q_ptr(q)
{ }

QBiMuxStream *QBiMuxStreamPrivate::createFailed(QObject *parent, QBiMuxer *muxer, qint32 route,
                                                const QBiMuxStatus &status)
{
    auto *stream = new QBiMuxStream(parent);
    QBiMuxStreamPrivate *d = stream->d_func();
    d->muxer = muxer;
    d->route = route;
    d->markFailed(status);
    d->postEnd();
    return stream;
}

bool QBiMuxStreamPrivate::updateState()
{
    QBiMux::StreamState next;
    if (isFailed())
        return false;
    if (outgoing && !accepted)
        next = QBiMux::StreamState::Opening;
    else if (finSent && remoteFinished)
        next = QBiMux::StreamState::Finished;
    else if (finSent)
        next = QBiMux::StreamState::HalfClosedLocal;
    else if (remoteFinished)
        next = QBiMux::StreamState::HalfClosedRemote;
    else
        next = QBiMux::StreamState::Open;
    if (next == state)
        return false;
    state = next;
    return true;
}

void QBiMuxStreamPrivate::receive(QByteArray &&data)
{
    if (discarding) {
        consumed(data.size());
        return;
    }
    readBuffer.append(std::move(data));
    emitReadyRead();
}

void QBiMuxStreamPrivate::consumed(qint64 bytes)
{
    consumedTotal += bytes;
    if (streams)
        streams->grant(this);
}

void QBiMuxStreamPrivate::markFailed(const QBiMuxStatus &failure)
{
    Q_Q(QBiMuxStream);
    state = QBiMux::StreamState::Failed;
    status = failure;
    q->setErrorString(failure.message());
    // What never went out stays counted in bytesToWrite(): seed 002's partial write.
    unsentAtFailure = writeBuffer.size();
    writeBuffer.clear();
    sendCredit = 0;
}

void QBiMuxStreamPrivate::emitReadyRead()
{
    Q_Q(QBiMuxStream);
    if (emittingReadyRead) {
        readyReadPending = true;
        return;
    }
    const QPointer<QBiMuxStream> alive(q);
    emittingReadyRead = true;
    do {
        readyReadPending = false;
        emit q->readyRead();
        if (!alive)
            return;
    } while (readyReadPending && !readBuffer.isEmpty());
    emittingReadyRead = false;
}

void QBiMuxStreamPrivate::emitEnd()
{
    Q_Q(QBiMuxStream);
    if (endEmitted || !isEnded())
        return;
    endEmitted = true;
    const QPointer<QBiMuxStream> alive(q);
    if (isFailed()) {
        emit q->errorOccurred(status);
        if (!alive)
            return;
    }
    emit q->finished();
}

void QBiMuxStreamPrivate::postEnd()
{
    if (endPosted)
        return;
    endPosted = true;
    QMetaObject::invokeMethod(
        q_func(), [this] { emitEnd(); }, Qt::QueuedConnection);
}

QBiMuxStream::QBiMuxStream(QObject *parent)
    : QIODevice(parent)
    , d_ptr(new QBiMuxStreamPrivate(this))
{
    // Unbuffered: the stream keeps the bytes itself, so that what the application has
    // read, and no more, is what the peer is granted again.
    QIODevice::open(QIODevice::ReadWrite | QIODevice::Unbuffered);
}

QBiMuxStream::~QBiMuxStream()
{
    Q_D(QBiMuxStream);
    if (d->streams)
        d->streams->forget(d);
}

/*!
    \fn void QBiMuxStream::opened()
    The peer accepted a stream this side opened: data flows from now on. What was written
    before waits in the stream until then.
*/

/*!
    \fn void QBiMuxStream::errorOccurred(const QBiMuxStatus &status)
    The stream failed, and \a status says why (see docs/streams.md for the codes): reset by
    either side (abort()), refused by the peer (no stream handler, its limit, a peer that
    does not speak streams), or lost with the link. finished() follows.
*/

/*!
    \fn void QBiMuxStream::finished()
    The stream ended, once and last: both sides ended their data, or it failed (after
    errorOccurred()). Data not read yet can still be read.
*/

/*!
    Returns the muxer the stream runs on, or nullptr once that is gone or if the stream
    never ran on one (a QBiMuxClient's openStream() while it is not connected).
*/
QBiMuxer *QBiMuxStream::muxer() const
{
    return d_func()->muxer;
}

/*!
    Returns the route the stream was opened on.
*/
qint32 QBiMuxStream::route() const
{
    return d_func()->route;
}

/*!
    Returns the stream's id in the space of the side that opened it (docs/protocol.md): ids
    are reused once a stream ended on both sides. 0 for a stream that failed to open.
*/
quint64 QBiMuxStream::id() const
{
    return d_func()->id;
}

/*!
    Returns Outgoing for a stream this side opened, Incoming for one the peer opened.
*/
QBiMux::Direction QBiMuxStream::direction() const
{
    return d_func()->outgoing ? QBiMux::Direction::Outgoing : QBiMux::Direction::Incoming;
}

/*!
    Returns where the stream is in its life.
*/
QBiMux::StreamState QBiMuxStream::state() const
{
    return d_func()->state;
}

/*!
    Returns why the stream failed (state() Failed), or an Ok status. errorString() holds
    the same message.
*/
QBiMuxStatus QBiMuxStream::status() const
{
    return d_func()->status;
}

/*!
    Returns how many bytes the peer may send that the application has not read yet: the
    bound of what the stream holds unread. QBiMuxSettings::streamReceiveWindow() unless
    set with setReceiveWindow().
*/
qint64 QBiMuxStream::receiveWindow() const
{
    return d_func()->receiveWindow;
}

/*!
    Sets the receive window to \a bytes (from 1 byte to 1 GiB). A larger window is granted
    to the peer at once; a smaller one takes effect as the application reads.
*/
void QBiMuxStream::setReceiveWindow(qint64 bytes)
{
    Q_D(QBiMuxStream);
    d->receiveWindow = QBiMuxSettingsBounds::streamReceiveWindow(bytes);
    if (d->streams)
        d->streams->grant(d);
}

/*!
    Returns the most bytes write() holds before they go out.
    QBiMuxSettings::streamWriteBufferSize() unless set.
*/
qint64 QBiMuxStream::writeBufferSize() const
{
    return d_func()->writeBufferSize;
}

/*!
    Sets the most bytes write() holds before they go out to \a bytes (1 byte to 1 GiB):
    write() takes what fits and returns how much that was. A smaller buffer takes effect
    as what waits goes out.
*/
void QBiMuxStream::setWriteBufferSize(qint64 bytes)
{
    d_func()->writeBufferSize = QBiMuxSettingsBounds::streamWriteBufferSize(bytes);
}

/*!
    Ends this side's data once what was written has gone out: the peer reads to the end and
    gets readChannelFinished(). Reading goes on until the peer ends its own data.
*/
void QBiMuxStream::closeWrite()
{
    Q_D(QBiMuxStream);
    if (d->finRequested || d->isEnded())
        return;
    d->finRequested = true;
    // Writing after this is the caller's mistake; QIODevice says so.
    setOpenMode(openMode() & ~QIODevice::WriteOnly);
    if (d->streams)
        d->streams->schedule(d);
}

/*!
    Resets the stream at once, both ways: unsent and unread data are dropped, the peer's
    stream fails with \a code and \a message (origin Remote), and this side's with the
    same (origin Local), reported from the event loop. Ok is taken as Cancelled.
*/
void QBiMuxStream::abort(QBiMux::StatusCode code, const QString &message)
{
    Q_D(QBiMuxStream);
    if (d->isEnded())
        return;
    if (code == QBiMux::StatusCode::Ok)
        code = QBiMux::StatusCode::Cancelled;
    const QBiMuxStatus status(code, message.isEmpty() ? tr("aborted") : message);
    if (d->streams)
        d->streams->abort(d, status);
    else
        d->markFailed(status);
    d->postEnd();
}

/*!
    \reimp
    Returns true: a stream has no positions.
*/
bool QBiMuxStream::isSequential() const
{
    return true;
}

/*!
    \reimp
    Returns the bytes received that the application has not read yet.
*/
qint64 QBiMuxStream::bytesAvailable() const
{
    return d_func()->readBuffer.size() + QIODevice::bytesAvailable();
}

/*!
    Returns the bytes write() took that have not gone out to the link yet. After the
    stream failed, it is how many of them never went out: everything write() took before
    that either reached the link, in order, or is counted here.
*/
qint64 QBiMuxStream::bytesToWrite() const
{
    Q_D(const QBiMuxStream);
    return d->isFailed() ? d->unsentAtFailure : d->writeBuffer.size();
}

/*!
    \reimp
    Returns true when a whole line (up to a newline) has arrived and not been read.
*/
bool QBiMuxStream::canReadLine() const
{
    return d_func()->readBuffer.containsNewline() || QIODevice::canReadLine();
}

/*!
    Returns true once everything the peer sent has been read and no more will come: the
    peer ended its data, or the stream failed.
*/
bool QBiMuxStream::atEnd() const
{
    Q_D(const QBiMuxStream);
    return d->readBuffer.isEmpty() && QIODevice::bytesAvailable() == 0
        && (d->remoteFinished || d->isFailed());
}

/*!
    \reimp
    Ends this side's data like closeWrite() and stops reading: unread data is dropped,
    what the peer still sends is dropped as it comes (its window granted back at once), and
    finished() follows once the peer ended its data. Emits aboutToClose() first.
*/
void QBiMuxStream::close()
{
    Q_D(QBiMuxStream);
    if (!isOpen())
        return;
    closeWrite();
    QIODevice::close();
    d->discarding = true;
    const qint64 dropped = d->readBuffer.size();
    d->readBuffer.clear();
    if (dropped)
        d->consumed(dropped);
}

/*!
    \reimp
    Copies up to \a maxSize received bytes into \a data; the peer may send as many more.
    Returns -1 at the end of the peer's data or after a failure.
*/
qint64 QBiMuxStream::readData(char *data, qint64 maxSize)
{
    Q_D(QBiMuxStream);
    const qint64 n = d->readBuffer.read(data, maxSize);
    if (n > 0) {
        d->consumed(n);
        return n;
    }
    return d->remoteFinished || d->isFailed() ? -1 : 0;
}

/*!
    \reimp
    As readData(), stopping after a newline.
*/
qint64 QBiMuxStream::readLineData(char *data, qint64 maxSize)
{
    Q_D(QBiMuxStream);
    const qint64 n = d->readBuffer.read(data, maxSize, true);
    if (n > 0)
        d->consumed(n);
    return n > 0 ? n : (d->remoteFinished || d->isFailed() ? -1 : 0);
}

/*!
    \reimp
    Takes at most what fits in the write buffer and returns how much; -1 once this side
    ended its data or the stream ended.
*/
qint64 QBiMuxStream::writeData(const char *data, qint64 size)
{
    Q_D(QBiMuxStream);
    if (d->isEnded() || d->finRequested || !d->streams)
        return -1;
    const qint64 taken = std::clamp<qint64>(d->writeBufferSize - d->writeBuffer.size(), 0, size);
    if (taken == 0)
        return 0;
    d->writeBuffer.append(data, taken, QBiMuxStreams::MaxChunk);
    d->streams->schedule(d);
    return taken;
}
