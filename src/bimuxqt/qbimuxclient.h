// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef QBIMUXCLIENT_H
#define QBIMUXCLIENT_H

#include "bimuxqt_global.h"
#include "qbimuxasyncfunction.h"
#include "qbimuxchannel.h"

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
    return makeAsyncFunction<QNetworkRequest, QNetworkRequest>(std::forward<Functor>(functor));
}

} // namespace QBiMuxDetail

class BIMUXQT_EXPORT QBiMuxClient : public QBiMuxChannel
{
    Q_OBJECT
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
    // The muxer of the current connection or dial, or nullptr. Use it in the client's
    // thread only; it is deleted (later) once its connection ends.
    QBiMuxer *currentMuxer() const;

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

    // The offline queue (see the class documentation). Thread-safe.
    QBiMux::OfflinePolicy offlinePolicy() const;
    void setOfflinePolicy(QBiMux::OfflinePolicy policy);
    int maxQueuedCalls() const;
    void setMaxQueuedCalls(int calls);
    int maxQueuedMessages() const;
    void setMaxQueuedMessages(int messages);
    int queuedCallCount() const;
    int queuedMessageCount() const;

Q_SIGNALS:
    void stateChanged(QBiMuxClient::State state);
    void reconnectScheduled(int attempt, std::chrono::milliseconds delay);

private:
    void setRequestFactoryImpl(RequestFactory factory);

    Q_DECLARE_PRIVATE(QBiMuxClient)
    Q_DISABLE_COPY(QBiMuxClient)
};

#endif // QBIMUXCLIENT_H
