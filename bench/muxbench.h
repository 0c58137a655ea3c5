// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef MUXBENCH_H
#define MUXBENCH_H

#include "endpoint.h"

#include "shapes.h"

#include <QBiMuxInterceptor>
#include <QBiMuxObserver>
#include <QBiMuxServer>

#include <QtCore/qurl.h>

class QBiMuxer;
struct ServerConfig;
struct ServerCounters;

// The routes of the bench protocol.
namespace BenchRoute {
constexpr qint32 Echo = 1; // served by the bench server: answers with the request
constexpr qint32 Sink = 2; // oneway messages the bench server counts
constexpr qint32 ClientEcho = 10; // served by the client, for the reverse direction
constexpr qint32 Control = 100; // "reset", "stats", "reverse ...", answered in JSON
} // namespace BenchRoute

// Watches everything and does nothing: what attaching an observer costs by itself.
class NoopObserver : public QBiMuxObserver
{
};

// Intercepts and changes nothing: what an installed interceptor chain costs by itself.
class NoopInterceptor : public QBiMuxInterceptor
{
};

// A call is QBiMuxer::rpc(); its end is seen through the returned future's continuation.
class MuxEndpoint : public Endpoint
{
    Q_OBJECT

public:
    // How the caller learns that a call ended. Sync runs the continuation where the
    // muxer finishes the promise (the cheapest the API offers); Context uses
    // then(context, ...), the form the README shows, which queues an event per call.
    // How the caller learns of the answer: QFuture::then() without or with a context
    // object, or the reply-handler form of rpc(), which makes no QFuture at all.
    enum class Continuation { Sync, Context, Callback };

    // Dials `url` on a muxer of its own, which also serves BenchRoute::ClientEcho; each
    // call carries `options`, and `interceptor` (if any) is installed on the muxer.
    MuxEndpoint(const QUrl &url, QBiMuxObserver *observer, Continuation continuation,
                MuxCallOptions options, std::shared_ptr<QBiMuxInterceptor> interceptor,
                QObject *parent = nullptr);
    // Calls BenchRoute::ClientEcho on `muxer` without owning it: the server's side of a
    // reverse load.
    explicit MuxEndpoint(QBiMuxer *muxer, QObject *parent = nullptr);

    bool isOpen() const override;
    void call(const QByteArray &payload, Done done) override;
    bool sendOneway(const QByteArray &payload) override;
    qint64 bytesToWrite() const override;
    void control(const QByteArray &command, Reply reply) override;

    QBiMuxer *muxer() const { return m_muxer; }

private:
    QBiMuxer *m_muxer;
    qint32 m_callRoute;
    Continuation m_continuation = Continuation::Sync;
    MuxCallOptions m_options = MuxCallOptions::None;
};

// The BiMuxQt side of every shape: a QBiMuxServer whose server-wide handlers (null
// context, so that they run in the connection's own thread) echo and count.
class MuxBenchServer : public QObject
{
    Q_OBJECT

public:
    MuxBenchServer(const ServerConfig &config, ServerCounters *counters, QObject *parent = nullptr);
    ~MuxBenchServer() override;

    bool listen();
    quint16 port() const;

private:
    void control(const QBiMuxRequest &request);

    ServerCounters *m_counters;
    NoopObserver m_observer; // declared before the server, which must not outlive it
    QBiMuxServer m_server;
    bool m_observed;
};

// The request frame bimux would send for `data` on BiMuxQt::Echo with number 1, built by
// hand so that a raw QWebSocket client can load a BiMuxQt server without a muxer of its
// own (the many-connection scaling shape; one call in flight per connection, so the
// number may repeat once answered).
QByteArray wireEchoRequest(const QByteArray &data);

#endif // MUXBENCH_H
