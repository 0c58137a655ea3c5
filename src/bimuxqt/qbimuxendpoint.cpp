// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "qbimuxendpoint.h"
#include "qbimuxendpoint_p.h"

#include "qbimuxlogging_p.h"
#include "qbimuxstreams_p.h"

/*!
    \class QBiMuxEndpoint
    \brief What QBiMuxer, QBiMuxClient and QBiMuxServer have in common as the places that
    serve routes: connection settings, handlers, observers and interceptors.

    Each of the three is an endpoint, and what is set on one applies to the connections
    it stands for: a QBiMuxer to its one connection, a QBiMuxClient to the connection it
    has and every one it dials later, a QBiMuxServer to every connection it accepted and
    accepts later.

    \section1 Settings

    settings() and setSettings() take one QBiMuxSettings value (timeouts, heartbeat,
    message size, limits, backpressure). A change applies to the connections there are
    and to every later one: on a QBiMuxServer, to each live connection in its own thread,
    right after the call (its calls in flight keep the timeouts they started with).

    \section1 Handlers

    setRequestHandler() and setMessageHandler() register a handler for a route. A
    connection looks for one in its own table first (QBiMuxer), then in its server's or
    client's; without one, a request goes to QBiMuxChannel::requestReceived() if that is
    connected, and is otherwise answered Unimplemented, and a message goes to
    QBiMuxChannel::messageReceived() or is dropped with a warning.

    A request handler takes \c{const QBiMuxRequest &} or \c{const QByteArray &} and returns
    QByteArray (the reply), QFuture<QByteArray> (the reply later; a failed future answers
    with its QBiMuxError, a cancelled one with Cancelled) or, taking the request, nothing
    (it answers through the request, now or later, from any thread). A handler may throw
    a QBiMuxError to answer with its code; anything else it throws answers Internal.

    A message handler takes \c{const QBiMuxMessage &} (with its sender, metadata and the
    sender's peer identity), \c{const QByteArray &} or \c{(qint32 route, const QByteArray &)}.

    A stream handler takes \c{QBiMuxStream *}: a stream the peer opened on the route
    (QBiMuxChannel::openStream()), accepted and open, a child of its connection's muxer
    unless the handler gives it another parent. Unlike the others it runs in the
    connection's thread, where the stream lives; \a context only bounds how long the
    handler is used. Without one, the stream goes to QBiMuxChannel::streamReceived() if
    that is connected, and is otherwise refused with Unimplemented. See docs/streams.md.

    A handler runs in the thread of \a context, the object given with it, and is
    forgotten once that object is destroyed (which its thread may do at any moment);
    without a context it runs in the connection's thread, which for a QBiMuxServer with
    worker threads spreads the work over them. Registering a route again replaces its
    handler. All of these are thread-safe.

    Route 2147483647 (the largest \c qint32) is reserved: a request on it is the streams'
    probe (docs/protocol.md), which the library answers itself, so a request handler for
    it is never called.

    \section1 Observers

    addObserver() adds a QBiMuxObserver, not owned, that sees the frames, calls and
    connections of this endpoint's connections. On a QBiMuxer and a QBiMuxClient call
    addObserver() and removeObserver() in the object's thread; a QBiMuxServer's may be
    called from any thread. removeObserver() returns once no thread calls the observer
    any more, so that it may be destroyed.

    \section1 Interceptors

    addInterceptor() installs a QBiMuxInterceptor, shared (the endpoint keeps a
    reference), that sees the requests and messages before their handlers and the calls
    and messages before they are sent; with a list of routes only those. A connection
    runs its server's or client's interceptors first, then its own, in the order they
    were installed. Thread-safe; see QBiMuxInterceptor for the threads its hooks run in.
*/

QBiMuxEndpointPrivate::~QBiMuxEndpointPrivate() = default;

/*!
    Constructs the endpoint part of a QBiMuxer, QBiMuxClient or QBiMuxServer around its
    private part \a dd, with \a parent. For the library's own subclasses: QBiMuxEndpoint is
    not meant to be subclassed elsewhere.
*/
QBiMuxEndpoint::QBiMuxEndpoint(QBiMuxEndpointPrivate &dd, QObject *parent)
    : QObject(parent)
    , d_ptr(&dd)
{ }

/*!
    Destroys the endpoint with its handlers; interceptors it shared are released,
    observers (not owned) are not deleted.
*/
QBiMuxEndpoint::~QBiMuxEndpoint() = default;

/*!
    Returns the connection settings. Thread-safe.
*/
QBiMuxSettings QBiMuxEndpoint::settings() const
{
    return d_func()->currentSettings();
}

/*!
    Sets the connection settings to \a settings: applied to this endpoint's connections
    now and to every later one (see the class documentation). Thread-safe.
*/
void QBiMuxEndpoint::setSettings(const QBiMuxSettings &settings)
{
    Q_D(QBiMuxEndpoint);
    if (d->setGuarded(d->settings, settings))
        d->applySettings(settings);
}

