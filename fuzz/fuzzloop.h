// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef FUZZLOOP_H
#define FUZZLOOP_H

#include <QtCore/qcoreapplication.h>
#include <QtCore/qdeadlinetimer.h>
#include <QtCore/qtimer.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>

// What the fuzz targets share: failing an invariant, and running the event loop until a
// condition holds.
namespace FuzzLoop {

[[noreturn]] inline void fail(const char *target, const char *what)
{
    fprintf(stderr, "%s: invariant broken: %s\n", target, what);
    abort();
}

// Runs the event loop until `done()` or the deadline; returns done(). Waits in the event
// loop (no busy polling) and wakes at the deadline at the latest: a timer armed for it
// is the only thing that ends the wait when nothing else happens.
template<typename Done> bool spinUntil(Done done, std::chrono::milliseconds timeout)
{
    if (done())
        return true;
    const QDeadlineTimer deadline(timeout);
    QTimer wakeUp;
    wakeUp.setSingleShot(true);
    wakeUp.setTimerType(Qt::PreciseTimer);
    wakeUp.start(timeout);
    while (!done()) {
        if (deadline.hasExpired())
            return false;
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    }
    return true;
}

// Lets time pass in the event loop, so that timers due meanwhile fire.
inline void spinFor(std::chrono::milliseconds time)
{
    const QDeadlineTimer until(time);
    spinUntil([&] { return until.hasExpired(); }, time);
}

} // namespace FuzzLoop

#endif // FUZZLOOP_H
