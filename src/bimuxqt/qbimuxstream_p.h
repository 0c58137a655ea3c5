// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef QBIMUXSTREAM_P_H
#define QBIMUXSTREAM_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the BiMuxQt API. It may change from version to version
// without notice, or even be removed.
//

#include "qbimuxbytequeue_p.h"
#include "qbimuxframe_p.h"
#include "qbimuxstream.h"
#include "qbimuxwire_p.h"

#include <QtCore/qlist.h>
#include <QtCore/qpointer.h>

#include <chrono>

class QBiMuxStreams;

class QBiMuxStreamPrivate
{
public:
    Q_DECLARE_PUBLIC(QBiMuxStream)

    using Clock = std::chrono::steady_clock;

    // In front of each chunk of written bytes, for the header of the frame that carries them
    // (QBiMuxFrame::encodeAround()) and the WebSocket frame's in front of that
    // (QBiMuxWire::writeStreamData()).
    static constexpr qsizetype FrameRoom
        = QBiMuxFrame::MaxOverhead + QBiMuxWire::MaxFrameHeaderSize;

    explicit QBiMuxStreamPrivate(QBiMuxStream *q);

    // A stream that failed before it could open, a child of `parent`; its signals come
    // from the event loop.
    static QBiMuxStream *createFailed(QObject *parent, QBiMuxer *muxer, qint32 route,
                                      const QBiMuxStatus &status);

    bool isEnded() const
    {
        return state == QBiMux::StreamState::Finished || state == QBiMux::StreamState::Failed;
    }
    bool isFailed() const { return state == QBiMux::StreamState::Failed; }
    // The state that the flags below make; false if it is the one already.
    bool updateState();

    // Received data: kept for the application, or dropped after close().
    void receive(QByteArray &&data);
    // The application took (or close() dropped) `bytes`: the peer may send that many more.
    void consumed(qint64 bytes);
    // Takes the stream down with `status` without a frame or a signal; the caller sends what
    // the peer must hear and emits the end (emitEnd() or postEnd()).
    void markFailed(const QBiMuxStatus &status);

    // Signals. Each re-checks that the stream still exists before going on: a slot may
    // delete it.
    void emitReadyRead();
    // errorOccurred() if it failed, then finished(); once.
    void emitEnd();
    // emitEnd() from the event loop, for ends that come from inside the stream's API.
    void postEnd();

    QBiMuxStream *q_ptr;
    QBiMuxStreams *streams = nullptr; // null once the stream is done with its link
    QPointer<QBiMuxer> muxer;
    quint64 id = 0;
    qint32 route = 0;
    bool outgoing = true;
    QBiMux::StreamState state = QBiMux::StreamState::Opening;
    QBiMuxStatus status; // Ok until it failed
    Clock::time_point openedAt = Clock::now();

    // Receiving. The peer may send up to `granted` bytes in all; the application read
    // `consumedTotal` of the `received`. So at most receiveWindow bytes wait here.
    QBiMuxByteQueue readBuffer;
    qint64 receiveWindow = 0;
    qint64 received = 0;
    qint64 consumedTotal = 0;
    qint64 granted = 0;
    bool remoteFinished = false; // the peer's fin, close or reset came
    bool discarding = false; // close(): what arrives is dropped

    // Sending. What write() took waits in writeBuffer until the scheduler sends it, within
    // `sendCredit` (what the peer granted and this side has not used yet).
    QBiMuxByteQueue writeBuffer {FrameRoom};
    qint64 writeBufferSize = 0; // set as it opens (QBiMuxSettings::streamWriteBufferSize())
    qint64 sendCredit = 0;
    qint64 sent = 0;
    qint64 unsentAtFailure = 0; // bytesToWrite() of a failed stream
    bool openSent = false; // outgoing: the stream_open went out
    bool accepted = false; // the peer's first window came (incoming: at once)
    bool finRequested = false; // closeWrite() or close()
    bool finSent = false; // our fin or close went out
    bool scheduled = false; // in the scheduler's round
    // What a scheduler round sent, reported with bytesWritten() at its end.
    qint64 pendingWritten = 0;
    bool touched = false;

    bool emittingReadyRead = false;
    bool readyReadPending = false;
    bool endPosted = false;
    bool endEmitted = false;
};

#endif // QBIMUXSTREAM_P_H
