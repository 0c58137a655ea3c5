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
#include "qbimuxconnectionsettings_p.h"
#include "qbimuxer_p.h"
#include "qbimuxhandlerregistry_p.h"
#include "qbimuxhandshakegate_p.h"
#include "qbimuxserver.h"

#include <QtCore/qmutex.h>
#include <QtCore/qpointer.h>
#include <QtCore/qsemaphore.h>
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
    // Sockets handed to webSocketServer whose handshake is not done; adopt() finds the
    // one under each new QWebSocket here (only touched in the worker's thread).
    QList<QPointer<QTcpSocket>> handshaking;
};

class QBiMuxServerPrivate
{
    Q_DECLARE_PUBLIC(QBiMuxServer)

public:
    explicit QBiMuxServerPrivate(QBiMuxServer *q);

    void startWorkers();
    void stopWorkers();
    QBiMuxServerWorker *leastLoadedWorker();
    void dispatch(qintptr descriptor);
    void adopt(QBiMuxServerWorker *worker, QWebSocket *socket);
    QTcpSocket *createSocket(bool *secure);
    // Runs in the connection's thread, before the WebSocket handshake is answered.
    QBiMuxAdmission admit(const QBiMuxHandshake &handshake);
    static QTcpSocket *takeTransport(QBiMuxServerWorker *worker, const QWebSocket *socket);
    void forget(QBiMuxer *muxer);
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
    // With `wait`, returns once every task has run or was dropped with its connection.
    template<typename Task> int forEachConnection(const Task &task, bool wait = false)
    {
        std::vector<std::shared_ptr<QBiMuxLink>> links;
        {
            QMutexLocker locker(&mutex);
            links.reserve(muxers.size());
            for (QBiMuxer *muxer : std::as_const(muxers))
                links.push_back(muxer->d_func()->link);
        }
        // Released when the last copy of a task is destroyed: after it ran, or when it
        // was dropped because its muxer went away first.
        struct Done
        {
            std::shared_ptr<QSemaphore> semaphore;
            ~Done()
            {
                if (semaphore)
                    semaphore->release();
            }
        };
        const auto semaphore = wait ? std::make_shared<QSemaphore>() : nullptr;
        int reached = 0;
        for (const std::shared_ptr<QBiMuxLink> &link : links) {
            auto done = std::make_shared<Done>(Done {semaphore});
            reached += link->post([task, done](QBiMuxerPrivate *muxer) { task(muxer); }) ? 1 : 0;
        }
        if (semaphore)
            semaphore->acquire(int(links.size()));
        return reached;
    }

    QBiMuxServer *q_ptr;
    QBiMuxAcceptor acceptor;
    QString path;
    int workerThreadCount = 0;
    std::vector<std::unique_ptr<QBiMuxServerWorker>> workers;
    std::shared_ptr<QBiMuxHandlerRegistry> handlers;

    // Guards muxers, observers and the admission settings, which the worker threads read.
    mutable QMutex mutex;
    QList<QBiMuxer *> muxers;
    QList<QBiMuxObserver *> observers;
    using Authenticator = QBiMuxServer::Authenticator;
    Authenticator authenticator;
    QStringList allowedOrigins;
    int maxConnections = 0;
    bool shuttingDown = false;
    bool shutdownReported = false;
#ifndef QT_NO_SSL
    std::optional<QSslConfiguration> sslConfiguration;
#endif
    std::atomic<qint64> handshakeTimeoutMs {10000};

    QBiMuxConnectionSettings settings;
};

#endif // QBIMUXSERVER_P_H
