// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "qbimuxtcp_p.h"

#include <QtCore/qsocketnotifier.h>
#include <QtNetwork/qhostinfo.h>

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

namespace {

socklen_t toSockaddr(const QHostAddress &address, quint16 port, sockaddr_storage *storage)
{
    std::memset(storage, 0, sizeof *storage);
    if (address.protocol() == QAbstractSocket::IPv4Protocol) {
        auto *in = reinterpret_cast<sockaddr_in *>(storage);
        in->sin_family = AF_INET;
        in->sin_port = htons(port);
        in->sin_addr.s_addr = htonl(address.toIPv4Address());
        return sizeof(sockaddr_in);
    }
    auto *in6 = reinterpret_cast<sockaddr_in6 *>(storage);
    in6->sin6_family = AF_INET6;
    in6->sin6_port = htons(port);
    const Q_IPV6ADDR bytes = address.toIPv6Address();
    std::memcpy(&in6->sin6_addr, &bytes, sizeof bytes);
    in6->sin6_scope_id = address.scopeId().toUInt();
    return sizeof(sockaddr_in6);
}

void setNoDelay(qintptr descriptor)
{
    const int on = 1;
    ::setsockopt(int(descriptor), IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
}

QBiMux::StatusCode codeOf(int error)
{
    switch (error) {
    case EACCES:
    case EPERM:
        return QBiMux::StatusCode::PermissionDenied;
    case ETIMEDOUT:
        return QBiMux::StatusCode::DeadlineExceeded;
    default:
        return QBiMux::StatusCode::Unavailable;
    }
}

} // namespace

void QBiMuxTcp::prepare(qintptr descriptor)
{
    const int flags = ::fcntl(int(descriptor), F_GETFL);
    ::fcntl(int(descriptor), F_SETFL, flags | O_NONBLOCK);
    setNoDelay(descriptor);
}

QString QBiMuxTcp::joinHostPort(const QString &host, quint16 port)
{
    if (host.contains(QLatin1Char(':')))
        return QLatin1Char('[') + host + QLatin1String("]:") + QString::number(port);
    return host + QLatin1Char(':') + QString::number(port);
}

QString QBiMuxTcp::peerName(qintptr descriptor)
{
    sockaddr_storage storage;
    socklen_t length = sizeof storage;
    if (::getpeername(int(descriptor), reinterpret_cast<sockaddr *>(&storage), &length) != 0)
        return QStringLiteral("?");
    const QHostAddress address(reinterpret_cast<const sockaddr *>(&storage));
    const quint16 port = storage.ss_family == AF_INET6
        ? ntohs(reinterpret_cast<const sockaddr_in6 *>(&storage)->sin6_port)
        : ntohs(reinterpret_cast<const sockaddr_in *>(&storage)->sin_port);
    return joinHostPort(address.toString(), port);
}

void QBiMuxTcp::close(qintptr descriptor, bool reset)
{
    if (descriptor < 0)
        return;
    if (reset) {
        // A zero linger time makes close() send a reset and drop what is unsent.
        const linger abortive {1, 0};
        ::setsockopt(int(descriptor), SOL_SOCKET, SO_LINGER, &abortive, sizeof abortive);
    }
    ::close(int(descriptor));
}

QBiMuxTcpConnector::QBiMuxTcpConnector(QObject *parent)
    : QObject(parent)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        fail(QBiMux::StatusCode::DeadlineExceeded,
             tr("no connection to %1 within %2 s")
                 .arg(QBiMuxTcp::joinHostPort(m_host, m_port))
                 .arg(double(m_timer.interval()) / 1000.0));
    });
}

QBiMuxTcpConnector::~QBiMuxTcpConnector()
{
    if (m_lookupId != -1)
        QHostInfo::abortHostLookup(m_lookupId);
    closeAttempt();
}

