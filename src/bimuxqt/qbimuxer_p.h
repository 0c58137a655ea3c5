#ifndef QBIMUXER_P_H
#define QBIMUXER_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the BiMuxQt API. It may change from version to version
// without notice, or even be removed.
//

#include "qbimuxcontrol_p.h"
#include "qbimuxdialerror_p.h"
#include "qbimuxer.h"
#include "qbimuxflowcontrol_p.h"
#include "qbimuxframe_p.h"
#include "qbimuxhandlerregistry_p.h"
#include "qbimuxheartbeat_p.h"
#include "qbimuxnumbertable_p.h"
#include "qbimuxobserver.h"
#include "qbimuxpendingcalls_p.h"
#include "qbimuxrequest_p.h"
#include "qbimuxstreams_p.h"

#include <QtCore/qbasictimer.h>
#include <QtCore/qmutex.h>
#include <QtCore/qpointer.h>
#include <QtCore/qthread.h>
#include <QtNetwork/qabstractsocket.h>

QT_BEGIN_NAMESPACE
class QSslSocket;
QT_END_NAMESPACE

#include <atomic>
#include <memory>

class QBiMuxerPrivate;

// A number for the calling thread that no other thread ever gets, unlike a thread id,
// which the system hands out again once its thread has ended. Never 0.
quint64 qbimuxThreadToken();

// How code on any thread reaches a muxer that may already be gone: request handles and
// rpc()/send() from worker threads hold a shared QBiMuxLink, never the muxer itself.
class QBiMuxLink
{
public:
    // Created in the muxer's constructor, so in the muxer's thread.
    explicit QBiMuxLink(QBiMuxer *muxer)
        : m_muxer(muxer)
        , m_muxerThread(qbimuxThreadToken())
    { }

    // Called by the muxer's destructor; later posts are dropped.
    void detach()
    {
        QMutexLocker locker(&m_mutex);
        m_muxer = nullptr;
        m_muxerThread.store(0, std::memory_order_release);
    }

    // The muxer's thread (qbimuxThreadToken()), or 0 while it moves to another one
    // (QBiMuxer::event()).
    void setMuxerThread(quint64 token) { m_muxerThread.store(token, std::memory_order_release); }

    // True in the thread of a muxer that is alive. The token is set only in the muxer's
    // thread (by its constructor and after a thread change) and cleared before the muxer
    // goes away or moves, and no other thread ever has the same one: when it names the
    // calling thread, the muxer is alive and lives in it, and cannot go away under the
    // caller. No lock, and no QThread::currentThread() (a call through QtCore's TLS).
    bool isMuxerThread() const
    {
        return m_muxerThread.load(std::memory_order_acquire) == qbimuxThreadToken();
    }

    QBiMuxer *muxer() const
    {
        QMutexLocker locker(&m_mutex);
        return m_muxer;
    }

    // Runs task(QBiMuxerPrivate *) on the muxer's thread: at once when called there,
    // queued otherwise. Returns false if the muxer is gone.
    template<typename Task> bool post(Task &&task)
    {
        if (isMuxerThread()) {
            task(m_muxer->d_func());
            return true;
        }
        QMutexLocker locker(&m_mutex);
        QBiMuxer *muxer = m_muxer;
        if (!muxer)
            return false;
        if (muxer->thread() == QThread::currentThread()) {
            locker.unlock();
            task(muxer->d_func());
            return true;
        }
        // Posted while the muxer is known alive; its destructor removes the event if it
        // is not delivered by then.
        QMetaObject::invokeMethod(
            muxer, [muxer, task = std::forward<Task>(task)]() mutable { task(muxer->d_func()); },
            Qt::QueuedConnection);
        return true;
    }

