// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "qbimuxbytequeue_p.h"

#include <cstring>

void QBiMuxByteQueue::append(QByteArray &&bytes)
{
    Q_ASSERT(m_room == 0);
    if (bytes.isEmpty())
        return;
    m_size += bytes.size();
    m_chunks.append(std::move(bytes));
}

void QBiMuxByteQueue::append(const char *data, qint64 size, qint64 maxChunk)
{
    m_size += size;
    while (size > 0) {
        // The last chunk fills up, unless its data is being taken already.
        if (m_head < m_chunks.size() && dataSize(m_chunks.last()) < maxChunk
            && !(m_head == m_chunks.size() - 1 && m_offset > 0)) {
            QByteArray &last = m_chunks.last();
            const qint64 part = std::min(size, maxChunk - dataSize(last));
            last.append(data, qsizetype(part));
            data += part;
            size -= part;
            continue;
        }
        const qint64 part = std::min(size, maxChunk);
        QByteArray chunk;
        chunk.reserve(m_room + qsizetype(std::min(std::max(size, qint64(4096)), maxChunk)));
        chunk.resize(m_room);
        chunk.append(data, qsizetype(part));
        data += part;
        size -= part;
        m_chunks.append(std::move(chunk));
    }
}

QByteArray QBiMuxByteQueue::takeFront(qint64 maxSize)
{
    if (isEmpty() || maxSize <= 0)
        return QByteArray();
    QByteArray &first = front();
    const qint64 left = dataSize(first) - m_offset;
    if (left > maxSize) {
        QByteArray part(m_room + qsizetype(maxSize), Qt::Uninitialized);
        read(part.data() + m_room, maxSize);
        return part;
    }
    // The rest of the first chunk itself, with what was taken of it as part of the room:
    // a frame cut short by the peer's window is the only one copied, not every frame
    // after it too. With 16 streams the windows' 512 KiB, not a multiple of the chunks'
    // 63 KiB, shifted every later frame off its chunk, and the copies that made took
    // 18 % of the sending side's CPU time in a download (perf, stream16_down).
    QByteArray rest = std::move(first);
    if (m_offset > 0) {
        QByteArray::DataPointer &buffer = rest.data_ptr();
        buffer.setBegin(buffer.begin() + m_offset);
        buffer.size -= m_offset;
    }
    m_size -= left;
    popFront();
    return rest;
}

qint64 QBiMuxByteQueue::read(char *out, qint64 maxSize, bool line)
{
    qint64 done = 0;
    while (done < maxSize && !isEmpty()) {
        const QByteArray &first = front();
        const char *begin = first.constData() + m_room + m_offset;
        qint64 n = std::min(maxSize - done, qint64(dataSize(first) - m_offset));
        bool sawNewline = false;
        if (line) {
            if (const void *newline = std::memchr(begin, '\n', size_t(n))) {
                n = static_cast<const char *>(newline) - begin + 1;
                sawNewline = true;
            }
        }
        std::memcpy(out + done, begin, size_t(n));
        done += n;
        m_size -= n;
        m_offset += qsizetype(n);
        if (m_offset == dataSize(first))
            popFront();
        if (sawNewline)
            break;
    }
    return done;
}

bool QBiMuxByteQueue::containsNewline() const
{
    for (qsizetype i = m_head; i < m_chunks.size(); ++i) {
        const QByteArray &chunk = m_chunks.at(i);
        const qsizetype from = m_room + (i == m_head ? m_offset : 0);
        if (std::memchr(chunk.constData() + from, '\n', size_t(chunk.size() - from)))
            return true;
    }
    return false;
}

void QBiMuxByteQueue::clear()
{
    *this = QBiMuxByteQueue(m_room);
}

void QBiMuxByteQueue::popFront()
{
    m_offset = 0;
    m_chunks[m_head] = QByteArray();
    if (++m_head == m_chunks.size()) {
        m_chunks.clear(); // keeps no memory once empty
        m_head = 0;
    } else if (m_head >= 32 && m_head * 2 >= m_chunks.size()) {
        m_chunks.remove(0, m_head);
        m_head = 0;
    }
}
