// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef RAWECHO_H
#define RAWECHO_H

#include "endpoint.h"

#include <QtCore/qthread.h>
#include <QtCore/qurl.h>
#include <QtNetwork/qtcpserver.h>

#include <deque>
#include <functional>
#include <memory>
#include <vector>

QT_BEGIN_NAMESPACE
class QWebSocket;
class QWebSocketServer;
QT_END_NAMESPACE

struct ServerConfig;
struct ServerCounters;

// The baseline: plain QWebSocket binary messages. A call is one binary message echoed
// back; answers come in order on one socket, so a queue matches them to their calls.
class RawEndpoint : public Endpoint
{
    Q_OBJECT

public:
    // Dials `url` on a socket of its own.
    explicit RawEndpoint(const QUrl &url, QObject *parent = nullptr);
    // Drives `socket` without owning it: the server's side of a reverse load.
    explicit RawEndpoint(QWebSocket *socket, QObject *parent = nullptr);
    ~RawEndpoint() override;

    // The client's side of a reverse load: echoes the server's calls instead of making any.
    void setEchoIncoming(bool echo) { m_echoIncoming = echo; }

    bool isOpen() const override;
    void call(const QByteArray &payload, Done done) override;
    bool sendOneway(const QByteArray &payload) override;
    qint64 bytesToWrite() const override;
    void control(const QByteArray &command, Reply reply) override;

private:
    void attach();
    void onBinaryMessage(const QByteArray &message);
    void onDisconnected();

    QWebSocket *m_socket;
    bool m_owned;
    bool m_wasOpen = false;
    bool m_echoIncoming = false;
    std::deque<Done> m_calls;
    std::deque<Reply> m_controls;
};

// A QWebSocketServer that echoes binary messages on /echo and counts them on /sink, with
// the thread layout of QBiMuxServer: one acceptor (backlog 1024) handing descriptors to
// `workerThreads` event loops (0: all in this thread), each doing its own handshakes.
class RawEchoServer : public QObject
{
    Q_OBJECT

public:
    RawEchoServer(const ServerConfig &config, ServerCounters *counters, QObject *parent = nullptr);
    ~RawEchoServer() override;

    bool listen();
    quint16 port() const;

private:
    class Acceptor : public QTcpServer
    {
    public:
        std::function<void(qintptr)> onDescriptor;

    protected:
        void incomingConnection(qintptr descriptor) override { onDescriptor(descriptor); }
    };
    struct Worker
    {
        std::unique_ptr<QThread> thread;
        QObject *context = nullptr;
        QWebSocketServer *webSocketServer = nullptr;
    };

    void dispatch(qintptr descriptor);
    void adopt(Worker *worker, QWebSocket *socket);
    void control(QWebSocket *socket, const QString &command);

    ServerCounters *m_counters;
    int m_workRounds;
    Acceptor m_acceptor;
    std::vector<std::unique_ptr<Worker>> m_workers;
    size_t m_next = 0;
};

#endif // RAWECHO_H
