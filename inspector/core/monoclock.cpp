#include "monoclock.h"

#include <QtCore/qelapsedtimer.h>

qint64 MonoClock::nsecs()
{
    static const QElapsedTimer start = [] {
        QElapsedTimer t;
        t.start();
        return t;
    }();
    return start.nsecsElapsed();
}
