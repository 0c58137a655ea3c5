// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "timeline.h"

#include <cmath>

Timeline::Timeline() = default;
Timeline::~Timeline() = default;

namespace {
qint64 floorDiv(qint64 a, qint64 b)
{
    return a / b - (a % b < 0 ? 1 : 0);
}
} // namespace

Timeline::Bucket &Timeline::bucket(Series &series, qint64 timeMs)
{
    qint64 index = floorDiv(timeMs, m_bucketMs);
    // Most frames land where the one before did.
    if (&series == m_cachedSeries && index == m_cachedIndex)
        return *m_cachedBucket;
    if (isEmpty()) {
        m_first = m_last = index;
    } else {
        // Too long a span for the buckets: coarser ones, until it fits.
        while (qMax(m_last, index) - qMin(m_first, index) >= MaxBuckets
               && m_bucketMs < (qint64(1) << 50)) {
            widen();
            index = floorDiv(timeMs, m_bucketMs);
        }
        m_first = qMin(m_first, index);
        m_last = qMax(m_last, index);
    }
    Bucket &b = series[index];
    m_cachedSeries = &series;
    m_cachedIndex = index;
    m_cachedBucket = &b;
    return b;
}

void Timeline::widen()
{
    m_cachedSeries = nullptr;
    auto halve = [](Series &series) {
        Series wider;
        for (auto &[index, b] : series) {
            const qint64 to = floorDiv(index, 2);
            merge(wider[to], std::move(b));
        }
        series = std::move(wider);
    };
    for (const std::shared_ptr<Series> &series : std::as_const(m_routes))
        halve(*series);
    halve(m_inflight);
    m_bucketMs *= 2;
    m_first = floorDiv(m_first, 2);
    m_last = floorDiv(m_last, 2);
}

void Timeline::merge(Bucket &into, Bucket &&from)
{
    into.calls += from.calls;
    into.errors += from.errors;
    if (from.inflight >= 0) {
        into.inflight = qMax(into.inflight, from.inflight);
        into.inflightLast = from.inflightLast; // pairs merge oldest first
    }
    if (!from.latencies)
        return;
    if (!into.latencies) {
        into.latencies = std::move(from.latencies);
        return;
    }
    for (int i = 0; i < Bins; ++i)
        (*into.latencies)[size_t(i)] += (*from.latencies)[size_t(i)];
}

void Timeline::countFrame(const FrameRecord &frame)
{
    const bool call = frame.flag == QBiMux::FrameFlag::Request;
    const bool error
        = frame.flag == QBiMux::FrameFlag::Response && frame.status != QBiMux::StatusCode::Ok;
    if (frame.malformed || (!call && !error))
        return;
    Bucket &b = bucket(seriesOf(frame.route), frame.timestampMs);
    b.calls += call;
    b.errors += error;
}

void Timeline::addLatency(qint32 route, qint64 ns, qint64 timeMs)
{
    Bucket &b = bucket(seriesOf(route), timeMs);
    if (!b.latencies)
        b.latencies = std::make_unique<Histogram>(Histogram {});
    const double us = qMax(1.0, double(ns) / 1000.0);
    const int bin = qBound(0, int(std::log2(us) * BinsPerOctave), Bins - 1);
    ++(*b.latencies)[size_t(bin)];
}

Timeline::Series &Timeline::seriesOf(qint32 route)
{
    auto it = m_routes.find(route);
    if (it == m_routes.end()) {
        if (m_routes.size() >= MaxRoutes)
            route = OtherRoutes;
        it = m_routes.find(route);
        if (it == m_routes.end())
            it = m_routes.insert(route, std::make_shared<Series>());
    }
    return **it;
}

void Timeline::sampleInflight(int count, qint64 timeMs)
{
    Bucket &b = bucket(m_inflight, timeMs);
    b.inflight = qMax(b.inflight, count);
    b.inflightLast = count;
}

void Timeline::clear()
{
    m_cachedSeries = nullptr;
    m_routes.clear();
    m_inflight.clear();
    m_bucketMs = InitialBucketMs;
    m_first = 1;
    m_last = 0;
}

QList<qint32> Timeline::routes() const
{
    QList<qint32> routes = m_routes.keys();
    std::sort(routes.begin(), routes.end());
    return routes;
}

double Timeline::percentile(const Histogram &h, quint64 total, double q)
{
    const quint64 rank = quint64(std::ceil(q * double(total)));
    quint64 seen = 0;
    for (int i = 0; i < Bins; ++i) {
        seen += h[size_t(i)];
        if (seen >= qMax<quint64>(1, rank)) // the bin's middle, in ms
            return std::exp2((i + 0.5) / BinsPerOctave) / 1000.0;
    }
    return -1;
}

QList<Timeline::Sample> Timeline::samples(std::optional<qint32> route) const
{
    QList<Sample> out;
    if (isEmpty())
        return out;
    QList<const Series *> chosen;
    if (route) {
        if (const auto it = m_routes.constFind(*route); it != m_routes.cend())
            chosen.append(it->get());
    } else {
        for (const std::shared_ptr<Series> &s : m_routes)
            chosen.append(s.get());
    }
    const double seconds = double(m_bucketMs) / 1000.0;
    out.reserve(m_last - m_first + 1);
    for (qint64 index = m_first; index <= m_last; ++index) {
        Sample sample;
        sample.timeMs = index * m_bucketMs;
        Histogram merged {};
        quint64 answered = 0;
        quint64 calls = 0;
        quint64 errors = 0;
        for (const Series *s : std::as_const(chosen)) {
            const auto it = s->find(index);
            if (it == s->end())
                continue;
            calls += it->second.calls;
            errors += it->second.errors;
            if (it->second.latencies) {
                for (int i = 0; i < Bins; ++i) {
                    merged[size_t(i)] += (*it->second.latencies)[size_t(i)];
                    answered += (*it->second.latencies)[size_t(i)];
                }
            }
        }
        sample.callsPerSecond = double(calls) / seconds;
        sample.errorsPerSecond = double(errors) / seconds;
        if (answered) {
            sample.p50Ms = percentile(merged, answered, 0.50);
            sample.p99Ms = percentile(merged, answered, 0.99);
        }
        out.append(sample);
    }
    return out;
}

QList<std::pair<qint64, int>> Timeline::inflight() const
{
    QList<std::pair<qint64, int>> out;
    if (isEmpty())
        return out;
    int carried = 0;
    for (qint64 index = m_first; index <= m_last; ++index) {
        const auto it = m_inflight.find(index);
        if (it == m_inflight.end() || it->second.inflight < 0) {
            out.append({index * m_bucketMs, carried});
            continue;
        }
        out.append({index * m_bucketMs, it->second.inflight});
        carried = it->second.inflightLast;
    }
    return out;
}
