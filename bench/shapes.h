// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef SHAPES_H
#define SHAPES_H

#include "serverprocess.h"

// What each call of a MuxEndpoint carries: nothing (the plain path), QBiMuxCallOptions
// with a timeout made for each call, or those with one metadata entry too.
enum class MuxCallOptions { None, Timeout, Metadata };

#include <QtCore/qjsonobject.h>
#include <QtCore/qlist.h>
#include <QtCore/qstring.h>
#include <QtCore/qstringlist.h>

// One kind of traffic, run once over BiMuxQt and once over raw QWebSocket.
struct Shape
{
    enum class Kind {
        Rpc, // calls from the client, `inflight` outstanding on each of `connections`
        Oneway, // oneway messages client -> server, counted where they arrive
        Reverse, // calls from the server to the client
        Idle, // `connections` idle connections: the server's memory for each
        StreamBulk, // bytes/s through `streams` streams (BiMuxQt), or binary messages (raw)
        StreamRpc, // rpc p50, 1 in flight, 64 B, on a connection with a bulk stream or not
        StreamIdle, // idle streams on one connection: the server's memory for each
    };

    QString id;
    QString title;
    Kind kind = Kind::Rpc;
    int connections = 1;
    int inflight = 1;
    int payloadSize = 64;
    int workerThreads = 0; // the server's; 0 keeps everything in its main thread
    int serverWorkRounds = 0; // ServerConfig::workRounds
    bool observed = false; // a no-op observer on both ends (BiMuxQt only)
    bool wireClient = false; // clients are raw sockets sending bimux frames (see muxbench.h)
    bool contextContinuation = false; // then(context, ...) instead of a sync continuation
    bool replyHandler = false; // the reply-handler form of rpc() instead of a QFuture
    int streams = 1; // StreamBulk
    bool download = false; // StreamBulk, StreamRpc's bulk: server to client
    bool stalledNeighbour = false; // StreamBulk: one more stream, whose reader is stalled
    bool bulkBeside = false; // StreamRpc: a stream writes as fast as it can meanwhile
    bool muxOnly = false; // no raw counterpart: the variant against the plain BiMuxQt run
    // QBiMuxCallOptions built for each call (BiMuxQt only; see MuxEndpoint::CallOptions)
    MuxCallOptions callOptions = MuxCallOptions::None;
    bool intercepted = false; // an empty interceptor on the client's muxer and the server

    // Whether the shape measures a variant against the same traffic without it.
    bool hasVariant() const
    {
        return observed || contextContinuation || callOptions != MuxCallOptions::None || intercepted
            || stalledNeighbour || bulkBeside;
    }
    // The same traffic without the variant (observer, then(context), call options,
    // interceptors, a stalled neighbour, a bulk stream beside) it measures.
    Shape withoutVariant() const
    {
        Shape plain = *this;
        plain.observed = false;
        plain.contextContinuation = false;
        plain.stalledNeighbour = false;
        plain.bulkBeside = false;
        plain.callOptions = MuxCallOptions::None;
        plain.intercepted = false;
        return plain;
    }
};

struct RunOptions
{
    int runs = 3;
    int warmupMs = 300;
    int durationMs = 1500;
    int connections = 1000;
    int idleConnections = 10000;
    bool smoke = false;
    // Client on CPU 0, server on CPU 1, for shapes with a one-thread server: neither
    // process then waits for the other's CPU, which steadies the numbers on two cores.
    bool pin = false;
    // Each run in a client process of its own (childrun.h).
    bool freshClients = false;
    // BenchUtil::keepHeap() in client and server processes alike, except for the server
    // of the idle shape, whose memory per connection is measured as an application has it.
    bool keepHeap = false;
    QStringList only; // shape ids; empty: all
    QList<Impl> impls {Impl::Mux, Impl::Raw};
};

// One run of one shape over one implementation.
struct Measurement
{
    double rate = 0; // rpc/s or messages/s
    double p50Us = 0;
    double p99Us = 0;
    qint64 completed = 0;
    qint64 errors = 0;
    qint64 serverAnswered = 0; // Rpc: calls the server answered from reset to stats
    double bytesPerConnection = 0; // Idle
    int held = 0; // Idle: connections the server reported holding
    double besideRate = 0; // StreamRpc: bytes/s the bulk stream moved meanwhile
    QString error; // a functional failure

    bool ok() const { return error.isEmpty(); }
    QJsonObject toJson() const;
    static Measurement fromJson(const QJsonObject &object);
};

QList<Shape> benchmarkShapes(const RunOptions &options);
Measurement runShape(const Shape &shape, Impl impl, const RunOptions &options);

#endif // SHAPES_H
