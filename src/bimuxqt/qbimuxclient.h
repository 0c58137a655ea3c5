#ifndef QBIMUXCLIENT_H
#define QBIMUXCLIENT_H

#include "bimuxqt_global.h"
#include "qbimuxdialerror.h"
#include "qbimuxerror.h"
#include "qbimuxrequest.h"
#include "qbimuxstream.h"

#include <QtCore/qfuture.h>
#include <QtCore/qobject.h>
#include <QtCore/qurl.h>
#include <QtNetwork/qnetworkrequest.h>
#include <QtWebSockets/qwebsocketprotocol.h>

#include <chrono>
#include <cstddef>
#include <functional>
#include <type_traits>

class QBiMuxClientPrivate;
class QBiMuxer;
class QBiMuxObserver;
QT_BEGIN_NAMESPACE
class QSslConfiguration;
QT_END_NAMESPACE

namespace QBiMuxDetail {

using RequestFactory = std::function<QFuture<QNetworkRequest>(const QNetworkRequest &)>;

// Turns what a user passes to QBiMuxClient::setRequestFactory() into a RequestFactory.
// Accepted functors take `const QNetworkRequest &` and return QNetworkRequest (the request
// now) or QFuture<QNetworkRequest> (later, e.g. once a token is refreshed).
template<typename Functor> RequestFactory makeRequestFactory(Functor &&functor)
{
    using F = std::decay_t<Functor>;
    if constexpr (std::is_same_v<F, std::nullptr_t>) {
        return RequestFactory();
    } else if constexpr (std::is_same_v<F, RequestFactory>) {
        return std::forward<Functor>(functor);
    } else {
        using Result = std::invoke_result_t<F &, const QNetworkRequest &>;
        if constexpr (std::is_same_v<Result, QFuture<QNetworkRequest>>) {
            return RequestFactory(std::forward<Functor>(functor));
        } else {
            static_assert(std::is_convertible_v<Result, QNetworkRequest>,
                          "a request factory takes const QNetworkRequest & and returns "
                          "QNetworkRequest or QFuture<QNetworkRequest>");
            return [f = F(std::forward<Functor>(functor))](const QNetworkRequest &base) mutable {
                return QtFuture::makeReadyFuture(QNetworkRequest(f(base)));
            };
        }
    }
}

} // namespace QBiMuxDetail

class BIMUXQT_EXPORT QBiMuxClient : public QObject
{
    Q_OBJECT
    Q_PROPERTY(QString id READ id WRITE setId NOTIFY idChanged)
    Q_PROPERTY(State state READ state NOTIFY stateChanged)

public:
    enum class State {
        Disconnected, // open() was never called
        Connecting, // a dial is in progress
        Connected,
        BackingOff, // the link was lost or a dial failed; waiting to re-dial
        // close() was called, or the server refused the credentials (401, 403); nothing is
        // dialed until open()
        Closed,
    };
    Q_ENUM(State)

    // What rpc() and send() do while the client is not connected.
    enum class OfflinePolicy {
        FailFast, // fail at once with QBiMux::StatusCode::Unavailable
        Queue, // hold the call until connected, within its timeout and maxQueuedCalls()
    };
    Q_ENUM(OfflinePolicy)

    explicit QBiMuxClient(QObject *parent = nullptr);
    ~QBiMuxClient() override;

    // Dials `url`, and again after every loss until close().
    void open(const QUrl &url);
    // The same with the request's headers, e.g. Authorization.
    void open(const QNetworkRequest &request);
    QUrl url() const;
    QNetworkRequest request() const;

    // Makes the request of each dial from the one given to open(), e.g. with a fresh
    // token; the functor returns a QNetworkRequest or a QFuture<QNetworkRequest>.
    using RequestFactory = QBiMuxDetail::RequestFactory;
    template<typename Functor> void setRequestFactory(Functor &&factory)
    {
        setRequestFactoryImpl(QBiMuxDetail::makeRequestFactory(std::forward<Functor>(factory)));
    }
#ifndef QT_NO_SSL
    // The TLS settings of every dial (the CAs to trust, a client certificate), instead of
    // the process-wide default.
    void setSslConfiguration(const QSslConfiguration &configuration);
    QSslConfiguration sslConfiguration() const;
#endif
    // Whether to dial again after the server answered 401 or 403 (false unless set).
    bool retryOnAuthenticationFailure() const;
    void setRetryOnAuthenticationFailure(bool retry);

    State state() const;
    bool isConnected() const;
    // The muxer of the current connection or dial, or nullptr. Use it in the client's
    // thread only; it is deleted (later) once its connection ends.
    QBiMuxer *currentMuxer() const;

