// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "qbimuxinterceptors_p.h"

#include "qbimuxmessage.h"
#include "qbimuxrequest.h"
#include "qbimuxrequest_p.h"

#include <algorithm>

/*!
    \class QBiMuxInterceptor
    \brief Hooks into the requests, messages and calls of a server, a client or a
    connection: for authorization by metadata, timing, logging and adding metadata.

    Install one with QBiMuxEndpoint::addInterceptor() on a QBiMuxServer (it sees every
    connection's traffic), a QBiMuxClient (every connection it dials) or a QBiMuxer (that
    connection); with a list of routes it sees only those (a group of routes, as
    middleware on a group in a web framework). Every hook does nothing unless it is
    overridden; the library keeps a shared reference to the interceptor while it is
    installed, and while a call into it may still be under way.

    For each incoming request, in the connection's thread and before its handler runs,
    interceptRequest() may read the request (route, QBiMuxRequest::metadata(),
    QBiMuxRequest::peerIdentity()) and return a status other than Ok to answer the
    request with it instead: the handler never runs. requestFinished() then tells how
    the request ended and how long it took. Incoming oneway messages pass
    interceptMessage(), which may drop them. Outgoing calls and messages pass
    interceptCall() and interceptSend() in the thread that calls rpc() or send(), before
    they are numbered: they may add metadata to the options, or refuse with a status
    (the call fails with it, origin Local; send() returns false).

    \section1 Order and threads

    A connection runs the interceptors of its server or client first, then its own, each
    group in the order they were installed; the first that refuses ends the chain. The
    incoming hooks run in the connection's thread (a QBiMuxServer's worker thread, if it
    has them), the outgoing ones in the caller's: an interceptor shared by connections in
    several threads must be thread-safe. Hooks should be quick: they run for every frame
    of their routes.

    \section1 Cost

    A connection without interceptors, on itself or on its server or client, pays two
    relaxed atomic loads per frame for them. Installed interceptors cost their hooks'
    calls, and one shared reference per request for requestFinished().

    \code
    class RequireToken : public QBiMuxInterceptor
    {
    public:
        QBiMuxStatus interceptRequest(const QBiMuxRequest &request) override
        {
            if (request.metadata().value("token") != expected)
                return {QBiMux::StatusCode::Unauthenticated, tr("bad token")};
            return {};
        }
    };
    server.addInterceptor(std::make_shared<RequireToken>(), {Routes::Admin});
    \endcode
*/

/*!
    Destroys the interceptor. The endpoints it was added to share its ownership
    (std::shared_ptr), so this runs once the last of them removed it or was destroyed, and
    no hook of it runs any more.
*/
QBiMuxInterceptor::~QBiMuxInterceptor() = default;

/*!
    Called for each request of the peer before its handler, in the connection's thread;
    a request refused for a limit or a shutdown never comes here. Returns Ok (the
    default) to let the handler answer \a request, or the status to answer it with
    instead.
*/
QBiMuxStatus QBiMuxInterceptor::interceptRequest(const QBiMuxRequest &)
{
    return QBiMuxStatus();
}

/*!
    Called once for each request that passed interceptRequest() of this chain (also when
    an interceptor refused it), in the connection's thread: \a status is the answer's
    (Ok for a reply), Cancelled when the peer cancelled \a request, Unavailable when the
    connection ended first. \a elapsed is the time from the request's arrival.
*/
void QBiMuxInterceptor::requestFinished(const QBiMuxRequest &, const QBiMuxStatus &,
                                        std::chrono::nanoseconds)
{ }

/*!
    Called for each oneway message of the peer before its handler, in the connection's
    thread. Returns true (the default) to let \a message through, false to drop it.
*/
bool QBiMuxInterceptor::interceptMessage(const QBiMuxMessage &)
{
    return true;
}

/*!
    Called for each call made on \a muxer (directly, or through a QBiMuxClient once it
    has a connection for the call) to \a route with \a data, in the caller's thread,
    before the call is numbered and sent. It may change \a options, e.g. add metadata.
    Returns Ok (the default) to let the call go, or the status to fail it with.
*/
QBiMuxStatus QBiMuxInterceptor::interceptCall(QBiMuxer *, qint32, const QByteArray &,
                                              QBiMuxCallOptions &)
{
    return QBiMuxStatus();
}

/*!
    As interceptCall(), for a oneway message: a status other than Ok drops the message
    and send() returns false.
*/
QBiMuxStatus QBiMuxInterceptor::interceptSend(QBiMuxer *, qint32, const QByteArray &,
                                              QBiMuxCallOptions &)
{
    return QBiMuxStatus();
}

bool QBiMuxInterceptors::Entry::applies(qint32 route) const
{
    return routes.isEmpty() || std::binary_search(routes.cbegin(), routes.cend(), route);
}

