// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "qbimuxstreams_p.h"

#include "qbimuxer.h"
#include "qbimuxlogging_p.h"
#include "qbimuxobserver.h"
#include "qbimuxsettings.h"
#include "qbimuxstream_p.h"

// How the streams extension works on the wire, and why, is docs/protocol.md's "Streams";
// what it promises the application is docs/streams.md.

namespace {
// Far above any window (1 GiB): a peer that grants more is broken.
constexpr qint64 MaxSendCredit = qint64(1) << 40;
} // namespace

QBiMuxFrame QBiMuxStreams::streamFrame(QBiMux::FrameFlag flag, quint64 id, bool fromAcceptor)
{
    QBiMuxFrame frame;
    frame.flag = QBiMuxFrame::Flag(flag);
    frame.number = id;
    frame.fromAcceptor = fromAcceptor;
    return frame;
}

QBiMuxStreams::QBiMuxStreams(QBiMuxer *muxer, Link *link, const QBiMuxSettings &settings)
    : m_muxer(muxer)
    , m_link(link)
    , m_receiveWindow(settings.streamReceiveWindow())
    , m_writeBufferSize(settings.streamWriteBufferSize())
    , m_maxIncomingStreams(settings.maxIncomingStreams())
{ }

void QBiMuxStreams::applySettings(const QBiMuxSettings &settings)
{
    m_receiveWindow.store(settings.streamReceiveWindow(), std::memory_order_relaxed);
    m_writeBufferSize.store(settings.streamWriteBufferSize(), std::memory_order_relaxed);
    m_maxIncomingStreams.store(settings.maxIncomingStreams(), std::memory_order_relaxed);
}

QBiMuxStreams::~QBiMuxStreams()
{
    // The muxer's close ended every stream already; whatever is left is only cut loose,
    // since the muxer is going away and its children with it.
    for (QBiMuxStreamPrivate *stream : std::as_const(m_own)) {
        if (stream)
            stream->streams = nullptr;
    }
    for (QBiMuxStreamPrivate *stream : std::as_const(m_peers))
        stream->streams = nullptr;
}

void QBiMuxStreams::linkOpened()
{
    if (!m_ready.isEmpty())
        schedulePump();
}

void QBiMuxStreams::linkClosed(const QBiMuxStatus &status)
{
    QList<QPointer<QBiMuxStream>> failed;
    for (QHash<quint64, QBiMuxStreamPrivate *> *table : {&m_own, &m_peers}) {
        for (QBiMuxStreamPrivate *stream : std::as_const(*table)) {
            if (!stream)
                continue;
            stream->streams = nullptr;
            stream->scheduled = false;
            if (stream->isEnded())
                continue;
            stream->markFailed(status);
            failed.append(stream->q_func());
        }
        table->clear();
    }
    m_ids.clear();
    m_ready.clear();
    m_probeTimer.stop();
    for (const QPointer<QBiMuxStream> &stream : std::as_const(failed))
        notify(stream->d_func(), QBiMux::StreamEvent::Failed);
    // Last: the slots may delete the muxer, and this with it.
    for (const QPointer<QBiMuxStream> &stream : std::as_const(failed)) {
        if (stream)
            stream->d_func()->emitEnd();
    }
}

void QBiMuxStreams::handleFrame(QBiMuxFrame &&frame)
{
    using Flag = QBiMuxFrame::Flag;
    switch (frame.flag) {
    case Flag::Hello:
        onHello(frame.number);
        return;
    case Flag::Request:
        onProbe(frame);
        return;
    case Flag::Response:
        onProbeAnswer();
        return;
    default:
        break;
    }
    if (frame.flag == Flag::StreamOpen) {
        onOpen(frame);
        return;
    }
    QBiMuxStreamPrivate *stream = nullptr;
    if (frame.fromAcceptor) {
        // About a stream this side opened: its id is held until the peer's last frame.
        const auto it = m_own.constFind(frame.number);
        if (it == m_own.cend()) {
            m_link->streamProtocolError(QBiMuxStream::tr("%1 for stream %2, which this side did "
                                                         "not open")
                                            .arg(QLatin1String(QBiMuxFrame::flagName(frame.flag)))
                                            .arg(frame.number));
            return;
        }
        stream = *it;
        if (!stream) {
            // Its object is gone; only the peer's last frame matters.
            if (frame.flag == Flag::StreamClose || frame.flag == Flag::StreamReset)
                releaseOwnId(frame.number);
            return;
        }
    } else {
        if (frame.flag == Flag::StreamClose) {
            m_link->streamProtocolError(
                QBiMuxStream::tr("stream_close from the side that opened stream %1")
                    .arg(frame.number));
            return;
        }
        // A frame that crossed this side's reset or close is dropped.
        stream = m_peers.value(frame.number);
        if (!stream)
            return;
    }
    switch (frame.flag) {
    case Flag::StreamData:
        onData(stream, std::move(frame.data));
        break;
    case Flag::StreamWindow:
        onWindow(stream, frame.window);
        break;
    case Flag::StreamFin:
    case Flag::StreamClose:
        onFin(stream, frame.flag == Flag::StreamClose);
        break;
    case Flag::StreamReset:
        onReset(stream, frame);
        break;
    default:
        break;
    }
}

