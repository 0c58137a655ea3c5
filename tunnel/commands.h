// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef TUNNEL_COMMANDS_H
#define TUNNEL_COMMANDS_H

#include <QtCore/qstring.h>

QT_BEGIN_NAMESPACE
class QCommandLineParser;
QT_END_NAMESPACE

namespace Commands {

// Prints the message and exits with status 2.
[[noreturn]] void die(const QString &message);
// Run the event loop until a signal ends it.
int serve(const QCommandLineParser &parser);
int connect(const QCommandLineParser &parser);

} // namespace Commands

#endif // TUNNEL_COMMANDS_H
