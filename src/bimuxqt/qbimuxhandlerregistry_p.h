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
#include "qbimuxrequest.h"

#include <QtCore/qhash.h>
#include <QtCore/qmutex.h>
#include <QtCore/qpointer.h>

#include <atomic>
#include <memory>

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

    void setRequestHandler(qint32 route, const QObject *context,
                           QBiMuxDetail::RequestHandler handler);
    void setMessageHandler(qint32 route, const QObject *context,
                           QBiMuxDetail::MessageHandler handler);
    void removeRequestHandler(qint32 route);
    void removeMessageHandler(qint32 route);

    // Looked up under the lock for every frame. A muxer's memo of its last lookup in its
    // server's table saved 72 of the callee's ~6,100 instructions per request and no CPU
    // time the bench could tell apart (handler128_64, server 0.661 against 0.666 µs per
    // call, medians of 5), so there is none.
    std::shared_ptr<const RequestEntry> requestHandler(qint32 route) const;
    std::shared_ptr<const MessageEntry> messageHandler(qint32 route) const;

private:
    template<typename Table>
    static typename Table::mapped_type find(const Table &table, qint32 route);
    // Called with m_mutex held, after every change.
    void changed();

    mutable QMutex m_mutex;
    // Handlers registered, read without the lock: a muxer whose handlers are all on its
    // server's table looks in its own, empty one for every frame.
    std::atomic<int> m_count {0};
    QHash<qint32, std::shared_ptr<const RequestEntry>> m_requestHandlers;
    QHash<qint32, std::shared_ptr<const MessageEntry>> m_messageHandlers;
};

#endif // QBIMUXHANDLERREGISTRY_P_H
