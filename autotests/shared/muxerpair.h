// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef MUXERPAIR_H
#define MUXERPAIR_H

#include <QBiMuxServer>
#include <QBiMuxer>

#include <QtTest/qsignalspy.h>
#include <QtTest/qtest.h>
#include <QtWebSockets/qwebsocket.h>

#include <memory>

// A real loopback connection for tests: a QBiMuxServer on 127.0.0.1 and a client
// QBiMuxer dialed to it, both open once connect() returned true.
struct MuxerPair
{
    std::unique_ptr<QBiMuxServer> server = std::make_unique<QBiMuxServer>();
    std::unique_ptr<QBiMuxer> client = std::make_unique<QBiMuxer>();
    QBiMuxer *serverSide = nullptr; // owned by the server

    [[nodiscard]] bool connect(const QString &clientId = QString())
    {
        if (!server->listen(QHostAddress::LocalHost, 0))
            return false;
        QSignalSpy accepted(server.get(), &QBiMuxServer::newConnection);
        QSignalSpy connected(client.get(), &QBiMuxer::connected);
        client->setId(clientId);
        client->open(server->serverUrl());
        if (!connected.wait(10000) && connected.isEmpty())
            return false;
        if (accepted.isEmpty() && !accepted.wait(10000))
            return false;
        serverSide = accepted.first().first().value<QBiMuxer *>();
        return serverSide && serverSide->isConnected() && client->isConnected();
    }
};

// Holds every request `muxer` emits, unanswered, for a test to answer when it wants.
class RequestCollector : public QObject, public QList<QBiMuxRequest>
{
public:
    explicit RequestCollector(QBiMuxer *muxer)
    {
        QObject::connect(muxer, &QBiMuxer::requestReceived, this,
                         [this](const QBiMuxRequest &request) { append(request); });
    }
};

// Waits for a future without blocking the event loop that has to finish it.
template<typename T>
[[nodiscard]] bool waitForFinished(const QFuture<T> &future, int timeoutMs = 10000)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!future.isFinished() && !deadline.hasExpired())
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
    return future.isFinished();
}

// The status of the QBiMuxError a failed future carries, or Ok if it did not fail.
inline QBiMuxStatus errorOf(QFuture<QByteArray> future)
{
    try {
        future.waitForFinished();
        future.result();
    } catch (const QBiMuxError &error) {
        return error.status();
    } catch (...) {
        return QBiMuxStatus(QBiMux::StatusCode::Unknown, QStringLiteral("not a QBiMuxError"));
    }
    return QBiMuxStatus();
}

#endif // MUXERPAIR_H
