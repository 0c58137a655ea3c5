// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "qbimuxtunnel.h"
#include "qbimuxtunnel_p.h"

#include "qbimuxacceptor_p.h"
#include "qbimuxtcp_p.h"

#include <QtCore/qcoreapplication.h>
#include <QtCore/qdebug.h>
#include <QtCore/qjsondocument.h>

/*!
    \class QBiMuxForward
    \brief One port forward of a tunnel, as ssh's \c -L and \c -R describe it.

    A \e local forward listens on the connect side (QBiMuxTunnelClient) and has the serve
    side (QBiMuxTunnelServer) connect to host():hostPort(); a \e remote forward listens on
    the serve side and has the connect side connect. fromString() reads ssh's notation:

    \code
    tunnels.addForward(*QBiMuxForward::fromString(QBiMuxForward::Kind::Remote,
                                                 u"2242:127.0.0.1:22"));
    \endcode

    An implicitly shared value; see docs/tunnel.md.
*/

/*!
    \enum QBiMuxForward::Kind
    Which side listens, as ssh's options say it.
    \value Local   \c -L: the connect side listens on bindAddress():bindPort(); the serve
                   side connects to host():hostPort().
    \value Remote  \c -R: the serve side listens; the connect side connects to
                   host():hostPort().
*/

/*!
    \class QBiMuxTunnelConnectionInfo
    \brief One forwarded TCP connection, as a tunnel end reports it when it opens and when
    it ends.

    QBiMuxTunnelServer and QBiMuxTunnelClient pass it with connectionOpened() and
    connectionFinished(). Both ends of a connection count the same bytes the same way:
    toward the target, and back from it.
*/

/*!
    \variable QBiMuxTunnelConnectionInfo::id
    The connection's number, counted from 1 by the tunnel object that reports it.
*/

/*!
    \variable QBiMuxTunnelConnectionInfo::kind
    The kind of the forward the connection came through.
*/

/*!
    \variable QBiMuxTunnelConnectionInfo::link
    The id of the link the connection went over (QBiMuxChannel::id()); empty if it has
    none.
*/

/*!
    \variable QBiMuxTunnelConnectionInfo::origin
    Where the TCP connection came from, \c{host:port}: the client of the listening tunnel
    end; the dialing end has it as the listening end reported it.
*/

/*!
    \variable QBiMuxTunnelConnectionInfo::target
    Where the dialing end was asked to connect, \c{host:port}.
*/

/*!
    \variable QBiMuxTunnelConnectionInfo::bytesToTarget
    The bytes that went from the client toward the target so far.
*/

/*!
    \variable QBiMuxTunnelConnectionInfo::bytesFromTarget
    The bytes that came back from the target so far.
*/

/*!
    \variable QBiMuxTunnelConnectionInfo::duration
    How long the connection has been open (at its end: was open).
*/

/*!
    \variable QBiMuxTunnelConnectionInfo::status
    Why the connection failed, or Ok if it ended cleanly or is still open. Its origin is
    Remote when the other tunnel end reported the failure (e.g. its target refused the
    connection), Local when this end saw it.
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

// "[::1]" is ::1.
QStringView withoutBrackets(QStringView host)
{
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
        return host.mid(1, host.size() - 2);
    return host;
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

/*!
    Constructs an invalid forward (isValid() is false).
*/
QBiMuxForward::QBiMuxForward()
    : d(new QBiMuxForwardPrivate)
{ }

/*!
    Constructs a forward of \a kind that listens on \a bindAddress : \a bindPort and
    connects to \a host : \a hostPort. An empty \a bindAddress (or \c localhost) means
    loopback, \c * every address; a \a bindPort of 0 lets the system choose.
*/
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

/*!
    Constructs a copy of \a other; the two share their data.
*/
QBiMuxForward::QBiMuxForward(const QBiMuxForward &other) = default;

/*!
    Move-constructs a forward from \a other, which may then only be assigned to or
    destroyed.
*/
QBiMuxForward::QBiMuxForward(QBiMuxForward &&other) noexcept = default;

/*!
    Makes this forward a copy of \a other.
*/
QBiMuxForward &QBiMuxForward::operator=(const QBiMuxForward &other) = default;

/*!
    Move-assigns \a other to this forward.
*/
QBiMuxForward &QBiMuxForward::operator=(QBiMuxForward &&other) noexcept = default;

/*!
    Destroys the forward.
*/
QBiMuxForward::~QBiMuxForward() = default;

/*!
    \fn void QBiMuxForward::swap(QBiMuxForward &other)
    Swaps this forward with \a other.
*/