void QBiMuxEndpoint::setRequestHandlerImpl(qint32 route, const QObject *context,
                                           QBiMuxDetail::RequestHandler handler)
{
    if (Q_UNLIKELY(route == QBiMuxStreams::ProbeRoute)) {
        qCWarning(lcMuxer) << "route" << route << "is reserved for the streams' probe: its"
                           << "request handler is never called";
    }
    d_func()->handlers->set(route, context, std::move(handler));
}

void QBiMuxEndpoint::setMessageHandlerImpl(qint32 route, const QObject *context,
                                           QBiMuxDetail::MessageHandler handler)
{
    d_func()->handlers->set(route, context, std::move(handler));
}

/*!
    \fn template<typename Functor> void QBiMuxEndpoint::setRequestHandler(qint32 route, const QObject *context, Functor &&handler)

    Serves requests for \a route with \a handler, run in \a context's thread while
    \a context lives (see "Handlers" in the class documentation for the forms it may
    take). Replaces the route's handler, if it had one. Thread-safe.
*/

/*!
    \fn template<typename Functor> void QBiMuxEndpoint::setMessageHandler(qint32 route, const QObject *context, Functor &&handler)

    Handles oneway messages on \a route with \a handler, run in \a context's thread while
    \a context lives. Replaces the route's handler, if it had one. Thread-safe.
*/

void QBiMuxEndpoint::setStreamHandlerImpl(qint32 route, const QObject *context,
                                          QBiMuxDetail::StreamHandler handler)
{
    d_func()->handlers->set(route, context, std::move(handler));
}

/*!
    \fn template<typename Functor> void QBiMuxEndpoint::setStreamHandler(qint32 route, const QObject *context, Functor &&handler)

    Accepts the streams the peer opens on \a route and hands each to \a handler, run in
    the connection's thread while \a context lives (see "Handlers" in the class
    documentation). Replaces the route's stream handler, if it had one. Thread-safe.
*/

/*!
    Removes the request handler of \a route. Thread-safe.
*/
void QBiMuxEndpoint::removeRequestHandler(qint32 route)
{
    d_func()->handlers->remove<QBiMuxDetail::RequestHandler>(route);
}

/*!
    Removes the message handler of \a route. Thread-safe.
*/
void QBiMuxEndpoint::removeMessageHandler(qint32 route)
{
    d_func()->handlers->remove<QBiMuxDetail::MessageHandler>(route);
}

/*!
    Removes the stream handler of \a route: the peer's streams on it are refused from now
    on (unless QBiMuxChannel::streamReceived() is connected). Streams already accepted go
    on. Thread-safe.
*/
void QBiMuxEndpoint::removeStreamHandler(qint32 route)
{
    d_func()->handlers->remove<QBiMuxDetail::StreamHandler>(route);
}

/*!
    Adds \a observer, not owned, which from now on sees the frames and calls of this
    endpoint's connections, and each one open and close; a connection already open is
    reported with QBiMuxObserver::connectionOpened() at once. Adding it twice does
    nothing. Call it in this object's thread (a QBiMuxServer's from any thread).
*/
void QBiMuxEndpoint::addObserver(QBiMuxObserver *observer)
{
    if (observer)
        d_func()->addObserver(observer);
}

/*!
    Removes \a observer from this endpoint's connections. On return no thread calls it
    any more, so that it may be destroyed. Call it in this object's thread (a
    QBiMuxServer's from any thread, handlers in several worker threads at once
    included).
*/
void QBiMuxEndpoint::removeObserver(QBiMuxObserver *observer)
{
    if (observer)
        d_func()->removeObserver(observer);
}

/*!
    Installs \a interceptor for every route of this endpoint's connections, after those
    installed before. The endpoint shares its ownership until removeInterceptor().
    Thread-safe; frames handled from now on pass it.
*/
void QBiMuxEndpoint::addInterceptor(std::shared_ptr<QBiMuxInterceptor> interceptor)
{
    d_func()->interceptors->add(std::move(interceptor), {});
}

/*!
    Installs \a interceptor for the requests, messages and calls of \a routes only (a
    group of routes). An empty list means every route.
*/
void QBiMuxEndpoint::addInterceptor(std::shared_ptr<QBiMuxInterceptor> interceptor,
                                    const QList<qint32> &routes)
{
    d_func()->interceptors->add(std::move(interceptor), routes);
}

/*!
    Removes \a interceptor, with all the routes it was installed for: frames handled and
    calls made from now on do not pass it. A hook under way in another thread finishes,
    and the requests it saw still end with its requestFinished(). Thread-safe.
*/
void QBiMuxEndpoint::removeInterceptor(const std::shared_ptr<QBiMuxInterceptor> &interceptor)
{
    d_func()->interceptors->remove(interceptor.get());
}
