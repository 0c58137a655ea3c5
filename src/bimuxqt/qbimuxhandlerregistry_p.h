// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef QBIMUXHANDLERREGISTRY_P_H
#define QBIMUXHANDLERREGISTRY_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the BiMuxQt API. It may change from version to version
// without notice, or even be removed.
//

#include "qbimuxcontextrelay_p.h"
#include "qbimuxendpoint.h"

#include <QtCore/qhash.h>
#include <QtCore/qmutex.h>
#include <QtCore/qpointer.h>

#include <atomic>
#include <memory>
#include <tuple>

// Route -> handler tables, one per muxer and one per server (shared by all its muxers,
// which consult their own table first). Thread-safe: handlers are registered from any
// thread while muxers look them up on theirs.
class QBiMuxHandlerRegistry
{
public:
    template<typename Handler> struct Entry
    {
        QPointer<const QObject> context;
        bool hasContext = false;
        Handler handler;
        // Runs the handler in the context's thread; set when there is a context.
        std::unique_ptr<QBiMuxContextRelay> relay;

        // A handler whose context object was destroyed no longer exists.
        bool isAlive() const { return !hasContext || !context.isNull(); }
        // Whether the handler runs right where a frame for it arrives: without a context,
        // or with the muxer (`muxer`, whose thread that is) as its context. Otherwise it
        // runs through relay. Compares pointers only: a context in another thread may be
        // gone by now.
        bool runsWith(const QObject *muxer) const { return !hasContext || context.data() == muxer; }
    };
    using RequestEntry = Entry<QBiMuxDetail::RequestHandler>;
    using MessageEntry = Entry<QBiMuxDetail::MessageHandler>;
    using StreamEntry = Entry<QBiMuxDetail::StreamHandler>;

    // One table per kind of handler: `Handler` is QBiMuxDetail's RequestHandler,
    // MessageHandler or StreamHandler.
    template<typename Handler> void set(qint32 route, const QObject *context, Handler handler)
    {
        auto entry = std::make_shared<Entry<Handler>>();
        entry->context = context;
        entry->hasContext = context != nullptr;
        entry->handler = std::move(handler);
        // Connected now, while the caller vouches for the context being alive.
        if (context)
            entry->relay = std::make_unique<QBiMuxContextRelay>(context);
        QMutexLocker locker(&m_mutex);
        table<Handler>().insert(route, std::move(entry));
        changed();
    }
    template<typename Handler> void remove(qint32 route)
    {
        QMutexLocker locker(&m_mutex);
        table<Handler>().remove(route);
        changed();
    }
    // The live handler of `route`, or nullptr.
    template<typename Handler> std::shared_ptr<const Entry<Handler>> find(qint32 route) const
    {
        if (m_count.load(std::memory_order_acquire) == 0)
            return nullptr;
        QMutexLocker locker(&m_mutex);
        const auto &handlers = std::get<Table<Handler>>(m_tables);
        const auto it = handlers.constFind(route);
        if (it == handlers.cend() || !(*it)->isAlive())
            return nullptr;
        return *it;
    }

    // A muxer's memory of its last lookup in one table, so that frames for one route in a
    // row skip the lock and the hash lookup; it holds while the table is unchanged. Used
    // from the muxer's thread only.
    // It pays, a little: without it the callee spent 1.7-3.4% more CPU time per request
    // (bench, server side, interleaved runs against this code: rpc128_64 0.677 against
    // 0.655 us, medians of 8; handler16_64 1.537 against 1.512 us, of 6), though
    // callgrind counts only 72 of ~6,100 instructions: the lock's two atomic operations.
    template<typename EntryType> struct Memo
    {
        qint32 route = 0;
        quint64 generation = 0; // the table's start at 1: a fresh memo knows nothing
        std::shared_ptr<const EntryType> entry;
    };
    template<typename Handler>
    std::shared_ptr<const Entry<Handler>> find(qint32 route, Memo<Entry<Handler>> *memo) const
    {
        const quint64 generation = m_generation.load(std::memory_order_acquire);
        if (memo->generation == generation && memo->route == route
            && (!memo->entry || memo->entry->isAlive())) {
            return memo->entry;
        }
        // A change racing with this lookup leaves the memo with the older generation:
        // the next lookup looks again.
        memo->entry = find<Handler>(route);
        memo->route = route;
        memo->generation = generation;
        return memo->entry;
    }

private:
    template<typename Handler> using Table = QHash<qint32, std::shared_ptr<const Entry<Handler>>>;
    template<typename Handler> Table<Handler> &table()
    {
        return std::get<Table<Handler>>(m_tables);
    }
    // Called with m_mutex held, after every change.
    void changed();

    mutable QMutex m_mutex;
    // Handlers registered, read without the lock: a muxer whose handlers are all on its
    // server's table looks in its own, empty one for every frame.
    std::atomic<int> m_count {0};
    // Counts changes, for Memo.
    std::atomic<quint64> m_generation {1};
    std::tuple<Table<QBiMuxDetail::RequestHandler>, Table<QBiMuxDetail::MessageHandler>,
               Table<QBiMuxDetail::StreamHandler>>
        m_tables;
};

#endif // QBIMUXHANDLERREGISTRY_P_H
