// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef QBIMUXNUMBERTABLE_P_H
#define QBIMUXNUMBERTABLE_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the BiMuxQt API. It may change from version to version
// without notice, or even be removed.
//

#include <QtCore/qglobal.h>

#include <optional>
#include <unordered_map>
#include <utility>
#include <vector>

// Calls in flight by request number, for a muxer's own calls and for its peer's. Every
// frame of a call looks one up, so a lookup neither hashes nor allocates in the usual
// case: numbers are handed out in sequence, so the calls in flight at any moment have
// nearby numbers, and a call lives in a ring indexed by its number modulo the ring's size.
// Only a call whose place is still taken (by a much older call, or when a peer picks
// numbers that collide) goes to an overflow map; the ring doubles when the overflow grows.
template<typename T> class QBiMuxNumberTable
{
public:
    T *find(quint64 number)
    {
        if (m_ring.empty())
            return nullptr;
        Place &place = placeOf(number);
        if (number != 0 && place.number == number)
            return &*place.value;
        if (m_overflow.empty())
            return nullptr;
        const auto it = m_overflow.find(number);
        return it == m_overflow.end() ? nullptr : &it->second;
    }
    bool contains(quint64 number) { return find(number) != nullptr; }

    // `number` must not be in the table yet.
    void insert(quint64 number, T &&value)
    {
        Q_ASSERT(!contains(number));
        if (m_ring.empty())
            m_ring.resize(InitialRingSize);
        put(number, std::move(value));
        ++m_size;
        if (m_overflow.size() > m_ring.size() / 8 && m_ring.size() < MaxRingSize)
            growRing();
    }

    std::optional<T> take(quint64 number)
    {
        std::optional<T> value;
        if (m_ring.empty())
            return value;
        Place &place = placeOf(number);
        if (number != 0 && place.number == number) {
            value.emplace(std::move(*place.value));
            // What a moved-from value still holds is unspecified (a std::function's
            // captures, say): release it now, not when the place is next used.
            place.value.reset();
            place.number = 0;
        } else if (!m_overflow.empty()) {
            const auto it = m_overflow.find(number);
            if (it == m_overflow.end())
                return value;
            value.emplace(std::move(it->second));
            m_overflow.erase(it);
        } else {
            return value;
        }
        if (--m_size == 0 && m_ring.size() > KeptRingSize) // a burst is over
            std::vector<Place>().swap(m_ring);
        return value;
    }

    std::vector<std::pair<quint64, T>> takeAll()
    {
        std::vector<std::pair<quint64, T>> all;
        all.reserve(size_t(m_size));
        for (Place &place : m_ring) {
            if (place.number != 0)
                all.emplace_back(place.number, std::move(*place.value));
        }
        for (auto &[number, value] : m_overflow)
            all.emplace_back(number, std::move(value));
        m_ring.clear();
        m_overflow.clear();
        m_size = 0;
        return all;
    }

    int size() const { return m_size; }
    bool isEmpty() const { return m_size == 0; }

private:
    // A place with number 0 is free, and its value empty; a call numbered 0 (a peer may use
    // it) always goes to the overflow map.
    struct Place
    {
        quint64 number = 0;
        std::optional<T> value;
    };

    static constexpr size_t InitialRingSize = 64; // a power of two
    // Past this the ring stops growing and collisions stay in the overflow map.
    static constexpr size_t MaxRingSize = 65536;
    // A ring larger than this is freed when the last call of a burst is taken.
    static constexpr size_t KeptRingSize = 1024;

    Place &placeOf(quint64 number) { return m_ring[number & (m_ring.size() - 1)]; }

    void put(quint64 number, T &&value)
    {
        Place &place = placeOf(number);
        if (number != 0 && place.number == 0) {
            place.number = number;
            place.value.emplace(std::move(value));
        } else {
            m_overflow.emplace(number, std::move(value));
        }
    }

    void growRing()
    {
        std::vector<Place> old = std::exchange(m_ring, std::vector<Place>(m_ring.size() * 2));
        std::unordered_map<quint64, T> overflow = std::exchange(m_overflow, {});
        for (Place &place : old) {
            if (place.number != 0)
                put(place.number, std::move(*place.value));
        }
        for (auto &[number, value] : overflow)
            put(number, std::move(value));
    }

    // Empty until the first call: a connection that never has one pays nothing for it.
    std::vector<Place> m_ring;
    std::unordered_map<quint64, T> m_overflow;
    int m_size = 0;
};

#endif // QBIMUXNUMBERTABLE_P_H
