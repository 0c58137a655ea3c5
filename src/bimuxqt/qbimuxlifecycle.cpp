// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "qbimuxlifecycle_p.h"

#include "qbimuxlogging_p.h"
#include "qbimuxtime_p.h"

#include <QtCore/qmetaobject.h>
#include <QtCore/qpointer.h>
#include <QtCore/qtimer.h>

#include <algorithm>

using namespace std::chrono_literals;

QBiMuxLifecycle::QBiMuxLifecycle(QBiMuxer *muxer, std::function<bool()> isIdle)
    : m_muxer(muxer)
    , m_isIdle(std::move(isIdle))
{ }

QBiMuxLifecycle::State QBiMuxLifecycle::markClosed(const QString &reason)
{
    const State previous = m_state.exchange(State::Closed);
    if (previous != State::Closed) {
        QMutexLocker locker(&m_mutex);
        m_closeReason = reason;
    }
    return previous;
}

QBiMuxStatus QBiMuxLifecycle::closedStatus() const
{
    QMutexLocker locker(&m_mutex);
    return QBiMuxStatus(QBiMux::StatusCode::Unavailable,
                        m_closeReason.isEmpty()
                            ? QBiMuxer::tr("disconnected")
                            : QBiMuxer::tr("disconnected: %1").arg(m_closeReason));
}

bool QBiMuxLifecycle::startDrain(std::chrono::milliseconds drainTimeout, const QString &reason)
{
    if (m_state == State::Closed || m_draining)
        return false;
    m_drainReason = reason.isEmpty() ? QBiMuxer::tr("shutting down") : reason;
    m_draining = true;
    if (drainTimeout < QBiMuxTime::Forever)
        armDrainTimer(Clock::now() + std::max(drainTimeout, 0ms));
    scheduleDrainCheck();
    return true;
}

void QBiMuxLifecycle::armDrainTimer(Clock::time_point deadline)
{
    const auto wait = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
    QTimer::singleShot(QBiMuxTime::timerInterval(wait), m_muxer, [this, deadline] {
        if (m_state == State::Closed)
            return;
        if (Clock::now() < deadline)
            armDrainTimer(deadline); // longer than a timer takes
        else
            m_muxer->close(QWebSocketProtocol::CloseCodeGoingAway, m_drainReason);
    });
}

void QBiMuxLifecycle::queueDrainCheck()
{
    // Checked from the event loop, not from inside the reply or answer that made the
    // muxer idle, so that the close never runs in the middle of a caller's code.
    m_drainCheckScheduled = true;
    QMetaObject::invokeMethod(
        m_muxer,
        [this] {
            m_drainCheckScheduled = false;
            if (m_state == State::Open && m_isIdle())
                m_muxer->close(QWebSocketProtocol::CloseCodeGoingAway, m_drainReason);
        },
        Qt::QueuedConnection);
}

void QBiMuxLifecycle::protocolError(const QString &message)
{
    if (m_state == State::Closed)
        return;
    qCWarning(lcMuxer) << m_muxer << "protocol error:" << message;
    const QPointer<QBiMuxer> alive(m_muxer);
    emit m_muxer->protocolErrorOccurred(message);
    if (alive)
        m_muxer->close(QWebSocketProtocol::CloseCodeProtocolError, message);
}
