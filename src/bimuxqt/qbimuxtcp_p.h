// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef QBIMUXTCP_P_H
#define QBIMUXTCP_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the BiMuxQt API. It may change from version to version
// without notice, or even be removed.
//

#include "qbimuxnamespace.h"
#include "qbimuxstatus.h"

#include <QtCore/qobject.h>
#include <QtCore/qtimer.h>
#include <QtNetwork/qhostaddress.h>

#include <chrono>
#include <functional>

QT_BEGIN_NAMESPACE
class QHostInfo;
class QSocketNotifier;
QT_END_NAMESPACE

// The tunnels' forwarded connections are plain non-blocking TCP descriptors driven with
// QSocketNotifier, not QTcpSocket: QAbstractSocket closes both directions as soon as the
// peer ends its own (it reads end-of-file and disconnects), so a client that half-closes
// would never get its answer, and its write buffer has no bound. See docs/tunnel.md.
namespace QBiMuxTcp {

// Makes a descriptor from QTcpServer non-blocking and sends small writes at once.
void prepare(qintptr descriptor);
// "127.0.0.1:5555" or "[::1]:5555": the peer of a connected descriptor.
QString peerName(qintptr descriptor);
// "host:port", with brackets around an IPv6 literal.
QString joinHostPort(const QString &host, quint16 port);
// Closes the descriptor; `reset` sends a TCP reset instead of an orderly end, so that
// the peer learns the connection failed rather than ended.
void close(qintptr descriptor, bool reset);

} // namespace QBiMuxTcp

// Dials host:port without a QTcpSocket and hands over the connected descriptor: looks the
// name up, tries each address the filter allows in turn, all within one timeout. Ends
// exactly once, with connected() or failed(); deleting it abandons the attempt.
class QBiMuxTcpConnector : public QObject
{
    Q_OBJECT

public:
    // Which resolved addresses may be dialed, and why not.
    using AddressFilter = std::function<bool(const QHostAddress &address, QString *reason)>;

    explicit QBiMuxTcpConnector(QObject *parent = nullptr);
    ~QBiMuxTcpConnector() override;

    void connectToHost(const QString &host, quint16 port, std::chrono::milliseconds timeout,
                       AddressFilter filter = AddressFilter());
    // After connected(): the descriptor, now the caller's.
    qintptr takeDescriptor();

Q_SIGNALS:
    void connected();
    void failed(const QBiMuxStatus &status);

private:
    void onLookup(const QHostInfo &info);
    void tryNext();
    void onWritable();
    void fail(QBiMux::StatusCode code, const QString &reason);
    void closeAttempt();

    QString m_host;
    quint16 m_port = 0;
    AddressFilter m_filter;
    QList<QHostAddress> m_addresses;
    int m_lookupId = -1;
    qintptr m_descriptor = -1;
    QSocketNotifier *m_notifier = nullptr;
    QTimer m_timer;
    QString m_lastError;
    QBiMux::StatusCode m_lastCode = QBiMux::StatusCode::Unavailable;
    bool m_done = false;
};

#endif // QBIMUXTCP_P_H
