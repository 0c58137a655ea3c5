// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "muxbench.h"

#include "benchutil.h"
#include "loads.h"
#include "servercounters.h"
#include "serverprocess.h"
#include "streamloads.h"

#include <QBiMuxStream>
#include <QBiMuxer>

#include <QtCore/qjsondocument.h>
#include <QtWebSockets/qwebsocket.h>

namespace {
bool succeeded(const QFuture<QByteArray> &future)
{
    // A failed call's future holds an exception and no result; a cancelled one neither.
    return !future.isCanceled() && future.resultCount() > 0;
}
} // namespace

MuxEndpoint::MuxEndpoint(const QUrl &url, QBiMuxObserver *observer, Continuation continuation,
                         MuxCallOptions options, std::shared_ptr<QBiMuxInterceptor> interceptor,
                         QObject *parent)
    : Endpoint(parent)
    , m_muxer(new QBiMuxer(this))
    , m_callRoute(BenchRoute::Echo)
    , m_continuation(continuation)
    , m_options(options)
{
    if (observer)
        m_muxer->addObserver(observer);
    if (interceptor)
        m_muxer->addInterceptor(std::move(interceptor));
    m_muxer->setRequestHandler(BenchRoute::ClientEcho, m_muxer,
                               [](const QByteArray &data) { return data; });
    connect(m_muxer, &QBiMuxer::connected, this, &Endpoint::opened);
    connect(m_muxer, &QBiMuxer::disconnected, this,
            [this](QWebSocketProtocol::CloseCode, const QString &reason) { emit failed(reason); });
    m_muxer->open(url);
}

MuxEndpoint::MuxEndpoint(QBiMuxer *muxer, QObject *parent)
    : Endpoint(parent)
    , m_muxer(muxer)
    , m_callRoute(BenchRoute::ClientEcho)
{ }

bool MuxEndpoint::isOpen() const
{
    return m_muxer->isConnected();
}

void MuxEndpoint::call(const QByteArray &payload, Done done)
{
    // The muxer's default timeout (30 s) stays on: it is what an application gets.
    if (m_continuation == Continuation::Callback) {
        m_muxer->rpc(m_callRoute, payload,
                     QBiMuxCallOptions().setTimeout(m_muxer->settings().defaultTimeout()), nullptr,
                     [done = std::move(done)](const QByteArray &, const QBiMuxStatus &error) {
                         done(error.code() == QBiMux::StatusCode::Ok);
                     });
        return;
    }
    QFuture<QByteArray> future;
    if (m_options == MuxCallOptions::None) {
        future = m_muxer->rpc(m_callRoute, payload);
    } else {
        // Made for each call, as an application that builds them inline does; the timeout
        // is the default one, so that the frame differs from the plain path's only by
        // the metadata.
        QBiMuxCallOptions options;
        options.setTimeout(std::chrono::seconds(30));
        if (m_options == MuxCallOptions::Metadata)
            options.addMetadata(QByteArrayLiteral("trace-id"),
                                QByteArrayLiteral("4bf92f3577b34da6"));
        future = m_muxer->rpc(m_callRoute, payload, options);
    }
    if (m_continuation == Continuation::Sync) {
        future.then(QtFuture::Launch::Sync,
                    [done = std::move(done)](const QFuture<QByteArray> &answered) {
                        done(succeeded(answered));
                    });
    } else {
        future.then(this, [done = std::move(done)](const QFuture<QByteArray> &answered) {
            done(succeeded(answered));
        });
    }
}

bool MuxEndpoint::sendOneway(const QByteArray &payload)
{
    return m_muxer->send(BenchRoute::Sink, payload);
}

qint64 MuxEndpoint::bytesToWrite() const
{
    return m_muxer->socket()->bytesToWrite();
}

void MuxEndpoint::control(const QByteArray &command, Reply reply)
{
    // No timeout: a reverse load answers only when it is done.
    m_muxer
        ->rpc(BenchRoute::Control, command,
              QBiMuxCallOptions().setTimeout(std::chrono::milliseconds(0)))
        .then(QtFuture::Launch::Sync,
              [reply = std::move(reply)](const QFuture<QByteArray> &answered) {
                  const bool ok = succeeded(answered);
                  reply(ok, ok ? answered.result() : QByteArray());
              });
}