void QBiMuxTcpConnector::connectToHost(const QString &host, quint16 port,
                                       std::chrono::milliseconds timeout, AddressFilter filter)
{
    m_host = host;
    m_port = port;
    m_filter = std::move(filter);
    m_timer.start(timeout);
    QHostAddress literal;
    if (literal.setAddress(host)) {
        // From the event loop, as a lookup would be: no signal from inside this call.
        QMetaObject::invokeMethod(
            this,
            [this, literal] {
                QHostInfo info;
                info.setAddresses({literal});
                onLookup(info);
            },
            Qt::QueuedConnection);
        return;
    }
    m_lookupId = QHostInfo::lookupHost(host, this, &QBiMuxTcpConnector::onLookup);
}

qintptr QBiMuxTcpConnector::takeDescriptor()
{
    return std::exchange(m_descriptor, -1);
}

void QBiMuxTcpConnector::onLookup(const QHostInfo &info)
{
    m_lookupId = -1;
    if (m_done)
        return;
    if (info.error() != QHostInfo::NoError || info.addresses().isEmpty()) {
        fail(
            QBiMux::StatusCode::NotFound,
            tr("cannot resolve %1: %2")
                .arg(m_host, info.errorString().isEmpty() ? tr("no address") : info.errorString()));
        return;
    }
    QString refusal;
    for (const QHostAddress &address : info.addresses()) {
        QString reason;
        if (!m_filter || m_filter(address, &reason))
            m_addresses.append(address);
        else if (refusal.isEmpty())
            refusal = reason;
    }
    if (m_addresses.isEmpty()) {
        fail(QBiMux::StatusCode::PermissionDenied, refusal);
        return;
    }
    tryNext();
}

void QBiMuxTcpConnector::tryNext()
{
    while (!m_done) {
        closeAttempt();
        if (m_addresses.isEmpty()) {
            fail(m_lastCode,
                 tr("cannot connect to %1: %2")
                     .arg(QBiMuxTcp::joinHostPort(m_host, m_port), m_lastError));
            return;
        }
        const QHostAddress address = m_addresses.takeFirst();
        sockaddr_storage storage;
        const socklen_t length = toSockaddr(address, m_port, &storage);
        const int descriptor
            = ::socket(storage.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (descriptor < 0) {
            m_lastCode = codeOf(errno);
            m_lastError = qt_error_string(errno);
            continue;
        }
        m_descriptor = descriptor;
        setNoDelay(descriptor);
        int result;
        do {
            result = ::connect(descriptor, reinterpret_cast<const sockaddr *>(&storage), length);
        } while (result != 0 && errno == EINTR);
        if (result == 0) {
            m_done = true;
            m_timer.stop();
            QMetaObject::invokeMethod(this, &QBiMuxTcpConnector::connected, Qt::QueuedConnection);
            return;
        }
        if (errno == EINPROGRESS) {
            m_notifier = new QSocketNotifier(descriptor, QSocketNotifier::Write, this);
            connect(m_notifier, &QSocketNotifier::activated, this, &QBiMuxTcpConnector::onWritable);
            return;
        }
        m_lastCode = codeOf(errno);
        m_lastError = qt_error_string(errno);
    }
}

void QBiMuxTcpConnector::onWritable()
{
    int error = 0;
    socklen_t length = sizeof error;
    if (::getsockopt(int(m_descriptor), SOL_SOCKET, SO_ERROR, &error, &length) != 0)
        error = errno;
    if (error != 0) {
        m_lastCode = codeOf(error);
        m_lastError = qt_error_string(error);
        tryNext();
        return;
    }
    m_notifier->setEnabled(false);
    m_notifier->deleteLater();
    m_notifier = nullptr;
    m_done = true;
    m_timer.stop();
    emit connected();
}

void QBiMuxTcpConnector::fail(QBiMux::StatusCode code, const QString &reason)
{
    if (m_done)
        return;
    m_done = true;
    m_timer.stop();
    closeAttempt();
    emit failed(QBiMuxStatus(code, reason));
}

void QBiMuxTcpConnector::closeAttempt()
{
    // Later: this may run inside its activated() signal.
    if (QSocketNotifier *notifier = std::exchange(m_notifier, nullptr)) {
        notifier->setEnabled(false);
        notifier->deleteLater();
    }
    QBiMuxTcp::close(std::exchange(m_descriptor, -1), false);
}
