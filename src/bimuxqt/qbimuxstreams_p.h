// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef QBIMUXSTREAMS_P_H
#define QBIMUXSTREAMS_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the BiMuxQt API. It may change from version to version
// without notice, or even be removed.
//

#include "qbimuxframe_p.h"
#include "qbimuxhandlerregistry_p.h"
#include "qbimuxstreamids_p.h"

#include <QtCore/qbasictimer.h>
#include <QtCore/qhash.h>
#include <QtCore/qlist.h>

#include <atomic>
#include <chrono>
#include <limits>
#include <memory>

class QBiMuxer;
class QBiMuxObserver;
class QBiMuxSettings;
class QBiMuxStreamPrivate;

// A muxer's streams (docs/streams.md): the table of streams both ways, the ids of this
// side's, the hello and the probe that tell whether the peer speaks streams, and the
// scheduler that shares the link among streams with data to send. It talks to the muxer
// only through Link and the link events below; the muxer hands it every hello and stream
// frame, and the probe's request and answer (isProbeFrame()). Everything but
// applySettings() runs in the muxer's thread.
class QBiMuxStreams
{
public:
    // Stream data is written only while the link has less than this queued, in frames of
    // at most MaxChunk: it never makes the muxer congested (highWaterMark()), and every
    // call is written as it is made. Not smaller: what a call waits behind is bounded by
    // the streams' windows in flight anyway (docs/streams.md), and fewer writes per byte
    // made downloads about 15 % faster than with 128 KiB.
    static constexpr qint64 LinkQueueLimit = 512 * 1024;
    // Just under 64 KiB, so that a chunk of written data and the room for its frame's
    // header (QBiMuxStreamPrivate::writeBuffer) fit in 64 KiB with the allocator's own.
    static constexpr qint64 MaxChunk = 63 * 1024;
    // The call lane: while calls go either way on the link (a call frame within the last
    // CallLaneHold), stream data steps aside. Its frames carry at most CallLaneChunk and
    // are written only once the link's queue is empty, so that a call or a reply waits
    // behind one small frame on this side instead of LinkQueueLimit of full ones: both
    // sides' WebSocket code walks every byte ahead of it (the client's masking, the
    // server's unmasking), and that, not the socket, is what a call beside a bulk stream
    // waited for (docs/streams.md, "Calls beside streams").
    static constexpr qint64 CallLaneChunk = 16 * 1024;
    static constexpr std::chrono::milliseconds CallLaneHold {100};
    // The hello's feature bits (its `number`).
    static constexpr quint64 FeatureStreams = 1;
    // The route of the probe, a request that tells whether the peer speaks streams
    // (docs/protocol.md): reserved, so that a plain bimux application is unlikely to use
    // it. Not the lowest route, which the inspector's timeline uses for "other routes".
    static constexpr qint32 ProbeRoute = std::numeric_limits<qint32>::max();

    // What the streams part needs of its muxer's link, and nothing more. QBiMuxerPrivate
    // implements it (qbimuxstreamapi.cpp). An interface rather than callbacks: every
    // connection has a streams part, most never use it, and this costs it a pointer.
    class Link
    {
    public:
        virtual void writeStreamFrame(const QBiMuxFrame &frame) = 0;
        // A data frame encoded around its payload already (QBiMuxFrame::encodeAround()),
        // with QBiMuxStreamPrivate::FrameRoom's link header room in front; the link takes
        // the buffer over. `bulk`: outside the call lane (QBiMuxWire::writeStreamData()).
        virtual void writeStreamData(QBiMuxFrame &&frame, QByteArray &&bytes, bool bulk) = 0;
        // Bytes written to the link that the peer has not taken yet.
        virtual qint64 linkQueuedBytes() const = 0;
        // Call frames (requests, responses, oneways, cancels) written and read so far.
        virtual quint64 linkCallFrames() const = 0;
        // The number of a request of the library's own (the probe), from the counter of
        // this side's calls, and how long such a request waits for its answer (the calls'
        // default timeout).
        virtual quint64 linkRequestNumber() = 0;
        virtual std::chrono::milliseconds linkDefaultTimeout() const = 0;
        virtual void streamProtocolError(const QString &message) = 0;
        // The muxer's own stream handler for `route`, or its server's or client's.
        virtual std::shared_ptr<const QBiMuxHandlerRegistry::StreamEntry>
        findStreamHandler(qint32 route) const = 0;
        // Whether QBiMuxChannel::streamReceived() has a slot, for a route without a handler.
        virtual bool hasStreamReceiver() const = 0;
        // True while the muxer drains (QBiMuxer::shutdown()): it takes no new streams, and
        // closes once the last one ended both ways (streamsBecameIdle()).
        virtual bool isLinkDraining() const = 0;
        virtual void streamsBecameIdle() = 0;
        // Why a stream opened on a closed muxer fails.
        virtual QBiMuxStatus linkClosedStatus() const = 0;
        virtual qint64 linkMaxMessageSize() const = 0;
        virtual const QList<QBiMuxObserver *> &linkObservers() const = 0;

    protected:
        ~Link() = default;
    };

    QBiMuxStreams(QBiMuxer *muxer, Link *link, const QBiMuxSettings &settings);
    ~QBiMuxStreams();
    Q_DISABLE_COPY(QBiMuxStreams)

    // The stream settings of QBiMuxSettings, for streams opened or accepted from now on.
    // Thread-safe.
    void applySettings(const QBiMuxSettings &settings);

