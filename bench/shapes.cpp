// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "shapes.h"

#include "benchutil.h"
#include "loads.h"
#include "muxbench.h"
#include "rawecho.h"
#include "streamloads.h"

#include <QBiMuxStream>
#include <QBiMuxer>

#include <QtCore/qelapsedtimer.h>
#include <QtCore/qjsondocument.h>
#include <QtWebSockets/qwebsocket.h>

#include <memory>

namespace {
constexpr int OpenWindow = 128; // connections dialling at once
constexpr int OpenTimeoutMs = 60000;
constexpr int ControlTimeoutMs = 30000;
// For --pin.
constexpr int ClientCpu = 0;
constexpr int ServerCpu = 1;
// About 240 µs of handler work per call on the development machine, several times what
// the connection costs per call (about 35 µs with 1,000 of them): the handlers are what
// keeps a worker busy, and the client needs little of the second core.
constexpr int BusyHandlerRounds = 3000;

QJsonObject controlRoundTrip(Endpoint *endpoint, const QByteArray &command, int timeoutMs,
                             QString *error)
{
    bool done = false;
    bool ok = false;
    QByteArray reply;
    endpoint->control(command, [&](bool success, const QByteArray &bytes) {
        done = true;
        ok = success;
        reply = bytes;
    });
    if (!BenchUtil::waitUntil([&] { return done; }, timeoutMs)) {
        *error = QStringLiteral("no answer to \"%1\"").arg(QString::fromUtf8(command));
        return {};
    }
    if (!ok)
        *error = QStringLiteral("\"%1\" failed").arg(QString::fromUtf8(command));
    return QJsonDocument::fromJson(reply).object();
}

// Dials `count` endpoints made by `make`, at most OpenWindow at a time, since a burst of
// thousands of handshakes only times them out.
QList<Endpoint *> openEndpoints(const std::function<Endpoint *()> &make, int count, QString *error)
{
    QList<Endpoint *> endpoints;
    int pending = 0;
    int opened = 0;
    int failed = 0;
    QString firstError;
    QElapsedTimer elapsed;
    elapsed.start();
    while (opened + failed < count) {
        while (endpoints.size() < count && pending < OpenWindow) {
            Endpoint *endpoint = make();
            endpoints.append(endpoint);
            ++pending;
            auto settled = std::make_shared<bool>(false);
            QObject::connect(endpoint, &Endpoint::opened, [&, settled] {
                if (!std::exchange(*settled, true)) {
                    --pending;
                    ++opened;
                }
            });
            QObject::connect(endpoint, &Endpoint::failed, [&, settled](const QString &why) {
                if (!std::exchange(*settled, true)) {
                    --pending;
                    ++failed;
                    if (firstError.isEmpty())
                        firstError = why;
                }
            });
        }
        const bool progressed = BenchUtil::waitUntil(
            [&] {
                return (endpoints.size() < count && pending < OpenWindow / 2)
                    || opened + failed == count;
            },
            OpenTimeoutMs);
        if (!progressed) {
            firstError = QStringLiteral("connections stopped opening");
            break;
        }
    }
    // The lambdas above refer to this frame's counters.
    for (Endpoint *endpoint : std::as_const(endpoints))
        QObject::disconnect(endpoint, &Endpoint::opened, nullptr, nullptr);
    for (Endpoint *endpoint : std::as_const(endpoints))
        QObject::disconnect(endpoint, &Endpoint::failed, nullptr, nullptr);
    if (opened < count) {
        *error = QStringLiteral("%1 of %2 connections opened: %3")
                     .arg(opened)
                     .arg(count)
                     .arg(firstError);
    }
    return endpoints;
}

Measurement fromLoad(const LoadResult &result)
{
    Measurement m;
    m.rate = result.rate();
    m.p50Us = result.p50Us;
    m.p99Us = result.p99Us;
    m.completed = result.completed;
    m.errors = result.errors;
    if (!result.error.isEmpty())
        m.error = result.error;
    else if (result.errors > 0)
        m.error = QStringLiteral("%1 call(s) or message(s) failed").arg(result.errors);
    else if (result.completed == 0)
        m.error = QStringLiteral("nothing completed");
    return m;
}

Measurement failed(const QString &error)
{
    Measurement m;
    m.error = error;
    return m;
}

class ShapeRun
{
public:
    ShapeRun(const Shape &shape, Impl impl, const RunOptions &options)
        : m_shape(shape)
        , m_impl(impl)
        , m_options(options)
    { }
    ~ShapeRun()
    {
        // Client connections first: their muxers end their calls while the peer lives.
        m_owner.reset();
        m_server.stop();
    }

