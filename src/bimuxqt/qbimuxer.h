#ifndef QBIMUXER_H
#define QBIMUXER_H

#include "bimuxqt_global.h"
#include "qbimuxdialerror.h"
#include "qbimuxerror.h"
#include "qbimuxrequest.h"
#include "qbimuxstream.h"

#include <QtCore/qfuture.h>
#include <QtCore/qobject.h>
#include <QtCore/qurl.h>
#include <QtCore/qvariant.h>
#include <QtWebSockets/qwebsocketprotocol.h>

#include <chrono>
#include <functional>

QT_BEGIN_NAMESPACE
class QNetworkRequest;
class QWebSocket;
QT_END_NAMESPACE

class QBiMuxerPrivate;
class QBiMuxObserver;

class BIMUXQT_EXPORT QBiMuxer : public QObject
{
    Q_OBJECT
    Q_PROPERTY(QString id READ id WRITE setId NOTIFY idChanged)
    Q_PROPERTY(bool connected READ isConnected NOTIFY connectedChanged)
    Q_PROPERTY(bool congested READ isCongested NOTIFY congestedChanged)

public:
    enum class State { Opening, Open, Closed };
    Q_ENUM(State)

    // The muxer owns its own socket; call open() to dial.
    explicit QBiMuxer(QObject *parent = nullptr);
    // Takes over `socket` (open, or still opening), which becomes the muxer's child.
    explicit QBiMuxer(QWebSocket *socket, QObject *parent = nullptr);
    ~QBiMuxer() override;

    // Dials `url`; the id set with setId() is announced in the handshake.
    void open(const QUrl &url);
    void open(const QNetworkRequest &request);

    QWebSocket *socket() const;
    State state() const;
    bool isConnected() const;

    QString id() const;
    void setId(const QString &id);
    // What QBiMuxServer's authenticator admitted the peer as (QBiMuxAdmission::admit());
    // null otherwise. Thread-safe.
    QVariant peerIdentity() const;

    std::chrono::milliseconds defaultTimeout() const;
    void setDefaultTimeout(std::chrono::milliseconds timeout);

    void setHeartbeat(std::chrono::milliseconds interval, std::chrono::milliseconds idleTimeout);
    std::chrono::milliseconds heartbeatInterval() const;
    std::chrono::milliseconds idleTimeout() const;

    qint64 maxMessageSize() const;
    void setMaxMessageSize(qint64 bytes);
    // Outgoing calls in flight at once; rpc() beyond it fails with ResourceExhausted.
    int maxPendingCalls() const;
    void setMaxPendingCalls(int calls);
    // The peer's requests in progress at once; more are answered with ResourceExhausted.
    int maxConcurrentRequests() const;
    void setMaxConcurrentRequests(int requests);
    // Backpressure: above this many queued bytes send()/rpc() refuse new work.
    qint64 highWaterMark() const;
    void setHighWaterMark(qint64 bytes);
    bool isCongested() const;
    qint64 bytesToWrite() const;

    // Thread-safe. False if the muxer is closed or `data` is too large.
    bool send(qint32 route, const QByteArray &data);
    // Thread-safe. The future ends exactly once: with the reply, with a QBiMuxError, or
    // cancelled by future.cancel() (which also tells the peer).
    QFuture<QByteArray> rpc(qint32 route, const QByteArray &data);
    QFuture<QByteArray> rpc(qint32 route, const QByteArray &data,
                            std::chrono::milliseconds timeout);
    // The callback form, without a QFuture (cheaper; cannot be cancelled): `onReply` runs
    // once in `context`'s thread with the reply and an Ok error, or the error.
    using ReplyHandler = std::function<void(const QByteArray &reply, const QBiMuxError &error)>;
    void rpc(qint32 route, const QByteArray &data, std::chrono::milliseconds timeout,
             const QObject *context, ReplyHandler onReply);

    int pendingCallCount() const;
    int pendingRequestCount() const;

    // Per-route handlers, taking precedence over the requestReceived()/messageReceived()
    // signals; the handler runs in `context`'s thread while `context` lives.
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

    // Streams (docs/streams.md), in the muxer's thread. openStream() always returns a
    // stream, a child of the muxer; one that cannot open fails with errorOccurred() from
    // the event loop (closed muxer, a peer without streams, no handler there, limits).
    QBiMuxStream *openStream(qint32 route);
    // A handler for streams the peer opens on `route`, called in the muxer's thread while
    // `context` lives; it takes precedence over the streamReceived() signal. Without
    // either the peer's stream is refused with Unimplemented.
    template<typename Functor>
    void setStreamHandler(qint32 route, const QObject *context, Functor &&handler)
    {
        setStreamHandlerImpl(route, context,
                             QBiMuxDetail::makeStreamHandler(std::forward<Functor>(handler)));
    }
    void removeStreamHandler(qint32 route);
    // The streams open now, both ways.
    QList<QBiMuxStream *> streams() const;
    // The receive window new streams start with (512 KiB unless set). Thread-safe.
    qint64 streamReceiveWindow() const;
    void setStreamReceiveWindow(qint64 bytes);
    // The peer's streams open at once (128 unless set); more are refused with
    // ResourceExhausted. Thread-safe.
    int maxIncomingStreams() const;
    void setMaxIncomingStreams(int streams);

    void addObserver(QBiMuxObserver *observer);
    void removeObserver(QBiMuxObserver *observer);

    // Graceful close: no new work, in-flight calls finish (up to drainTimeout), then
    // close with CloseCodeGoingAway and `reason`. Thread-safe.
    void shutdown(std::chrono::milliseconds drainTimeout, const QString &reason = QString());
    bool isShuttingDown() const;

public Q_SLOTS:
    void close(QWebSocketProtocol::CloseCode code = QWebSocketProtocol::CloseCodeNormal,
               const QString &reason = QString());

Q_SIGNALS:
    void connected();
    // A dial made by open() failed: why, before disconnected().
    void dialFailed(const QBiMuxDialError &error);
    void disconnected(QWebSocketProtocol::CloseCode code, const QString &reason);
    void connectedChanged(bool connected);
    void congestedChanged(bool congested);
    void idChanged(const QString &id);
    void messageReceived(qint32 route, const QByteArray &data);
    void requestReceived(const QBiMuxRequest &request);
    // A stream the peer opened on a route without a stream handler; the muxer owns it.
    void streamReceived(QBiMuxStream *stream);
    // Bad input from the peer; the muxer closes with CloseCodeProtocolError right after.
    void protocolErrorOccurred(const QString &message);

protected:
    bool event(QEvent *event) override;

private:
    void setRequestHandlerImpl(qint32 route, const QObject *context,
                               QBiMuxDetail::RequestHandler handler);
    void setMessageHandlerImpl(qint32 route, const QObject *context,
                               QBiMuxDetail::MessageHandler handler);
    void setStreamHandlerImpl(qint32 route, const QObject *context,
                              QBiMuxDetail::StreamHandler handler);

    friend class QBiMuxCancelSweeper;
    friend class QBiMuxServerPrivate;
    friend class QBiMuxClientPrivate;
    friend class QBiMuxLink;
    friend class QBiMuxStreams;
    Q_DECLARE_PRIVATE(QBiMuxer)
    Q_DISABLE_COPY(QBiMuxer)
    QScopedPointer<QBiMuxerPrivate> d_ptr;
};

#endif // QBIMUXER_H
