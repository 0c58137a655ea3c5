// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef TCPPEERS_H
#define TCPPEERS_H

#include <QtCore/qcryptographichash.h>
#include <QtCore/qelapsedtimer.h>
#include <QtCore/qlist.h>
#include <QtCore/qmutex.h>
#include <QtCore/qrandom.h>
#include <QtCore/qset.h>

#include <atomic>
#include <cerrno>
#include <functional>
#include <future>
#include <memory>
#include <thread>
#include <utility>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

// The TCP clients and targets of the tunnel tests: plain POSIX sockets in threads of their
// own (QTcpSocket cannot half-close, and the tunnel under test runs in the test's event
// loop), each exchange bounded by a deadline, so that a tunnel that hangs fails the test
// instead of blocking it.
namespace TcpPeers {

// What one end of a connection does: send `send` pseudo-random bytes (from `seed`), then
// end its data (shutdown(SHUT_WR)); read to the end. With sendAfterEnd it sends only once
// the other end ended its data (an answer to a half-closed request). `stallReading`: reads
// nothing, as a peer that stopped reading. With a valid `startGate`, it does nothing
// until the gate opens (so that many connections are open at once for certain).
struct Exchange
{
    qint64 send = 0;
    quint32 seed = 1;
    bool sendAfterEnd = false;
    bool stallReading = false;
    int timeoutMs = 60000;
    std::shared_future<void> startGate;
};

struct Outcome
{
    qint64 sent = 0;
    qint64 received = 0;
    QByteArray sentDigest;
    QByteArray receivedDigest;
    bool sawEnd = false; // an orderly end of the other's data
    int error = 0; // errno of a failed send or recv (ECONNRESET: reset)
    bool timedOut = false;
    qint64 elapsedMs = 0;
    bool finished() const { return sawEnd || error != 0; }
};

inline QByteArray digestOf(qint64 size, quint32 seed)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    QRandomGenerator random(seed);
    QByteArray chunk;
    for (qint64 left = size; left > 0; left -= chunk.size()) {
        chunk.resize(qsizetype(std::min<qint64>(left, 64 * 1024)));
        random.fillRange(reinterpret_cast<quint32 *>(chunk.data()), chunk.size() / 4);
        hash.addData(chunk);
    }
    return hash.result();
}

// Runs `exchange` on the connected descriptor; the caller closes it.
inline Outcome run(int fd, const Exchange &exchange)
{
    Outcome outcome;
    QElapsedTimer timer;
    timer.start();
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
    QCryptographicHash sentHash(QCryptographicHash::Sha256);
    QCryptographicHash receivedHash(QCryptographicHash::Sha256);
    QRandomGenerator random(exchange.seed);
    QByteArray chunk;
    qsizetype offset = 0;
    bool shutDown = false;
    char buffer[64 * 1024];
    if (exchange.startGate.valid()
        && exchange.startGate.wait_for(std::chrono::milliseconds(exchange.timeoutMs))
            != std::future_status::ready) {
        outcome.timedOut = true;
    }
    while (!outcome.timedOut && !(shutDown && outcome.sawEnd) && outcome.error == 0) {
        const qint64 left = exchange.timeoutMs - timer.elapsed();
        if (left <= 0) {
            outcome.timedOut = true;
            break;
        }
        const bool mayWrite = !shutDown && (!exchange.sendAfterEnd || outcome.sawEnd);
        if (mayWrite && offset == chunk.size() && outcome.sent == exchange.send) {
            ::shutdown(fd, SHUT_WR);
            shutDown = true;
            continue;
        }
        pollfd p {fd,
                  short((outcome.sawEnd || exchange.stallReading ? 0 : POLLIN)
                        | (mayWrite ? POLLOUT : 0)),
                  0};
        if (::poll(&p, 1, int(std::min<qint64>(left, 200))) <= 0)
            continue;
        if (p.revents & (POLLIN | POLLHUP | POLLERR)) {
            if (exchange.stallReading && !(p.revents & POLLERR)) {
                // Only a reset ends a stalled reader.
            } else {
                const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
                if (n > 0) {
                    receivedHash.addData(QByteArrayView(buffer, n));
                    outcome.received += n;
                } else if (n == 0) {
                    outcome.sawEnd = true;
                } else if (errno != EAGAIN && errno != EINTR) {
                    outcome.error = errno;
                }
            }
        }
        if (mayWrite && (p.revents & POLLOUT) && outcome.error == 0) {
            if (offset == chunk.size()) {
                chunk.resize(qsizetype(std::min<qint64>(exchange.send - outcome.sent, 64 * 1024)));
                random.fillRange(reinterpret_cast<quint32 *>(chunk.data()), chunk.size() / 4);
                offset = 0;
            }
            const ssize_t n = ::send(fd, chunk.constData() + offset, size_t(chunk.size() - offset),
                                     MSG_NOSIGNAL);
            if (n > 0) {
                sentHash.addData(QByteArrayView(chunk.constData() + offset, n));
                offset += n;
                outcome.sent += n;
            } else if (n < 0 && errno != EAGAIN && errno != EINTR) {
                outcome.error = errno;
            }
        }
        if (exchange.stallReading && (p.revents & (POLLHUP | POLLERR)) && outcome.error == 0) {
            int error = 0;
            socklen_t length = sizeof error;
            ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length);
            outcome.error = error ? error : ECONNRESET;
        }
    }
    outcome.sentDigest = sentHash.result();
    outcome.receivedDigest = receivedHash.result();
    outcome.elapsedMs = timer.elapsed();
    return outcome;
}

