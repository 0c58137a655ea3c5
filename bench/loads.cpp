// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "loads.h"

#include "benchutil.h"
#include "profiling.h"

#include <QtCore/qjsondocument.h>

using BenchUtil::nowNs;

namespace {
// The oneway sender stops feeding the socket above this, as a real producer would: more
// only grows the process, not the rate.
constexpr qint64 MaxUnwritten = 1024 * 1024;
constexpr int MessagesPerPump = 512;
constexpr int DrainTimeoutMs = 15000;
} // namespace

QJsonObject LoadResult::toJson() const
{
    return QJsonObject {{QStringLiteral("completed"), double(completed)},
                        {QStringLiteral("errors"), double(errors)},
                        {QStringLiteral("seconds"), seconds},
                        {QStringLiteral("p50Us"), p50Us},
                        {QStringLiteral("p99Us"), p99Us},
                        {QStringLiteral("error"), error}};
}

LoadResult LoadResult::fromJson(const QJsonObject &object)
{
    LoadResult result;
    result.completed = qint64(object.value(QStringLiteral("completed")).toDouble());
    result.errors = qint64(object.value(QStringLiteral("errors")).toDouble());
    result.seconds = object.value(QStringLiteral("seconds")).toDouble();
    result.p50Us = object.value(QStringLiteral("p50Us")).toDouble();
    result.p99Us = object.value(QStringLiteral("p99Us")).toDouble();
    result.error = object.value(QStringLiteral("error")).toString();
    return result;
}

QByteArray ReverseSpec::toCommand() const
{
    return QByteArray("reverse ") + QByteArray::number(inflight) + ' '
        + QByteArray::number(payloadSize) + ' ' + QByteArray::number(warmupMs) + ' '
        + QByteArray::number(durationMs);
}

bool ReverseSpec::parse(const QByteArray &command)
{
    const QList<QByteArray> parts = command.split(' ');
    if (parts.size() != 5 || parts.at(0) != "reverse")
        return false;
    inflight = parts.at(1).toInt();
    payloadSize = parts.at(2).toInt();
    warmupMs = parts.at(3).toInt();
    durationMs = parts.at(4).toInt();
    return inflight > 0 && payloadSize >= 0 && durationMs > 0;
}

RpcLoad::RpcLoad(QList<Endpoint *> endpoints, int inflight, QByteArray payload, int warmupMs,
                 int durationMs, QObject *parent)
    : QObject(parent)
    , m_endpoints(std::move(endpoints))
    , m_inflight(inflight)
    , m_payload(std::move(payload))
    , m_warmupMs(warmupMs)
    , m_durationMs(durationMs)
{
    m_drainTimeout.setSingleShot(true);
    connect(&m_drainTimeout, &QTimer::timeout, this, [this] {
        // Calls that never came back are functional errors, not slowness.
        m_errors += m_outstanding;
        finish();
    });
}

void RpcLoad::start()
{
    m_phase = Phase::Warmup;
    // Room for a generous rate, so that recording a latency never reallocates mid-window.
    m_latenciesNs.reserve(size_t(std::max(1, m_durationMs)) * 300);
    QTimer::singleShot(m_warmupMs, this, [this] { beginWindow(); });
    for (Endpoint *endpoint : std::as_const(m_endpoints)) {
        for (int i = 0; i < m_inflight; ++i)
            issue(endpoint);
    }
}

void RpcLoad::issue(Endpoint *endpoint)
{
    ++m_outstanding;
    const qint64 started = nowNs();
    QPointer<RpcLoad> self(this);
    endpoint->call(m_payload, [self, endpoint, started](bool ok) {
        if (self)
            self->answered(endpoint, started, ok);
    });
}

void RpcLoad::answered(Endpoint *endpoint, qint64 startedNs, bool ok)
{
    --m_outstanding;
    const qint64 now = nowNs();
    if (!ok) {
        // Not re-issued: a closed endpoint fails at once and would loop.
        ++m_errors;
    } else if (m_phase == Phase::Measuring) {
        ++m_completed;
        m_latenciesNs.push_back(now - startedNs);
    }
    if (ok && (m_phase == Phase::Warmup || m_phase == Phase::Measuring))
        issue(endpoint);
    else if (m_phase == Phase::Draining && m_outstanding == 0)
        finish();
}

