// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "qbimuxcancelsweeper_p.h"

#include "qbimuxer_p.h"

#include <QtCore/qscopedvaluerollback.h>
#include <QtCore/qthreadstorage.h>

QBiMuxCancelSweeper *QBiMuxCancelSweeper::forCurrentThread()
{
    // Deleted when its thread ends.
    static QThreadStorage<QBiMuxCancelSweeper *> sweepers;
    if (!sweepers.hasLocalData())
        sweepers.setLocalData(new QBiMuxCancelSweeper);
    return sweepers.localData();
}

QBiMuxCancelSweeper::QBiMuxCancelSweeper()
{
    m_timer.setInterval(Interval);
    QObject::connect(&m_timer, &QTimer::timeout, &m_timer, [this] { sweep(); });
}

void QBiMuxCancelSweeper::add(QBiMuxer *muxer)
{
    Q_ASSERT(!m_muxers.contains(muxer));
    m_muxers.append(muxer);
    if (!m_timer.isActive())
        m_timer.start();
}

void QBiMuxCancelSweeper::remove(QBiMuxer *muxer)
{
    m_muxers.removeAll(muxer);
    m_turn.removeAll(muxer);
    if (m_muxers.isEmpty())
        m_timer.stop();
}

void QBiMuxCancelSweeper::sweep()
{
    // A continuation that runs an event loop could start another sweep: the timer is
    // restarted, with a new id, when a muxer is removed and another added. That sweep is
    // left to the turn under way.
    if (m_sweeping)
        return;
    const QScopedValueRollback<bool> sweeping(m_sweeping, true);
    // A copy: a sweep may end calls, and their continuations may close, delete or move
    // muxers.
    m_turn = m_muxers;
    while (!m_turn.isEmpty()) {
        const QPointer<QBiMuxer> muxer = m_turn.takeFirst();
        if (muxer)
            QBiMuxerPrivate::get(muxer)->outgoing.onCancelSweep();
    }
    m_muxers.removeIf([](const QPointer<QBiMuxer> &muxer) {
        if (!muxer)
            return true;
        return !QBiMuxerPrivate::get(muxer)->outgoing.staysInSweeper();
    });
    if (m_muxers.isEmpty())
        m_timer.stop();
}