void QBiMuxStreams::onOpen(const QBiMuxFrame &frame)
{
    QBiMuxer *muxer = m_muxer;
    if (frame.fromAcceptor || frame.number == 0 || m_peers.contains(frame.number)) {
        m_link->streamProtocolError(
            QBiMuxStream::tr("stream_open for stream %1, which is taken").arg(frame.number));
        return;
    }
    const auto refuse = [&](QBiMux::StatusCode code, const QString &message) {
        qCDebug(lcStream) << muxer << "refusing the peer's stream" << frame.number << "on route"
                          << frame.route << ":" << message;
        // The acceptor's reset is its last frame: no entry is made.
        QBiMuxFrame reset = streamFrame(QBiMux::FrameFlag::StreamReset, frame.number, true);
        reset.errorCode = code;
        reset.errorMessage = message;
        m_link->writeStreamFrame(reset);
    };
    if (m_link->isLinkDraining()) {
        refuse(QBiMux::StatusCode::Unavailable, QBiMuxStream::tr("this side is shutting down"));
        return;
    }
    const int maxIncoming = m_maxIncomingStreams.load(std::memory_order_relaxed);
    if (m_peers.size() >= maxIncoming) {
        refuse(QBiMux::StatusCode::ResourceExhausted,
               QBiMuxStream::tr("%1 streams of this peer are open already, the most this "
                                "side allows")
                   .arg(maxIncoming));
        return;
    }
    const auto entry = m_link->findStreamHandler(frame.route);
    if (!entry && !m_link->hasStreamReceiver()) {
        refuse(QBiMux::StatusCode::Unimplemented,
               QBiMuxStream::tr("no stream handler for route %1").arg(frame.route));
        return;
    }

    auto *stream = new QBiMuxStream(muxer);
    QBiMuxStreamPrivate *d = stream->d_func();
    d->streams = this;
    d->muxer = muxer;
    d->id = frame.number;
    d->route = frame.route;
    d->outgoing = false;
    d->accepted = true;
    d->state = QBiMux::StreamState::Open;
    d->sendCredit = frame.window;
    d->receiveWindow = m_receiveWindow.load(std::memory_order_relaxed);
    d->writeBufferSize = m_writeBufferSize.load(std::memory_order_relaxed);
    m_peers.insert(d->id, d);
    // Accepted at once, with this side's window: the opener may send from now on.
    d->granted = d->receiveWindow;
    QBiMuxFrame accept = streamFrame(QBiMux::FrameFlag::StreamWindow, d->id, true);
    accept.window = quint32(d->granted);
    m_link->writeStreamFrame(accept);
    notify(d, QBiMux::StreamEvent::Opened);

    if (!entry) {
        emit muxer->streamReceived(stream);
        return;
    }
    const QPointer<QBiMuxStream> alive(stream);
    QString thrown;
    try {
        entry->handler(stream);
        return;
    } catch (const std::exception &error) {
        thrown = QString::fromLocal8Bit(error.what());
    } catch (...) {
        thrown = QBiMuxStream::tr("the stream handler threw");
    }
    if (alive)
        stream->abort(QBiMux::StatusCode::Internal, thrown);
}

void QBiMuxStreams::onData(QBiMuxStreamPrivate *stream, QByteArray &&data)
{
    if (stream->isFailed())
        return; // it crossed this side's reset
    const qint64 size = data.size();
    if (stream->remoteFinished || !stream->accepted) {
        m_link->streamProtocolError(
            QBiMuxStream::tr("data on stream %1 outside its life").arg(stream->id));
        return;
    }
    if (stream->received + size > stream->granted) {
        m_link->streamProtocolError(
            QBiMuxStream::tr("the peer sent %1 bytes on stream %2 beyond the "
                             "window it was granted")
                .arg(stream->received + size - stream->granted)
                .arg(stream->id));
        return;
    }
    if (size == 0)
        return;
    stream->received += size;
    notify(stream, QBiMux::StreamEvent::Progress);
    stream->receive(std::move(data)); // last: it emits readyRead()
}