    Measurement run()
    {
        QString error;
        const bool pinned = m_options.pin && m_shape.workerThreads == 0;
        if (m_options.pin && !BenchUtil::pinToCpu(pinned ? ClientCpu : -1))
            return failed(QStringLiteral("cannot pin the client to a CPU"));
        ServerConfig server;
        server.impl = m_impl;
        server.workerThreads = m_shape.workerThreads;
        server.observed = isMux() && m_shape.observed;
        server.intercepted = isMux() && m_shape.intercepted;
        server.workRounds = m_shape.serverWorkRounds;
        server.keepHeap = m_options.keepHeap && m_shape.kind != Shape::Kind::Idle;
        if (!m_server.start(server, pinned ? ServerCpu : -1, &error)) {
            return failed(error);
        }
        switch (m_shape.kind) {
        case Shape::Kind::Rpc:
            return runRpc();
        case Shape::Kind::Oneway:
            return runOneway();
        case Shape::Kind::Reverse:
            return runReverse();
        case Shape::Kind::Idle:
            return runIdle();
        case Shape::Kind::StreamBulk:
            return runStreamBulk();
        case Shape::Kind::StreamRpc:
            return runStreamRpc();
        case Shape::Kind::StreamIdle:
            return runStreamIdle();
        }
        return failed(QStringLiteral("unknown shape"));
    }

private:
    bool isMux() const { return m_impl == Impl::Mux; }

    MuxEndpoint::Continuation continuation() const
    {
        if (m_shape.replyHandler)
            return MuxEndpoint::Continuation::Callback;
        return m_shape.contextContinuation ? MuxEndpoint::Continuation::Context
                                           : MuxEndpoint::Continuation::Sync;
    }

    Endpoint *makeClient(const QString &rawPath = QStringLiteral("/echo"))
    {
        if (m_shape.wireClient) {
            return new RawEndpoint(m_server.url(isMux() ? QStringLiteral("/mux") : rawPath),
                                   m_owner.get());
        }
        if (isMux()) {
            return new MuxEndpoint(
                m_server.url(QStringLiteral("/mux")),
                m_shape.observed ? &m_clientObserver : nullptr, continuation(), m_shape.callOptions,
                m_shape.intercepted ? std::make_shared<NoopInterceptor>() : nullptr, m_owner.get());
        }
        return new RawEndpoint(m_server.url(rawPath), m_owner.get());
    }

    Measurement runRpc()
    {
        QString error;
        const QList<Endpoint *> endpoints
            = openEndpoints([this] { return makeClient(); }, m_shape.connections, &error);
        if (!error.isEmpty())
            return failed(error);
        QByteArray payload(m_shape.payloadSize, 'p');
        // The same bytes on the wire for both servers: a bimux frame around the payload.
        if (m_shape.wireClient)
            payload = wireEchoRequest(payload);
        // Wire clients speak no control commands; the others reset the server's counters
        // (and a server-side profile) before, and read them after.
        Endpoint *control = m_shape.wireClient ? nullptr : endpoints.first();
        if (control) {
            controlRoundTrip(control, "reset", ControlTimeoutMs, &error);
            if (!error.isEmpty())
                return failed(error);
        }
        RpcLoad load(endpoints, m_shape.inflight, payload, m_options.warmupMs,
                     m_options.durationMs);
        load.start();
        const int timeout = m_options.warmupMs + m_options.durationMs + 30000;
        if (!BenchUtil::waitUntil([&] { return load.isFinished(); }, timeout))
            return failed(QStringLiteral("the load did not finish"));
        Measurement m = fromLoad(load.result());
        if (control && m.ok()) {
            const QJsonObject stats = controlRoundTrip(control, "stats", ControlTimeoutMs, &error);
            const qint64 echoed = qint64(stats.value(QStringLiteral("echoed")).toDouble());
            if (!error.isEmpty())
                m.error = error;
            else if (echoed < m.completed)
                m.error = QStringLiteral("the server answered %1 calls, the client saw %2")
                              .arg(echoed)
                              .arg(m.completed);
            m.serverAnswered = echoed;
        }
        return m;
    }