    // As post(), for a task that a QBiMuxControlWait waits for (qbimuxcontrol_p.h).
    bool postControl(QBiMuxControlEvent::Task task, const std::shared_ptr<QBiMuxControlWait> &wait)
    {
        if (isMuxerThread()) {
            task(m_muxer->d_func());
            return true;
        }
        QMutexLocker locker(&m_mutex);
        QBiMuxer *muxer = m_muxer;
        if (!muxer)
            return false;
        if (muxer->thread() == QThread::currentThread()) {
            locker.unlock();
            task(muxer->d_func());
            return true;
        }
        QBiMuxControlEvent::post(muxer, new QBiMuxControlEvent(std::move(task), wait));
        return true;
    }

private:
    mutable QMutex m_mutex;
    QBiMuxer *m_muxer;
    std::atomic<quint64> m_muxerThread;
};

class QBiMuxerPrivate : public QBiMuxStreams::Link
{
    Q_DECLARE_PUBLIC(QBiMuxer)

public:
    using Clock = QBiMuxPendingCalls::Clock;

    // Large enough for the 16 MiB payloads bimux users send, far below Qt's 2 GiB.
    static constexpr qint64 DefaultMaxMessageSize = 64 * 1024 * 1024;
    static constexpr std::chrono::milliseconds DefaultTimeout {30000};
    static constexpr std::chrono::milliseconds DefaultHeartbeatInterval {30000};
    static constexpr std::chrono::milliseconds DefaultIdleTimeout {90000};
    // Far above what a healthy link has in flight (tests run 10,000 calls at once), low
    // enough that a runaway caller or a flooding peer cannot exhaust memory.
    static constexpr int DefaultMaxPendingCalls = 65536;
    static constexpr int DefaultMaxConcurrentRequests = 16384;
    static constexpr qint64 DefaultHighWaterMark = 16 * 1024 * 1024;

    explicit QBiMuxerPrivate(QBiMuxer *q);

    void attach(QWebSocket *socket);

    // Runs task(this) in the muxer's thread: at once when called there, queued otherwise.
    // For the muxer's own methods, which know it is alive: from its thread this skips the
    // link's lock, which handles from other objects need. The second test covers what
    // the link does not know as the muxer's thread: while the muxer moves to another
    // thread, and in its destructor (a reply handler calling rpc() as its call fails).
    template<typename Task> void runInThread(Task &&task)
    {
        if (link->isMuxerThread() || q_func()->thread() == QThread::currentThread()) {
            task(this);
        } else {
            const bool posted = link->post(std::forward<Task>(task));
            Q_ASSERT(posted); // the muxer is alive while its own method runs
            Q_UNUSED(posted);
        }
    }

    // Socket events.
    void onSocketConnected();
    void onSocketDisconnected();
    void onSocketError();
    void onPeerSilent();
    void onBinaryMessage(const QByteArray &bytes);

    // Incoming frames.
    void dispatch(QBiMuxFrame &&frame);
    void handleRequest(QBiMuxFrame &&frame);
    void handleResponse(QBiMuxFrame &&frame);
    void handleOneway(QBiMuxFrame &&frame);
    void handleCancel(const QBiMuxFrame &frame);
    void refuseRequest(const QBiMuxFrame &request, QBiMux::StatusCode code, const QString &message);

    // Graceful shutdown (QBiMuxer::shutdown()).
    void startDrain(std::chrono::milliseconds drainTimeout, const QString &reason);
    void armDrainTimer(Clock::time_point deadline);
    void scheduleDrainCheck();

    // The socket (qbimuxersocket.cpp).
    // Tells the socket maxMessageSize: the largest message and frame it takes, and how
    // much it reads at a time.
    void applyIncomingLimits();
    void findTransport();
    void setTransport(QAbstractSocket *abstractSocket);
    void onTransportRead();
    // Bytes written but not yet taken by the peer: the socket's and the backlog's.
    qint64 queuedBytes() const;
    void updateFlowControl() { flowControl.update(queuedBytes(), maxMessageSize); }
    // Queues bytes for the peer, unless that would take the queue past the hard limit:
    // then the peer has stopped reading, and is dropped.
    void write(const QByteArray &bytes);
    void onPeerStoppedReading(qint64 queuedBytes);
    void dropStalledPeer();

