// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef QBIMUXENDPOINT_H
#define QBIMUXENDPOINT_H

#include "bimuxqt_global.h"
#include "qbimuxmessage.h"
#include "qbimuxrequest.h"
#include "qbimuxsettings.h"

#include <QtCore/qlist.h>
#include <QtCore/qobject.h>

#include <functional>
#include <memory>
#include <type_traits>

class QBiMuxEndpointPrivate;
class QBiMuxInterceptor;
class QBiMuxObserver;
class QBiMuxStream;

namespace QBiMuxDetail {

using RequestHandler = std::function<void(const QBiMuxRequest &)>;
using MessageHandler = std::function<void(const QBiMuxMessage &)>;
using StreamHandler = std::function<void(QBiMuxStream *)>;

// Turns what a user registers for a route into a RequestHandler. Accepted functors take
// `const QBiMuxRequest &` or `const QByteArray &` and return QByteArray, QFuture<QByteArray>
// or (taking the request, answering through it) void.
template<typename Functor> RequestHandler makeRequestHandler(Functor &&functor)
{
    using F = std::decay_t<Functor>;
    return [f = F(std::forward<Functor>(functor))](const QBiMuxRequest &request) mutable {
        if constexpr (std::is_invocable_v<F &, const QBiMuxRequest &>) {
            using Result = std::invoke_result_t<F &, const QBiMuxRequest &>;
            if constexpr (std::is_void_v<Result>)
                f(request);
            else
                request.reply(f(request));
        } else {
            static_assert(std::is_invocable_v<F &, const QByteArray &>,
                          "a request handler takes const QBiMuxRequest & or const QByteArray &");
            request.reply(f(request.data()));
        }
    };
}

// Accepted functors take `const QBiMuxMessage &`, `const QByteArray &` or
// `(qint32 route, const QByteArray &)`.
template<typename Functor> MessageHandler makeMessageHandler(Functor &&functor)
{
    using F = std::decay_t<Functor>;
    return [f = F(std::forward<Functor>(functor))](const QBiMuxMessage &message) mutable {
        if constexpr (std::is_invocable_v<F &, const QBiMuxMessage &>) {
            f(message);
        } else if constexpr (std::is_invocable_v<F &, qint32, const QByteArray &>) {
            f(message.route(), message.data());
        } else {
            static_assert(std::is_invocable_v<F &, const QByteArray &>,
                          "a message handler takes const QBiMuxMessage &, const QByteArray & "
                          "or (qint32, const QByteArray &)");
            f(message.data());
        }
    };
}

// Accepted functors take `QBiMuxStream *`; the stream stays a child of its muxer unless
// the handler gives it another parent.
template<typename Functor> StreamHandler makeStreamHandler(Functor &&functor)
{
    using F = std::decay_t<Functor>;
    static_assert(std::is_invocable_v<F &, QBiMuxStream *>,
                  "a stream handler takes QBiMuxStream *");
    return [f = F(std::forward<Functor>(functor))](QBiMuxStream *stream) mutable {
        f(stream);
    };
}

} // namespace QBiMuxDetail

// What QBiMuxer, QBiMuxClient and QBiMuxServer have in common as places that serve
// routes: connection settings, handlers, observers and interceptors, in one place.
class BIMUXQT_EXPORT QBiMuxEndpoint : public QObject
{
    Q_OBJECT

public:
    ~QBiMuxEndpoint() override;

    // Thread-safe. Applied to the connection(s) now and to every later one.
    QBiMuxSettings settings() const;
    void setSettings(const QBiMuxSettings &settings);

    // Per-route handlers; the handler runs in `context`'s thread while `context` lives
    // (without a context: in the connection's thread). Thread-safe.
    template<typename Functor>
    void setRequestHandler(qint32 route, const QObject *context, Functor &&handler)
    {
        setRequestHandlerImpl(route, context,
                              QBiMuxDetail::makeRequestHandler(std::forward<Functor>(handler)));
    }
    template<typename Functor>
    void setMessageHandler(qint32 route, const QObject *context, Functor &&handler)
    {
        setMessageHandlerImpl(route, context,
                              QBiMuxDetail::makeMessageHandler(std::forward<Functor>(handler)));
    }
    // Streams the peer opens on `route` (docs/streams.md); the handler runs in the
    // connection's thread, while `context` lives.
    template<typename Functor>
    void setStreamHandler(qint32 route, const QObject *context, Functor &&handler)
    {
        setStreamHandlerImpl(route, context,
                             QBiMuxDetail::makeStreamHandler(std::forward<Functor>(handler)));
    }
    void removeRequestHandler(qint32 route);
    void removeMessageHandler(qint32 route);
    void removeStreamHandler(qint32 route);

    // Not owned. See the documentation for the thread each may be called from.
    void addObserver(QBiMuxObserver *observer);
    void removeObserver(QBiMuxObserver *observer);

    // Shared ownership; thread-safe. With `routes`, only for those routes.
    void addInterceptor(std::shared_ptr<QBiMuxInterceptor> interceptor);
    void addInterceptor(std::shared_ptr<QBiMuxInterceptor> interceptor,
                        const QList<qint32> &routes);
    void removeInterceptor(const std::shared_ptr<QBiMuxInterceptor> &interceptor);

protected:
    QBiMuxEndpoint(QBiMuxEndpointPrivate &dd, QObject *parent);
    QScopedPointer<QBiMuxEndpointPrivate> d_ptr;

private:
    void setRequestHandlerImpl(qint32 route, const QObject *context,
                               QBiMuxDetail::RequestHandler handler);
    void setMessageHandlerImpl(qint32 route, const QObject *context,
                               QBiMuxDetail::MessageHandler handler);
    void setStreamHandlerImpl(qint32 route, const QObject *context,
                              QBiMuxDetail::StreamHandler handler);

    Q_DECLARE_PRIVATE(QBiMuxEndpoint)
    Q_DISABLE_COPY(QBiMuxEndpoint)
};

#endif // QBIMUXENDPOINT_H