    Measurement runOneway()
    {
        QString error;
        const QList<Endpoint *> endpoints
            = openEndpoints([this] { return makeClient(QStringLiteral("/sink")); }, 1, &error);
        if (!error.isEmpty())
            return failed(error);
        OnewayLoad load(endpoints.first(), QByteArray(m_shape.payloadSize, 'o'),
                        m_options.durationMs);
        load.start();
        if (!BenchUtil::waitUntil([&] { return load.isFinished(); },
                                  m_options.durationMs + 60000)) {
            return failed(QStringLiteral("the oneway load did not finish"));
        }
        return fromLoad(load.result());
    }

    Measurement runReverse()
    {
        QString error;
        const QList<Endpoint *> endpoints
            = openEndpoints([this] { return makeClient(); }, 1, &error);
        if (!error.isEmpty())
            return failed(error);
        if (auto *raw = qobject_cast<RawEndpoint *>(endpoints.first()))
            raw->setEchoIncoming(true);
        ReverseSpec spec;
        spec.inflight = m_shape.inflight;
        spec.payloadSize = m_shape.payloadSize;
        spec.warmupMs = m_options.warmupMs;
        spec.durationMs = m_options.durationMs;
        const QJsonObject reply
            = controlRoundTrip(endpoints.first(), spec.toCommand(),
                               m_options.warmupMs + m_options.durationMs + 60000, &error);
        if (!error.isEmpty())
            return failed(error);
        return fromLoad(LoadResult::fromJson(reply));
    }

    Measurement runIdle()
    {
        QString error;
        const QList<Endpoint *> control = openEndpoints([this] { return makeClient(); }, 1, &error);
        if (!error.isEmpty())
            return failed(error);
        controlRoundTrip(control.first(), "stats", ControlTimeoutMs, &error);
        if (!error.isEmpty())
            return failed(error);
        BenchUtil::sleepWithEvents(300);
        const qint64 before = BenchUtil::residentBytes(m_server.pid());

        const int count = m_shape.connections;
        openEndpoints([this] { return makeClient(); }, count, &error);
        if (!error.isEmpty())
            return failed(error);
        // Let handshakes' leftovers (deleteLater()s, timers) settle before reading.
        BenchUtil::sleepWithEvents(1000);
        const QJsonObject stats
            = controlRoundTrip(control.first(), "stats", ControlTimeoutMs, &error);
        if (!error.isEmpty())
            return failed(error);
        const qint64 after = BenchUtil::residentBytes(m_server.pid());

        Measurement m;
        m.held = stats.value(QStringLiteral("connections")).toInt() - 1; // not the control one
        m.completed = m.held;
        m.bytesPerConnection = double(after - before) / count;
        if (before < 0 || after < 0)
            m.error = QStringLiteral("cannot read the server's VmRSS");
        else if (m.held != count)
            m.error
                = QStringLiteral("the server holds %1 of %2 connections").arg(m.held).arg(count);
        return m;
    }

    Measurement runStreamBulk()
    {
        if (m_shape.download)
            return runStreamDownload();
        QString error;
        const QList<Endpoint *> endpoints
            = openEndpoints([this] { return makeClient(QStringLiteral("/sink")); }, 1, &error);
        if (!error.isEmpty())
            return failed(error);
        const QByteArray payload(m_shape.payloadSize, 's');
        const int timeout = m_options.durationMs + 120000;
        if (!isMux()) {
            // The baseline: the same bytes as binary messages of the streams' frame size,
            // as fast as one socket takes them, counted where they arrive.
            OnewayLoad load(endpoints.first(), payload, m_options.durationMs);
            load.start();
            if (!BenchUtil::waitUntil([&] { return load.isFinished(); }, timeout))
                return failed(QStringLiteral("the raw load did not finish"));
            Measurement m = fromLoad(load.result());
            m.rate *= m_shape.payloadSize;
            m.completed *= m_shape.payloadSize;
            return m;
        }
        auto *mux = static_cast<MuxEndpoint *>(endpoints.first());
        StreamBulkLoad load(mux->muxer(), mux, m_shape.streams, payload, m_options.durationMs,
                            m_shape.stalledNeighbour);
        load.start();
        if (!BenchUtil::waitUntil([&] { return load.isFinished(); }, timeout))
            return failed(QStringLiteral("the stream load did not finish"));
        return fromLoad(load.result());
    }

