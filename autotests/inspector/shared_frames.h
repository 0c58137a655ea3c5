// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef INSPECTOR_SHARED_FRAMES_H
#define INSPECTOR_SHARED_FRAMES_H

#include "framerecord.h"

// A frame with the fields tests care about.
inline FrameRecord makeFrame(int connection, QBiMux::Direction direction, QBiMux::FrameFlag flag,
                             quint64 number, qint32 route, const QByteArray &payload = QByteArray(),
                             qint64 monoNs = 0)
{
    FrameRecord f;
    f.connection = connection;
    f.direction = direction;
    f.flag = flag;
    f.number = number;
    f.route = route;
    f.payload = payload;
    f.payloadSize = payload.size();
    f.wireSize = payload.size() + 6;
    f.monoNs = monoNs;
    f.timestampMs = 1700000000000 + monoNs / 1000000;
    return f;
}

constexpr auto Out = QBiMux::Direction::Outgoing;
constexpr auto In = QBiMux::Direction::Incoming;
constexpr auto Request = QBiMux::FrameFlag::Request;
constexpr auto Response = QBiMux::FrameFlag::Response;
constexpr auto Oneway = QBiMux::FrameFlag::Oneway;
constexpr auto Cancel = QBiMux::FrameFlag::Cancel;

#endif // INSPECTOR_SHARED_FRAMES_H
