// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef QBIMUXFLOWCONTROL_P_H
#define QBIMUXFLOWCONTROL_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the BiMuxQt API. It may change from version to version
// without notice, or even be removed.
//

#include <QtCore/qglobal.h>

#include <atomic>
#include <functional>

// Watches the bytes a muxer has handed to its socket that the peer has not taken yet.
// Above the high-water mark the link is congested: send() and rpc() refuse new work
// (documented in QBiMuxer::setHighWaterMark()) until the queue drains below half the
// mark. Above the hard limit the peer is taken to have stopped reading, and the muxer
// gives up on it, so memory stays bounded however long a peer stalls.
class QBiMuxFlowControl
{
public:
    using CongestionChanged = std::function<void(bool congested)>;
    using Overflow = std::function<void(qint64 queuedBytes)>;

    QBiMuxFlowControl(CongestionChanged congestionChanged, Overflow overflow);

    void setHighWaterMark(qint64 bytes) { m_highWaterMark = bytes; }
    qint64 highWaterMark() const { return m_highWaterMark; }
    // Room for responses and cancels, which are written even when congested, and for
    // one more message of the largest size.
    qint64 hardLimit(qint64 maxMessageSize) const { return 2 * m_highWaterMark + maxMessageSize; }

    // Thread-safe.
    bool isCongested() const { return m_congested.load(std::memory_order_relaxed); }

    // Called in the muxer's thread after each write and whenever the socket wrote some.
    void update(qint64 queuedBytes, qint64 maxMessageSize);

private:
    CongestionChanged m_congestionChanged;
    Overflow m_overflow;
    std::atomic<qint64> m_highWaterMark;
    std::atomic<bool> m_congested {false};
};

#endif // QBIMUXFLOWCONTROL_P_H
