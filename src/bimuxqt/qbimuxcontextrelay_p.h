// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef QBIMUXCONTEXTRELAY_P_H
#define QBIMUXCONTEXTRELAY_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the BiMuxQt API. It may change from version to version
// without notice, or even be removed.
//

#include <QtCore/qobject.h>

#include <functional>

// Runs tasks in the thread of a context object (a handler's, a reply handler's, a cancel
// callback's) that its own thread may destroy at any moment. Checking a QPointer and then
// calling context->thread() or QMetaObject::invokeMethod(context, ...) leaves a gap in
// which the context can be deleted, and the next step reads freed memory. A signal
// connected to the context while it was known to be alive has no such gap: Qt decides
// between a direct call and an event from the connection's own record of the receiver's
// thread, under its lock, and the receiver's destructor drops the connection and any
// event still queued for it.
class QBiMuxContextRelay : public QObject
{
    Q_OBJECT

public:
    using Task = std::function<void()>;

    // Call it while `context` is alive: where a handler is registered or a call made.
    explicit QBiMuxContextRelay(const QObject *context);

    // Runs `task` in the context's thread: at once if that is the calling thread, from
    // its event loop otherwise, never once the context is gone. Thread-safe.
    void run(const Task &task) { emit deliver(task); }

Q_SIGNALS:
    void deliver(const QBiMuxContextRelay::Task &task);
};

#endif // QBIMUXCONTEXTRELAY_P_H
