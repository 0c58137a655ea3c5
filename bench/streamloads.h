// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef STREAMLOADS_H
#define STREAMLOADS_H

#include "loads.h"

#include <QtCore/qpointer.h>

class QBiMuxStream;
class QBiMuxer;

// The routes of the bench server's streams.
namespace BenchStreamRoute {
constexpr qint32 Sink = 3; // read as fast as it comes and counted, never written to
constexpr qint32 Hold = 4; // accepted and never read: a stalled reader, or an idle stream
constexpr qint32 Source = 5; // the server writes into it as fast as it takes bytes
} // namespace BenchStreamRoute

// The size of the binary messages the raw baselines send: what one stream frame carries.
constexpr int BenchChunkSize = 63 * 1024;

// Writes into one stream as fast as it takes bytes (write() takes what fits, bytesWritten()
// asks for more), until stop(). What it wrote is the application's data: `payload`,
// over and over.
class BulkWriter : public QObject
{
public:
    BulkWriter(QBiMuxStream *stream, QByteArray payload, QObject *parent = nullptr);

    void start();
    void stop() { m_writing = false; }
    qint64 written() const { return m_written; }
    bool failed() const { return m_failed; }
    // Everything written went out to the link.
    bool isFlushed() const;

private:
    void write();

    QPointer<QBiMuxStream> m_stream;
    QByteArray m_payload;
    qint64 m_offset = 0; // into m_payload, after a partial write
    qint64 m_written = 0;
    bool m_writing = false;
    bool m_failed = false;
};

// Bulk throughput: `streams` streams on one muxer write to the bench server's Sink route
// for `durationMs`; the rate is the server's, in bytes from its first to its last read.
// With `stalledNeighbour`, one more stream to the Hold route is filled up to its window
// first and stays so, its reader stalled. Asynchronous, like the other loads.
class StreamBulkLoad : public QObject
{
    Q_OBJECT

public:
    StreamBulkLoad(QBiMuxer *muxer, Endpoint *control, int streams, QByteArray payload,
                   int durationMs, bool stalledNeighbour, QObject *parent = nullptr);

    void start();
    bool isFinished() const { return m_finished; }
    // completed: bytes the server read; seconds: the span it read them in.
    LoadResult result() const { return m_result; }

Q_SIGNALS:
    void finished();

private:
    void openStreams();
    void startWriting();
    void askForStats();
    void fail(const QString &error);

    QBiMuxer *m_muxer;
    Endpoint *m_control;
    int m_streamCount;
    QByteArray m_payload;
    int m_durationMs;
    bool m_stalledNeighbour;
    QList<BulkWriter *> m_writers;
    QPointer<QBiMuxStream> m_stalled;
    bool m_finished = false;
    LoadResult m_result;
};

#endif // STREAMLOADS_H