MuxBenchServer::MuxBenchServer(const ServerConfig &config, ServerCounters *counters,
                               QObject *parent)
    : QObject(parent)
    , m_counters(counters)
    , m_observed(config.observed)
{
    m_server.setWorkerThreadCount(config.workerThreads);
    if (m_observed)
        m_server.addObserver(&m_observer);
    if (config.intercepted)
        m_server.addInterceptor(std::make_shared<NoopInterceptor>());
    m_server.setRequestHandler(BenchRoute::Echo, nullptr,
                               [counters, rounds = config.workRounds](const QByteArray &data) {
                                   BenchUtil::spendCpu(rounds);
                                   counters->echoed.fetch_add(1, std::memory_order_relaxed);
                                   return data;
                               });
    m_server.setMessageHandler(BenchRoute::Sink, nullptr, [counters](const QByteArray &data) {
        counters->noteReceived(data.size());
    });
    // Streams: read as fast as they come (counted like oneway messages, in bytes), or held
    // unread. Enough of them for the memory shape's thousands.
    m_server.setSettings(m_server.settings().setMaxIncomingStreams(1 << 20));
    m_server.setStreamHandler(BenchStreamRoute::Sink, nullptr, [counters](QBiMuxStream *stream) {
        QObject::connect(stream, &QIODevice::readyRead, stream, [stream, counters] {
            // What an application that forwards the bytes does: take them out.
            char buffer[64 * 1024];
            qint64 n;
            while ((n = stream->read(buffer, sizeof buffer)) > 0)
                counters->noteReceived(n);
        });
        QObject::connect(stream, &QIODevice::readChannelFinished, stream,
                         [stream] { stream->closeWrite(); });
        QObject::connect(stream, &QBiMuxStream::finished, stream, &QObject::deleteLater);
    });
    m_server.setStreamHandler(BenchStreamRoute::Source, nullptr, [](QBiMuxStream *stream) {
        // Until the client resets the stream.
        auto *writer = new BulkWriter(stream, QByteArray(BenchChunkSize, 'd'), stream);
        writer->start();
        QObject::connect(stream, &QBiMuxStream::finished, stream, &QObject::deleteLater);
    });
    m_server.setStreamHandler(BenchStreamRoute::Hold, nullptr, [](QBiMuxStream *stream) {
        QObject::connect(stream, &QBiMuxStream::finished, stream, &QObject::deleteLater);
    });
    m_server.setRequestHandler(BenchRoute::Control, nullptr,
                               [this](const QBiMuxRequest &request) { control(request); });
    // No context: counted in whichever thread the connection lives in.
    connect(&m_server, &QBiMuxServer::newConnection, [counters] { ++counters->connections; });
    connect(&m_server, &QBiMuxServer::connectionClosed, [counters] { --counters->connections; });
}

MuxBenchServer::~MuxBenchServer()
{
    if (m_observed)
        m_server.removeObserver(&m_observer);
}

bool MuxBenchServer::listen()
{
    return m_server.listen(QHostAddress::LocalHost, 0);
}

quint16 MuxBenchServer::port() const
{
    return m_server.serverPort();
}

void MuxBenchServer::control(const QBiMuxRequest &request)
{
    const QByteArray command = request.data();
    if (command == "reset") {
        m_counters->reset();
        request.reply("{}");
        return;
    }
    if (command == "stats") {
        request.reply(m_counters->statsJson());
        return;
    }
    ReverseSpec spec;
    QBiMuxer *muxer = request.muxer();
    if (!spec.parse(command) || !muxer) {
        request.fail(QBiMux::StatusCode::InvalidArgument, QStringLiteral("unknown command"));
        return;
    }
    // The server calls the client back on the connection the command came on, and answers
    // the command with what it measured.
    auto *endpoint = new MuxEndpoint(muxer, muxer);
    auto *load = new RpcLoad({endpoint}, spec.inflight, QByteArray(spec.payloadSize, 'r'),
                             spec.warmupMs, spec.durationMs, muxer);
    connect(load, &RpcLoad::finished, muxer, [request, load, endpoint] {
        request.reply(QJsonDocument(load->result().toJson()).toJson(QJsonDocument::Compact));
        load->deleteLater();
        endpoint->deleteLater();
    });
    load->start();
}

QByteArray wireEchoRequest(const QByteArray &data)
{
    // Message{number = 1, route = Echo, data}; flag 0 (request) is not written.
    QByteArray frame;
    frame.append(char(0x08)).append(char(0x01)); // field 1 number, varint
    frame.append(char(0x18)).append(char(BenchRoute::Echo)); // field 3 route, varint
    frame.append(char(0x22)); // field 4 data, length-delimited
    quint64 length = quint64(data.size());
    do {
        const quint8 low = quint8(length & 0x7f);
        length >>= 7;
        frame.append(char(length ? low | 0x80 : low));
    } while (length);
    frame.append(data);
    return frame;
}
