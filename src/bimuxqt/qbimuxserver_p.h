// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef QBIMUXSERVER_P_H
#define QBIMUXSERVER_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the BiMuxQt API. It may change from version to version
// without notice, or even be removed.
//

#include "qbimuxacceptor_p.h"
#include "qbimuxadmission.h"
#include "qbimuxendpoint_p.h"
#include "qbimuxer_p.h"
#include "qbimuxhandshakebudget_p.h"
#include "qbimuxhandshakegate_p.h"
#include "qbimuxserver.h"

#include <QtCore/qmutex.h>
#include <QtCore/qpointer.h>
#include <QtCore/qthread.h>
#include <QtNetwork/qtcpserver.h>
#include <QtNetwork/qtcpsocket.h>
#include <QtWebSockets/qwebsocketserver.h>
#ifndef QT_NO_SSL
#include <QtNetwork/qsslconfiguration.h>
#endif

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

// One event loop that owns connections: the server's own thread, or a worker thread.
// Its QWebSocketServer never listens; it only does the handshakes of the sockets the
// acceptor hands it (QWebSocketServer::handleConnection()).
struct QBiMuxServerWorker
{
    std::unique_ptr<QThread> thread; // null for the server's own thread
    QObject *context = nullptr; // lives in the worker's thread; owns webSocketServer
    QWebSocketServer *webSocketServer = nullptr;
    std::atomic<int> connections {0};
    // Sockets handed to webSocketServer whose handshake is not done, with what the
    // authenticator admitted them as; adopt() finds the one under each new QWebSocket
    // here (only touched in the worker's thread).
    struct Handshake
    {
        QPointer<QTcpSocket> transport;
        QVariant peerIdentity;
    };
    QList<Handshake> handshaking;
};

class QBiMuxServerPrivate : public QBiMuxEndpointPrivate
{
    Q_DECLARE_PUBLIC(QBiMuxServer)

public:
    explicit QBiMuxServerPrivate(QBiMuxServer *q);
    // What needs the server's QObject, which the constructor runs before.
    void init();

    // QBiMuxEndpointPrivate.
    void applySettings(const QBiMuxSettings &settings) override;
    void addObserver(QBiMuxObserver *observer) override;
    void removeObserver(QBiMuxObserver *observer) override;

    void startWorkers();
    void stopWorkers();
    QBiMuxServerWorker *leastLoadedWorker();
    void dispatch(qintptr descriptor);
    void adopt(QBiMuxServerWorker *worker, QWebSocket *socket);
    QTcpSocket *createSocket(bool *secure);
    // Run in the connection's thread, before the WebSocket handshake is answered: admit()
    // checks and asks the authenticator, confirm() checks again once it has answered.
    QFuture<QBiMuxAdmission> admit(const QBiMuxHandshake &handshake);
    QBiMuxAdmission confirm(const QBiMuxAdmission &answer);
    // Why the server takes no new connection now (shutting down, full), with `mutex` held.
    std::optional<QBiMuxAdmission> refusalLocked() const;
    // The handshake under an accepted QWebSocket: the TCP (or TLS) socket, which
    // QWebSocket does not reveal (the muxer needs it to check its write queue after every
    // read, since QWebSocket answers pings itself, and to count what TLS has encrypted but
    // not sent), and what the authenticator admitted the peer as.
    static QBiMuxServerWorker::Handshake takeHandshake(QBiMuxServerWorker *worker,
                                                       const QWebSocket *socket);
    void forget(QBiMuxer *muxer);
    // Sends to each of `links` in its own thread, and returns once every connection took
    // the message or not: how many did (qbimuxservergroups.cpp).
    static int sendToEach(const std::vector<std::shared_ptr<QBiMuxLink>> &links, qint32 route,
                          const QByteArray &data, const QBiMuxCallOptions &options);
    static std::vector<std::shared_ptr<QBiMuxLink>> linksOf(const QList<QBiMuxer *> &muxers);
    static QString announcedId(const QWebSocket *socket);
    // Runs `task` in the thread of `object`, at once if that is this thread.
    template<typename Task> static void runInThreadOf(QObject *object, Task &&task)
    {
        if (object->thread() == QThread::currentThread())
            task();
        else
            QMetaObject::invokeMethod(object, std::forward<Task>(task), Qt::QueuedConnection);
    }
    // Runs task(QBiMuxerPrivate *) for every live connection in the connection's thread
    // and returns how many it reached. Goes through each muxer's link, so a connection
    // that closes and is deleted meanwhile in its worker thread is skipped, not touched.
    template<typename Task> int forEachConnection(const Task &task)
    {
        int reached = 0;
        for (const std::shared_ptr<QBiMuxLink> &link : connectionLinks())
            reached += link->post([task](QBiMuxerPrivate *muxer) { task(muxer); }) ? 1 : 0;
        return reached;
    }
    // As forEachConnection(), and returns once every task has run or was dropped with its
    // connection. Safe from a worker thread while other workers do the same
    // (qbimuxcontrol_p.h).
    void forEachConnectionAndWait(const QBiMuxControlEvent::Task &task)
    {
        const auto wait = std::make_shared<QBiMuxControlWait>();
        for (const std::shared_ptr<QBiMuxLink> &link : connectionLinks())
            link->postControl(task, wait);
        wait->wait();
    }
    std::vector<std::shared_ptr<QBiMuxLink>> connectionLinks() const
    {
        QMutexLocker locker(&mutex);
        return linksOf(muxers);
    }

    QBiMuxAcceptor acceptor;
    QString path;
    int workerThreadCount = 0;
    std::vector<std::unique_ptr<QBiMuxServerWorker>> workers;

    // `mutex` (QBiMuxEndpointPrivate) guards muxers, groups, observers, the admission
    // settings and the shutdown flags, which the worker threads read.
    QList<QBiMuxer *> muxers;
    // Groups by name, and each live connection's groups (an entry for every connection,
    // empty while it is in none: it says the muxer is one of this server's).
    QHash<QString, QList<QBiMuxer *>> groupMembers;
    QHash<QBiMuxer *, QStringList> groupsOf;
    QList<QBiMuxObserver *> observers;
    QBiMuxServer::Authenticator authenticator;
    QStringList allowedOrigins;
    int maxConnections = 0;
    bool shuttingDown = false;
    bool shutdownReported = false;
#ifndef QT_NO_SSL
    std::optional<QSslConfiguration> sslConfiguration;
#endif
    std::atomic<qint64> handshakeTimeoutMs {10000};
    // Shared with the gates' places, which may be given back as a worker shuts down.
    const std::shared_ptr<QBiMuxHandshakeBudget> handshakeBudget
        = std::make_shared<QBiMuxHandshakeBudget>();
};

#endif // QBIMUXSERVER_P_H
