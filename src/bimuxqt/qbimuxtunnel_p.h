// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef QBIMUXTUNNEL_P_H
#define QBIMUXTUNNEL_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the BiMuxQt API. It may change from version to version
// without notice, or even be removed.
//

#include "qbimuxtunnel.h"

#include <QtCore/qcoreapplication.h>
#include <QtCore/qjsonobject.h>
#include <QtCore/qlist.h>
#include <QtCore/qstringlist.h>
#include <QtNetwork/qhostaddress.h>

#include <chrono>

class QBiMuxAcceptor;

class QBiMuxForwardPrivate : public QSharedData
{
public:
    QBiMuxForward::Kind kind = QBiMuxForward::Kind::Local;
    QString bindAddress;
    quint16 bindPort = 0;
    QString host;
    quint16 hostPort = 0;
};

// What the two tunnel ends say to each other on the muxer (docs/tunnel.md, "Protocol"):
// streams for connections, requests for binding and unbinding remote forwards, on routes
// from BiMuxQt's reserved range.
namespace QBiMuxTunnelProtocol {

// Routes at 0x7FFF0000 and above are BiMuxQt's own (docs/protocol.md).
constexpr qint32 LocalStreamRoute = 0x7FFF0100; // connect side -> serve side: a -L connection
constexpr qint32 RemoteStreamRoute = 0x7FFF0101; // serve side -> connect side: a -R connection
constexpr qint32 BindRoute = 0x7FFF0102; // connect side asks the serve side to listen
constexpr qint32 UnbindRoute = 0x7FFF0103; // and to stop

constexpr int Version = 1;
// The first line of every tunnel stream, a JSON object, is at most this long.
constexpr qint64 MaxHeaderSize = 4096;
// How long a tunnel end waits for a target to accept a connection, and for a bind answer.
constexpr std::chrono::milliseconds DefaultConnectTimeout {10000};

// The header line: {"v":1,"from":"1.2.3.4:5555", "target":"host:port" | "bind":7}\n
QByteArray encodeHeader(const QJsonObject &header);
// The JSON object of a header line, or an empty object if it is not one.
QJsonObject decodeHeader(const QByteArray &line);

// "host:port" (brackets around an IPv6 host) into its parts; false if it is not that.
bool splitHostPort(QStringView text, QString *host, quint16 *port);
// "*" listens everywhere; "" and "localhost" on loopback; otherwise an address literal.
bool toListenAddress(const QString &bindAddress, QHostAddress *address);
// Listens for a forward's connections (QBiMuxAcceptor, a child of `parent`); nullptr if
// it cannot, with why in *failure (AlreadyExists: the port is taken; PermissionDenied;
// Unavailable).
QBiMuxAcceptor *listen(const QHostAddress &address, quint16 port, QObject *parent,
                       QBiMuxStatus *failure);

} // namespace QBiMuxTunnelProtocol

// The serve side's allow lists (docs/tunnel.md, "Security").
class QBiMuxTunnelPolicy
{
    Q_DECLARE_TR_FUNCTIONS(QBiMuxTunnelPolicy)

public:
    struct PortRange
    {
        quint16 first = 0;
        quint16 last = 0;
        bool contains(quint16 port) const { return port >= first && port <= last; }
    };
    // "HOST:PORT" with HOST a name, an address or "*" and PORT a number, a range
    // "LOW-HIGH" or "*".
    struct TargetPattern
    {
        QString host; // lower case; "*" for any
        PortRange ports;
    };

    static std::optional<QList<PortRange>> parsePorts(QStringView spec, QString *error);
    static std::optional<TargetPattern> parseTarget(QStringView pattern, QString *error);

    // Empty `targets`: loopback only, any port, checked on the resolved addresses too.
    QList<TargetPattern> targets;
    QStringList targetStrings;
    QList<PortRange> remotePorts;
    QString remotePortsString;
    bool gatewayPorts = false;

    // Whether a local forward may dial host:port; *reason says why not.
    bool allowsTarget(const QString &host, quint16 port, QString *reason) const;
    // For the default policy: whether an address the target's name resolved to may be
    // dialed (a name must not lead off loopback).
    bool allowsAddress(const QHostAddress &address, QString *reason) const;
    bool allowsRemotePort(quint16 port) const;
};

#endif // QBIMUXTUNNEL_P_H