    // Announced in the handshake of every dial.
    QString id() const;
    void setId(const QString &id);

    // Exponential backoff between dials.
    std::chrono::milliseconds initialReconnectDelay() const;
    void setInitialReconnectDelay(std::chrono::milliseconds delay);
    std::chrono::milliseconds maxReconnectDelay() const;
    void setMaxReconnectDelay(std::chrono::milliseconds delay);
    double reconnectMultiplier() const;
    void setReconnectMultiplier(double multiplier);
    double reconnectJitter() const;
    void setReconnectJitter(double fraction);
    std::chrono::milliseconds stableConnectionTime() const;
    void setStableConnectionTime(std::chrono::milliseconds time);

    OfflinePolicy offlinePolicy() const;
    void setOfflinePolicy(OfflinePolicy policy);
    int maxQueuedCalls() const;
    void setMaxQueuedCalls(int calls);
    int queuedCallCount() const;

    // Applied to every muxer the client dials (QBiMuxer's settings of the same names).
    std::chrono::milliseconds defaultTimeout() const;
    void setDefaultTimeout(std::chrono::milliseconds timeout);
    void setHeartbeat(std::chrono::milliseconds interval, std::chrono::milliseconds idleTimeout);
    std::chrono::milliseconds heartbeatInterval() const;
    std::chrono::milliseconds idleTimeout() const;
    qint64 maxMessageSize() const;
    void setMaxMessageSize(qint64 bytes);
    int maxPendingCalls() const;
    void setMaxPendingCalls(int calls);
    int maxConcurrentRequests() const;
    void setMaxConcurrentRequests(int requests);
    qint64 highWaterMark() const;
    void setHighWaterMark(qint64 bytes);
    qint64 streamReceiveWindow() const;
    void setStreamReceiveWindow(qint64 bytes);
    int maxIncomingStreams() const;
    void setMaxIncomingStreams(int streams);

    // Thread-safe. While not connected these follow offlinePolicy().
    bool send(qint32 route, const QByteArray &data);
    QFuture<QByteArray> rpc(qint32 route, const QByteArray &data);
    QFuture<QByteArray> rpc(qint32 route, const QByteArray &data,
                            std::chrono::milliseconds timeout);

    // Handlers for every connection the client makes, as QBiMuxer's.
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
    void removeRequestHandler(qint32 route);
    void removeMessageHandler(qint32 route);

    // Streams (docs/streams.md), in the client's thread. Connected, QBiMuxer::openStream()
    // on the current muxer, whose child the stream is (and which is deleted once its
    // connection ended); otherwise a stream that fails with Unavailable.
    QBiMuxStream *openStream(qint32 route);
    // Stream handlers for every connection the client makes, as QBiMuxer's.
    template<typename Functor>
    void setStreamHandler(qint32 route, const QObject *context, Functor &&handler)
    {
        setStreamHandlerImpl(route, context,
                             QBiMuxDetail::makeStreamHandler(std::forward<Functor>(handler)));
    }
    void removeStreamHandler(qint32 route);

    // Added to every muxer the client dials.
    void addObserver(QBiMuxObserver *observer);
    void removeObserver(QBiMuxObserver *observer);

public Q_SLOTS:
    void close(QWebSocketProtocol::CloseCode code = QWebSocketProtocol::CloseCodeNormal,
               const QString &reason = QString());

Q_SIGNALS:
    void stateChanged(QBiMuxClient::State state);
    void connected();
    // A connection that was up ended (failed dials report dialFailed()).
    void disconnected(QWebSocketProtocol::CloseCode code, const QString &reason);
    // A dial failed: why (the server's HTTP answer, TLS errors, the socket's error).
    void dialFailed(const QBiMuxDialError &error);
    void reconnectScheduled(int attempt, std::chrono::milliseconds delay);
    void idChanged(const QString &id);
    void messageReceived(qint32 route, const QByteArray &data);
    void requestReceived(const QBiMuxRequest &request);

private:
    void setRequestFactoryImpl(RequestFactory factory);
    void setRequestHandlerImpl(qint32 route, const QObject *context,
                               QBiMuxDetail::RequestHandler handler);
    void setMessageHandlerImpl(qint32 route, const QObject *context,
                               QBiMuxDetail::MessageHandler handler);
    void setStreamHandlerImpl(qint32 route, const QObject *context,
                              QBiMuxDetail::StreamHandler handler);

    Q_DECLARE_PRIVATE(QBiMuxClient)
    Q_DISABLE_COPY(QBiMuxClient)
    QScopedPointer<QBiMuxClientPrivate> d_ptr;
};

#endif // QBIMUXCLIENT_H
