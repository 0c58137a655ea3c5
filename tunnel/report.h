// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef TUNNEL_REPORT_H
#define TUNNEL_REPORT_H

#include <QBiMuxTunnel>

#include <QtCore/qstring.h>

// What bimux-tunnel prints: one line per event on stderr, with the time.
namespace Report {

void line(const QString &text);
QString bytes(qint64 count);
void connectionOpened(const QBiMuxTunnelConnectionInfo &info);
void connectionFinished(const QBiMuxTunnelConnectionInfo &info);
// "-L 8080:127.0.0.1:80"
QString forward(const QBiMuxForward &forward);
// SIGINT and SIGTERM end the event loop, so that the link closes cleanly.
void quitOnSignals();

} // namespace Report

#endif // TUNNEL_REPORT_H
