// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "rawecho.h"

#include "benchutil.h"
#include "loads.h"
#include "servercounters.h"
#include "serverprocess.h"
#include "streamloads.h"

#include <QtCore/qjsondocument.h>
#include <QtNetwork/qtcpsocket.h>
#include <QtWebSockets/qwebsocket.h>
#include <QtWebSockets/qwebsocketserver.h>

RawEndpoint::RawEndpoint(const QUrl &url, QObject *parent)
    : Endpoint(parent)
    , m_socket(new QWebSocket)
    , m_owned(true)
{
    m_socket->setParent(this);
    attach();
    connect(m_socket, &QWebSocket::connected, this, [this] {
        m_wasOpen = true;
        emit opened();
    });
    connect(m_socket, &QWebSocket::textMessageReceived, this, [this](const QString &text) {
        if (m_controls.empty())
            return;
        Reply reply = std::move(m_controls.front());
        m_controls.pop_front();
        reply(true, text.toUtf8());
    });
    m_socket->open(url);
}

RawEndpoint::RawEndpoint(QWebSocket *socket, QObject *parent)
    : Endpoint(parent)
    , m_socket(socket)
    , m_owned(false)
    , m_wasOpen(true)
{
    attach();
}

RawEndpoint::~RawEndpoint()
{
    if (!m_owned)
        m_socket->disconnect(this);
}

void RawEndpoint::attach()
{
    connect(m_socket, &QWebSocket::binaryMessageReceived, this,
            [this](const QByteArray &message) { onBinaryMessage(message); });
    connect(m_socket, &QWebSocket::disconnected, this, [this] { onDisconnected(); });
}

bool RawEndpoint::isOpen() const
{
    return m_socket->state() == QAbstractSocket::ConnectedState;
}

void RawEndpoint::call(const QByteArray &payload, Done done)
{
    if (!isOpen())
        return done(false);
    m_calls.push_back(std::move(done));
    m_socket->sendBinaryMessage(payload);
}

bool RawEndpoint::sendOneway(const QByteArray &payload)
{
    return m_socket->sendBinaryMessage(payload) == payload.size();
}

qint64 RawEndpoint::bytesToWrite() const
{
    return m_socket->bytesToWrite();
}

void RawEndpoint::control(const QByteArray &command, Reply reply)
{
    if (!isOpen())
        return reply(false, {});
    m_controls.push_back(std::move(reply));
    m_socket->sendTextMessage(QString::fromUtf8(command));
}

void RawEndpoint::onBinaryMessage(const QByteArray &message)
{
    if (m_echoIncoming) {
        m_socket->sendBinaryMessage(message);
        return;
    }
    if (m_calls.empty())
        return;
    Done done = std::move(m_calls.front());
    m_calls.pop_front();
    done(true);
}

void RawEndpoint::onDisconnected()
{
    if (!m_wasOpen)
        emit failed(m_socket->errorString());
    // Everything still out fails, as a muxer's calls do.
    for (Done &done : std::exchange(m_calls, {}))
        done(false);
    for (Reply &reply : std::exchange(m_controls, {}))
        reply(false, {});
}

RawEchoServer::RawEchoServer(const ServerConfig &config, ServerCounters *counters, QObject *parent)
    : QObject(parent)
    , m_counters(counters)
    , m_workRounds(config.workRounds)
{
    const int workerThreads = config.workerThreads;
    m_acceptor.onDescriptor = [this](qintptr descriptor) {
        dispatch(descriptor);
    };
    for (int i = 0; i < std::max(workerThreads, 1); ++i) {
        auto worker = std::make_unique<Worker>();
        Worker *w = worker.get();
        w->context = new QObject;
        w->webSocketServer = new QWebSocketServer(QStringLiteral("raw"),
                                                  QWebSocketServer::NonSecureMode, w->context);
        connect(w->webSocketServer, &QWebSocketServer::newConnection, w->context, [this, w] {
            while (QWebSocket *socket = w->webSocketServer->nextPendingConnection())
                adopt(w, socket);
        });
        if (workerThreads > 0) {
            w->thread = std::make_unique<QThread>();
            w->context->moveToThread(w->thread.get());
            w->thread->start();
        }
        m_workers.push_back(std::move(worker));
    }
}