    // Server to client: the rate at which bytes arrive here, after a warm-up. Frames that
    // way are not masked (RFC 6455 masks the client's only), which in QtWebSockets 6.4 is
    // a byte-by-byte loop that bounds every upload, raw or not.
    Measurement runStreamDownload()
    {
        qint64 received = 0;
        const QObject context; // the counting connections end with this function
        std::unique_ptr<QWebSocket> raw;
        std::unique_ptr<QBiMuxer> muxer;
        QList<QBiMuxStream *> streams;
        bool failure = false;
        if (isMux()) {
            muxer = std::make_unique<QBiMuxer>();
            muxer->open(m_server.url(QStringLiteral("/mux")));
            if (!BenchUtil::waitUntil([&] { return muxer->isConnected(); }, OpenTimeoutMs))
                return failed(QStringLiteral("cannot connect"));
            for (int i = 0; i < m_shape.streams; ++i) {
                QBiMuxStream *stream = muxer->openStream(BenchStreamRoute::Source);
                QObject::connect(stream, &QIODevice::readyRead, &context, [stream, &received] {
                    // What an application that forwards the bytes does: take them out.
                    char buffer[64 * 1024];
                    qint64 n;
                    while ((n = stream->read(buffer, sizeof buffer)) > 0)
                        received += n;
                });
                QObject::connect(stream, &QBiMuxStream::errorOccurred, &context,
                                 [&failure] { failure = true; });
                streams.append(stream);
            }
        } else {
            raw = std::make_unique<QWebSocket>();
            QObject::connect(
                raw.get(), &QWebSocket::binaryMessageReceived, &context,
                [&received](const QByteArray &message) { received += message.size(); });
            raw->open(m_server.url(QStringLiteral("/source")));
            if (!BenchUtil::waitUntil(
                    [&] { return raw->state() == QAbstractSocket::ConnectedState; },
                    OpenTimeoutMs)) {
                return failed(QStringLiteral("cannot connect"));
            }
        }
        BenchUtil::sleepWithEvents(m_options.warmupMs);
        const qint64 startBytes = received;
        const qint64 startNs = BenchUtil::nowNs();
        BenchUtil::sleepWithEvents(m_options.durationMs);
        const qint64 bytes = received - startBytes;
        const double seconds = double(BenchUtil::nowNs() - startNs) / 1e9;
        for (QBiMuxStream *stream : std::as_const(streams))
            stream->abort();
        Measurement m;
        m.rate = seconds > 0 ? double(bytes) / seconds : 0;
        m.completed = bytes;
        if (failure)
            m.error = QStringLiteral("a stream failed");
        else if (bytes == 0)
            m.error = QStringLiteral("nothing arrived");
        return m;
    }

