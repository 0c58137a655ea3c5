// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef FRAMERECORD_H
#define FRAMERECORD_H

#include <QBiMuxObserver>
#include <QtCore/qlist.h>
#include <QtCore/qstring.h>

// One frame as the inspector keeps it, whatever source it came from (attach, proxy,
// capture file, the inspector's own muxer).
struct FrameRecord
{
    quint64 seq = 0; // assigned by the session, increasing
    qint64 timestampMs = 0; // wall clock, ms since the epoch
    qint64 monoNs = 0; // a monotonic clock of the source, for latencies
    int connection = 0; // ConnectionRecord::key
    // Proxy mode: Outgoing is client -> upstream. Attach mode: as the muxer saw it.
    QBiMux::Direction direction = QBiMux::Direction::Outgoing;
    QBiMux::FrameFlag flag = QBiMux::FrameFlag::Request;
    quint64 number = 0;
    qint32 route = 0;
    QByteArray payload; // maybe cut to the session's payload limit
    qint64 wireSize = 0;
    qint64 payloadSize = 0; // before cutting
    QBiMux::StatusCode status = QBiMux::StatusCode::Ok;
    QString errorMessage;
    quint32 timeoutMs = 0;
    // Stream frames (docs/protocol.md, "Streams"): the window an open or a window frame
    // grants, and whether the sender accepted the stream (`number` is then the receiver's
    // id) or opened it.
    quint32 window = 0;
    bool fromAcceptor = false;
    bool malformed = false; // the bytes were not a bimux Message (proxy mode)
    // Sent by the inspector into a proxied connection, or the answer to such a frame
    // (which the proxy keeps from the other peer).
    bool injected = false;
    // What the proxy's fault injection did to the frame (FaultInjector): Fault flags.
    quint8 faults = 0;
    quint32 faultDelayMs = 0; // with Fault::Delayed

    enum Fault : quint8 { Delayed = 1, Dropped = 2, Corrupted = 4, Cut = 8 };

    bool isTruncated() const { return payload.size() < payloadSize; }
};

// One observed connection.
struct ConnectionRecord
{
    enum class State { Opening, Open, Closed };

    int key = 0; // the inspector's own number, from 1
    QString source; // "proxy", "attach: app (pid 42)", "capture", "compose"
    QString id; // the bimux id announced, if any
    QString peer; // host:port
    State state = State::Opening;
    qint64 openedMs = 0;
    qint64 closedMs = 0;
    int closeCode = 0;
    QString closeReason;
    qint64 framesIn = 0;
    qint64 framesOut = 0;
    qint64 bytesIn = 0;
    qint64 bytesOut = 0;

    // The TCP connections it runs on, "host:port" seen from each socket's own side (a
    // proxied connection has two). Two connections of which one has a socket with the
    // other's ends swapped are the two ends of one link (attach mode shows both).
    struct Endpoints
    {
        QString local;
        QString remote;
    };
    QList<Endpoints> sockets;
    QList<int> otherEnds; // the session's connections at the other end of a socket
};

namespace FrameNames {
QString flagName(QBiMux::FrameFlag flag); // "request", ... as in the proto
QString directionName(QBiMux::Direction direction); // "in" / "out"
QString statusName(QBiMux::StatusCode code); // "OK", "NOT_FOUND", ...
// "delayed 500 ms, corrupted"; empty for none. Translated: it is for people.
QString faultText(quint8 faults, quint32 delayMs);
} // namespace FrameNames

#endif // FRAMERECORD_H