void RpcLoad::beginWindow()
{
    if (m_phase != Phase::Warmup)
        return;
    m_phase = Phase::Measuring;
    m_windowStartNs = nowNs();
    BENCH_PROFILE_ZERO();
    QTimer::singleShot(m_durationMs, this, [this] { endWindow(); });
}

void RpcLoad::endWindow()
{
    m_windowEndNs = nowNs();
    BENCH_PROFILE_DUMP("rpc load: measured window");
    m_phase = Phase::Draining;
    if (m_outstanding == 0)
        finish();
    else
        m_drainTimeout.start(DrainTimeoutMs);
}

void RpcLoad::finish()
{
    if (m_phase == Phase::Finished)
        return;
    if (m_windowEndNs == 0)
        m_windowEndNs = nowNs();
    m_phase = Phase::Finished;
    m_drainTimeout.stop();
    emit finished();
}

LoadResult RpcLoad::result() const
{
    LoadResult result;
    result.completed = m_completed;
    result.errors = m_errors;
    result.seconds = m_windowStartNs ? double(m_windowEndNs - m_windowStartNs) / 1e9 : 0;
    std::vector<qint64> samples = m_latenciesNs;
    result.p50Us = BenchUtil::quantile(samples, 0.50) / 1000;
    result.p99Us = BenchUtil::quantile(samples, 0.99) / 1000;
    return result;
}

OnewayLoad::OnewayLoad(Endpoint *endpoint, QByteArray payload, int durationMs, QObject *parent)
    : QObject(parent)
    , m_endpoint(endpoint)
    , m_payload(std::move(payload))
    , m_durationMs(durationMs)
{
    // A zero timer: the sender refills the socket every event loop iteration, after the
    // socket had its chance to write.
    m_pump.setInterval(0);
    connect(&m_pump, &QTimer::timeout, this, [this] { pump(); });
}

void OnewayLoad::start()
{
    QPointer<OnewayLoad> self(this);
    m_endpoint->control("reset", [self](bool ok, const QByteArray &) {
        if (!self)
            return;
        if (!ok)
            return self->fail(QStringLiteral("reset failed"));
        self->m_startNs = nowNs();
        self->m_sending = true;
        BENCH_PROFILE_ZERO();
        self->m_pump.start();
    });
}

void OnewayLoad::pump()
{
    if (m_sending) {
        if (nowNs() - m_startNs >= qint64(m_durationMs) * 1000000) {
            m_sending = false;
            BENCH_PROFILE_DUMP("oneway load: sending");
        } else {
            for (int i = 0; i < MessagesPerPump && m_endpoint->bytesToWrite() < MaxUnwritten; ++i) {
                if (!m_endpoint->sendOneway(m_payload))
                    return fail(QStringLiteral("send() refused a message"));
                ++m_sent;
            }
            return;
        }
    }
    // Everything is written; the stats command travels behind the last message.
    if (m_endpoint->bytesToWrite() > 0)
        return;
    m_pump.stop();
    QPointer<OnewayLoad> self(this);
    m_endpoint->control("stats", [self](bool ok, const QByteArray &reply) {
        if (!self)
            return;
        if (!ok)
            return self->fail(QStringLiteral("stats failed"));
        const QJsonObject stats = QJsonDocument::fromJson(reply).object();
        LoadResult result;
        result.completed = qint64(stats.value(QStringLiteral("received")).toDouble());
        result.seconds = stats.value(QStringLiteral("spanNs")).toDouble() / 1e9;
        result.errors = std::max<qint64>(0, self->m_sent - result.completed);
        if (result.completed > self->m_sent)
            result.error = QStringLiteral("the server received more messages than were sent");
        self->finish(result);
    });
}

void OnewayLoad::fail(const QString &error)
{
    LoadResult result;
    result.error = error;
    finish(result);
}

void OnewayLoad::finish(const LoadResult &result)
{
    if (m_finished)
        return;
    m_pump.stop();
    m_result = result;
    m_finished = true;
    emit finished();
}
