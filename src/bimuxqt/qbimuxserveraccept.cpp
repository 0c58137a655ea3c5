// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

// QBiMuxServer's accepting side: the worker threads a connection is handed to, and the
// hand-over of an accepted descriptor (budget, TLS or plain socket) to the least loaded one.

#include "qbimuxserver.h"
#include "qbimuxserver_p.h"

#include "qbimuxer_p.h"
#include "qbimuxhandshakegate_p.h"
#include "qbimuxlogging_p.h"

#include <QtNetwork/qtcpsocket.h>
#include <QtWebSockets/qwebsocket.h>
#ifndef QT_NO_SSL
#include <QtNetwork/qsslsocket.h>
#endif

void QBiMuxServerPrivate::startWorkers()
{
    if (!workers.empty())
        return;
    const int threads = workerThreadCount;
    for (int i = 0; i < std::max(threads, 1); ++i) {
        auto worker = std::make_unique<QBiMuxServerWorker>();
        QBiMuxServerWorker *w = worker.get();
        w->context = new QObject;
        // NonSecureMode even for wss://: the gate has done TLS by the time the socket
        // reaches this server.
        w->webSocketServer = new QWebSocketServer(QStringLiteral("BiMuxQt"),
                                                  QWebSocketServer::NonSecureMode, w->context);
        QObject::connect(
            w->webSocketServer, &QWebSocketServer::newConnection, w->context, [this, w] {
                while (QWebSocket *socket = w->webSocketServer->nextPendingConnection())
                    adopt(w, socket);
            });
        if (threads > 0) {
            w->thread = std::make_unique<QThread>();
            w->thread->setObjectName(QStringLiteral("BiMuxQt worker %1").arg(i));
            w->context->moveToThread(w->thread.get());
            w->thread->start();
        }
        workers.push_back(std::move(worker));
    }
}

void QBiMuxServerPrivate::stopWorkers()
{
    for (const auto &worker : workers) {
        QBiMuxServerWorker *w = worker.get();
        // Muxers die in their own thread, before it ends, so that every call ends.
        auto shutdown = [this, w] {
            QList<QBiMuxer *> own;
            {
                QMutexLocker locker(&mutex);
                for (QBiMuxer *muxer : std::as_const(muxers)) {
                    if (muxer->thread() == QThread::currentThread())
                        own.append(muxer);
                }
            }
            for (QBiMuxer *muxer : std::as_const(own)) {
                muxer->close(QWebSocketProtocol::CloseCodeGoingAway,
                             QBiMuxServer::tr("server closed"));
                delete muxer;
            }
            delete w->context;
        };
        if (w->thread) {
            QMetaObject::invokeMethod(w->context, shutdown, Qt::BlockingQueuedConnection);
            w->thread->quit();
            w->thread->wait();
        } else {
            shutdown();
        }
    }
    workers.clear();
}

QBiMuxServerWorker *QBiMuxServerPrivate::leastLoadedWorker()
{
    QBiMuxServerWorker *best = workers.front().get();
    for (const auto &worker : workers) {
        if (worker->connections.load() < best->connections.load())
            best = worker.get();
    }
    return best;
}

void QBiMuxServerPrivate::dispatch(qintptr descriptor)
{
    // Every socket still in its handshake holds a place in the budget, from here on: peers
    // that connect and say nothing hold at most that many descriptors, those waiting in a
    // busy worker's queue included. Decided here, before queueing, so that a flood from
    // one address cannot fill the queue in front of other peers.
    QString refusal;
    std::optional<QBiMuxHandshakeBudget::Slot> taken
        = handshakeBudget->take(QBiMuxHandshakeBudget::peerAddressOf(descriptor), &refusal);
    if (!taken) {
        bool secure = false;
        const std::unique_ptr<QTcpSocket> socket(createSocket(&secure));
        if (socket->setSocketDescriptor(descriptor)) {
            qCDebug(lcServer) << q_func() << "refusing" << socket->peerAddress().toString()
                              << "at once:" << refusal;
            // A TLS client would not understand a plain answer before its handshake.
            QBiMuxHandshakeGate::refuseNow(socket.get(), QBiMuxAdmission::reject(503, refusal),
                                           !secure);
        }
        return;
    }
    // Shared, so that the task stays copyable; dropped with it if it never runs.
    auto slot = std::make_shared<QBiMuxHandshakeBudget::Slot>(std::move(*taken));
    QBiMuxServerWorker *worker = leastLoadedWorker();
    // Counted from now, not from the end of the handshake, so that a burst of dials is
    // spread too; the socket's end, whether as a connection or a failed handshake, uncounts.
    ++worker->connections;
    runInThreadOf(worker->context, [this, worker, descriptor, slot] {
        bool secure = false;
        QTcpSocket *socket = createSocket(&secure);
        if (!socket->setSocketDescriptor(descriptor)) {
            qCWarning(lcServer) << q_func() << "cannot take over an accepted connection:"
                                << socket->errorString();
            delete socket;
            --worker->connections;
            return;
        }
        // The worker's context: a socket that outlives its worker counts nothing.
        QObject::connect(socket, &QObject::destroyed, worker->context,
                         [worker] { --worker->connections; });
        // Answers are small writes that should leave at once. QWebSocket turns Nagle's
        // algorithm off on the sockets it dials, not on the ones it is handed; with it on,
        // an answer written while an earlier one is unacknowledged waits for that ACK,
        // which the peer may delay by up to 40 ms.
        socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        // Read per connection, so that setHandshakeTimeout() applies to the connections
        // accepted after it: the gate's wait, and QWebSocketServer's for the upgrade.
        const std::chrono::milliseconds handshakeTimeout(handshakeTimeoutMs.load());
        new QBiMuxHandshakeGate(
            socket, secure, handshakeTimeout, std::move(*slot),
            [this](const QBiMuxHandshake &handshake) { return admit(handshake); },
            [this](const QBiMuxAdmission &answer) { return confirm(answer); },
            [worker, handshakeTimeout](QTcpSocket *admitted, const QBiMuxAdmission &admission) {
                // The WebSocket handshake runs in this thread; newConnection() then
                // hands the socket to adopt(). QWebSocketServer times each handshake
                // with the timeout it has when it is handed the socket.
                worker->handshaking.append({admitted, admission.peerIdentity()});
                worker->webSocketServer->setHandshakeTimeout(handshakeTimeout);
                worker->webSocketServer->handleConnection(admitted);
                // The gate peeked at the request, so its bytes arrived before
                // QWebSocketServer listened for readyRead(): say they are there.
                if (admitted->bytesAvailable() > 0) {
                    QMetaObject::invokeMethod(admitted, &QIODevice::readyRead,
                                              Qt::QueuedConnection);
                }
            },
            worker->context);
    });
}

QTcpSocket *QBiMuxServerPrivate::createSocket(bool *secure)
{
#ifndef QT_NO_SSL
    QMutexLocker locker(&mutex);
    if (sslConfiguration) {
        auto *sslSocket = new QSslSocket;
        sslSocket->setSslConfiguration(*sslConfiguration);
        *secure = true;
        return sslSocket;
    }
#endif
    *secure = false;
    return new QTcpSocket;
}
