// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "qbimuxtunnel.h"
#include "qbimuxtunnel_p.h"

#include "qbimuxtcp_p.h"

#include <QtCore/qcoreapplication.h>
#include <QtCore/qjsondocument.h>

/*!
    \class QBiMuxForward
    \brief One port forward of a tunnel, as ssh's \c -L and \c -R describe it.

    A \e local forward listens on the connect side (QBiMuxTunnelClient) and has the serve
    side (QBiMuxTunnelServer) connect to host():hostPort(); a \e remote forward listens on
    the serve side and has the connect side connect. fromString() reads ssh's notation.
*/

namespace {

// Splits "a:b:[::1]:c" at the colons outside brackets; the brackets are dropped.
std::optional<QStringList> splitSpec(QStringView spec)
{
    QStringList parts;
    QString current;
    bool bracketed = false;
    bool closed = false; // just after a "]": only ':' or the end may follow
    for (const QChar c : spec) {
        if (bracketed) {
            if (c == QLatin1Char(']')) {
                bracketed = false;
                closed = true;
            } else {
                current.append(c);
            }
        } else if (c == QLatin1Char(':')) {
            parts.append(current);
            current.clear();
            closed = false;
        } else if (closed) {
            return std::nullopt;
        } else if (c == QLatin1Char('[') && current.isEmpty()) {
            bracketed = true;
        } else {
            current.append(c);
        }
    }
    if (bracketed)
        return std::nullopt;
    parts.append(current);
    return parts;
}

std::optional<quint16> parsePort(const QString &text, bool zeroAllowed)
{
    bool ok = false;
    const uint port = text.toUInt(&ok);
    if (!ok || port > 65535 || (port == 0 && !zeroAllowed))
        return std::nullopt;
    return quint16(port);
}

} // namespace

QBiMuxForward::QBiMuxForward()
    : d(new QBiMuxForwardPrivate)
{ }

QBiMuxForward::QBiMuxForward(Kind kind, const QString &bindAddress, quint16 bindPort,
                             const QString &host, quint16 hostPort)
    : d(new QBiMuxForwardPrivate)
{
    d->kind = kind;
    d->bindAddress = bindAddress;
    d->bindPort = bindPort;
    d->host = host;
    d->hostPort = hostPort;
}

QBiMuxForward::QBiMuxForward(const QBiMuxForward &other) = default;
QBiMuxForward &QBiMuxForward::operator=(const QBiMuxForward &other) = default;
QBiMuxForward::~QBiMuxForward() = default;

/*!
    Reads ssh's \c{[BIND:]PORT:HOST:HOSTPORT}: \c{8080:127.0.0.1:80},
    \c{0.0.0.0:2222:localhost:22}, \c{[::1]:8080:[::1]:80}. BIND left out means loopback,
    an empty BIND or \c * every address. PORT 0 lets the system choose a free port.
*/
std::optional<QBiMuxForward> QBiMuxForward::fromString(Kind kind, QStringView spec, QString *error)
{
    const auto fail = [&](const QString &message) -> std::optional<QBiMuxForward> {
        if (error)
            *error = message;
        return std::nullopt;
    };
    const std::optional<QStringList> parts = splitSpec(spec);
    if (!parts || (parts->size() != 3 && parts->size() != 4)) {
        return fail(
            QCoreApplication::translate("QBiMuxForward", "\"%1\" is not [BIND:]PORT:HOST:HOSTPORT")
                .arg(spec));
    }
    const qsizetype offset = parts->size() - 3;
    QString bind = offset ? parts->at(0) : QString();
    if (offset && bind.isEmpty())
        bind = QStringLiteral("*");
    QHostAddress listenAddress;
    if (!QBiMuxTunnelProtocol::toListenAddress(bind, &listenAddress))
        return fail(
            QCoreApplication::translate("QBiMuxForward", "\"%1\" is not an address to listen on")
                .arg(bind));
    const std::optional<quint16> bindPort = parsePort(parts->at(offset), true);
    if (!bindPort)
        return fail(QCoreApplication::translate("QBiMuxForward", "\"%1\" is not a port")
                        .arg(parts->at(offset)));
    const QString host = parts->at(offset + 1);
    if (host.isEmpty())
        return fail(QCoreApplication::translate("QBiMuxForward", "\"%1\" names no host").arg(spec));
    const std::optional<quint16> hostPort = parsePort(parts->at(offset + 2), false);
    if (!hostPort)
        return fail(QCoreApplication::translate("QBiMuxForward", "\"%1\" is not a port")
                        .arg(parts->at(offset + 2)));
    return QBiMuxForward(kind, bind, *bindPort, host, *hostPort);
}

QString QBiMuxForward::toString() const
{
    const auto bracket = [](const QString &host) {
        return host.contains(QLatin1Char(':')) ? QLatin1Char('[') + host + QLatin1Char(']') : host;
    };
    QString spec;
    if (!d->bindAddress.isEmpty())
        spec = bracket(d->bindAddress) + QLatin1Char(':');
    return spec + QString::number(d->bindPort) + QLatin1Char(':')
        + QBiMuxTcp::joinHostPort(d->host, d->hostPort);
}

bool QBiMuxForward::isValid() const
{
    return !d->host.isEmpty() && d->hostPort != 0;
}

QBiMuxForward::Kind QBiMuxForward::kind() const
{
    return d->kind;
}

QString QBiMuxForward::bindAddress() const
{
    return d->bindAddress;
}

