#ifndef QBIMUXREQUEST_H
#define QBIMUXREQUEST_H

#include "bimuxqt_global.h"
#include "qbimuxerror.h"

#include <QtCore/qdeadlinetimer.h>
#include <QtCore/qfuture.h>
#include <QtCore/qmetatype.h>
#include <QtCore/qshareddata.h>

#include <functional>
#include <type_traits>

class QBiMuxer;
class QBiMuxRequestPrivate;

class BIMUXQT_EXPORT QBiMuxRequest
{
public:
    QBiMuxRequest() noexcept;
    QBiMuxRequest(const QBiMuxRequest &other) noexcept;
    QBiMuxRequest(QBiMuxRequest &&other) noexcept;
    QBiMuxRequest &operator=(const QBiMuxRequest &other) noexcept;
    QBiMuxRequest &operator=(QBiMuxRequest &&other) noexcept;
    ~QBiMuxRequest();

    bool isValid() const noexcept;

    qint32 route() const;
    QByteArray data() const;
    quint64 number() const;
    // When the caller stops waiting, as far as it told us; QDeadlineTimer::Forever if it
    // did not (a plain bimux peer never does).
    QDeadlineTimer deadline() const;
    // The muxer the request arrived on (to tell callers apart in a server-wide handler by
    // its id(), or to call back), or nullptr once that muxer is destroyed. Use the pointer
    // in the muxer's thread; from other threads it may be destroyed meanwhile.
    QBiMuxer *muxer() const;

    bool isAnswered() const;
    bool isCancelled() const;

    // Each request is answered once: the first reply()/fail() wins and returns true.
    // Both return false, and send nothing, once the request is cancelled (by the caller,
    // or because the connection is gone). Both may be called from any thread.
    bool reply(const QByteArray &data) const;
    bool fail(QBiMux::StatusCode code, const QString &message) const;
    // Answers with the future's result when it finishes (a QBiMuxError or a cancel
    // becomes an error answer), and cancels the future if the peer cancels the request.
    void reply(const QFuture<QByteArray> &future) const;

    // Calls `callback` in `context`'s thread once the peer cancels this request (at once
    // if it already has). Not called after the request was answered.
    void onCancelled(const QObject *context, std::function<void()> callback) const;

private:
    friend class QBiMuxerPrivate;
    explicit QBiMuxRequest(QBiMuxRequestPrivate *d) noexcept;
    QExplicitlySharedDataPointer<QBiMuxRequestPrivate> d;
};

Q_DECLARE_METATYPE(QBiMuxRequest)

namespace QBiMuxDetail {

using RequestHandler = std::function<void(const QBiMuxRequest &)>;
using MessageHandler = std::function<void(qint32 route, const QByteArray &data)>;

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

// Accepted functors take `const QByteArray &` or `(qint32 route, const QByteArray &)`.
template<typename Functor> MessageHandler makeMessageHandler(Functor &&functor)
{
    using F = std::decay_t<Functor>;
    return [f = F(std::forward<Functor>(functor))](qint32 route, const QByteArray &data) mutable {
        if constexpr (std::is_invocable_v<F &, qint32, const QByteArray &>) {
            f(route, data);
        } else {
            static_assert(
                std::is_invocable_v<F &, const QByteArray &>,
                "a message handler takes const QByteArray & or (qint32, const QByteArray &)");
            f(data);
        }
    };
}

} // namespace QBiMuxDetail

#endif // QBIMUXREQUEST_H
