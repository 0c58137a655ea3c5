// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef QBIMUXSTREAMIDS_P_H
#define QBIMUXSTREAMIDS_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the BiMuxQt API. It may change from version to version
// without notice, or even be removed.
//

#include <QtCore/qalgorithms.h>
#include <QtCore/qglobal.h>

#include <vector>

// The ids of the streams this side opened, as a bitmap (seed 002): the lowest free id is
// handed out, so ids stay short on the wire, and an id comes back only through release(),
// which QBiMuxStreams calls once the peer's last frame for the stream has arrived.
// A bit per id: 8 KiB once all 65,535 are used, nothing before.
class QBiMuxStreamIds
{
public:
    // Streams this side may have open at once; ids fit three bytes of varint.
    static constexpr quint64 MaxIds = 65535;

    // The lowest free id (from 1), or 0 if all are in use.
    quint64 allocate()
    {
        for (size_t word = m_firstFree; word < m_words.size(); ++word) {
            if (m_words[word] == ~quint64(0))
                continue;
            const int bit = int(qCountTrailingZeroBits(~m_words[word]));
            const quint64 id = quint64(word) * 64 + quint64(bit) + 1;
            if (id > MaxIds)
                return 0;
            m_words[word] |= quint64(1) << bit;
            m_firstFree = word;
            ++m_count;
            return id;
        }
        if (quint64(m_words.size()) * 64 >= MaxIds)
            return 0;
        m_firstFree = m_words.size();
        m_words.push_back(1);
        ++m_count;
        return quint64(m_firstFree) * 64 + 1;
    }

    void release(quint64 id)
    {
        if (!isAllocated(id))
            return;
        const size_t word = size_t((id - 1) / 64);
        m_words[word] &= ~(quint64(1) << ((id - 1) % 64));
        m_firstFree = std::min(m_firstFree, word);
        --m_count;
    }

    bool isAllocated(quint64 id) const
    {
        if (id == 0 || (id - 1) / 64 >= quint64(m_words.size()))
            return false;
        return m_words[size_t((id - 1) / 64)] & (quint64(1) << ((id - 1) % 64));
    }

    int count() const { return m_count; }
    void clear() { *this = QBiMuxStreamIds(); }

private:
    std::vector<quint64> m_words;
    size_t m_firstFree = 0; // no free id below this word
    int m_count = 0;
};

#endif // QBIMUXSTREAMIDS_P_H
