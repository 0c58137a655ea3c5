// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "qbimuxclient.h"
#include "qbimuxclient_p.h"

#include "qbimuxer.h"
#include "qbimuxer_p.h"
#include "qbimuxlogging_p.h"
#include "qbimuxobserver.h"
#include "qbimuxredaction_p.h"

#include <QtCore/qmetaobject.h>
#include <QtCore/qpointer.h>
#include <QtCore/qrandom.h>
#include <QtWebSockets/qwebsocket.h>

#include <algorithm>
#include <cmath>

using namespace std::chrono_literals;

// QBiMuxClient's dials: the request of each (requestFactory), a new muxer for it, what
// its connection and its end mean for the client, and the backoff until the next one.
void QBiMuxClientPrivate::dial()
{
    Q_Q(QBiMuxClient);
    if (!requestFactory) {
        dialRequest(request);
        return;
    }
    QFuture<QNetworkRequest> made;
    try {
        made = requestFactory(request);
    } catch (...) {
        QPromise<QNetworkRequest> failed;
        failed.start();
        failed.setException(std::current_exception());
        failed.finish();
        made = failed.future();
    }
    if (made.isFinished()) {
        onRequestMade(made);
        return;
    }
    // Connecting, without a muxer yet: calls queue (or fail fast) as while dialing.
    setState(QBiMuxClient::State::Connecting);
    if (state != QBiMuxClient::State::Connecting)
        return; // a stateChanged() slot closed the client
    requestWatcher = new QFutureWatcher<QNetworkRequest>(q);
    QObject::connect(requestWatcher, &QFutureWatcherBase::finished, q, [this] {
        QFutureWatcher<QNetworkRequest> *watcher = std::exchange(requestWatcher, nullptr);
        watcher->deleteLater();
        onRequestMade(watcher->future());
    });
    requestWatcher->setFuture(made);
}

void QBiMuxClientPrivate::onRequestMade(QFuture<QNetworkRequest> made)
{
    QString why;
    try {
        made.waitForFinished(); // finished already: only rethrows what the factory threw
        if (made.resultCount() > 0) {
            dialRequest(made.result());
            return;
        }
        why = QBiMuxClient::tr("the request factory gave no request");
    } catch (const std::exception &error) {
        why = QBiMuxClient::tr("the request factory failed: %1")
                  .arg(QString::fromLocal8Bit(error.what()));
    } catch (...) {
        why = QBiMuxClient::tr("the request factory failed");
    }
    if (reportDialFailure(QBiMuxDialErrorPrivate::make(QAbstractSocket::UnknownSocketError, why)))
        scheduleReconnect(false);
}

void QBiMuxClientPrivate::dialRequest(const QNetworkRequest &prepared)
{
    Q_Q(QBiMuxClient);
    auto *newMuxer = new QBiMuxer(q);
    // The client's handlers and interceptors, shared by all its muxers as a server's are
    // by its connections.
    QBiMuxerPrivate::get(newMuxer)->inherit(this);
    newMuxer->setSettings(currentSettings());
    newMuxer->setId(q->id());
    for (QBiMuxObserver *observer : std::as_const(observers))
        newMuxer->addObserver(observer);
#ifndef QT_NO_SSL
    if (sslConfiguration)
        newMuxer->socket()->setSslConfiguration(*sslConfiguration);
#endif

    QObject::connect(newMuxer, &QBiMuxer::connected, q,
                     [this, newMuxer] { onMuxerConnected(newMuxer); });
    QObject::connect(newMuxer, &QBiMuxer::dialFailed, q,
                     [this, newMuxer](const QBiMuxDialError &error) {
                         if (newMuxer == muxer)
                             dialError = error;
                     });
    QObject::connect(newMuxer, &QBiMuxer::disconnected, q,
                     [this, newMuxer](QWebSocketProtocol::CloseCode code, const QString &reason) {
                         onMuxerDisconnected(newMuxer, code, reason);
                     });
    QObject::connect(newMuxer, &QBiMuxer::requestReceived, q,
                     [this](const QBiMuxRequest &request) { onRequest(request); });
    QObject::connect(newMuxer, &QBiMuxer::messageReceived, q,
                     [this](const QBiMuxMessage &message) { onMessage(message); });
    QObject::connect(newMuxer, &QBiMuxer::streamReceived, q,
                     [this](QBiMuxStream *stream) { onStream(stream); });

    muxerWasOpen = false;
    dialError.reset();
    {
        QMutexLocker locker(&mutex);
        muxer = newMuxer;
    }
    qCDebug(lcClient) << q << "dialing" << qbimuxRedacted(prepared.url()) << "attempt" << attempt;
    setState(QBiMuxClient::State::Connecting);
    // A stateChanged() slot may have closed the client.
    if (muxer != newMuxer)
        return;
    newMuxer->open(prepared);
}

void QBiMuxClientPrivate::onMuxerConnected(QBiMuxer *connectedMuxer)
{
    Q_Q(QBiMuxClient);
    if (connectedMuxer != muxer)
        return;
    muxerWasOpen = true;
    connectedFor.start();
    qCDebug(lcClient) << q << "connected to" << qbimuxRedacted(request.url()) << "-"
                      << q->queuedCallCount() << "queued call(s) to send";
    // Sent before connected() is emitted, so that they leave before calls made in its slots.
    // A continuation of a queued call may have deleted or closed the client meanwhile.
    if (!flushQueue(connectedMuxer))
        return;
    if (muxer != connectedMuxer || state != QBiMuxClient::State::Connected)
        return;
    emit q->stateChanged(QBiMuxClient::State::Connected);
    emit q->connected();
}

