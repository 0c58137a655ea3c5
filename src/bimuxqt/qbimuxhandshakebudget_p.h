// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef QBIMUXHANDSHAKEBUDGET_P_H
#define QBIMUXHANDSHAKEBUDGET_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the BiMuxQt API. It may change from version to version
// without notice, or even be removed.
//

#include <QtCore/qhash.h>
#include <QtCore/qmutex.h>
#include <QtNetwork/qhostaddress.h>

#include <atomic>
#include <memory>
#include <optional>

// How many handshakes a server has in progress at once, in all and per peer address. A
// handshake is in progress from accept() until the handshake gate is done with it, and
// holds a socket all along: the first bound keeps a flood of silent connects from taking
// every file descriptor of the process; the second, which applies once more than half of
// the places are taken, keeps one flooding address from taking the other half, so that
// other peers still get in. Thread-safe: the accepting thread takes places, the worker
// threads give them back.
class QBiMuxHandshakeBudget : public std::enable_shared_from_this<QBiMuxHandshakeBudget>
{
public:
    static constexpr int DefaultMaxTotal = 512;
    static constexpr int DefaultMaxPerAddress = 32;

    // A place taken; given back when destroyed. Move-only.
    class Slot
    {
    public:
        Slot() = default;
        Slot(Slot &&other) noexcept;
        Slot &operator=(Slot &&other) noexcept;
        ~Slot();

    private:
        friend class QBiMuxHandshakeBudget;
        Slot(std::shared_ptr<QBiMuxHandshakeBudget> budget, const QHostAddress &key);
        void release();

        std::shared_ptr<QBiMuxHandshakeBudget> m_budget;
        QHostAddress m_key;
    };

    // A place for a connection from `peer` just accepted, or none (with *refusal saying
    // why). Taken before the descriptor goes anywhere, so that accepted sockets queued for
    // a busy worker thread count too. Once more than half of the places are taken, an
    // address that holds its share gets no more.
    std::optional<Slot> take(const QHostAddress &peer, QString *refusal);
    int count() const;

    // 0: no limit.
    std::atomic<int> maxTotal {DefaultMaxTotal};
    std::atomic<int> maxPerAddress {DefaultMaxPerAddress};

    // What peers count as one address: an IPv4 address, or an IPv6 /64 network, the
    // smallest block a site is given, so that one site cannot pose as many peers.
    static QHostAddress addressKey(const QHostAddress &peer);
    // The peer address of an accepted socket, before any QTcpSocket has it.
    static QHostAddress peerAddressOf(qintptr descriptor);

private:
    void give(const QHostAddress &key);

    mutable QMutex m_mutex;
    int m_total = 0;
    QHash<QHostAddress, int> m_perAddress;
};

#endif // QBIMUXHANDSHAKEBUDGET_P_H
