// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "streamloads.h"

#include "benchutil.h"
#include "profiling.h"

#include <QBiMuxStream>
#include <QBiMuxer>

#include <QtCore/qjsondocument.h>
#include <QtCore/qtimer.h>

#include <algorithm>

namespace {
constexpr int OpenTimeoutMs = 30000;
} // namespace

BulkWriter::BulkWriter(QBiMuxStream *stream, QByteArray payload, QObject *parent)
    : QObject(parent)
    , m_stream(stream)
    , m_payload(std::move(payload))
{
    connect(stream, &QIODevice::bytesWritten, this, [this] { write(); });
    connect(stream, &QBiMuxStream::errorOccurred, this, [this] { m_failed = true; });
}

void BulkWriter::start()
{
    m_writing = true;
    write();
}

bool BulkWriter::isFlushed() const
{
    return !m_stream || m_stream->bytesToWrite() == 0;
}

void BulkWriter::write()
{
    while (m_writing && m_stream) {
        const qint64 n
            = m_stream->write(m_payload.constData() + m_offset, m_payload.size() - m_offset);
        if (n < 0) {
            m_failed = true;
            return;
        }
        m_written += n;
        m_offset = (m_offset + n) % m_payload.size();
        if (n == 0 || m_offset != 0)
            return; // full: bytesWritten() brings us back
    }
}

StreamBulkLoad::StreamBulkLoad(QBiMuxer *muxer, Endpoint *control, int streams, QByteArray payload,
                               int durationMs, bool stalledNeighbour, QObject *parent)
    : QObject(parent)
    , m_muxer(muxer)
    , m_control(control)
    , m_streamCount(streams)
    , m_payload(std::move(payload))
    , m_durationMs(durationMs)
    , m_stalledNeighbour(stalledNeighbour)
{ }

void StreamBulkLoad::start()
{
    QPointer<StreamBulkLoad> self(this);
    m_control->control("reset", [self](bool ok, const QByteArray &) {
        if (!self)
            return;
        if (!ok)
            return self->fail(QStringLiteral("reset failed"));
        self->openStreams();
    });
}

void StreamBulkLoad::openStreams()
{
    if (m_stalledNeighbour) {
        // Filled to its window and left so: the server never reads this one.
        m_stalled = m_muxer->openStream(BenchStreamRoute::Hold);
        auto *filler = new BulkWriter(m_stalled, m_payload, m_stalled);
        filler->start();
    }
    QList<QBiMuxStream *> streams;
    for (int i = 0; i < m_streamCount; ++i)
        streams.append(m_muxer->openStream(BenchStreamRoute::Sink));
    auto opened = std::make_shared<int>(0);
    for (QBiMuxStream *stream : std::as_const(streams)) {
        connect(stream, &QBiMuxStream::opened, this, [this, opened] {
            if (++*opened == m_streamCount)
                startWriting();
        });
        connect(stream, &QBiMuxStream::errorOccurred, this, [this](const QBiMuxStatus &status) {
            fail(QStringLiteral("stream failed: ") + status.message());
        });
        m_writers.append(new BulkWriter(stream, m_payload, this));
    }
    QTimer::singleShot(OpenTimeoutMs, this, [this, opened] {
        if (*opened < m_streamCount)
            fail(QStringLiteral("the streams did not open"));
    });
}

void StreamBulkLoad::startWriting()
{
    // The stalled stream has its window's worth at the server by the time the busy ones
    // start: it was opened, and filled, first.
    BENCH_PROFILE_ZERO();
    for (BulkWriter *writer : std::as_const(m_writers))
        writer->start();
    QTimer::singleShot(m_durationMs, this, [this] {
        BENCH_PROFILE_DUMP("stream bulk load: writing");
        for (BulkWriter *writer : std::as_const(m_writers))
            writer->stop();
        askForStats();
    });
}

void StreamBulkLoad::askForStats()
{
    // The stats call travels behind the last data frame, once everything went out.
    const bool flushed = std::all_of(m_writers.cbegin(), m_writers.cend(),
                                     [](const BulkWriter *w) { return w->isFlushed(); });
    if (!flushed) {
        QTimer::singleShot(1, this, [this] { askForStats(); });
        return;
    }
    qint64 written = 0;
    for (const BulkWriter *writer : std::as_const(m_writers)) {
        if (writer->failed())
            return fail(QStringLiteral("a stream failed"));
        written += writer->written();
    }
    QPointer<StreamBulkLoad> self(this);
    m_control->control("stats", [self, written](bool ok, const QByteArray &reply) {
        if (!self)
            return;
        if (!ok)
            return self->fail(QStringLiteral("stats failed"));
        const QJsonObject stats = QJsonDocument::fromJson(reply).object();
        LoadResult result;
        result.completed = qint64(stats.value(QStringLiteral("receivedBytes")).toDouble());
        result.seconds = stats.value(QStringLiteral("spanNs")).toDouble() / 1e9;
        if (result.completed != written) {
            result.error = QStringLiteral("the server read %1 bytes of the %2 written")
                               .arg(result.completed)
                               .arg(written);
        }
        self->m_result = result;
        self->m_finished = true;
        emit self->finished();
    });
}

void StreamBulkLoad::fail(const QString &error)
{
    if (m_finished)
        return;
    m_result = LoadResult();
    m_result.error = error;
    m_finished = true;
    emit finished();
}