    Measurement runStreamRpc()
    {
        QString error;
        const QList<Endpoint *> endpoints
            = openEndpoints([this] { return makeClient(); }, 1, &error);
        if (!error.isEmpty())
            return failed(error);
        auto *mux = static_cast<MuxEndpoint *>(endpoints.first());
        const QObject context; // the download's connections end with this function
        std::unique_ptr<BulkWriter> bulk;
        qint64 downloaded = 0;
        bool downloadFailed = false;
        if (m_shape.bulkBeside && !m_shape.download) {
            QBiMuxStream *stream = mux->muxer()->openStream(BenchStreamRoute::Sink);
            bulk = std::make_unique<BulkWriter>(stream, QByteArray(64 * 1024, 's'));
            bulk->start();
        } else if (m_shape.bulkBeside) {
            QBiMuxStream *stream = mux->muxer()->openStream(BenchStreamRoute::Source);
            QObject::connect(stream, &QIODevice::readyRead, &context, [stream, &downloaded] {
                char buffer[64 * 1024];
                qint64 n;
                while ((n = stream->read(buffer, sizeof buffer)) > 0)
                    downloaded += n;
            });
            QObject::connect(stream, &QBiMuxStream::errorOccurred, &context,
                             [&downloadFailed] { downloadFailed = true; });
        }
        const qint64 startNs = BenchUtil::nowNs();
        RpcLoad load({mux}, 1, QByteArray(m_shape.payloadSize, 'p'), m_options.warmupMs,
                     m_options.durationMs);
        load.start();
        const int timeout = m_options.warmupMs + m_options.durationMs + 30000;
        if (!BenchUtil::waitUntil([&] { return load.isFinished(); }, timeout))
            return failed(QStringLiteral("the load did not finish"));
        Measurement m = fromLoad(load.result());
        if (!m_shape.bulkBeside)
            return m;
        // Over the warm-up and the window together: what the calls left the bulk stream.
        const double seconds = double(BenchUtil::nowNs() - startNs) / 1e9;
        const qint64 moved = bulk ? bulk->written() : downloaded;
        m.besideRate = seconds > 0 ? double(moved) / seconds : 0;
        if (m.ok() && ((bulk && bulk->failed()) || downloadFailed || moved == 0))
            m.error = QStringLiteral("the bulk stream beside the calls did not run");
        return m;
    }

    Measurement runStreamIdle()
    {
        QString error;
        const QList<Endpoint *> endpoints
            = openEndpoints([this] { return makeClient(); }, 1, &error);
        if (!error.isEmpty())
            return failed(error);
        auto *mux = static_cast<MuxEndpoint *>(endpoints.first());
        controlRoundTrip(mux, "stats", ControlTimeoutMs, &error);
        if (!error.isEmpty())
            return failed(error);
        BenchUtil::sleepWithEvents(300);
        const qint64 before = BenchUtil::residentBytes(m_server.pid());

        const int count = m_options.idleConnections;
        int opened = 0;
        int failures = 0;
        const QObject counting; // the counters' connections end with this function
        for (int i = 0; i < count; ++i) {
            QBiMuxStream *stream = mux->muxer()->openStream(BenchStreamRoute::Hold);
            QObject::connect(stream, &QBiMuxStream::opened, &counting, [&opened] { ++opened; });
            QObject::connect(stream, &QBiMuxStream::errorOccurred, &counting,
                             [&failures] { ++failures; });
        }
        if (!BenchUtil::waitUntil([&] { return opened + failures == count; }, OpenTimeoutMs))
            return failed(QStringLiteral("%1 of %2 streams opened").arg(opened).arg(count));
        // Let the accepts' leftovers settle before reading.
        BenchUtil::sleepWithEvents(1000);
        controlRoundTrip(mux, "stats", ControlTimeoutMs, &error);
        if (!error.isEmpty())
            return failed(error);
        const qint64 after = BenchUtil::residentBytes(m_server.pid());

        Measurement m;
        m.held = opened;
        m.completed = opened;
        m.bytesPerConnection = double(after - before) / count;
        if (before < 0 || after < 0)
            m.error = QStringLiteral("cannot read the server's VmRSS");
        else if (opened != count)
            m.error = QStringLiteral("%1 of %2 streams opened").arg(opened).arg(count);
        return m;
    }

    const Shape &m_shape;
    Impl m_impl;
    const RunOptions &m_options;
    ServerProcess m_server;
    NoopObserver m_clientObserver; // outlives m_owner's muxers
    std::unique_ptr<QObject> m_owner = std::make_unique<QObject>();
};
} // namespace

