// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef QBIMUXTUNNELCLIENT_P_H
#define QBIMUXTUNNELCLIENT_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the BiMuxQt API. It may change from version to version
// without notice, or even be removed.
//

#include "qbimuxcalloptions.h"
#include "qbimuxtunnelclient.h"

#include <QtCore/qmap.h>
#include <QtCore/qpointer.h>

class QBiMuxAcceptor;
class QBiMuxStream;
class QBiMuxTunnelConnection;
class QTimer;

class QBiMuxTunnelClientPrivate
{
public:
    Q_DECLARE_PUBLIC(QBiMuxTunnelClient)

    static constexpr std::chrono::milliseconds FirstRetryDelay {1000};
    static constexpr std::chrono::milliseconds MaxRetryDelay {30000};

    struct Forward
    {
        QBiMuxForward forward;
        QBiMuxAcceptor *listener = nullptr; // local forwards
        quint16 port = 0; // where it listens now; 0: not bound
        // Remote forwards: the answer awaited, and the retry after a refusal that may pass.
        bool binding = false;
        QTimer *retry = nullptr;
        std::chrono::milliseconds retryDelay = FirstRetryDelay;
    };

    explicit QBiMuxTunnelClientPrivate(QBiMuxTunnelClient *q);

    quint32 idOf(const QBiMuxForward &forward) const;
    void onConnected();
    void onDisconnected();
    void bind(quint32 id);
    void onBound(quint32 id, quint64 link, const QByteArray &reply);
    void onBindFailed(quint32 id, quint64 link, const QBiMuxStatus &status);
    void onAccepted(quint32 id, qintptr descriptor);
    void acceptStream(QBiMuxStream *stream);
    void track(QBiMuxTunnelConnection *connection);
    QString linkId() const;
    // For the bind and unbind calls.
    QBiMuxCallOptions callOptions() const;

    QBiMuxTunnelClient *q_ptr;
    QPointer<QBiMuxChannel> channel;
    // The tunnel client's token in bind requests, so that the serve side knows a forward
    // of an earlier connection of this client as its own.
    QString session;
    QMap<quint32, Forward> forwards; // by id, in the order they were added
    quint32 lastId = 0;
    quint64 link = 0; // counts connections, so that a late answer of an old one is ignored
    bool connected = false;
    quint64 lastConnectionId = 0;
    int connectionCount = 0;
    std::chrono::milliseconds connectTimeout;
    QString errorString;
};

#endif // QBIMUXTUNNELCLIENT_P_H
