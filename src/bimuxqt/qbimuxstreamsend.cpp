// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "qbimuxstreams_p.h"

#include "qbimuxer.h"
#include "qbimuxstream_p.h"

// The frames QBiMuxStreams sends for the streams' data: the scheduler that shares the
// link among streams with something to send, and the windows granted back to the peer.
// The frames in, and the stream table, are in qbimuxstreams.cpp.

void QBiMuxStreams::grant(QBiMuxStreamPrivate *stream)
{
    if (stream->isEnded() || stream->remoteFinished || (stream->outgoing && !stream->openSent))
        return;
    const qint64 due = stream->consumedTotal + stream->receiveWindow - stream->granted;
    // Batched, since the peer still has three quarters of the window to go on with.
    if (due <= 0 || due < std::max<qint64>(1, stream->receiveWindow / 4))
        return;
    stream->granted += due;
    QBiMuxFrame window
        = streamFrame(QBiMux::FrameFlag::StreamWindow, stream->id, !stream->outgoing);
    window.window = quint32(due);
    m_link->writeStreamFrame(window);
}

bool QBiMuxStreams::hasWork(const QBiMuxStreamPrivate *stream) const
{
    if (!stream->streams || stream->isEnded())
        return false;
    if (stream->outgoing && !stream->openSent)
        return true;
    if (stream->finSent)
        return false;
    if (!stream->writeBuffer.isEmpty())
        return stream->accepted && stream->sendCredit > 0;
    return stream->finRequested;
}

void QBiMuxStreams::schedule(QBiMuxStreamPrivate *stream)
{
    if (stream->scheduled || !hasWork(stream))
        return;
    stream->scheduled = true;
    m_ready.append(stream);
    schedulePump();
}

void QBiMuxStreams::schedulePump()
{
    if (m_pumpScheduled)
        return;
    m_pumpScheduled = true;
    // From the event loop: writes made together go out in full frames, and no signal is
    // emitted from inside the write() that scheduled it.
    QMetaObject::invokeMethod(
        m_muxer,
        [this] {
            m_pumpScheduled = false;
            pump();
        },
        Qt::QueuedConnection);
}

qint64 QBiMuxStreams::sendNext(QBiMuxStreamPrivate *stream, qint64 chunk, bool lane)
{
    const bool fromAcceptor = !stream->outgoing;
    if (stream->outgoing && !stream->openSent) {
        stream->openSent = true;
        stream->granted = stream->receiveWindow;
        QBiMuxFrame open = streamFrame(QBiMux::FrameFlag::StreamOpen, stream->id, false);
        open.route = stream->route;
        open.window = quint32(stream->granted);
        m_link->writeStreamFrame(open);
        return 0;
    }
    if (!stream->writeBuffer.isEmpty()) {
        chunk = std::min(
            {stream->sendCredit, chunk, m_link->linkMaxMessageSize() - QBiMuxFrame::MaxOverhead});
        QBiMuxFrame data = streamFrame(QBiMux::FrameFlag::StreamData, stream->id, fromAcceptor);
        // The header goes into the room in front of the bytes: they are not copied here.
        QByteArray buffer = stream->writeBuffer.takeFront(chunk);
        const qint64 size = buffer.size() - QBiMuxStreamPrivate::FrameRoom;
        QByteArray bytes = data.encodeAround(std::move(buffer), QBiMuxStreamPrivate::FrameRoom);
        data.data = QBiMuxFrame::tailOf(bytes, bytes.size() - size); // for the log, observers
        stream->sendCredit -= size;
        stream->sent += size;
        m_link->writeStreamData(std::move(data), std::move(bytes), !lane);
        return size;
    }
    stream->finSent = true;
    if (fromAcceptor && stream->remoteFinished) {
        // The opener ended its data already: this close ends both, and is this side's last.
        m_link->writeStreamFrame(streamFrame(QBiMux::FrameFlag::StreamClose, stream->id, true));
        release(stream);
    } else {
        m_link->writeStreamFrame(
            streamFrame(QBiMux::FrameFlag::StreamFin, stream->id, fromAcceptor));
    }
    return 0;
}

bool QBiMuxStreams::callsBeside()
{
    // A counter the muxer keeps anyway, and the clock read once per round here rather
    // than once per call there.
    const auto now = std::chrono::steady_clock::now();
    const quint64 callFrames = m_link->linkCallFrames();
    if (callFrames != m_callFramesSeen) {
        m_callFramesSeen = callFrames;
        m_callsSeenAt = now;
        return true;
    }
    return callFrames != 0 && now - m_callsSeenAt < CallLaneHold;
}

void QBiMuxStreams::pump()
{
    if (m_pumping || m_ready.isEmpty())
        return;
    m_pumping = true;
    const bool lane = callsBeside();
    // In the call lane only into an empty queue: what a call written next waits behind on
    // this side is the one frame.
    const qint64 queueLimit = lane ? 1 : LinkQueueLimit;
    const qint64 chunk = lane ? CallLaneChunk : MaxChunk;
    // The signals are emitted after the round, once per stream.
    QList<QPointer<QBiMuxStream>> touched;
    while (!m_ready.isEmpty() && m_link->linkQueuedBytes() < queueLimit) {
        QBiMuxStreamPrivate *stream = m_ready.takeFirst();
        stream->scheduled = false;
        if (!hasWork(stream))
            continue;
        const qint64 bytes = sendNext(stream, chunk, lane);
        const bool changed = stream->updateState();
        if (changed || bytes) {
            if (!std::exchange(stream->touched, true))
                touched.append(stream->q_func());
            stream->pendingWritten += bytes;
            notify(stream,
                   !changed ? QBiMux::StreamEvent::Progress
                       : stream->state == QBiMux::StreamState::Finished
                       ? QBiMux::StreamEvent::Finished
                       : QBiMux::StreamEvent::StateChanged);
        }
        if (hasWork(stream)) {
            stream->scheduled = true;
            m_ready.append(stream);
        }
    }
    m_pumping = false;
    // Last: a slot may write more (another round), or delete streams and the muxer.
    for (const QPointer<QBiMuxStream> &stream : std::as_const(touched)) {
        if (!stream)
            continue;
        QBiMuxStreamPrivate *d = stream->d_func();
        d->touched = false;
        if (const qint64 written = std::exchange(d->pendingWritten, 0)) {
            emit stream->bytesWritten(written);
            if (!stream)
                continue;
        }
        if (d->state == QBiMux::StreamState::Finished)
            d->emitEnd();
    }
}
