// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "qbimuxhandshakebudget_p.h"

#include "qbimuxserver.h"

#ifdef Q_OS_WIN
#include <winsock2.h>
#include <ws2tcpip.h>
#else
#include <sys/socket.h>
#endif

QBiMuxHandshakeBudget::Slot::Slot(std::shared_ptr<QBiMuxHandshakeBudget> budget,
                                  const QHostAddress &key)
    : m_budget(std::move(budget))
    , m_key(key)
{ }

QBiMuxHandshakeBudget::Slot::Slot(Slot &&other) noexcept
    : m_budget(std::exchange(other.m_budget, nullptr))
    , m_key(std::move(other.m_key))
{ }

QBiMuxHandshakeBudget::Slot &QBiMuxHandshakeBudget::Slot::operator=(Slot &&other) noexcept
{
    if (this != &other) {
        release();
        m_budget = std::exchange(other.m_budget, nullptr);
        m_key = std::move(other.m_key);
    }
    return *this;
}

QBiMuxHandshakeBudget::Slot::~Slot()
{
    release();
}

void QBiMuxHandshakeBudget::Slot::release()
{
    if (const std::shared_ptr<QBiMuxHandshakeBudget> budget = std::exchange(m_budget, nullptr))
        budget->give(m_key);
}

QHostAddress QBiMuxHandshakeBudget::addressKey(const QHostAddress &peer)
{
    bool isIPv4 = false;
    const quint32 ipv4 = peer.toIPv4Address(&isIPv4); // also for ::ffff:a.b.c.d
    if (isIPv4)
        return QHostAddress(ipv4);
    Q_IPV6ADDR network = peer.toIPv6Address();
    for (int i = 8; i < 16; ++i)
        network[i] = 0;
    return QHostAddress(network);
}

QHostAddress QBiMuxHandshakeBudget::peerAddressOf(qintptr descriptor)
{
    sockaddr_storage address {};
#ifdef Q_OS_WIN
    int length = sizeof address;
    const bool ok
        = ::getpeername(SOCKET(descriptor), reinterpret_cast<sockaddr *>(&address), &length) == 0;
#else
    socklen_t length = sizeof address;
    const bool ok
        = ::getpeername(int(descriptor), reinterpret_cast<sockaddr *>(&address), &length) == 0;
#endif
    return ok ? QHostAddress(reinterpret_cast<const sockaddr *>(&address)) : QHostAddress();
}

std::optional<QBiMuxHandshakeBudget::Slot> QBiMuxHandshakeBudget::take(const QHostAddress &peer,
                                                                       QString *refusal)
{
    const QHostAddress key = addressKey(peer);
    QMutexLocker locker(&m_mutex);
    const int total = maxTotal.load();
    if (total > 0 && m_total >= total) {
        *refusal = QBiMuxServer::tr("%n handshake(s) in progress, the most this server takes",
                                    nullptr, total);
        return std::nullopt;
    }
    const int perAddress = maxPerAddress.load();
    const int fromAddress = m_perAddress.value(key);
    // Only when places run short: on a server with room, a burst of dials from one NAT
    // (or one test machine) is not turned away.
    const bool crowded = total <= 0 || m_total >= total / 2;
    if (perAddress > 0 && fromAddress >= perAddress && crowded) {
        *refusal = QBiMuxServer::tr("%n handshake(s) in progress from your address, the most "
                                    "this server takes now",
                                    nullptr, perAddress);
        return std::nullopt;
    }
    m_perAddress.insert(key, fromAddress + 1);
    ++m_total;
    return Slot(shared_from_this(), key);
}

int QBiMuxHandshakeBudget::count() const
{
    QMutexLocker locker(&m_mutex);
    return m_total;
}

void QBiMuxHandshakeBudget::give(const QHostAddress &key)
{
    QMutexLocker locker(&m_mutex);
    --m_total;
    const auto it = m_perAddress.find(key);
    if (it != m_perAddress.end() && --it.value() <= 0)
        m_perAddress.erase(it);
}