QJsonObject Measurement::toJson() const
{
    QJsonObject object {{QStringLiteral("rate"), rate},
                        {QStringLiteral("p50Us"), p50Us},
                        {QStringLiteral("p99Us"), p99Us},
                        {QStringLiteral("completed"), double(completed)},
                        {QStringLiteral("errors"), double(errors)}};
    if (serverAnswered)
        object.insert(QStringLiteral("serverAnswered"), double(serverAnswered));
    if (held)
        object.insert(QStringLiteral("held"), held);
    if (besideRate > 0)
        object.insert(QStringLiteral("besideRate"), besideRate);
    if (bytesPerConnection != 0)
        object.insert(QStringLiteral("bytesPerConnection"), bytesPerConnection);
    if (!error.isEmpty())
        object.insert(QStringLiteral("error"), error);
    return object;
}

Measurement Measurement::fromJson(const QJsonObject &object)
{
    Measurement m;
    m.rate = object.value(QStringLiteral("rate")).toDouble();
    m.p50Us = object.value(QStringLiteral("p50Us")).toDouble();
    m.p99Us = object.value(QStringLiteral("p99Us")).toDouble();
    m.completed = qint64(object.value(QStringLiteral("completed")).toDouble());
    m.errors = qint64(object.value(QStringLiteral("errors")).toDouble());
    m.serverAnswered = qint64(object.value(QStringLiteral("serverAnswered")).toDouble());
    m.held = object.value(QStringLiteral("held")).toInt();
    m.bytesPerConnection = object.value(QStringLiteral("bytesPerConnection")).toDouble();
    m.besideRate = object.value(QStringLiteral("besideRate")).toDouble();
    m.error = object.value(QStringLiteral("error")).toString();
    return m;
}

