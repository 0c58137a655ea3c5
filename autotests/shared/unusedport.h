// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef UNUSEDPORT_H
#define UNUSEDPORT_H

#include <QtNetwork/qtcpserver.h>

// A loopback port nobody listens on, until a test listens on it: taken from a server
// closed again. 0 if no port could be had.
inline quint16 unusedPort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost))
        return 0;
    return probe.serverPort();
}

#endif // UNUSEDPORT_H