    // Outgoing.
    void writeFrame(const QBiMuxFrame &frame);
    // `frame` encoded as `bytes` already (QBiMuxFrame::encodeAround()).
    void writeEncoded(const QBiMuxFrame &frame, const QByteArray &bytes);
    void sendCancel(quint64 number, qint32 route);
    // Why a new outgoing call of `size` bytes cannot be made now, or std::nullopt, in
    // which case a place among maxPendingCalls is reserved for it.
    std::optional<QBiMuxError> refuseNewCall(qsizetype size);
    QBiMuxFrame requestFrame(qint32 route, const QByteArray &data);
    void startCall(QBiMuxFrame &&frame, QBiMuxPendingCalls::Call &&call,
                   std::chrono::milliseconds timeout);
    void sendAnswer(const QBiMuxRequestRef &call, QBiMuxFrame &&frame);
    void onCancelSweep();
    // Takes a call its caller cancelled out of `pending`, tells the peer and observers, and
    // leaves ending it (which runs the caller's continuations) to the caller of this.
    std::optional<QBiMuxPendingCalls::Call> takeCancelledCall(quint64 number);
    // Stops the calling thread's QBiMuxCancelSweeper from sweeping this muxer.
    void leaveCancelSweeper();
    // In the new thread after moveToThread() (QBiMuxer::event()).
    void onThreadChanged();
    // The muxer's own timers' events; false for any other timer.
    bool onTimer(int timerId);
    void onCallCancelledByCaller(quint64 number);
    void onDeadlineTimer();
    void armDeadlineTimer();

    // Observation: callers check isObserved() first, so that an unobserved muxer reads no
    // clocks and builds no event structures.
    bool isObserved() const { return !observers.isEmpty(); }
    void notifyFrame(QBiMux::Direction direction, const QBiMuxFrame &frame, qint64 wireSize);
    void notifyCall(QBiMux::Direction direction, QBiMux::CallEvent event, quint64 number,
                    qint32 route, Clock::time_point startedAt, QBiMux::StatusCode status,
                    const QString &message = QString(),
                    QDeadlineTimer deadline = QDeadlineTimer(QDeadlineTimer::Forever));

    // Emits dialFailed() if the muxer was dialing; false if a slot deleted the muxer.
    bool reportDialFailure();
    void protocolError(const QString &message);
    // Ends every call and request, tells observers and emits disconnected(). False if code
    // run from here (a continuation, a slot) deleted the muxer.
    bool teardown(QWebSocketProtocol::CloseCode code, const QString &reason);

    static QFuture<QByteArray> failedFuture(const QBiMuxError &error);
    QBiMuxError closedError() const;

    QBiMuxer *q_ptr;
    QWebSocket *socket = nullptr;
    std::shared_ptr<QBiMuxLink> link;

    std::atomic<QBiMuxer::State> state {QBiMuxer::State::Opening};
    std::atomic<quint64> lastNumber {0};
    std::atomic<qint64> maxMessageSize;
    std::atomic<qint64> defaultTimeoutMs;
    std::atomic<int> maxPendingCalls {DefaultMaxPendingCalls};
    std::atomic<int> maxConcurrentRequests {DefaultMaxConcurrentRequests};

    // Guards id and closeReason, which other threads read.
    mutable QMutex mutex;
    QString id;
    // Set by QBiMuxServer before the muxer is published, then never changed.
    QVariant peerIdentity;

    QBiMuxPendingCalls pending;
    // The peer's requests not yet answered or cancelled.
    QBiMuxNumberTable<QBiMuxRequestRef> incoming;
    QBiMuxHandlerRegistry handlers;
    // The server's handlers for every connection, consulted after the muxer's own.
    std::shared_ptr<QBiMuxHandlerRegistry> serverHandlers;
    QBiMuxHandlerRegistry::Memo<QBiMuxHandlerRegistry::RequestEntry> serverRequestHandlerMemo;
    QBiMuxHandlerRegistry::Memo<QBiMuxHandlerRegistry::MessageEntry> serverMessageHandlerMemo;

