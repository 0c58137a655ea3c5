// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef QBIMUXBYTEQUEUE_P_H
#define QBIMUXBYTEQUEUE_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the BiMuxQt API. It may change from version to version
// without notice, or even be removed.
//

#include <QtCore/qbytearray.h>
#include <QtCore/qlist.h>

// Bytes in arrival order, as the QByteArrays they came in: received frames' payloads are
// kept without a copy, and written bytes fill chunks of up to `maxChunk`, each behind
// `room` bytes kept free for a frame's header. An empty queue holds no memory.
class QBiMuxByteQueue
{
public:
    explicit QBiMuxByteQueue(qsizetype room = 0)
        : m_room(room)
    { }

    qint64 size() const { return m_size; }
    bool isEmpty() const { return m_size == 0; }

    void append(QByteArray &&bytes);
    // Copies `size` bytes in, filling the last chunk and new ones up to `maxChunk` each.
    void append(const char *data, qint64 size, qint64 maxChunk);
    // Up to `maxSize` bytes off the front, behind `room` bytes of room, and no more than
    // the first chunk holds: what is left of that chunk itself if it fits whole, with
    // the room in front that its own and its bytes taken already make.
    QByteArray takeFront(qint64 maxSize);
    // Copies up to `maxSize` bytes off the front into `out`, stopping after a '\n' if
    // `line`; returns how many.
    qint64 read(char *out, qint64 maxSize, bool line = false);
    bool containsNewline() const;
    void clear();

private:
    QByteArray &front() { return m_chunks[m_head]; }
    void popFront();

    qsizetype dataSize(const QByteArray &chunk) const { return chunk.size() - m_room; }

    QList<QByteArray> m_chunks;
    qsizetype m_head = 0; // chunks before it are spent
    qsizetype m_offset = 0; // bytes of the first chunk's data already taken
    qint64 m_size = 0;
    qsizetype m_room;
};

#endif // QBIMUXBYTEQUEUE_P_H