void QBiMuxInterceptors::add(std::shared_ptr<QBiMuxInterceptor> interceptor, QList<qint32> routes)
{
    if (!interceptor)
        return;
    std::sort(routes.begin(), routes.end());
    QMutexLocker locker(&m_mutex);
    auto list = m_list ? std::make_shared<List>(*m_list) : std::make_shared<List>();
    list->push_back({std::move(interceptor), std::move(routes)});
    m_count.store(int(list->size()), std::memory_order_relaxed);
    m_list = std::move(list);
    m_generation.fetch_add(1, std::memory_order_release);
}

void QBiMuxInterceptors::remove(const QBiMuxInterceptor *interceptor)
{
    QMutexLocker locker(&m_mutex);
    if (!m_list)
        return;
    auto list = std::make_shared<List>(*m_list);
    list->erase(std::remove_if(list->begin(), list->end(),
                               [interceptor](const Entry &entry) {
                                   return entry.interceptor.get() == interceptor;
                               }),
                list->end());
    m_count.store(int(list->size()), std::memory_order_relaxed);
    m_list = list->empty() ? nullptr : ListRef(std::move(list));
    m_generation.fetch_add(1, std::memory_order_release);
}

QBiMuxInterceptors::ListRef QBiMuxInterceptors::list() const
{
    QMutexLocker locker(&m_mutex);
    return m_list;
}

const QBiMuxInterceptors::ListRef &QBiMuxInterceptors::list(Memo *memo) const
{
    const quint64 generation = m_generation.load(std::memory_order_acquire);
    if (memo->generation != generation) {
        // A change racing with this leaves the memo with the older generation: the next
        // frame looks again.
        memo->list = list();
        memo->generation = generation;
    }
    return memo->list;
}

namespace {
template<typename Visit>
bool forEachApplying(const QBiMuxInterceptors::ListRef &list, qint32 route, Visit visit)
{
    if (!list)
        return true;
    for (const QBiMuxInterceptors::Entry &entry : *list) {
        if (entry.applies(route) && !visit(*entry.interceptor))
            return false;
    }
    return true;
}
} // namespace

QBiMuxStatus QBiMuxInterception::interceptRequest(QBiMuxRequestPrivate *request)
{
    Seen &seen = request->intercepted;
    if (m_inherited)
        seen.inherited = m_inherited->list(&m_inheritedMemo);
    seen.own = m_own->list(&m_ownMemo);
    if (request->startedAt == std::chrono::steady_clock::time_point())
        request->startedAt = std::chrono::steady_clock::now();
    const QBiMuxRequest handle(request);
    QBiMuxStatus refusal;
    const auto visit = [&](QBiMuxInterceptor &interceptor) {
        refusal = interceptor.interceptRequest(handle);
        return refusal.isOk();
    };
    if (forEachApplying(seen.inherited, request->route, visit))
        forEachApplying(seen.own, request->route, visit);
    return refusal;
}

void QBiMuxInterception::finishRequest(QBiMuxRequestPrivate *request, const QBiMuxStatus &status)
{
    if (!request->intercepted.inherited && !request->intercepted.own)
        return;
    const Seen seen = std::exchange(request->intercepted, Seen());
    const auto elapsed = std::chrono::steady_clock::now() - request->startedAt;
    const QBiMuxRequest handle(request);
    const auto visit = [&](QBiMuxInterceptor &interceptor) {
        interceptor.requestFinished(handle, status, elapsed);
        return true;
    };
    forEachApplying(seen.inherited, request->route, visit);
    forEachApplying(seen.own, request->route, visit);
}

bool QBiMuxInterception::interceptMessage(const QBiMuxMessage &message)
{
    const auto visit = [&](QBiMuxInterceptor &interceptor) {
        return interceptor.interceptMessage(message);
    };
    return (!m_inherited
            || forEachApplying(m_inherited->list(&m_inheritedMemo), message.route(), visit))
        && forEachApplying(m_own->list(&m_ownMemo), message.route(), visit);
}

template<typename Hook> QBiMuxStatus QBiMuxInterception::outgoing(qint32 route, Hook hook) const
{
    // Any thread: the lists as they are now, not the connection's memos.
    QBiMuxStatus refusal;
    const auto visit = [&](QBiMuxInterceptor &interceptor) {
        refusal = hook(interceptor);
        return refusal.isOk();
    };
    if (!m_inherited || forEachApplying(m_inherited->list(), route, visit))
        forEachApplying(m_own->list(), route, visit);
    return refusal;
}

QBiMuxStatus QBiMuxInterception::interceptCall(QBiMuxer *muxer, qint32 route,
                                               const QByteArray &data,
                                               QBiMuxCallOptions *options) const
{
    return outgoing(route, [&](QBiMuxInterceptor &interceptor) {
        return interceptor.interceptCall(muxer, route, data, *options);
    });
}

QBiMuxStatus QBiMuxInterception::interceptSend(QBiMuxer *muxer, qint32 route,
                                               const QByteArray &data,
                                               QBiMuxCallOptions *options) const
{
    return outgoing(route, [&](QBiMuxInterceptor &interceptor) {
        return interceptor.interceptSend(muxer, route, data, *options);
    });
}