void QBiMuxClientPrivate::onMuxerDisconnected(QBiMuxer *lostMuxer,
                                              QWebSocketProtocol::CloseCode code,
                                              const QString &reason)
{
    Q_Q(QBiMuxClient);
    if (lostMuxer != muxer)
        return;
    const bool wasOpen = muxerWasOpen;
    {
        QMutexLocker locker(&mutex);
        muxer = nullptr;
    }
    QObject::disconnect(lostMuxer, nullptr, q, nullptr);
    // We are in its disconnected() signal: delete it once that returned.
    lostMuxer->deleteLater();
    // Its calls have all failed by now; pass that on before anyone hears of the loss.
    drainForwarded();

    if (wasOpen) {
        qCDebug(lcClient) << q << "disconnected:" << code << reason;
        emit q->disconnected(code, reason);
    } else if (state != QBiMuxClient::State::Closed) {
        const QBiMuxDialError error = std::exchange(dialError, std::nullopt)
                                          .value_or(QBiMuxDialErrorPrivate::make(
                                              QAbstractSocket::UnknownSocketError, reason));
        if (!reportDialFailure(error))
            return;
        // Dialing again with credentials the server refused would not help, and would
        // look like an attack to it.
        if (error.isAuthenticationFailure() && !retryOnAuthenticationFailure) {
            qCWarning(lcClient) << q << "the server refused the credentials:" << error.errorString()
                                << "- not dialing again";
            closeWith(QWebSocketProtocol::CloseCodeNormal, QString(),
                      QBiMuxStatus(error.httpStatus() == 403 ? QBiMux::StatusCode::PermissionDenied
                                                             : QBiMux::StatusCode::Unauthenticated,
                                   error.errorString()));
            return;
        }
    }
    if (state == QBiMuxClient::State::Closed)
        return; // close() is under way
    scheduleReconnect(wasOpen);
}

bool QBiMuxClientPrivate::reportDialFailure(const QBiMuxDialError &error)
{
    Q_Q(QBiMuxClient);
    qCDebug(lcClient) << q << "dial to" << qbimuxRedacted(request.url())
                      << "failed:" << error.errorString();
    const QPointer<QBiMuxClient> alive(q);
    emit q->dialFailed(error);
    return alive && state != QBiMuxClient::State::Closed;
}

void QBiMuxClientPrivate::onRequest(const QBiMuxRequest &request)
{
    Q_Q(QBiMuxClient);
    // The muxer emits requestReceived() because the client listens; answer as a muxer
    // nobody listens to would.
    if (q->isSignalConnected(QMetaMethod::fromSignal(&QBiMuxChannel::requestReceived))) {
        emit q->requestReceived(request);
        return;
    }
    request.fail(QBiMux::StatusCode::Unimplemented,
                 QBiMuxClient::tr("no handler for route %1").arg(request.route()));
}

void QBiMuxClientPrivate::onMessage(const QBiMuxMessage &message)
{
    Q_Q(QBiMuxClient);
    if (q->isSignalConnected(QMetaMethod::fromSignal(&QBiMuxChannel::messageReceived))) {
        emit q->messageReceived(message);
        return;
    }
    qCWarning(lcClient) << q << "no handler for oneway message on route" << message.route()
                        << "- dropped" << message.data().size() << "bytes";
}

void QBiMuxClientPrivate::scheduleReconnect(bool afterConnection)
{
    Q_Q(QBiMuxClient);
    if (afterConnection && connectedFor.isValid()
        && connectedFor.elapsed() >= stableConnectionTimeMs.load()) {
        attempt = 0;
    }
    ++attempt;
    const std::chrono::milliseconds delay = backoffDelay(attempt);
    qCDebug(lcClient) << q << "dialing again in" << delay.count() << "ms, attempt" << attempt;
    reconnectTimer->start(delay);
    setState(QBiMuxClient::State::BackingOff);
    // A stateChanged() slot may have closed the client.
    if (state == QBiMuxClient::State::BackingOff)
        emit q->reconnectScheduled(attempt, delay);
}

std::chrono::milliseconds QBiMuxClientPrivate::backoffDelay(int attemptNumber) const
{
    const double initial = double(initialReconnectDelayMs.load());
    const double max = double(std::max(maxReconnectDelayMs.load(), initialReconnectDelayMs.load()));
    if (initial <= 0)
        return 0ms;
    // pow() of a large attempt count overflows to infinity, which min() turns into max.
    const double growth = std::pow(reconnectMultiplier.load(), std::max(attemptNumber - 1, 0));
    double delay = std::min(initial * growth, max);
    const double jitter = reconnectJitter.load();
    if (jitter > 0) {
        const double spread = 2 * QRandomGenerator::global()->generateDouble() - 1; // [-1, 1)
        delay = std::clamp(delay * (1 + jitter * spread), 0.0, max);
    }
    return std::chrono::milliseconds(qint64(std::llround(delay)));
}