    QList<QBiMuxObserver *> observers;
    QBiMuxHeartbeat heartbeat;
    QBiMuxFlowControl flowControl;
    // The TCP (or TLS) socket under the WebSocket, for what QWebSocket does not tell: when
    // it has read (and answered pings with pongs of its own, see onTransportRead()), and
    // what TLS has encrypted but not sent. QWebSocket keeps the one it dials with as a
    // child; QBiMuxServer hands over the ones it accepts. Null for a socket from the
    // application's own QWebSocketServer: its queue is then checked at every message, pong
    // and heartbeat tick instead of after every read.
    QPointer<QAbstractSocket> transport;
#ifndef QT_NO_SSL
    QSslSocket *tlsTransport = nullptr; // transport, if it is a QSslSocket
#endif
    qint64 backlogBytes = 0;
    // Set when the peer is found to have stopped reading; it is dropped from the event
    // loop (dropStalledPeer()), and meanwhile nothing more is read from it or queued for it.
    bool overflowPending = false;
    qint64 stalledQueueBytes = 0;
    std::atomic<bool> draining {false};
    bool drainCheckScheduled = false;
    // Set first thing in ~QBiMuxer(), whose close() runs the handlers of failing calls.
    bool destroying = false;
    QString drainReason;

    // Single-shot by hand (onTimer()). A QBasicTimer on the muxer, not a QTimer: an int
    // instead of a QObject and a connection per connection, and it moves with the muxer
    // to another thread.
    QBasicTimer deadlineTimer;
    std::optional<Clock::time_point> deadlineTimerArmedFor;
    // A future.cancel() of a call younger than QBiMuxPendingCalls::SweepsBeforeWatcher
    // sweeps of the thread's QBiMuxCancelSweeper is noticed by the next sweep, of an older
    // one at once (QBiMuxPendingCalls::sweep()).
    // Whether the thread's QBiMuxCancelSweeper sweeps this muxer: set by startCall(),
    // cleared by the sweeper when it lets go, so that a call costs no sweeper lookup.
    bool swept = false;
    // Frames sent while the socket is still opening, written once it is open.
    QList<QByteArray> backlog;
    // Where writeFrame() encodes; see there.
    QByteArray encodeBuffer;
    static constexpr qsizetype MaxKeptEncodeBuffer = 64 * 1024;

    // Why the muxer closed, for the error of calls made afterwards.
    QString closeReason;
    bool sawSocketError = false;
    // While a dial made by open() is under way.
    std::optional<QBiMuxDialTrace> dialTrace;

    // The streams part (docs/streams.md): the link hands it the link's events and every
    // hello and stream frame, and it reaches the link through QBiMuxStreams::Link
    // (implemented in qbimuxstreamapi.cpp).
    QBiMuxStreams streams;
    // Call frames written and read (not the streams'), for the streams' call lane.
    quint64 callFrames = 0;
    void writeStreamFrame(const QBiMuxFrame &frame) override;
    void writeEncodedStreamFrame(const QBiMuxFrame &frame, const QByteArray &bytes) override;
    qint64 linkQueuedBytes() const override;
    quint64 linkCallFrames() const override;
    void pingLink(const QByteArray &payload) override;
    void streamProtocolError(const QString &message) override;
    std::shared_ptr<const QBiMuxHandlerRegistry::StreamEntry>
    findStreamHandler(qint32 route) const override;
    bool isLinkDraining() const override;
    void streamsBecameIdle() override;
    QBiMuxError linkClosedError() const override;
    qint64 linkMaxMessageSize() const override;
    const QList<QBiMuxObserver *> &linkObservers() const override;
};

#endif // QBIMUXER_P_H
