// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "framestore.h"

FrameStore::FrameStore(int capacity)
    : m_capacity(qMax(1, capacity))
{ }

void FrameStore::setCapacity(int capacity)
{
    capacity = qMax(1, capacity);
    std::vector<FrameRecord> kept;
    const int keep = qMin(m_size, capacity);
    kept.reserve(size_t(keep));
    for (int i = m_size - keep; i < m_size; ++i)
        kept.push_back(std::move(m_ring[size_t(physical(i))]));
    m_ring = std::move(kept);
    m_capacity = capacity;
    m_head = 0;
    m_size = keep;
}

const FrameRecord &FrameStore::at(int index) const
{
    Q_ASSERT(index >= 0 && index < m_size);
    return m_ring[size_t(physical(index))];
}

int FrameStore::append(FrameRecord &&frame)
{
    if (m_size < m_capacity) {
        // The vector grows up to capacity, then slots are reused: no allocation per frame
        // once the ring is full, other than the payload's own. While it grows, the frames
        // never wrap, so head + size <= the vector's size.
        if (int(m_ring.size()) < m_capacity) {
            const int slot = m_head + m_size;
            if (slot == int(m_ring.size()))
                m_ring.push_back(std::move(frame));
            else
                m_ring[size_t(slot)] = std::move(frame);
        } else {
            m_ring[size_t(physical(m_size))] = std::move(frame);
        }
        ++m_size;
        return 0;
    }
    m_ring[size_t(m_head)] = std::move(frame);
    m_head = (m_head + 1) % m_capacity;
    return 1;
}

void FrameStore::dropFront(int count)
{
    count = qBound(0, count, m_size);
    for (int i = 0; i < count; ++i)
        m_ring[size_t(physical(i))] = FrameRecord(); // free the payload now
    m_head = (m_head + count) % m_capacity;
    m_size -= count;
    if (m_size == 0)
        clear();
}

void FrameStore::clear()
{
    m_ring.clear();
    m_head = 0;
    m_size = 0;
}

int FrameStore::indexOfSeq(quint64 seq) const
{
    if (m_size == 0)
        return -1;
    const quint64 first = at(0).seq;
    if (seq >= first && seq - first < quint64(m_size) && at(int(seq - first)).seq == seq)
        return int(seq - first);
    int lo = 0;
    int hi = m_size - 1;
    while (lo <= hi) {
        const int mid = lo + (hi - lo) / 2;
        const quint64 s = at(mid).seq;
        if (s == seq)
            return mid;
        if (s < seq)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return -1;
}
