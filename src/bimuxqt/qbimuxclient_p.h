// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef QBIMUXCLIENT_P_H
#define QBIMUXCLIENT_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the BiMuxQt API. It may change from version to version
// without notice, or even be removed.
//

#include "qbimuxcalloptions_p.h"
#include "qbimuxcallreply_p.h"
#include "qbimuxchannel_p.h"
#include "qbimuxclient.h"

#include <QtCore/qelapsedtimer.h>
#include <QtCore/qfuturewatcher.h>
#include <QtCore/qmutex.h>
#include <QtCore/qpromise.h>
#include <QtCore/qtimer.h>
#include <QtNetwork/qnetworkrequest.h>
#ifndef QT_NO_SSL
#include <QtNetwork/qsslconfiguration.h>
#endif

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <vector>

class QBiMuxerPrivate;

class QBiMuxClientPrivate : public QBiMuxChannelPrivate
{
    Q_DECLARE_PUBLIC(QBiMuxClient)

public:
    using Clock = std::chrono::steady_clock;

    // Like gRPC's connection backoff, but a device's first retry comes sooner.
    static constexpr std::chrono::milliseconds DefaultInitialReconnectDelay {1000};
    static constexpr std::chrono::milliseconds DefaultMaxReconnectDelay {60000};
    static constexpr double DefaultReconnectMultiplier = 1.6;
    static constexpr double DefaultReconnectJitter = 0.2;
    static constexpr std::chrono::milliseconds DefaultStableConnectionTime {10000};
    static constexpr int DefaultMaxQueuedCalls = 1000;
    static constexpr int DefaultMaxQueuedMessages = 1000;

    // An rpc() or send() made while not connected, waiting for a connection (a message has
    // no reply). Created in any thread (under `mutex`); the reply's cancelWatcher, made
    // and destroyed in the client's thread, reports future.cancel() while the call waits,
    // and is kept once the call is sent, to pass the cancel on to the muxer's call.
    struct QueuedCall : QBiMuxCallReply
    {
        qint32 route = 0;
        QByteArray data;
        QBiMuxCallOptions options;
        bool oneway = false;
        // When it stops waiting, from QBiMuxCallBudget (its timeout for the message).
        QBiMuxCallBudget budget;
    };

    // A queued call that was sent: its promise is finished from the muxer's future.
    struct ForwardedCall
    {
        QPromise<QByteArray> promise;
        QFuture<QByteArray> inner;
        std::unique_ptr<QFutureWatcher<QByteArray>> cancelWatcher;
        std::unique_ptr<QFutureWatcher<QByteArray>> innerWatcher;
    };

    explicit QBiMuxClientPrivate(QBiMuxClient *q);
    // What needs the client's QObject, which the constructor runs before.
    void init();

    // QBiMuxEndpointPrivate and QBiMuxChannelPrivate.
    void applySettings(const QBiMuxSettings &settings) override;
    void addObserver(QBiMuxObserver *observer) override;
    void removeObserver(QBiMuxObserver *observer) override;
    void call(qint32 route, const QByteArray &data, const QBiMuxCallOptions &options,
              QBiMuxCallReply &&reply) override;
    bool send(qint32 route, const QByteArray &data, const QBiMuxCallOptions &options) override;
    QBiMuxStream *openStream(qint32 route) override;
    bool isConnected() const override;
    void close(QWebSocketProtocol::CloseCode code, const QString &reason) override;

    // Makes the request (requestFactory), then dials it with a new muxer.
    void dial();
    void dialRequest(const QNetworkRequest &prepared);
    void onRequestMade(QFuture<QNetworkRequest> made);
    void onMuxerConnected(QBiMuxer *muxer);
    void onMuxerDisconnected(QBiMuxer *muxer, QWebSocketProtocol::CloseCode code,
                             const QString &reason);
    void onRequest(const QBiMuxRequest &request);
    void onMessage(const QBiMuxMessage &message);
    void onStream(QBiMuxStream *stream); // qbimuxstreamapi.cpp
    // After a failed dial: false if a dialFailed() slot deleted or closed the client.
    bool reportDialFailure(const QBiMuxDialError &error);
    void scheduleReconnect(bool afterConnection);
    // Ends dialing, the current connection and the queued calls (failed with `callError`).
    void closeWith(QWebSocketProtocol::CloseCode code, const QString &reason,
                   const QBiMuxStatus &callError);
    std::chrono::milliseconds backoffDelay(int attempt) const;
    void setState(QBiMuxClient::State newState);