QList<Shape> benchmarkShapes(const RunOptions &options)
{
    QList<Shape> shapes;
    auto add = [&](Shape shape) {
        if (options.only.isEmpty() || options.only.contains(shape.id))
            shapes.append(shape);
    };
    for (int payload : {64, 16 * 1024}) {
        const QString size = payload == 64 ? QStringLiteral("64 B") : QStringLiteral("16 KiB");
        const QString suffix = payload == 64 ? QStringLiteral("64") : QStringLiteral("16k");
        for (int inflight : {1, 16, 128}) {
            Shape s;
            s.id = QStringLiteral("rpc%1_%2").arg(inflight).arg(suffix);
            s.title = QStringLiteral("rpc, %1 in flight, %2").arg(inflight).arg(size);
            s.inflight = inflight;
            s.payloadSize = payload;
            add(s);
        }
    }
    // The same traffic through the reply-handler form of rpc(): no QFuture per call.
    for (int inflight : {1, 16, 128}) {
        Shape s;
        s.id = QStringLiteral("handler%1_64").arg(inflight);
        s.title = QStringLiteral("rpc with a reply handler, %1 in flight, 64 B").arg(inflight);
        s.inflight = inflight;
        s.replyHandler = true;
        add(s);
    }
    Shape oneway;
    oneway.id = QStringLiteral("oneway_64");
    oneway.title = QStringLiteral("oneway, 64 B (received/s)");
    oneway.kind = Shape::Kind::Oneway;
    add(oneway);
    for (int inflight : {1, 16}) {
        Shape s;
        s.id = QStringLiteral("reverse%1_64").arg(inflight);
        s.title = QStringLiteral("server->client rpc, %1 in flight, 64 B").arg(inflight);
        s.kind = Shape::Kind::Reverse;
        s.inflight = inflight;
        add(s);
    }
    Shape observed;
    observed.id = QStringLiteral("observed16_64");
    observed.title = QStringLiteral("rpc, 16 in flight, 64 B, no-op observers");
    observed.inflight = 16;
    observed.observed = true;
    add(observed);
    // What call options and an installed (empty) interceptor chain cost, each against
    // the plain path measured alongside.
    Shape timeout;
    timeout.id = QStringLiteral("timeout16_64");
    timeout.title = QStringLiteral("rpc, 16 in flight, 64 B, call options (timeout)");
    timeout.inflight = 16;
    timeout.callOptions = MuxCallOptions::Timeout;
    add(timeout);
    Shape metadata;
    metadata.id = QStringLiteral("metadata16_64");
    metadata.title = QStringLiteral("rpc, 16 in flight, 64 B, call options (timeout, metadata)");
    metadata.inflight = 16;
    metadata.callOptions = MuxCallOptions::Metadata;
    add(metadata);
    Shape intercepted;
    intercepted.id = QStringLiteral("intercepted16_64");
    intercepted.title = QStringLiteral("rpc, 16 in flight, 64 B, empty interceptors");
    intercepted.inflight = 16;
    intercepted.intercepted = true;
    add(intercepted);
    Shape context;
    context.id = QStringLiteral("context16_64");
    context.title = QStringLiteral("rpc, 16 in flight, 64 B, then(context)");
    context.inflight = 16;
    context.contextContinuation = true;
    add(context);
    Shape many;
    many.id = QStringLiteral("conns_64");
    many.title = QStringLiteral("rpc, %1 connections x 1 in flight").arg(options.connections);
    many.connections = options.connections;
    add(many);
    // The server loaded by wire clients, with echo handlers and with handlers that work.
    // The latter make the server, not the client, what limits: a second worker thread
    // then has a core's worth of handlers to take over.
    for (const bool busy : {false, true}) {
        for (int workers : {1, 2}) {
            Shape s;
            s.id = (busy ? QStringLiteral("busy%1") : QStringLiteral("workers%1")).arg(workers);
            s.title = (busy ? QStringLiteral("server %1 worker(s), %2 clients, busy handlers")
                            : QStringLiteral("server %1 worker(s), %2 wire clients x 1"))
                          .arg(workers)
                          .arg(options.connections);
            s.connections = options.connections;
            s.workerThreads = workers;
            s.wireClient = true;
            s.serverWorkRounds = busy ? BusyHandlerRounds : 0;
            add(s);
        }
    }
    // Streams (docs/streams.md): bulk throughput against raw binary messages of the frame
    // size; the rest against BiMuxQt itself without the variant.
    for (const bool download : {false, true}) {
        for (int streams : {1, 16}) {
            Shape s;
            s.id = QStringLiteral("stream%1_%2")
                       .arg(streams)
                       .arg(download ? QStringLiteral("down") : QStringLiteral("bulk"));
            s.title = QStringLiteral("stream %1, %2 stream(s), bytes/s")
                          .arg(download ? QStringLiteral("download") : QStringLiteral("upload"))
                          .arg(streams);
            s.kind = Shape::Kind::StreamBulk;
            s.streams = streams;
            s.payloadSize = BenchChunkSize;
            s.download = download;
            add(s);
        }
    }
    Shape stalled;
    stalled.id = QStringLiteral("stream_stalled");
    stalled.title = QStringLiteral("stream bulk beside a stalled reader, bytes/s");
    stalled.kind = Shape::Kind::StreamBulk;
    stalled.payloadSize = BenchChunkSize;
    stalled.stalledNeighbour = true;
    stalled.muxOnly = true;
    add(stalled);
    Shape duringBulk;
    duringBulk.id = QStringLiteral("stream_rpc");
    duringBulk.title = QStringLiteral("rpc, 1 in flight, 64 B, beside a bulk stream");
    duringBulk.kind = Shape::Kind::StreamRpc;
    duringBulk.bulkBeside = true;
    duringBulk.muxOnly = true;
    add(duringBulk);
    // The same with the bulk stream the other way: the server's replies go out beside it.
    Shape duringDownload = duringBulk;
    duringDownload.id = QStringLiteral("stream_rpc_down");
    duringDownload.title = QStringLiteral("rpc, 1 in flight, 64 B, beside a bulk download");
    duringDownload.download = true;
    add(duringDownload);
    Shape idleStreams;
    idleStreams.id = QStringLiteral("stream_idle");
    idleStreams.title
        = QStringLiteral("server RSS per idle stream, %1 streams").arg(options.idleConnections);
    idleStreams.kind = Shape::Kind::StreamIdle;
    idleStreams.muxOnly = true;
    add(idleStreams);

    Shape idle;
    idle.id = QStringLiteral("idle");
    idle.title = QStringLiteral("server RSS per idle connection, %1 connections")
                     .arg(options.idleConnections);
    idle.kind = Shape::Kind::Idle;
    idle.connections = options.idleConnections;
    add(idle);
    return shapes;
}

Measurement runShape(const Shape &shape, Impl impl, const RunOptions &options)
{
    ShapeRun run(shape, impl, options);
    return run.run();
}
