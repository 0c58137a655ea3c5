// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef QBIMUXOBSERVERS_P_H
#define QBIMUXOBSERVERS_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the BiMuxQt API. It may change from version to version
// without notice, or even be removed.
//

#include "qbimuxnamespace.h"
#include "qbimuxobserver.h"

#include <QtCore/qdeadlinetimer.h>
#include <QtCore/qlist.h>
#include <QtWebSockets/qwebsocketprotocol.h>

#include <chrono>

class QBiMuxer;
struct QBiMuxFrame;

// A muxer's observers (QBiMuxEndpoint::addObserver()), and the events they are told. The
// muxer's parts check isObserved() first, so that an unobserved muxer reads no clocks
// and builds no event structures. In the muxer's thread.
class QBiMuxObservers
{
public:
    using Clock = std::chrono::steady_clock;

    explicit QBiMuxObservers(QBiMuxer *muxer)
        : m_muxer(muxer)
    { }

    bool isObserved() const { return !m_observers.isEmpty(); }
    // Adding one twice does nothing. An observer added while the connection is open is told
    // of its opening at once, so that each sees every connection open before it closes.
    void add(QBiMuxObserver *observer, bool connectionOpen);
    void remove(QBiMuxObserver *observer) { m_observers.removeAll(observer); }
    const QList<QBiMuxObserver *> &list() const { return m_observers; }

    void notifyFrame(QBiMux::Direction direction, const QBiMuxFrame &frame, qint64 wireSize);
    void notifyCall(QBiMux::Direction direction, QBiMux::CallEvent event, quint64 number,
                    qint32 route, Clock::time_point startedAt, QBiMux::StatusCode status,
                    const QString &message = QString(),
                    QDeadlineTimer deadline = QDeadlineTimer(QDeadlineTimer::Forever));
    void notifyOpened();
    void notifyClosed(QWebSocketProtocol::CloseCode code, const QString &reason);

private:
    QBiMuxer *m_muxer;
    QList<QBiMuxObserver *> m_observers;
};

#endif // QBIMUXOBSERVERS_P_H