/*!
    Returns the forward of \a kind that ssh's \c{[BIND:]PORT:HOST:HOSTPORT} in \a spec
    describes: \c{8080:127.0.0.1:80}, \c{0.0.0.0:2222:localhost:22},
    \c{[::1]:8080:[::1]:80}. BIND left out means loopback, an empty BIND or \c * every
    address. PORT 0 lets the system choose a free port. Returns \c std::nullopt if
    \a spec is not such a forward, with the reason in \a error if it is not null.
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

/*!
    Returns the forward in ssh's notation, e.g. \c{127.0.0.1:8080:db.internal:5432}
    (without the kind); fromString() reads it back.
*/
QString QBiMuxForward::toString() const
{
    const QString listen = d->bindAddress.isEmpty()
        ? QString::number(d->bindPort)
        : QBiMuxTcp::joinHostPort(d->bindAddress, d->bindPort);
    return listen + QLatin1Char(':') + QBiMuxTcp::joinHostPort(d->host, d->hostPort);
}

/*!
    Returns whether the forward names an address to listen on (empty, \c localhost, \c *
    or an address literal), a host and a port to connect to; a default-constructed one
    does not. QBiMuxTunnelClient::addForward() refuses an invalid forward.
*/
bool QBiMuxForward::isValid() const
{
    QHostAddress address;
    return !d->host.isEmpty() && d->hostPort != 0
        && QBiMuxTunnelProtocol::toListenAddress(d->bindAddress, &address);
}

/*!
    Returns which side listens: Local (\c -L) or Remote (\c -R).
*/
QBiMuxForward::Kind QBiMuxForward::kind() const
{
    return d->kind;
}

/*!
    Returns the address the listening side listens on: empty for loopback, \c * for
    every address, or an address.
*/
QString QBiMuxForward::bindAddress() const
{
    return d->bindAddress;
}

/*!
    Returns the port the listening side listens on; 0 lets the system choose (then
    QBiMuxTunnelClient::boundPort() says which it chose).
*/
quint16 QBiMuxForward::bindPort() const
{
    return d->bindPort;
}

/*!
    Returns the host the dialing side connects to, a name or an address, as that side
    resolves it.
*/
QString QBiMuxForward::host() const
{
    return d->host;
}

/*!
    Returns the port the dialing side connects to.
*/
quint16 QBiMuxForward::hostPort() const
{
    return d->hostPort;
}

/*!
    Returns whether this forward and \a other are the same: kind, bind address and port,
    host and port.
*/
bool QBiMuxForward::operator==(const QBiMuxForward &other) const
{
    return d == other.d
        || (d->kind == other.d->kind && d->bindAddress == other.d->bindAddress
            && d->bindPort == other.d->bindPort && d->host == other.d->host
            && d->hostPort == other.d->hostPort);
}

/*!
    \fn bool QBiMuxForward::operator!=(const QBiMuxForward &other) const
    Returns whether this forward and \a other differ.
*/

#ifndef QT_NO_DEBUG_STREAM
/*!
    \relates QBiMuxForward
    Writes \a forward to \a debug as ssh's option would: \c{QBiMuxForward(-R 2242:127.0.0.1:22)}.
*/
QDebug operator<<(QDebug debug, const QBiMuxForward &forward)
{
    const QDebugStateSaver saver(debug);
    debug.nospace().noquote() << "QBiMuxForward("
                              << (forward.kind() == QBiMuxForward::Kind::Local ? "-L " : "-R ")
                              << forward.toString() << ')';
    return debug;
}
#endif

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
    const QStringView bracketed = text.left(colon);
    const QStringView name = withoutBrackets(bracketed);
    if (name.size() == bracketed.size() && name.contains(QLatin1Char(':')))
        return false; // an IPv6 address without its brackets
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

QBiMuxAcceptor *QBiMuxTunnelProtocol::listen(const QHostAddress &address, quint16 port,
                                             QObject *parent, QBiMuxStatus *failure)
{
    auto *acceptor = new QBiMuxAcceptor(parent);
    if (acceptor->listen(address, port))
        return acceptor;
    using Code = QBiMux::StatusCode;
    const QAbstractSocket::SocketError error = acceptor->serverError();
    *failure = QBiMuxStatus(
        error == QAbstractSocket::AddressInUseError       ? Code::AlreadyExists
            : error == QAbstractSocket::SocketAccessError ? Code::PermissionDenied
                                                          : Code::Unavailable,
        QCoreApplication::translate("QBiMuxTunnel", "cannot listen on %1: %2")
            .arg(QBiMuxTcp::joinHostPort(address.toString(), port), acceptor->errorString()));
    delete acceptor;
    return nullptr;
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
    const QStringView host = withoutBrackets(colon < 0 ? pattern : pattern.left(colon));
    const QStringView ports = colon < 0 ? QStringView() : pattern.mid(colon + 1);
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
