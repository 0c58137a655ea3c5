// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

// What a muxer tells its observers. Each notification walks a copy of the list: an
// observer may remove itself, or be removed, while being notified.

#include "qbimuxobservers_p.h"

#include "qbimuxframe_p.h"

#include <QtCore/qdatetime.h>

void QBiMuxObservers::add(QBiMuxObserver *observer, bool connectionOpen)
{
    if (m_observers.contains(observer))
        return;
    m_observers.append(observer);
    if (connectionOpen)
        observer->connectionOpened(m_muxer);
}

void QBiMuxObservers::notifyFrame(QBiMux::Direction direction, const QBiMuxFrame &frame,
                                  qint64 wireSize)
{
    QBiMuxFrameInfo info;
    info.direction = direction;
    info.timestampMs = QDateTime::currentMSecsSinceEpoch();
    info.number = frame.number;
    info.flag = QBiMux::FrameFlag(frame.flag);
    info.route = frame.route;
    info.payload = frame.data;
    info.wireSize = wireSize;
    info.status = frame.errorCode;
    info.errorMessage = frame.errorMessage;
    info.timeoutMs = frame.timeoutMs;
    info.metadata = frame.metadata;
    info.window = frame.window;
    info.fromAcceptor = frame.fromAcceptor;
    const QList<QBiMuxObserver *> current = m_observers;
    for (QBiMuxObserver *observer : current)
        observer->frameEvent(m_muxer, info);
}

void QBiMuxObservers::notifyCall(QBiMux::Direction direction, QBiMux::CallEvent event,
                                 quint64 number, qint32 route, Clock::time_point startedAt,
                                 QBiMux::StatusCode status, const QString &message,
                                 QDeadlineTimer deadline)
{
    QBiMuxCallInfo info;
    info.direction = direction;
    info.event = event;
    info.number = number;
    info.route = route;
    if (event != QBiMux::CallEvent::Started && startedAt != Clock::time_point()) {
        info.latencyNs
            = std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - startedAt)
                  .count();
    }
    info.status = status;
    info.message = message;
    info.deadline = deadline;
    const QList<QBiMuxObserver *> current = m_observers;
    for (QBiMuxObserver *observer : current)
        observer->callEvent(m_muxer, info);
}

void QBiMuxObservers::notifyOpened()
{
    const QList<QBiMuxObserver *> current = m_observers;
    for (QBiMuxObserver *observer : current)
        observer->connectionOpened(m_muxer);
}

void QBiMuxObservers::notifyClosed(QWebSocketProtocol::CloseCode code, const QString &reason)
{
    const QList<QBiMuxObserver *> current = m_observers;
    for (QBiMuxObserver *observer : current)
        observer->connectionClosed(m_muxer, code, reason);
}
