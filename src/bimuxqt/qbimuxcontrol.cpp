// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "qbimuxcontrol_p.h"

#include <QtCore/qcoreapplication.h>
#include <QtCore/qmutex.h>
#include <QtCore/qwaitcondition.h>

namespace {
// One lock and one condition for every wait in the process: a waiting thread wakes both
// when its own tasks are done and when a task is sent to it, which another wait sends.
struct ControlSync
{
    QMutex mutex;
    QWaitCondition changed;
    quint64 generation = 0; // counts events posted and gone
};

ControlSync &sync()
{
    static ControlSync instance;
    return instance;
}
} // namespace

QBiMuxControlEvent::QBiMuxControlEvent(Task task, std::shared_ptr<QBiMuxControlWait> wait)
    : QEvent(eventType())
    , m_task(std::move(task))
    , m_wait(std::move(wait))
{
    QMutexLocker locker(&sync().mutex);
    ++m_wait->m_pending;
}

void QBiMuxControlEvent::post(QObject *receiver, QBiMuxControlEvent *event)
{
    QCoreApplication::postEvent(receiver, event);
    // Wakes every wait: one of them may be in the receiver's thread. After the post, so
    // that a wait that looked for events before it sees the generation move, and looks
    // again.
    QMutexLocker locker(&sync().mutex);
    ++sync().generation;
    sync().changed.wakeAll();
}

QBiMuxControlEvent::~QBiMuxControlEvent()
{
    QMutexLocker locker(&sync().mutex);
    --m_wait->m_pending;
    ++sync().generation;
    sync().changed.wakeAll();
}

QEvent::Type QBiMuxControlEvent::eventType()
{
    static const QEvent::Type type = QEvent::Type(QEvent::registerEventType());
    return type;
}

void QBiMuxControlWait::wait()
{
    ControlSync &control = sync();
    QMutexLocker locker(&control.mutex);
    while (m_pending > 0) {
        const quint64 seen = control.generation;
        locker.unlock();
        // Only this type: the tasks other waits sent to this thread's connections.
        QCoreApplication::sendPostedEvents(nullptr, QBiMuxControlEvent::eventType());
        locker.relock();
        if (m_pending > 0 && control.generation == seen)
            control.changed.wait(&control.mutex);
    }
}
