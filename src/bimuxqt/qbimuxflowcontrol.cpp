// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "qbimuxflowcontrol_p.h"

QBiMuxFlowControl::QBiMuxFlowControl(CongestionChanged congestionChanged, Overflow overflow)
    : m_congestionChanged(std::move(congestionChanged))
    , m_overflow(std::move(overflow))
    , m_highWaterMark(0)
{ }

void QBiMuxFlowControl::update(qint64 queuedBytes, qint64 maxMessageSize)
{
    if (queuedBytes > hardLimit(maxMessageSize)) {
        m_overflow(queuedBytes);
        return;
    }
    const bool congested = isCongested();
    // Between half the mark and the mark the state stays as it is, so that a queue
    // hovering around the mark does not flip it on every write.
    if (!congested && queuedBytes > m_highWaterMark) {
        m_congested = true;
        m_congestionChanged(true);
    } else if (congested && queuedBytes <= m_highWaterMark / 2) {
        m_congested = false;
        m_congestionChanged(false);
    }
}