    // Link events, from the muxer. linkOpened() comes after what was written while the
    // link was opening.
    void linkOpened();
    void linkWritable() { pump(); }
    // Ends every stream with `error` at once. The streams' signals come last: the muxer,
    // and this with it, may be gone when it returns.
    void linkClosed(const QBiMuxStatus &status);
    // The probe's timer (qbimuxstreamprobe.cpp), on the muxer: false for another timer.
    // Stopped before the muxer moves to another thread, started again after.
    bool handleTimer(int timerId);
    void suspendTimer() { m_probeTimer.stop(); }
    void resumeTimer();
    static bool isStreamFrame(QBiMuxFrame::Flag flag) { return flag >= QBiMuxFrame::Flag::Hello; }
    // What opens the call lane (CallLaneHold): requests, responses, oneways and cancels,
    // but not the probe, which goes with a link's first stream and is no call.
    static bool isCallFrame(const QBiMuxFrame &frame)
    {
        return !isStreamFrame(frame.flag) && frame.route != ProbeRoute;
    }
    // A request or a response that is the peer's probe or the answer to this side's: it
    // goes to handleFrame(), and reaches no handler, interceptor or call observer.
    bool isProbeFrame(const QBiMuxFrame &frame) const
    {
        return frame.flag == QBiMuxFrame::Flag::Request
            ? frame.route == ProbeRoute
            : frame.number == m_probeNumber && m_probeNumber != 0;
    }
    // A hello, a stream frame, or a probe frame. May emit the streams' signals, whose slots
    // may delete the muxer: the caller must not touch it afterwards.
    void handleFrame(QBiMuxFrame &&frame);

    // QBiMuxer's API.
    QBiMuxStream *open(qint32 route, bool linkClosed);
    QList<QBiMuxStream *> streams() const;
    // No stream either way holds an id, not even one waiting for the peer's last frame.
    bool isIdle() const { return m_own.isEmpty() && m_peers.isEmpty(); }

    // From the streams.
    void schedule(QBiMuxStreamPrivate *stream);
    // Grants the peer what the stream's application read, once that is worth a frame.
    void grant(QBiMuxStreamPrivate *stream);
    void abort(QBiMuxStreamPrivate *stream, const QBiMuxStatus &status);
    // The stream object is being destroyed.
    void forget(QBiMuxStreamPrivate *stream);
    void notify(QBiMuxStreamPrivate *stream, QBiMux::StreamEvent event);

private:
    // Silent: the peer did not answer the probe within the default timeout.
    enum class PeerSupport { Unknown, Yes, No, Silent };

    // Whether the peer speaks streams (qbimuxstreamprobe.cpp, docs/protocol.md): the first
    // stream this side opens sends the hello and the probe, a request the peer itself
    // answers, a BiMuxQt peer after its own hello; no frame at all on a link that never
    // has a stream.
    void sayHello();
    void sendProbe();
    void armProbeTimer();
    void onHello(quint64 features);
    void onProbe(const QBiMuxFrame &request);
    void onProbeAnswer();
    // Why a stream cannot be opened on a peer without streams (No or Silent).
    QBiMuxStatus noStreamsStatus() const;
    void onOpen(const QBiMuxFrame &frame);
    void onData(QBiMuxStreamPrivate *stream, QByteArray &&data);
    void onWindow(QBiMuxStreamPrivate *stream, quint32 credit);
    void onFin(QBiMuxStreamPrivate *stream, bool close);
    void onReset(QBiMuxStreamPrivate *stream, const QBiMuxFrame &frame);
    // The peer does not speak streams (No) or did not say (Silent): this side's streams
    // that it never accepted fail.
    void peerLacksStreams(PeerSupport support);

    static QBiMuxFrame streamFrame(QBiMux::FrameFlag flag, quint64 id, bool fromAcceptor);
    // The stream is done with the link: out of the table, its id free if it is ours.
    void release(QBiMuxStreamPrivate *stream);
    void releaseOwnId(quint64 id);
    bool isObserved() const { return !m_link->linkObservers().isEmpty(); }

    // The scheduler (qbimuxstreamsend.cpp): round-robin over the streams with something
    // to send.
    bool hasWork(const QBiMuxStreamPrivate *stream) const;
    // Sends one frame of `stream`'s, of at most `chunk` data bytes (in the call lane: see
    // there); returns how many it carried.
    qint64 sendNext(QBiMuxStreamPrivate *stream, qint64 chunk, bool lane);
    // Whether calls go on the link now (the call lane, CallLaneChunk).
    bool callsBeside();
    void schedulePump();
    void pump();

    QBiMuxer *m_muxer;
    Link *m_link;
    // Set from any thread (applySettings()), read as streams open.
    std::atomic<qint64> m_receiveWindow;
    std::atomic<qint64> m_writeBufferSize;
    std::atomic<int> m_maxIncomingStreams;
    PeerSupport m_peerSupport = PeerSupport::Unknown;
    bool m_helloSent = false;
    // The probe's request number from when it is sent until its answer comes, even after
    // the timeout (a late answer is the probe's too), and its deadline.
    quint64 m_probeNumber = 0;
    QBasicTimer m_probeTimer;
    std::chrono::steady_clock::time_point m_probeDeadline;
    // Streams this side opened, by id; null for one whose object is gone while the id
    // waits for the peer's last frame.
    QHash<quint64, QBiMuxStreamPrivate *> m_own;
    // Streams the peer opened, by its id.
    QHash<quint64, QBiMuxStreamPrivate *> m_peers;
    QBiMuxStreamIds m_ids;
    QList<QBiMuxStreamPrivate *> m_ready;
    bool m_pumpScheduled = false;
    bool m_pumping = false;
    quint64 m_callFramesSeen = 0;
    std::chrono::steady_clock::time_point m_callsSeenAt;
};

#endif // QBIMUXSTREAMS_P_H
