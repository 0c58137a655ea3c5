// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef QBIMUXTUNNEL_H
#define QBIMUXTUNNEL_H

#include "bimuxqt_global.h"
#include "qbimuxnamespace.h"
#include "qbimuxstatus.h"

#include <QtCore/qmetatype.h>
#include <QtCore/qobjectdefs.h>
#include <QtCore/qshareddata.h>
#include <QtCore/qstring.h>

#include <chrono>
#include <optional>

QT_BEGIN_NAMESPACE
class QDebug;
QT_END_NAMESPACE

class QBiMuxForwardPrivate;

// One port forward of a tunnel (docs/tunnel.md), as ssh's -L and -R describe it:
// Local (-L): the connect side listens on bindAddress:bindPort; each connection there is
//     carried to the serve side, which connects to host:hostPort.
// Remote (-R): the serve side listens on bindAddress:bindPort; each connection there is
//     carried to the connect side, which connects to host:hostPort.
// An implicitly shared value.
class BIMUXQT_EXPORT QBiMuxForward
{
    Q_GADGET

public:
    enum class Kind { Local, Remote };
    Q_ENUM(Kind)

    QBiMuxForward();
    // An empty bindAddress means loopback (127.0.0.1); "*" means every address.
    QBiMuxForward(Kind kind, const QString &bindAddress, quint16 bindPort, const QString &host,
                  quint16 hostPort);
    QBiMuxForward(const QBiMuxForward &other);
    QBiMuxForward(QBiMuxForward &&other) noexcept;
    QBiMuxForward &operator=(const QBiMuxForward &other);
    QBiMuxForward &operator=(QBiMuxForward &&other) noexcept;
    ~QBiMuxForward();

    void swap(QBiMuxForward &other) noexcept { d.swap(other.d); }

    // Parses ssh's "[BIND:]PORT:HOST:HOSTPORT" (IPv6 addresses in brackets), or returns
    // nothing with the reason in *error.
    static std::optional<QBiMuxForward> fromString(Kind kind, QStringView spec,
                                                   QString *error = nullptr);
    // The same spec back, e.g. "127.0.0.1:8080:db.internal:5432".
    QString toString() const;

    bool isValid() const;
    Kind kind() const;
    QString bindAddress() const;
    quint16 bindPort() const;
    QString host() const;
    quint16 hostPort() const;

    bool operator==(const QBiMuxForward &other) const;
    bool operator!=(const QBiMuxForward &other) const { return !(*this == other); }

private:
    QSharedDataPointer<QBiMuxForwardPrivate> d;
};

// One forwarded TCP connection, as a tunnel end reports it when it opens and when it
// ends. Both ends count the same bytes the same way: toward the target, and back.
struct BIMUXQT_EXPORT QBiMuxTunnelConnectionInfo
{
    Q_GADGET
public:
    quint64 id = 0; // numbered by each tunnel object from 1
    QBiMuxForward::Kind kind = QBiMuxForward::Kind::Local;
    QString link; // the id of the tunnel's link (QBiMuxer::id()), if it has one
    // Where the TCP connection came from: the client of the listening side (on the
    // dialing side, as the listening side reported it).
    QString origin;
    QString target; // host:port, as the dialing side was asked to reach it
    qint64 bytesToTarget = 0;
    qint64 bytesFromTarget = 0;
    std::chrono::milliseconds duration {0};
    // Why the connection failed, Ok if it ended cleanly (or is still open). Origin Remote:
    // the other tunnel end reported the failure (e.g. its target refused).
    QBiMuxStatus status;
};

Q_DECLARE_SHARED(QBiMuxForward)

#ifndef QT_NO_DEBUG_STREAM
// QBiMuxForward(-R 2242:127.0.0.1:22)
BIMUXQT_EXPORT QDebug operator<<(QDebug debug, const QBiMuxForward &forward);
#endif

Q_DECLARE_METATYPE(QBiMuxForward)
Q_DECLARE_METATYPE(QBiMuxTunnelConnectionInfo)

#endif // QBIMUXTUNNEL_H