void QBiMuxStreams::onWindow(QBiMuxStreamPrivate *stream, quint32 credit)
{
    if (stream->isEnded())
        return;
    stream->sendCredit += credit;
    if (stream->sendCredit > MaxSendCredit) {
        m_link->streamProtocolError(
            QBiMuxStream::tr("the window of stream %1 overflowed").arg(stream->id));
        return;
    }
    const bool accepting = stream->outgoing && !stream->accepted;
    if (accepting) {
        stream->accepted = true;
        stream->updateState();
    }
    notify(stream, accepting ? QBiMux::StreamEvent::StateChanged : QBiMux::StreamEvent::Progress);
    schedule(stream);
    if (accepting)
        emit stream->q_func()->opened();
}

void QBiMuxStreams::onFin(QBiMuxStreamPrivate *stream, bool close)
{
    if (stream->isFailed()) {
        // The peer's close crossed this side's reset: it is its last frame all the same.
        if (close)
            release(stream);
        return;
    }
    if ((!close && stream->remoteFinished) || !stream->accepted || (close && !stream->finSent)) {
        m_link->streamProtocolError(QBiMuxStream::tr("%1 on stream %2 out of turn")
                                        .arg(QLatin1String(close ? "stream_close" : "stream_fin"))
                                        .arg(stream->id));
        return;
    }
    const bool newlyFinished = !stream->remoteFinished;
    stream->remoteFinished = true;
    if (close) {
        release(stream);
    } else if (!stream->outgoing && stream->finSent) {
        // Both sides ended their data: this side's close is its last frame.
        m_link->writeStreamFrame(streamFrame(QBiMux::FrameFlag::StreamClose, stream->id, true));
        release(stream);
    }
    if (stream->updateState()) {
        notify(stream,
               stream->state == QBiMux::StreamState::Finished ? QBiMux::StreamEvent::Finished
                                                              : QBiMux::StreamEvent::StateChanged);
    }
    // Signals last.
    const QPointer<QBiMuxStream> alive(stream->q_func());
    if (newlyFinished && !stream->discarding)
        emit alive->readChannelFinished();
    if (alive && stream->state == QBiMux::StreamState::Finished)
        stream->emitEnd();
}

void QBiMuxStreams::onReset(QBiMuxStreamPrivate *stream, const QBiMuxFrame &frame)
{
    if (stream->isEnded()) {
        // Crossed this side's reset or came after this side's end: still the last frame.
        if (stream->outgoing)
            release(stream);
        return;
    }
    const QBiMuxStatus status(frame.isError() ? frame.errorCode : QBiMux::StatusCode::Cancelled,
                              frame.errorMessage.isEmpty() ? QBiMuxStream::tr("reset by the peer")
                                                           : frame.errorMessage,
                              QBiMuxStatus::Origin::Remote);
    qCDebug(lcStream) << m_muxer << "stream" << stream->id << "reset by the peer:" << status;
    if (!stream->outgoing)
        m_link->writeStreamFrame(streamFrame(QBiMux::FrameFlag::StreamClose, stream->id, true));
    release(stream);
    stream->markFailed(status);
    notify(stream, QBiMux::StreamEvent::Failed);
    stream->emitEnd();
}

QBiMuxStream *QBiMuxStreams::open(qint32 route, bool linkClosed)
{
    QBiMuxer *muxer = m_muxer;
    const auto failed = [&](const QBiMuxStatus &status) {
        return QBiMuxStreamPrivate::createFailed(muxer, muxer, route, status);
    };
    if (linkClosed)
        return failed(m_link->linkClosedStatus());
    if (m_link->isLinkDraining()) {
        return failed(QBiMuxStatus(QBiMux::StatusCode::Unavailable,
                                   QBiMuxStream::tr("the muxer is shutting down and opens no "
                                                    "new streams")));
    }
    if (m_peerSupport == PeerSupport::No || m_peerSupport == PeerSupport::Silent)
        return failed(noStreamsStatus());
    if (m_peerSupport == PeerSupport::Unknown)
        sendProbe();
    const quint64 id = m_ids.allocate();
    if (!id) {
        return failed(QBiMuxStatus(
            QBiMux::StatusCode::ResourceExhausted,
            QBiMuxStream::tr("all %1 stream ids are in use").arg(QBiMuxStreamIds::MaxIds)));
    }
    auto *stream = new QBiMuxStream(muxer);
    QBiMuxStreamPrivate *d = stream->d_func();
    d->streams = this;
    d->muxer = muxer;
    d->id = id;
    d->route = route;
    d->outgoing = true;
    d->receiveWindow = m_receiveWindow.load(std::memory_order_relaxed);
    d->writeBufferSize = m_writeBufferSize.load(std::memory_order_relaxed);
    m_own.insert(id, d);
    notify(d, QBiMux::StreamEvent::Opened);
    // The stream_open goes out from the event loop, with the window the stream has then.
    schedule(d);
    return stream;
}