    // The muxer to hand a call to now, with `locker` (on `mutex`) unlocked where that is
    // safe; or nullptr while not connected, `locker` still locked.
    QBiMuxerPrivate *connectedMuxer(QMutexLocker<QMutex> &locker);
    // Why a call or message cannot wait for a connection (closed, FailFast, too large, the
    // queue full), with `mutex` held; or std::nullopt.
    std::optional<QBiMuxStatus> refuseToQueue(const QByteArray &data,
                                              const QBiMuxCallOptions &options, bool oneway) const;

    // The queue. enqueue() runs in any thread with `mutex` held; the rest in the client's.
    void enqueue(QMutexLocker<QMutex> &locker, QueuedCall &&call);
    void eraseQueued(std::map<quint64, QueuedCall>::iterator it);
    std::map<quint64, QueuedCall> takeQueue();
    void requestAdoption();
    void adoptQueued();
    void armQueueTimer();
    void onQueueTimer();
    void onCallerCancelled(quint64 key);
    // False if a continuation deleted the client.
    bool flushQueue(QBiMuxer *muxer);
    // Hands a sent call over to the muxer's future; returns it if that already ended, for
    // the caller to complete once it is done with the client.
    std::optional<ForwardedCall> forward(quint64 key, QFuture<QByteArray> inner, QueuedCall &&call);
    void onForwardedFinished(quint64 key);
    void drainForwarded();
    static void complete(ForwardedCall &call);
    static void fail(QueuedCall &call, const QBiMuxStatus &status);
    // Fails a call whose timeout ran out before there was a connection to send it on.
    static void failTooLate(QueuedCall &call);
    std::unique_ptr<QFutureWatcher<QByteArray>> watchForCancel(quint64 key,
                                                               const QFuture<QByteArray> &future);

    QNetworkRequest request; // as given to open()
    QBiMuxClient::RequestFactory requestFactory;
    // While the factory makes a request; deleted by close().
    QFutureWatcher<QNetworkRequest> *requestWatcher = nullptr;
#ifndef QT_NO_SSL
    std::optional<QSslConfiguration> sslConfiguration;
#endif
    std::atomic<bool> retryOnAuthenticationFailure {false};
    // Why the current dial failed, as its muxer said.
    std::optional<QBiMuxDialError> dialError;
    QList<QBiMuxObserver *> observers;
    QTimer *reconnectTimer = nullptr;
    QTimer *queueTimer = nullptr;

    // Backoff state, in the client's thread.
    int attempt = 0;
    bool muxerWasOpen = false;
    QElapsedTimer connectedFor;

    std::atomic<qint64> initialReconnectDelayMs {DefaultInitialReconnectDelay.count()};
    std::atomic<qint64> maxReconnectDelayMs {DefaultMaxReconnectDelay.count()};
    std::atomic<double> reconnectMultiplier {DefaultReconnectMultiplier};
    std::atomic<double> reconnectJitter {DefaultReconnectJitter};
    std::atomic<qint64> stableConnectionTimeMs {DefaultStableConnectionTime.count()};
    std::atomic<QBiMux::OfflinePolicy> offlinePolicy {QBiMux::OfflinePolicy::Queue};
    std::atomic<int> maxQueuedCalls {DefaultMaxQueuedCalls};
    std::atomic<int> maxQueuedMessages {DefaultMaxQueuedMessages};
    std::atomic<bool> adoptionRequested {false};

    // `mutex` (QBiMuxEndpointPrivate) guards what rpc() and send() read from other
    // threads: state, muxer, queue and its counts, id. Never held while a future is
    // finished, since its continuations may call back in.
    QBiMuxClient::State state = QBiMuxClient::State::Disconnected;
    // Only the client's thread changes it, and clears it before deleting the muxer, so
    // another thread may use the muxer while it holds `mutex`.
    QBiMuxer *muxer = nullptr;
    std::map<quint64, QueuedCall> queue; // in the order the calls were made
    int queuedCalls = 0;
    int queuedMessages = 0;
    quint64 lastKey = 0;

    // In the client's thread only.
    std::map<quint64, ForwardedCall> forwarded;
};

#endif // QBIMUXCLIENT_P_H
