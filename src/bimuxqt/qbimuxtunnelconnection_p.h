// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef QBIMUXTUNNELCONNECTION_P_H
#define QBIMUXTUNNELCONNECTION_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the BiMuxQt API. It may change from version to version
// without notice, or even be removed.
//

#include "qbimuxtcp_p.h"
#include "qbimuxtunnel.h"

#include <QtCore/qelapsedtimer.h>
#include <QtCore/qjsonobject.h>
#include <QtCore/qobject.h>
#include <QtCore/qpointer.h>

#include <chrono>
#include <functional>

class QBiMuxStream;
class QBiMuxTcpPipe;

// One forwarded TCP connection at one tunnel end, from its start to its end, which it
// reports once with finished() before it deletes itself (later).
// - The listening end got a TCP connection from a forward's listener and opened a stream
//   for it: it writes the header that tells the other end what to dial, then pipes.
// - The dialing end got the stream: it reads the header, asks its resolver where to go
//   (or why not), dials, then pipes. A refusal or a failed dial resets the stream with
//   the code and the reason, which the listening end reports as its own end.
class QBiMuxTunnelConnection : public QObject
{
    Q_OBJECT

public:
    struct Target
    {
        QString host;
        quint16 port = 0;
        QBiMuxTcpConnector::AddressFilter filter;
        // Not Ok: refuse with this code and message instead.
        QBiMuxStatus refusal;
    };
    using Resolver = std::function<Target(const QJsonObject &header)>;

    static QBiMuxTunnelConnection *fromListener(qintptr descriptor, QBiMuxStream *stream,
                                                const QJsonObject &header,
                                                const QBiMuxTunnelConnectionInfo &info,
                                                QObject *parent);
    static QBiMuxTunnelConnection *fromStream(QBiMuxStream *stream, Resolver resolver,
                                              std::chrono::milliseconds connectTimeout,
                                              const QBiMuxTunnelConnectionInfo &info,
                                              QObject *parent);

    ~QBiMuxTunnelConnection() override;

    // Now, with the bytes so far.
    QBiMuxTunnelConnectionInfo info() const;
    // Called when the connection is destroyed, whether it finished or was cut short with
    // its owner: for counting the connections open.
    void setOnDestroyed(std::function<void()> callback) { m_onDestroyed = std::move(callback); }

Q_SIGNALS:
    // The listening end: at once (from the event loop), and always before finished();
    // the dialing end: once its target accepted.
    void opened(const QBiMuxTunnelConnectionInfo &info);
    void finished(const QBiMuxTunnelConnectionInfo &info);

private:
    QBiMuxTunnelConnection(QBiMuxStream *stream, const QBiMuxTunnelConnectionInfo &info,
                           QObject *parent);

    void readHeader();
    void onDialed();
    void onDialFailed(const QBiMuxStatus &status);
    void announceOpened();
    void startPipe(qintptr descriptor);
    // Ends without a pipe (refused, dial failed, or the stream ended first).
    void refuse(const QBiMuxStatus &status);
    void onStreamEnded();
    void finish(const QBiMuxStatus &status);

    QPointer<QBiMuxStream> m_stream; // until the pipe takes it
    QBiMuxTcpPipe *m_pipe = nullptr;
    QBiMuxTcpConnector *m_connector = nullptr;
    Resolver m_resolver;
    std::function<void()> m_onDestroyed;
    std::chrono::milliseconds m_connectTimeout {0};
    QBiMuxTunnelConnectionInfo m_info;
    QElapsedTimer m_age;
    bool m_listening = false;
    bool m_opened = false; // opened() was emitted
    bool m_finished = false;
};

#endif // QBIMUXTUNNELCONNECTION_P_H
