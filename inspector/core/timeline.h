// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef TIMELINE_H
#define TIMELINE_H

#include "framerecord.h"

#include <QtCore/qhash.h>
#include <QtCore/qlist.h>

#include <array>
#include <limits>
#include <map>
#include <memory>
#include <optional>

// What happened over time, per route: calls and failed calls per second, the latency
// percentiles of the calls answered, and the calls in flight, in buckets of the frames'
// own wall-clock time (so a loaded capture gets the same timeline as live traffic had).
//
// Bounded however long a session runs: at most MaxBuckets buckets a route; when the
// traffic spans more, every bucket doubles its width (1 s, 2 s, 4 s, ...) by merging
// pairs. Latencies go into a histogram per bucket (four bins an octave, about ±9 %), so
// that merging keeps the percentiles.
class Timeline
{
public:
    static constexpr int MaxBuckets = 900;
    // Routes with a series of their own; the calls of further routes go into one series
    // (OtherRoutes), so that a peer using a new route in every frame cannot grow it.
    static constexpr int MaxRoutes = 256;
    static constexpr qint32 OtherRoutes = std::numeric_limits<qint32>::min();
    static constexpr qint64 InitialBucketMs = 1000;

    struct Sample
    {
        qint64 timeMs = 0; // the bucket's start
        double callsPerSecond = 0;
        double errorsPerSecond = 0;
        double p50Ms = -1; // -1: no call answered in the bucket
        double p99Ms = -1;
    };

    Timeline();
    ~Timeline();

    // A request counts as a call of its route, a failed response as an error.
    void countFrame(const FrameRecord &frame);
    void addLatency(qint32 route, qint64 ns, qint64 timeMs);
    // The calls in flight at `timeMs` (the largest count of a bucket is kept).
    void sampleInflight(int count, qint64 timeMs);
    void clear();

    qint64 bucketMs() const { return m_bucketMs; }
    QList<qint32> routes() const;
    // One sample per bucket from the first to the last, empty buckets included; all
    // routes together without `route`.
    QList<Sample> samples(std::optional<qint32> route = std::nullopt) const;
    // (bucket start, largest count of calls in flight); a bucket without frames has the
    // count the one before ended with.
    QList<std::pair<qint64, int>> inflight() const;
    bool isEmpty() const { return m_first > m_last; }

private:
    static constexpr int BinsPerOctave = 4;
    static constexpr int Bins = 30 * BinsPerOctave; // 1 µs to about 18 minutes
    using Histogram = std::array<quint32, Bins>;

    struct Bucket
    {
        quint32 calls = 0;
        quint32 errors = 0;
        int inflight = -1; // the largest count seen in the bucket, -1 if none
        int inflightLast = 0; // the last one
        std::unique_ptr<Histogram> latencies;
    };
    using Series = std::map<qint64, Bucket>; // by bucket index (time / width)

    Bucket &bucket(Series &series, qint64 timeMs);
    Series &seriesOf(qint32 route);
    void widen();
    static void merge(Bucket &into, Bucket &&from);
    static double percentile(const Histogram &h, quint64 total, double q);

    qint64 m_bucketMs = InitialBucketMs;
    qint64 m_first = 1; // bucket indexes seen; first > last while empty
    qint64 m_last = 0;
    QHash<qint32, std::shared_ptr<Series>> m_routes;
    Series m_inflight;
    const Series *m_cachedSeries = nullptr;
    qint64 m_cachedIndex = 0;
    Bucket *m_cachedBucket = nullptr;
};

#endif // TIMELINE_H
