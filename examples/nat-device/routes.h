// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef NATDEVICE_ROUTES_H
#define NATDEVICE_ROUTES_H

// The contract between the cloud and its devices. As in bimux, a route names one kind of
// call or message, and no number is used by both ends: the hundreds digit says who
// serves it.

#include <QBiMuxError>

#include <QCoreApplication>
#include <QString>

namespace Routes {

// Served by the device, called by the cloud over the link the device opened.
constexpr qint32 ReadSensor = 101; // data: sensor name; answer: its value as text
constexpr qint32 SetConfig = 102; // data: "key=value"; answer: the previous value
constexpr qint32 Calibrate = 103; // slow on purpose: the cloud gives up before it is done
constexpr qint32 Goodbye = 104; // oneway: the cloud has nothing more to ask

// Served by the cloud, called by the device.
constexpr qint32 ReportTelemetry = 201; // data: "name=value"; answer: "ack"
constexpr qint32 FetchTime = 202; // data: empty; answer: ISO 8601 UTC time
constexpr qint32 Event = 203; // oneway: something happened on the device

// Served by nobody, to show what a caller gets then.
constexpr qint32 NoSuchRoute = 999;

} // namespace Routes

// "Unimplemented (12, from the peer): no handler for route 999": the typed code, its
// gRPC number, and whether the peer answered with it or this side gave up.
inline QString describe(const QBiMuxError &error)
{
    return QCoreApplication::translate("Routes", "%1 (%2, %3): %4")
        .arg(QBiMux::statusCodeName(error.code()))
        .arg(int(error.code()))
        .arg(error.isRemote() ? QCoreApplication::translate("Routes", "from the peer")
                              : QCoreApplication::translate("Routes", "local"))
        .arg(error.message());
}

#endif // NATDEVICE_ROUTES_H