RawEchoServer::~RawEchoServer()
{
    m_acceptor.close();
    for (const auto &worker : m_workers) {
        Worker *w = worker.get();
        if (w->thread) {
            QMetaObject::invokeMethod(
                w->context, [w] { delete w->context; }, Qt::BlockingQueuedConnection);
            w->thread->quit();
            w->thread->wait();
        } else {
            delete w->context;
        }
    }
}

bool RawEchoServer::listen()
{
    m_acceptor.setListenBacklogSize(1024);
    return m_acceptor.listen(QHostAddress::LocalHost, 0);
}

quint16 RawEchoServer::port() const
{
    return m_acceptor.serverPort();
}

void RawEchoServer::dispatch(qintptr descriptor)
{
    // Round robin: the connections of a benchmark arrive in a burst and stay.
    Worker *w = m_workers.at(m_next++ % m_workers.size()).get();
    QMetaObject::invokeMethod(w->context, [w, descriptor] {
        auto *socket = new QTcpSocket;
        if (!socket->setSocketDescriptor(descriptor)) {
            delete socket;
            return;
        }
        // As QBiMuxServer does, so that the two differ only in what is measured.
        socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        w->webSocketServer->handleConnection(socket);
    });
}

void RawEchoServer::adopt(Worker *worker, QWebSocket *socket)
{
    socket->setParent(worker->context);
    ServerCounters *counters = m_counters;
    ++counters->connections;
    connect(socket, &QWebSocket::disconnected, socket, [socket, counters] {
        --counters->connections;
        socket->deleteLater();
    });
    if (socket->requestUrl().path() == QLatin1String("/source")) {
        // Binary messages of a stream frame's size, as fast as the socket takes them, until
        // the client goes: a stream's Source route without the stream.
        const QByteArray message(BenchChunkSize, 'd');
        const auto pump = [socket, message] {
            while (socket->state() == QAbstractSocket::ConnectedState
                   && socket->bytesToWrite() < 1024 * 1024) {
                socket->sendBinaryMessage(message);
            }
        };
        connect(socket, &QWebSocket::bytesWritten, socket, pump);
        QMetaObject::invokeMethod(socket, pump, Qt::QueuedConnection);
    } else if (socket->requestUrl().path() == QLatin1String("/sink")) {
        connect(socket, &QWebSocket::binaryMessageReceived, socket,
                [counters](const QByteArray &message) { counters->noteReceived(message.size()); });
    } else {
        connect(socket, &QWebSocket::binaryMessageReceived, socket,
                [socket, counters, rounds = m_workRounds](const QByteArray &message) {
                    BenchUtil::spendCpu(rounds);
                    counters->echoed.fetch_add(1, std::memory_order_relaxed);
                    socket->sendBinaryMessage(message);
                });
    }
    connect(socket, &QWebSocket::textMessageReceived, socket,
            [this, socket](const QString &command) { control(socket, command); });
}

void RawEchoServer::control(QWebSocket *socket, const QString &command)
{
    const QByteArray bytes = command.toUtf8();
    if (bytes == "reset") {
        m_counters->reset();
        socket->sendTextMessage(QStringLiteral("{}"));
        return;
    }
    if (bytes == "stats") {
        socket->sendTextMessage(QString::fromUtf8(m_counters->statsJson()));
        return;
    }
    ReverseSpec spec;
    if (!spec.parse(bytes)) {
        socket->sendTextMessage(QStringLiteral("{\"error\":\"unknown command\"}"));
        return;
    }
    // The server calls the client from now on: its binary messages become answers.
    QObject::disconnect(socket, &QWebSocket::binaryMessageReceived, nullptr, nullptr);
    auto *endpoint = new RawEndpoint(socket, socket);
    auto *load = new RpcLoad({endpoint}, spec.inflight, QByteArray(spec.payloadSize, 'r'),
                             spec.warmupMs, spec.durationMs, socket);
    connect(load, &RpcLoad::finished, socket, [socket, load, endpoint] {
        socket->sendTextMessage(QString::fromUtf8(
            QJsonDocument(load->result().toJson()).toJson(QJsonDocument::Compact)));
        load->deleteLater();
        endpoint->deleteLater();
    });
    load->start();
}
