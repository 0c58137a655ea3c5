// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef FRAMESTORE_H
#define FRAMESTORE_H

#include "framerecord.h"

#include <vector>

// The frames the inspector remembers: a ring buffer of at most capacity() records, the
// oldest dropped first, so that memory stays bounded however long a session runs.
class FrameStore
{
public:
    explicit FrameStore(int capacity = 100000);

    int capacity() const { return m_capacity; }
    // Keeps the newest `capacity` frames.
    void setCapacity(int capacity);

    int size() const { return m_size; }
    bool isEmpty() const { return m_size == 0; }
    // 0 is the oldest frame kept.
    const FrameRecord &at(int index) const;
    // Appends, dropping the oldest frame first when full; returns how many were dropped.
    int append(FrameRecord &&frame);
    // Drops the `count` oldest frames.
    void dropFront(int count);
    void clear();
    // The index of the frame with sequence number `seq`, or -1. Constant time when the
    // numbers kept are consecutive (FrameModel's are), else a binary search (seq grows).
    int indexOfSeq(quint64 seq) const;

private:
    int physical(int index) const { return (m_head + index) % m_capacity; }

    std::vector<FrameRecord> m_ring;
    int m_capacity;
    int m_head = 0;
    int m_size = 0;
};

#endif // FRAMESTORE_H
