// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef QBIMUXER_P_H
#define QBIMUXER_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the BiMuxQt API. It may change from version to version
// without notice, or even be removed.
//

#include "qbimuxcalloptions_p.h"
#include "qbimuxchannel_p.h"
#include "qbimuxcontrol_p.h"
#include "qbimuxdialerror_p.h"
#include "qbimuxer.h"
#include "qbimuxframe_p.h"
#include "qbimuxhandlerregistry_p.h"
#include "qbimuxheartbeat_p.h"
#include "qbimuxincomingrequests_p.h"
#include "qbimuxinterceptors_p.h"
#include "qbimuxlifecycle_p.h"
#include "qbimuxnumbertable_p.h"
#include "qbimuxobservers_p.h"
#include "qbimuxoutgoingcalls_p.h"
#include "qbimuxpendingcalls_p.h"
#include "qbimuxrequest_p.h"
#include "qbimuxstreams_p.h"
#include "qbimuxwire_p.h"

#include <QtCore/qbasictimer.h>
#include <QtCore/qmutex.h>
#include <QtCore/qpointer.h>
#include <QtCore/qthread.h>
#include <QtNetwork/qabstractsocket.h>

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

    // What QBiMuxServer's authenticator admitted the peer as: set before the muxer is
    // published to other threads and never changed, so that any thread may read it, also
    // through a request or message once the muxer is gone.
    const QVariant &peerIdentity() const { return m_peerIdentity; }
    void setPeerIdentity(const QVariant &identity) { m_peerIdentity = identity; }

    // Runs task(QBiMuxerPrivate *) on the muxer's thread: at once when called there,
    // queued otherwise. Returns false if the muxer is gone.
    template<typename Task> bool post(Task &&task);
    // As post(), for a task that a QBiMuxControlWait waits for (qbimuxcontrol_p.h).
    bool postControl(QBiMuxControlEvent::Task task, const std::shared_ptr<QBiMuxControlWait> &wait);

private:
    // What post() and postControl() share: runHere(QBiMuxerPrivate *) if the calling
    // thread is the muxer's, queue(QBiMuxer *) (under the lock, with the muxer known
    // alive) if it is another; false if the muxer is gone.
    template<typename RunHere, typename Queue> bool dispatch(RunHere &&runHere, Queue &&queue);

    mutable QMutex m_mutex;
    QBiMuxer *m_muxer;
    std::atomic<quint64> m_muxerThread;
    QVariant m_peerIdentity;
};

// The muxer's parts reach it through narrow interfaces: the streams part through
// QBiMuxStreams::Link (qbimuxstreamapi.cpp).
class QBiMuxerPrivate : public QBiMuxChannelPrivate, public QBiMuxStreams::Link
{
    Q_DECLARE_PUBLIC(QBiMuxer)

public:
    explicit QBiMuxerPrivate(QBiMuxer *q);
    static QBiMuxerPrivate *get(QBiMuxer *muxer) { return muxer->d_func(); }
    static const QBiMuxerPrivate *get(const QBiMuxer *muxer) { return muxer->d_func(); }

    // QBiMuxEndpointPrivate and QBiMuxChannelPrivate.
    void applySettings(const QBiMuxSettings &settings) override;
    void addObserver(QBiMuxObserver *observer) override
    {
        observers.add(observer, lifecycle.isOpen());
    }
    void removeObserver(QBiMuxObserver *observer) override { observers.remove(observer); }
    void call(qint32 route, const QByteArray &data, const QBiMuxCallOptions &options,
              QBiMuxCallReply &&reply) override;
    bool send(qint32 route, const QByteArray &data, const QBiMuxCallOptions &options) override;
    QBiMuxStream *openStream(qint32 route) override;
    bool isConnected() const override { return lifecycle.isOpen(); }
    void close(QWebSocketProtocol::CloseCode code, const QString &reason) override;
    // A QBiMuxServer's or QBiMuxClient's handlers and interceptors, consulted after the
    // muxer's own. Before the muxer is published.
    void inherit(const QBiMuxEndpointPrivate *parent);
    // For a connection QBiMuxServer accepted, before it is published to other threads:
    // inherit() the server, the TCP socket under the WebSocket (QBiMuxWire::setTransport()),
    // and what the server's authenticator admitted the peer as, which never changes
    // afterwards, so that any thread may read it.
    void adopt(const QBiMuxEndpointPrivate *server, QAbstractSocket *transport,
               const QVariant &peerIdentity);

    void attach(QWebSocket *socket);

    // Runs task(this) in the muxer's thread: at once when called there, queued otherwise.
    // For the muxer's own methods, which know it is alive: from its thread this skips the
    // link's lock, which handles from other objects need. The second test covers what
    // the link does not know as the muxer's thread: while the muxer moves to another
    // thread, and in its destructor (a reply handler calling rpc() as its call fails).
    template<typename Task> void runInThread(Task &&task)
    {
        if (isInThread()) {
            task(this);
        } else {
            const bool posted = link->post(std::forward<Task>(task));
            Q_ASSERT(posted); // the muxer is alive while its own method runs
            Q_UNUSED(posted);
        }
    }
    // Whether runInThread() runs a task at once.
    bool isInThread() const
    {
        return link->isMuxerThread() || q_func()->thread() == QThread::currentThread();
    }

