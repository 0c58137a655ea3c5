// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef LOADS_H
#define LOADS_H

#include "endpoint.h"

#include <QtCore/qjsonobject.h>
#include <QtCore/qlist.h>
#include <QtCore/qpointer.h>
#include <QtCore/qtimer.h>

#include <vector>

// What one load measured in its window.
struct LoadResult
{
    qint64 completed = 0; // calls answered (or messages received) within the window
    qint64 errors = 0; // calls that failed, or messages that never arrived: functional errors
    double seconds = 0; // the window
    double p50Us = 0;
    double p99Us = 0;
    QString error; // why the load could not run at all

    double rate() const { return seconds > 0 ? double(completed) / seconds : 0; }
    bool ok() const { return error.isEmpty() && errors == 0 && completed > 0; }
    QJsonObject toJson() const;
    static LoadResult fromJson(const QJsonObject &object);
};

// The shape of a reverse load, as the client's "reverse" command carries it to the server.
struct ReverseSpec
{
    int inflight = 1;
    int payloadSize = 64;
    int warmupMs = 0;
    int durationMs = 0;

    QByteArray toCommand() const;
    // From "reverse <inflight> <payload> <warmup> <duration>"; false if it is not one.
    bool parse(const QByteArray &command);
};

// Keeps `inflight` calls outstanding on every endpoint: each answer starts the next call.
// Runs a warm-up, then measures calls answered within the window, then waits for the
// calls still out. Asynchronous, so that it can also run inside a server's handler.
class RpcLoad : public QObject
{
    Q_OBJECT

public:
    RpcLoad(QList<Endpoint *> endpoints, int inflight, QByteArray payload, int warmupMs,
            int durationMs, QObject *parent = nullptr);

    void start();
    bool isFinished() const { return m_phase == Phase::Finished; }
    LoadResult result() const;

Q_SIGNALS:
    void finished();

private:
    enum class Phase { Idle, Warmup, Measuring, Draining, Finished };

    void issue(Endpoint *endpoint);
    void answered(Endpoint *endpoint, qint64 startedNs, bool ok);
    void beginWindow();
    void endWindow();
    void finish();

    QList<Endpoint *> m_endpoints;
    int m_inflight;
    QByteArray m_payload;
    int m_warmupMs;
    int m_durationMs;

    Phase m_phase = Phase::Idle;
    qint64 m_outstanding = 0;
    qint64 m_windowStartNs = 0;
    qint64 m_windowEndNs = 0;
    qint64 m_completed = 0;
    qint64 m_errors = 0;
    std::vector<qint64> m_latenciesNs;
    QTimer m_drainTimeout;
};

// Sends oneway messages as fast as the socket takes them for `durationMs`, then asks the
// server how many it received and over what span: the rate is the receiver's.
class OnewayLoad : public QObject
{
    Q_OBJECT

public:
    OnewayLoad(Endpoint *endpoint, QByteArray payload, int durationMs, QObject *parent = nullptr);

    void start();
    bool isFinished() const { return m_finished; }
    LoadResult result() const { return m_result; }

Q_SIGNALS:
    void finished();

private:
    void pump();
    void fail(const QString &error);
    void finish(const LoadResult &result);

    Endpoint *m_endpoint;
    QByteArray m_payload;
    int m_durationMs;
    qint64 m_startNs = 0;
    qint64 m_sent = 0;
    bool m_sending = false;
    bool m_finished = false;
    QTimer m_pump;
    LoadResult m_result;
};

#endif // LOADS_H
