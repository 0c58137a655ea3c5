// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef DELAYLINE_H
#define DELAYLINE_H

#include <QtCore/qobject.h>
#include <QtCore/qtimer.h>

#include <deque>
#include <functional>

// One direction of a proxied link with latency added: messages leave in the order they
// came, each no earlier than its own delay allows (a message without delay waits behind
// a delayed one, as on a slow network; a WebSocket never reorders). Used by
// ProxyConnection for the fault injection's latency.
class DelayLine : public QObject
{
public:
    struct Message
    {
        QByteArray binary;
        QString text;
        bool isText = false;
    };
    using Deliver = std::function<void(const Message &)>;

    DelayLine(Deliver deliver, QObject *parent = nullptr);

    // Delivers `message` after `delayMs` and after every message queued before it; at once
    // if nothing waits and there is no delay.
    void push(Message message, quint32 delayMs);
    // Delivers everything waiting, now (the link closes: what was on the way arrives first).
    void flush();
    void clear();
    int size() const { return int(m_queue.size()); }
    qint64 queuedBytes() const { return m_bytes; }

private:
    struct Queued
    {
        Message message;
        qint64 dueMs;
    };

    void deliverDue();
    void schedule();

    Deliver m_deliver;
    std::deque<Queued> m_queue;
    qint64 m_lastDueMs = 0;
    qint64 m_bytes = 0;
    QTimer m_timer;
};

#endif // DELAYLINE_H