inline int connectTo(quint16 port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

// One client connection in a thread of its own. Destroying it ends an exchange still
// under way at once (shutdown(SHUT_RDWR)): the tunnel it talks to runs in the test's
// thread, which waits here and so cannot move its bytes until the exchange's timeout.
class Client
{
public:
    Client(quint16 port, const Exchange &exchange)
    {
        m_thread = std::thread([this, port, exchange] {
            const int fd = connectTo(port);
            Outcome outcome;
            if (fd < 0) {
                outcome.error = errno ? errno : ECONNREFUSED;
            } else {
                {
                    QMutexLocker locker(&m_mutex);
                    m_fd = fd;
                }
                outcome = run(fd, exchange);
            }
            QMutexLocker locker(&m_mutex);
            if (fd >= 0)
                ::close(std::exchange(m_fd, -1));
            m_outcome = outcome;
            m_done = true;
        });
    }
    ~Client()
    {
        {
            QMutexLocker locker(&m_mutex);
            if (m_fd >= 0)
                ::shutdown(m_fd, SHUT_RDWR);
        }
        m_thread.join();
    }
    bool isDone() const
    {
        QMutexLocker locker(&m_mutex);
        return m_done;
    }
    Outcome outcome() const
    {
        QMutexLocker locker(&m_mutex);
        return m_outcome;
    }

private:
    mutable QMutex m_mutex;
    int m_fd = -1; // while the exchange runs
    bool m_done = false;
    Outcome m_outcome;
    std::thread m_thread;
};

// A target on 127.0.0.1: each connection it accepts runs `exchange` in a thread. Destroying
// it ends the exchanges still under way at once, as a Client's destructor does.
class Target
{
public:
    explicit Target(const Exchange &exchange)
    {
        m_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in address {};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ::bind(m_fd, reinterpret_cast<sockaddr *>(&address), sizeof address);
        ::listen(m_fd, 512);
        socklen_t length = sizeof address;
        ::getsockname(m_fd, reinterpret_cast<sockaddr *>(&address), &length);
        m_port = ntohs(address.sin_port);
        m_acceptor = std::thread([this, exchange] {
            for (;;) {
                const int fd = ::accept4(m_fd, nullptr, nullptr, SOCK_CLOEXEC);
                if (fd < 0)
                    return; // shut down by the destructor
                QMutexLocker locker(&m_mutex);
                ++m_accepted;
                m_live.insert(fd);
                m_workers.emplace_back([this, fd, exchange] {
                    const Outcome outcome = run(fd, exchange);
                    QMutexLocker locker(&m_mutex);
                    m_live.remove(fd); // before close(): the number may be reused at once
                    ::close(fd);
                    m_outcomes.append(outcome);
                });
            }
        });
    }
    ~Target()
    {
        ::shutdown(m_fd, SHUT_RDWR);
        m_acceptor.join();
        ::close(m_fd);
        {
            QMutexLocker locker(&m_mutex);
            for (int fd : std::as_const(m_live))
                ::shutdown(fd, SHUT_RDWR);
        }
        for (std::thread &worker : m_workers)
            worker.join();
    }
    quint16 port() const { return m_port; }
    int accepted() const
    {
        QMutexLocker locker(&m_mutex);
        return m_accepted;
    }
    QList<Outcome> outcomes() const
    {
        QMutexLocker locker(&m_mutex);
        return m_outcomes;
    }

private:
    int m_fd = -1;
    quint16 m_port = 0;
    mutable QMutex m_mutex;
    int m_accepted = 0;
    QSet<int> m_live; // the descriptors of the exchanges under way
    QList<Outcome> m_outcomes;
    std::thread m_acceptor;
    std::vector<std::thread> m_workers;
};

} // namespace TcpPeers

#endif // TCPPEERS_H
