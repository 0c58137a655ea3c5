// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef STREAMHELPERS_H
#define STREAMHELPERS_H

#include <QBiMuxStream>

#include <QtCore/qcryptographichash.h>
#include <QtCore/qpointer.h>
#include <QtCore/qrandom.h>

// Reads a stream to its end as data comes, hashing what it read, and records how the
// stream ended: each of the counts must end at most 1.
class StreamReader : public QObject
{
public:
    explicit StreamReader(QBiMuxStream *stream, bool reading = true)
        : stream(stream)
        , m_reading(reading)
    {
        connect(stream, &QIODevice::readyRead, this, [this] {
            maxAvailable = std::max(maxAvailable, this->stream->bytesAvailable());
            if (m_reading)
                drain();
        });
        connect(stream, &QIODevice::readChannelFinished, this, [this] {
            ++readFinished;
            // Everything came before the end: nothing may be left unread by then.
            if (m_reading)
                drain();
            bytesAtReadFinished = bytesRead;
        });
        connect(stream, &QBiMuxStream::errorOccurred, this, [this](const QBiMuxStatus &status) {
            ++errors;
            errorCode = status.code();
            errorMessage = status.message();
            errorOrigin = status.origin();
        });
        connect(stream, &QBiMuxStream::finished, this, [this] {
            ++finished;
            finishedAfterError = errors > 0;
        });
        // What came before the reader was attached.
        maxAvailable = stream->bytesAvailable();
        if (m_reading)
            drain();
    }

    // Starts (or resumes) reading.
    void setReading(bool reading)
    {
        m_reading = reading;
        if (reading)
            drain();
    }

    void drain()
    {
        char buffer[64 * 1024];
        while (stream && stream->bytesAvailable() > 0) {
            const qint64 n = stream->read(buffer, sizeof buffer);
            if (n <= 0)
                break;
            hash.addData(QByteArrayView(buffer, n));
            if (keep)
                data.append(buffer, n);
            bytesRead += n;
        }
    }

    QByteArray digest() { return hash.result(); }

    QPointer<QBiMuxStream> stream;
    QCryptographicHash hash {QCryptographicHash::Sha256};
    bool keep = false;
    QByteArray data;
    qint64 bytesRead = 0;
    qint64 bytesAtReadFinished = -1;
    qint64 maxAvailable = 0;
    int readFinished = 0;
    int errors = 0;
    int finished = 0;
    bool finishedAfterError = false;
    QBiMux::StatusCode errorCode = QBiMux::StatusCode::Ok;
    QString errorMessage;
    QBiMuxStatus::Origin errorOrigin = QBiMuxStatus::Origin::Local;

private:
    bool m_reading;
};

// Writes `total` pseudo-random bytes as fast as the stream takes them (write() takes what
// fits; the rest follows on bytesWritten()), hashing them, then ends the stream's data.
class StreamWriter : public QObject
{
public:
    StreamWriter(QBiMuxStream *stream, qint64 total, quint32 seed = 1)
        : stream(stream)
        , m_left(total)
        , m_random(seed)
    {
        connect(stream, &QIODevice::bytesWritten, this, [this] { pump(); });
    }

    void start() { pump(); }

    void pump()
    {
        while (stream && m_left > 0) {
            if (m_pending.isEmpty()) {
                m_pending = QByteArray(qsizetype(std::min<qint64>(m_left, 48 * 1024 + 7)), '\0');
                m_random.fillRange(reinterpret_cast<quint32 *>(m_pending.data()),
                                   m_pending.size() / 4);
                hash.addData(m_pending);
            }
            const qint64 n = stream->write(m_pending);
            if (n < 0) {
                writeFailed = true;
                return;
            }
            if (n == 0)
                return; // the buffer is full: bytesWritten() brings us back
            m_pending.remove(0, qsizetype(n));
            m_left -= n;
            written += n;
        }
        if (stream && m_left == 0 && !m_closed) {
            m_closed = true;
            stream->closeWrite();
        }
    }

    QByteArray digest() { return hash.result(); }
    bool isDone() const { return m_left == 0; }

    QPointer<QBiMuxStream> stream;
    QCryptographicHash hash {QCryptographicHash::Sha256};
    qint64 written = 0;
    bool writeFailed = false;

private:
    qint64 m_left;
    QRandomGenerator m_random;
    QByteArray m_pending;
    bool m_closed = false;
};

#endif // STREAMHELPERS_H
