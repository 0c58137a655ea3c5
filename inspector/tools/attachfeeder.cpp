// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "attachfeeder.h"

#include <QtCore/qdatastream.h>
#include <QtCore/qdatetime.h>
#include <QtCore/qelapsedtimer.h>
#include <QtNetwork/qtcpsocket.h>

#include <qbimuxinspectorlink_p.h>

namespace {
// docs/inspector.md, "Attach protocol"; the constants are the library's.
using namespace QBiMuxInspectorWire;

template<typename Fill> void record(QByteArray &out, RecordType type, Fill &&fill)
{
    QByteArray body;
    QDataStream s(&body, QIODevice::WriteOnly);
    s.setVersion(QDataStream::Qt_6_4);
    s << quint8(type);
    fill(s);
    QDataStream head(&out, QIODevice::WriteOnly | QIODevice::Append);
    head << quint32(body.size());
    out.append(body);
}
} // namespace

AttachFeeder::AttachFeeder(quint16 port, int framesPerSecond)
    : m_port(port)
    , m_rate(framesPerSecond)
{ }

AttachFeeder::~AttachFeeder()
{
    stop();
    wait();
}

void AttachFeeder::run()
{
    QTcpSocket socket;
    socket.connectToHost(QStringLiteral("127.0.0.1"), m_port);
    if (!socket.waitForConnected(5000)) {
        m_failed = true;
        return;
    }
    QByteArray out;
    record(out, Hello, [](QDataStream &s) {
        s << quint32(Magic) << quint16(Version) << qint64(4242) << QStringLiteral("load feeder");
    });
    constexpr quint64 Muxer = 1;
    record(out, Opened, [](QDataStream &s) {
        s << Muxer << QStringLiteral("bench") << QStringLiteral("127.0.0.1:12000")
          << QStringLiteral("ws://127.0.0.1:12000/mux");
    });
    socket.write(out);
    const QByteArray payload("{\"sensor\": 7, \"value\": 21.5}");
    QElapsedTimer clock;
    clock.start();
    quint64 produced = 0;
    quint64 number = 0;
    while (!m_stop) {
        // Catch up with the clock, a few thousand frames a write at most.
        const quint64 due = quint64(clock.nsecsElapsed() / 1000) * quint64(m_rate) / 1000000;
        const quint64 batch = qMin<quint64>(due - qMin(due, produced), 4000);
        if (batch == 0) {
            QThread::usleep(200);
            continue;
        }
        out.clear();
        const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
        const qint64 monoNs = clock.nsecsElapsed();
        for (quint64 i = 0; i < batch; ++i) {
            // A request, then its answer 0.2 ms later.
            const bool request = (produced + i) % 2 == 0;
            if (request)
                ++number;
            const qint32 route = qint32(number % 16);
            record(out, Frame, [&](QDataStream &s) {
                s << Muxer << quint8(request ? 1 : 0) << nowMs
                  << qint64(monoNs + (request ? 0 : 200000)) << number << quint8(request ? 0 : 1)
                  << route << payload << qint64(payload.size() + 8) << qint32(0) << QString()
                  << quint32(request ? 5000 : 0);
            });
        }
        produced += batch;
        socket.write(out);
        // The inspector's pace: wait while a lot is queued, as TCP makes a writer wait.
        while (socket.bytesToWrite() > 4 * 1024 * 1024 && !m_stop)
            socket.waitForBytesWritten(50);
        socket.waitForBytesWritten(0);
        m_written = produced;
        if (socket.state() != QAbstractSocket::ConnectedState) {
            m_failed = true;
            return;
        }
    }
    socket.disconnectFromHost();
}