QList<QBiMuxStream *> QBiMuxStreams::streams() const
{
    QList<QBiMuxStream *> open;
    for (const QHash<quint64, QBiMuxStreamPrivate *> *table : {&m_own, &m_peers}) {
        for (QBiMuxStreamPrivate *stream : *table) {
            if (stream && !stream->isEnded())
                open.append(stream->q_func());
        }
    }
    return open;
}

void QBiMuxStreams::abort(QBiMuxStreamPrivate *stream, const QBiMuxStatus &status)
{
    qCDebug(lcStream) << m_muxer << "resetting stream" << stream->id << ":" << status;
    if (stream->openSent || !stream->outgoing) {
        QBiMuxFrame reset
            = streamFrame(QBiMux::FrameFlag::StreamReset, stream->id, !stream->outgoing);
        reset.errorCode = status.code();
        reset.errorMessage = status.message();
        m_link->writeStreamFrame(reset);
    }
    // The opener's id waits for the peer's answer; the acceptor's reset is its last frame,
    // and a stream_open never sent leaves nothing for the peer to answer.
    if (!stream->outgoing || !stream->openSent)
        release(stream);
    else
        m_ready.removeOne(stream);
    stream->markFailed(status);
    notify(stream, QBiMux::StreamEvent::Failed);
}

void QBiMuxStreams::forget(QBiMuxStreamPrivate *stream)
{
    if (!stream->isEnded())
        abort(stream,
              QBiMuxStatus(QBiMux::StatusCode::Cancelled,
                           QBiMuxStream::tr("the stream was deleted")));
    m_ready.removeOne(stream);
    if (stream->streams && stream->outgoing) {
        // The id stays taken until the peer's last frame.
        const auto it = m_own.find(stream->id);
        if (it != m_own.end() && *it == stream)
            *it = nullptr;
    }
    stream->streams = nullptr;
}

void QBiMuxStreams::release(QBiMuxStreamPrivate *stream)
{
    QHash<quint64, QBiMuxStreamPrivate *> &table = stream->outgoing ? m_own : m_peers;
    const auto it = table.find(stream->id);
    if (it != table.end() && *it == stream) {
        table.erase(it);
        if (stream->outgoing)
            m_ids.release(stream->id);
    }
    if (stream->scheduled)
        m_ready.removeOne(stream);
    stream->scheduled = false;
    stream->streams = nullptr;
    if (isIdle())
        m_link->streamsBecameIdle();
}

void QBiMuxStreams::releaseOwnId(quint64 id)
{
    m_own.remove(id);
    m_ids.release(id);
    if (isIdle())
        m_link->streamsBecameIdle();
}

void QBiMuxStreams::notify(QBiMuxStreamPrivate *stream, QBiMux::StreamEvent event)
{
    if (!isObserved())
        return;
    QBiMuxStreamInfo info;
    info.event = event;
    info.direction = stream->outgoing ? QBiMux::Direction::Outgoing : QBiMux::Direction::Incoming;
    info.id = stream->id;
    info.route = stream->route;
    info.state = stream->state;
    info.bytesSent = stream->sent;
    info.bytesReceived = stream->received;
    info.bytesToWrite = stream->writeBuffer.size();
    info.bytesAvailable = stream->readBuffer.size();
    info.sendWindow = stream->sendCredit;
    info.receiveWindow = stream->receiveWindow;
    info.ageNs = std::chrono::duration_cast<std::chrono::nanoseconds>(
                     QBiMuxStreamPrivate::Clock::now() - stream->openedAt)
                     .count();
    info.status = stream->status.code();
    info.message = stream->status.message();
    // A copy: an observer may remove itself while being notified.
    const QList<QBiMuxObserver *> observers = m_link->linkObservers();
    for (QBiMuxObserver *observer : observers)
        observer->streamEvent(m_muxer, info);
}