    // Socket events.
    void onSocketConnected();
    void onSocketDisconnected();
    void onSocketError();
    void onPeerSilent();
    void onBinaryMessage(const QByteArray &bytes);

    // Incoming frames.
    void dispatch(QBiMuxFrame &&frame);

    // Graceful shutdown (QBiMuxer::shutdown()).
    void startDrain(std::chrono::milliseconds drainTimeout, const QString &reason);

    QWebSocket *socket() const { return wire.socket(); }
    // Closes with `code` and `reason` and aborts the socket: for a peer that stopped
    // reading or went silent, to which no close frame would get through.
    void dropPeer(QWebSocketProtocol::CloseCode code, const QString &reason);

    // In the new thread after moveToThread() (QBiMuxer::event()).
    void onThreadChanged();
    // The muxer's own timers' events; false for any other timer.
    bool onTimer(int timerId);

    // Emits dialFailed() if the muxer was dialing; false if a slot deleted the muxer.
    bool reportDialFailure();
    // Ends every call and request, tells observers and emits disconnected(). False if code
    // run from here (a continuation, a slot) deleted the muxer.
    bool teardown(QWebSocketProtocol::CloseCode code, const QString &reason);

    // The muxer's parts, each with one job. The muxer holds them and wires them to each
    // other (the constructor, in qbimuxer.cpp); they talk through their own functions.
    // Reached from other threads: request and message handles, rpc()/send() from workers.
    std::shared_ptr<QBiMuxLink> link;
    // The server's or client's interceptors, then the muxer's own.
    QBiMuxInterception interception {interceptors};
    QBiMuxObservers observers;
    // Opening, open, closed; why it closed; the drain.
    QBiMuxLifecycle lifecycle;
    // Pings an idle peer and notices a silent one.
    QBiMuxHeartbeat heartbeat;
    // The socket, what is written to it and its queue; every frame goes out through it.
    QBiMuxWire wire;
    // This side's calls and oneway messages.
    QBiMuxOutgoingCalls outgoing;
    // The peer's requests and oneway messages.
    QBiMuxIncomingRequests incoming;

    // The socket's events (qbimuxersocket.cpp): whether it reported an error before it
    // disconnected, and while a dial made by open() is under way, what it went through.
    bool sawSocketError = false;
    std::optional<QBiMuxDialTrace> dialTrace;

    // The streams part (docs/streams.md): the link hands it the link's events and every
    // hello, stream and probe frame, and it reaches the link through QBiMuxStreams::Link
    // (implemented in qbimuxstreamapi.cpp).
    QBiMuxStreams streams;
    void writeStreamFrame(const QBiMuxFrame &frame) override;
    void writeStreamData(QBiMuxFrame &&frame, QByteArray &&bytes, bool bulk) override;
    qint64 linkQueuedBytes() const override;
    quint64 linkCallFrames() const override;
    quint64 linkRequestNumber() override;
    std::chrono::milliseconds linkDefaultTimeout() const override;
    void streamProtocolError(const QString &message) override;
    std::shared_ptr<const QBiMuxHandlerRegistry::StreamEntry>
    findStreamHandler(qint32 route) const override;
    bool hasStreamReceiver() const override;
    bool isLinkDraining() const override;
    void streamsBecameIdle() override;
    QBiMuxStatus linkClosedStatus() const override;
    qint64 linkMaxMessageSize() const override;
    const QList<QBiMuxObserver *> &linkObservers() const override;
};

template<typename RunHere, typename Queue>
inline bool QBiMuxLink::dispatch(RunHere &&runHere, Queue &&queue)
{
    if (isMuxerThread()) {
        runHere(QBiMuxerPrivate::get(m_muxer));
        return true;
    }
    QMutexLocker locker(&m_mutex);
    QBiMuxer *muxer = m_muxer;
    if (!muxer)
        return false;
    if (muxer->thread() == QThread::currentThread()) {
        locker.unlock();
        runHere(QBiMuxerPrivate::get(muxer));
        return true;
    }
    queue(muxer);
    return true;
}

template<typename Task> inline bool QBiMuxLink::post(Task &&task)
{
    return dispatch([&task](QBiMuxerPrivate *d) { task(d); },
                    [&task](QBiMuxer *muxer) {
                        // Posted while the muxer is known alive; its destructor removes the
                        // event if it is not delivered by then.
                        QMetaObject::invokeMethod(
                            muxer,
                            [muxer, task = std::forward<Task>(task)]() mutable {
                                task(QBiMuxerPrivate::get(muxer));
                            },
                            Qt::QueuedConnection);
                    });
}

inline bool QBiMuxLink::postControl(QBiMuxControlEvent::Task task,
                                    const std::shared_ptr<QBiMuxControlWait> &wait)
{
    return dispatch([&task](QBiMuxerPrivate *d) { task(d); },
                    [&task, &wait](QBiMuxer *muxer) {
                        QBiMuxControlEvent::post(muxer,
                                                 new QBiMuxControlEvent(std::move(task), wait));
                    });
}

#endif // QBIMUXER_P_H