quint16 QBiMuxForward::bindPort() const
{
    return d->bindPort;
}

QString QBiMuxForward::host() const
{
    return d->host;
}

quint16 QBiMuxForward::hostPort() const
{
    return d->hostPort;
}

bool QBiMuxForward::operator==(const QBiMuxForward &other) const
{
    return d == other.d
        || (d->kind == other.d->kind && d->bindAddress == other.d->bindAddress
            && d->bindPort == other.d->bindPort && d->host == other.d->host
            && d->hostPort == other.d->hostPort);
}

QByteArray QBiMuxTunnelProtocol::encodeHeader(const QJsonObject &header)
{
    QJsonObject versioned = header;
    versioned.insert(QStringLiteral("v"), Version);
    return QJsonDocument(versioned).toJson(QJsonDocument::Compact) + '\n';
}

QJsonObject QBiMuxTunnelProtocol::decodeHeader(const QByteArray &line)
{
    const QJsonDocument document = QJsonDocument::fromJson(line.trimmed());
    return document.isObject() ? document.object() : QJsonObject();
}

bool QBiMuxTunnelProtocol::splitHostPort(QStringView text, QString *host, quint16 *port)
{
    const qsizetype colon = text.lastIndexOf(QLatin1Char(':'));
    if (colon <= 0)
        return false;
    QStringView name = text.left(colon);
    if (name.startsWith(QLatin1Char('[')) && name.endsWith(QLatin1Char(']')))
        name = name.mid(1, name.size() - 2);
    else if (name.contains(QLatin1Char(':')))
        return false;
    const std::optional<quint16> number = parsePort(text.mid(colon + 1).toString(), false);
    if (name.isEmpty() || !number)
        return false;
    *host = name.toString();
    *port = *number;
    return true;
}

bool QBiMuxTunnelProtocol::toListenAddress(const QString &bindAddress, QHostAddress *address)
{
    if (bindAddress == QLatin1String("*")) {
        *address = QHostAddress::Any;
        return true;
    }
    if (bindAddress.isEmpty()
        || bindAddress.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0) {
        *address = QHostAddress::LocalHost;
        return true;
    }
    return address->setAddress(bindAddress);
}

bool QBiMuxTunnelProtocol::isLoopback(const QString &host)
{
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

std::optional<QList<QBiMuxTunnelPolicy::PortRange>> QBiMuxTunnelPolicy::parsePorts(QStringView spec,
                                                                                   QString *error)
{
    QList<PortRange> ranges;
    for (QStringView item : spec.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        item = item.trimmed();
        const qsizetype dash = item.indexOf(QLatin1Char('-'));
        const std::optional<quint16> first = parsePort(item.left(dash).toString(), true);
        const std::optional<quint16> last
            = dash < 0 ? first : parsePort(item.mid(dash + 1).toString(), true);
        if (!first || !last || *last < *first) {
            if (error)
                *error = tr("\"%1\" is not a port or a range of ports").arg(item);
            return std::nullopt;
        }
        ranges.append({*first, *last});
    }
    return ranges;
}

std::optional<QBiMuxTunnelPolicy::TargetPattern>
QBiMuxTunnelPolicy::parseTarget(QStringView pattern, QString *error)
{
    const qsizetype colon = pattern.lastIndexOf(QLatin1Char(':'));
    QStringView host = colon < 0 ? pattern : pattern.left(colon);
    const QStringView ports = colon < 0 ? QStringView() : pattern.mid(colon + 1);
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
        host = host.mid(1, host.size() - 2);
    TargetPattern target;
    target.host = host.toString().toLower();
    if (ports == QLatin1String("*")) {
        target.ports = {0, 65535};
    } else {
        const auto range = parsePorts(ports, nullptr);
        if (!range || range->size() != 1)
            target.host.clear(); // reported below
        else
            target.ports = range->first();
    }
    if (target.host.isEmpty()) {
        if (error)
            *error = tr("\"%1\" is not HOST:PORT (either may be *)").arg(pattern);
        return std::nullopt;
    }
    return target;
}

bool QBiMuxTunnelPolicy::allowsTarget(const QString &host, quint16 port, QString *reason) const
{
    const QString target = QBiMuxTcp::joinHostPort(host, port);
    if (targets.isEmpty()) {
        // A name passes here and is held to loopback once resolved (allowsAddress()).
        const QHostAddress address(host);
        if (address.isNull() || address.isLoopback())
            return true;
        *reason = tr("%1 is not on loopback, and the serve side allows only loopback "
                     "targets")
                      .arg(target);
        return false;
    }
    const QString name = host.toLower();
    for (const TargetPattern &pattern : targets) {
        if ((pattern.host == QLatin1String("*") || pattern.host == name)
            && pattern.ports.contains(port)) {
            return true;
        }
    }
    *reason = tr("%1 is not among the targets the serve side allows").arg(target);
    return false;
}

bool QBiMuxTunnelPolicy::allowsAddress(const QHostAddress &address, QString *reason) const
{
    if (!targets.isEmpty() || address.isLoopback())
        return true;
    *reason = tr("the name resolves to %1, which is not on loopback, and the serve side "
                 "allows only loopback targets")
                  .arg(address.toString());
    return false;
}

bool QBiMuxTunnelPolicy::allowsRemotePort(quint16 port) const
{
    for (const PortRange &range : remotePorts) {
        if (range.contains(port))
            return true;
    }
    return false;
}
