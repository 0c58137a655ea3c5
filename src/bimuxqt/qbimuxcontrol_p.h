// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef QBIMUXCONTROL_P_H
#define QBIMUXCONTROL_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the BiMuxQt API. It may change from version to version
// without notice, or even be removed.
//

#include <QtCore/qcoreevent.h>

#include <functional>
#include <memory>

QT_BEGIN_NAMESPACE
class QObject;
QT_END_NAMESPACE

class QBiMuxerPrivate;
class QBiMuxControlWait;

// QBiMuxServer::removeObserver() returns only once no connection's thread can call the
// observer any more, so it waits for a task run in each connection's thread. A worker
// thread that waits so (a handler calling it) must not simply block: another worker that
// does the same at once would wait for it while it waits for that one. These tasks travel
// as events of their own type, and a waiting thread runs those sent to its own connections
// meanwhile, and nothing else: no other code of the application runs inside the wait.
class QBiMuxControlEvent : public QEvent
{
public:
    using Task = std::function<void(QBiMuxerPrivate *)>;

    QBiMuxControlEvent(Task task, std::shared_ptr<QBiMuxControlWait> wait);
    // The task is done when its event is gone: run, or dropped with its muxer.
    ~QBiMuxControlEvent() override;

    static QEvent::Type eventType();
    // Posts `event` to `receiver` and wakes the waits, one of which may be in the
    // receiver's thread.
    static void post(QObject *receiver, QBiMuxControlEvent *event);
    void run(QBiMuxerPrivate *muxer) const { m_task(muxer); }

private:
    Task m_task;
    std::shared_ptr<QBiMuxControlWait> m_wait;
};

class QBiMuxControlWait
{
public:
    // Returns once every QBiMuxControlEvent made with this wait is gone, running meanwhile
    // the control events sent to objects of the calling thread.
    void wait();

private:
    friend class QBiMuxControlEvent;
    int m_pending = 0; // guarded by the mutex in qbimuxcontrol.cpp
};

#endif // QBIMUXCONTROL_P_H
