// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef QBIMUXACCEPTOR_P_H
#define QBIMUXACCEPTOR_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the BiMuxQt API. It may change from version to version
// without notice, or even be removed.
//

#include <QtNetwork/qtcpserver.h>

#include <functional>

// Accepts TCP connections and hands their descriptors on, so that each can be set up in
// the thread that will own it (QBiMuxServer) or driven without a QTcpSocket (the tunnels'
// forwarded connections, which need half-close). Also lifts QWebSocketServer's fixed
// listen backlog of 50. Whoever sets onDescriptor owns the descriptors it gets.
class QBiMuxAcceptor : public QTcpServer
{
public:
    using QTcpServer::QTcpServer;

    std::function<void(qintptr)> onDescriptor;

protected:
    void incomingConnection(qintptr descriptor) override { onDescriptor(descriptor); }
};

#endif // QBIMUXACCEPTOR_P_H
