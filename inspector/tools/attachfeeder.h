// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef ATTACHFEEDER_H
#define ATTACHFEEDER_H

#include <QtCore/qthread.h>

#include <atomic>

// A stand-in for an attached process under load: a thread that connects to the
// inspector's attach port and writes frames (calls and their answers on 16 routes) at a
// given rate, in the attach protocol of docs/inspector.md, through a real TCP socket.
// When the inspector reads slower than that, the socket's buffers fill and the feeder
// waits, as a real QBiMuxInspectorLink's sender thread would (which drops instead).
class AttachFeeder : public QThread
{
public:
    AttachFeeder(quint16 port, int framesPerSecond);
    ~AttachFeeder() override;

    void stop() { m_stop = true; }
    quint64 written() const { return m_written; }
    bool failed() const { return m_failed; }

protected:
    void run() override;

private:
    quint16 m_port;
    int m_rate;
    std::atomic<bool> m_stop {false};
    std::atomic<bool> m_failed {false};
    std::atomic<quint64> m_written {0};
};

#endif // ATTACHFEEDER_H
