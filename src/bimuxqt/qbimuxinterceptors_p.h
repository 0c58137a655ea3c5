// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef QBIMUXINTERCEPTORS_P_H
#define QBIMUXINTERCEPTORS_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the BiMuxQt API. It may change from version to version
// without notice, or even be removed.
//

#include "qbimuxcalloptions.h"
#include "qbimuxinterceptor.h"
#include "qbimuxstatus.h"

#include <QtCore/qlist.h>
#include <QtCore/qmutex.h>

#include <atomic>
#include <memory>
#include <vector>

class QBiMuxMessage;
class QBiMuxRequestPrivate;

// The interceptors installed on one endpoint (QBiMuxEndpoint::addInterceptor()), in
// installation order. Thread-safe: installed from any thread while connections read them.
// A change makes a new list, so that a connection keeps the one it runs unchanged.
class QBiMuxInterceptors
{
public:
    struct Entry
    {
        std::shared_ptr<QBiMuxInterceptor> interceptor;
        QList<qint32> routes; // sorted; empty: every route
        bool applies(qint32 route) const;
    };
    using List = std::vector<Entry>;
    using ListRef = std::shared_ptr<const List>;

    void add(std::shared_ptr<QBiMuxInterceptor> interceptor, QList<qint32> routes);
    void remove(const QBiMuxInterceptor *interceptor);

    // One relaxed load: what every frame pays while nothing is installed.
    bool isEmpty() const { return m_count.load(std::memory_order_relaxed) == 0; }
    ListRef list() const;

    // A connection's copy of the list, looked up again only after a change; used in the
    // connection's thread only.
    struct Memo
    {
        quint64 generation = 0; // the lists' start at 1: a fresh memo knows nothing
        ListRef list;
    };
    const ListRef &list(Memo *memo) const;

private:
    mutable QMutex m_mutex;
    ListRef m_list;
    std::atomic<int> m_count {0};
    std::atomic<quint64> m_generation {1};
};

// The interceptors one connection runs: those of its server or client first, then its
// own. The one place that calls QBiMuxInterceptor's hooks.
class QBiMuxInterception
{
public:
    explicit QBiMuxInterception(std::shared_ptr<QBiMuxInterceptors> own)
        : m_own(std::move(own))
    { }
    // Before the connection is published (QBiMuxServer, QBiMuxClient).
    void setInherited(std::shared_ptr<QBiMuxInterceptors> inherited)
    {
        m_inherited = std::move(inherited);
    }

    // Two relaxed loads, for every call from any thread.
    bool isActive() const { return !m_own->isEmpty() || (m_inherited && !m_inherited->isEmpty()); }
    // The same for every frame, in the connection's thread, where the lists the memos
    // still hold once the last interceptor is gone are let go: a removed interceptor
    // does not live on with the connection.
    bool isActiveHere()
    {
        if (isActive())
            return true;
        if (Q_UNLIKELY(m_ownMemo.list || m_inheritedMemo.list))
            m_ownMemo = m_inheritedMemo = QBiMuxInterceptors::Memo();
        return false;
    }

    // In the connection's thread, for a request about to reach its handler: Ok, or the
    // status to answer with. Remembers in the request who is to hear of its end.
    QBiMuxStatus interceptRequest(QBiMuxRequestPrivate *request);
    // In the connection's thread, once per intercepted request (later calls do nothing).
    static void finishRequest(QBiMuxRequestPrivate *request, const QBiMuxStatus &status);
    // In the connection's thread: false drops the message.
    bool interceptMessage(const QBiMuxMessage &message);
    // In the caller's thread: Ok, or why the call or message is refused.
    QBiMuxStatus interceptCall(QBiMuxer *muxer, qint32 route, const QByteArray &data,
                               QBiMuxCallOptions *options) const;
    QBiMuxStatus interceptSend(QBiMuxer *muxer, qint32 route, const QByteArray &data,
                               QBiMuxCallOptions *options) const;

    // The lists a request was intercepted by, kept in the request for its end.
    struct Seen
    {
        QBiMuxInterceptors::ListRef inherited;
        QBiMuxInterceptors::ListRef own;
    };

private:
    template<typename Hook> QBiMuxStatus outgoing(qint32 route, Hook hook) const;

    std::shared_ptr<QBiMuxInterceptors> m_own;
    std::shared_ptr<QBiMuxInterceptors> m_inherited;
    QBiMuxInterceptors::Memo m_ownMemo;
    QBiMuxInterceptors::Memo m_inheritedMemo;
};

#endif // QBIMUXINTERCEPTORS_P_H
