// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef QBIMUXCANCELSWEEPER_P_H
#define QBIMUXCANCELSWEEPER_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the BiMuxQt API. It may change from version to version
// without notice, or even be removed.
//

#include <QtCore/qlist.h>
#include <QtCore/qpointer.h>
#include <QtCore/qtimer.h>

#include <chrono>

class QBiMuxer;

// One timer per thread that looks for future.cancel() on the young calls of every muxer
// of the thread (QBiMuxPendingCalls::sweep()). A timer per muxer cost a timer
// registration per call and, with a thousand connections, a thousand wake-ups every
// sweep interval: half the throughput of such a server.
class QBiMuxCancelSweeper
{
public:
    // The sweeper of the calling thread, made on first use.
    static QBiMuxCancelSweeper *forCurrentThread();

    // Sweeps `muxer` from now on, until it has no calls left to watch (checked after each
    // sweep, QBiMuxOutgoingCalls::staysInSweeper()) or is removed. The muxer's outgoing
    // part adds it once, and remembers whether it is here.
    void add(QBiMuxer *muxer);
    void remove(QBiMuxer *muxer);

    static constexpr std::chrono::milliseconds Interval {10};

private:
    QBiMuxCancelSweeper();
    void sweep();

    QTimer m_timer;
    QList<QPointer<QBiMuxer>> m_muxers;
    // The muxers of the sweep under way. Ending a call runs its continuations, which may
    // move a muxer later in the turn to another thread; remove() takes it out of here too,
    // since it is no longer this thread's to sweep.
    QList<QPointer<QBiMuxer>> m_turn;
    bool m_sweeping = false;
};

#endif // QBIMUXCANCELSWEEPER_P_H
