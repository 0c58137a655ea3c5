// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "qbimuxserver.h"
#include "qbimuxserver_p.h"

#include "qbimuxhandshakebudget_p.h"

// QBiMuxServer's admission: who gets in (the checks each handshake passes, the
// authenticator, the bounds on connections and on handshakes in progress). The gate that
// runs them for each peer is QBiMuxHandshakeGate.

std::optional<QBiMuxAdmission> QBiMuxServerPrivate::refusalLocked() const
{
    if (shuttingDown)
        return QBiMuxAdmission::reject(503, QBiMuxServer::tr("the server is shutting down"));
    if (maxConnections > 0 && muxers.size() >= maxConnections) {
        return QBiMuxAdmission::reject(
            503,
            QBiMuxServer::tr("the server holds %1 connections, its limit").arg(maxConnections));
    }
    return std::nullopt;
}

QFuture<QBiMuxAdmission> QBiMuxServerPrivate::admit(const QBiMuxHandshake &handshake)
{
    const QString requestedPath = handshake.requestUrl().path();
    if (requestedPath != path) {
        return QtFuture::makeReadyFuture(
            QBiMuxAdmission::reject(404, QBiMuxServer::tr("unknown path %1").arg(requestedPath)));
    }
    QBiMuxServer::Authenticator currentAuthenticator;
    {
        QMutexLocker locker(&mutex);
        if (std::optional<QBiMuxAdmission> refusal = refusalLocked())
            return QtFuture::makeReadyFuture(std::move(*refusal));
        // Browsers send an Origin; other clients mostly do not, and a list of allowed
        // origins guards against web pages, not against them.
        const QString origin = handshake.origin();
        if (!allowedOrigins.isEmpty() && !origin.isEmpty() && !allowedOrigins.contains(origin)) {
            return QtFuture::makeReadyFuture(QBiMuxAdmission::reject(
                403, QBiMuxServer::tr("origin %1 is not allowed").arg(origin)));
        }
        currentAuthenticator = authenticator;
    }
    if (!currentAuthenticator)
        return QtFuture::makeReadyFuture(QBiMuxAdmission::admit());
    try {
        return currentAuthenticator(handshake);
    } catch (...) {
        // A server-side fault, not the peer's: a client may try again.
        return QtFuture::makeReadyFuture(
            QBiMuxAdmission::reject(500, QBiMuxServer::tr("the authenticator failed")));
    }
}

QBiMuxAdmission QBiMuxServerPrivate::confirm(const QBiMuxAdmission &answer)
{
    // The authenticator may have taken its time, during which the server may have
    // started shutting down or filled up.
    QMutexLocker locker(&mutex);
    return refusalLocked().value_or(answer);
}

/*!
    \fn template<typename Functor> void QBiMuxServer::setAuthenticator(Functor &&authenticator)
    Sets \a authenticator as the hook that decides, for each handshake, whether the peer may connect: a
    function that takes the QBiMuxHandshake (headers, query, peer address, TLS) and
    returns a QBiMuxAdmission, either at once or, for a check that takes time (a
    database, an authentication service), as a QFuture<QBiMuxAdmission> that may be
    finished later from any thread. A function of (const QBiMuxHandshake &, QString
    *reason) returning bool works too: true admits, false rejects with HTTP 401 and the
    text put in \a reason. nullptr removes the hook.

    It runs in the connection's thread (a worker thread when there are any, so it must
    be thread-safe then) after the TLS handshake and before the WebSocket handshake is
    answered. A rejected peer gets the admission's HTTP status and reason and never gets
    an open WebSocket. An admitted one becomes a QBiMuxer whose
    QBiMuxer::peerIdentity() is the admission's, before newConnection().

    While an answer is awaited the thread serves other connections; the waiting peer
    keeps its place among maxPendingHandshakes(). handshakeTimeout() bounds the wait: a
    peer still waiting then gets HTTP 503, and an answer that comes afterwards, or after
    the peer left, is dropped. An authenticator that throws, or whose future fails or is
    cancelled, answers HTTP 500 (a client dials again later); the server's own checks
    (shutting down, connection limit) are made again once the answer is there.
*/
void QBiMuxServer::setAuthenticatorImpl(Authenticator authenticator)
{
    Q_D(QBiMuxServer);
    QMutexLocker locker(&d->mutex);
    d->authenticator = std::move(authenticator);
}

/*!
    Admits only handshakes whose Origin header is one of \a origins (e.g.
    \c{https://app.example.com}); others get HTTP 403. Browsers always send an Origin, so
    this keeps foreign web pages out; a handshake without one (most non-browser clients)
    is not affected, which is why it is no substitute for setAuthenticator().
*/
void QBiMuxServer::setAllowedOrigins(const QStringList &origins)
{
    Q_D(QBiMuxServer);
    QMutexLocker locker(&d->mutex);
    d->allowedOrigins = origins;
}

/*!
    Returns the browser origins allowed to connect; empty (the default) allows any.
*/
QStringList QBiMuxServer::allowedOrigins() const
{
    Q_D(const QBiMuxServer);
    QMutexLocker locker(&d->mutex);
    return d->allowedOrigins;
}

/*!
    Limits the connections the server holds at once to \a connections; a peer beyond it
    is answered HTTP 503 before its WebSocket opens (a QBiMuxClient dials again later). 0
    (the default) means no limit. Thread-safe; connections already open are not closed.
*/
void QBiMuxServer::setMaxConnections(int connections)
{
    Q_D(QBiMuxServer);
    QMutexLocker locker(&d->mutex);
    d->maxConnections = std::max(connections, 0);
}

/*!
    Returns the limit on connections held at once (0 unless set: no limit).
*/
int QBiMuxServer::maxConnections() const
{
    Q_D(const QBiMuxServer);
    QMutexLocker locker(&d->mutex);
    return d->maxConnections;
}

/*!
    Limits the handshakes in progress to \a handshakes (512 unless set; 0: no limit). A
    handshake is in progress from the moment its TCP connection is accepted until the
    peer is admitted or turned away, and lasts at most handshakeTimeout(); each holds a
    socket. A connection beyond the limit is closed at once, with an HTTP 503 answer
    unless the server speaks TLS, so that peers which connect and say nothing (or an
    authenticator that answers slowly) hold at most this many file descriptors, however
    many of them there are. Connections that are open already are not affected.
*/
void QBiMuxServer::setMaxPendingHandshakes(int handshakes)
{
    d_func()->handshakeBudget->maxTotal = std::max(handshakes, 0);
}

/*!
    Returns the limit on handshakes in progress (512 unless set; 0: no limit).
*/
int QBiMuxServer::maxPendingHandshakes() const
{
    return d_func()->handshakeBudget->maxTotal;
}

/*!
    Limits the handshakes in progress from one peer address to \a handshakes (32 unless
    set; 0: no limit) once more than half of maxPendingHandshakes() are taken, so that a
    flood from one address leaves the other half of the places to everyone else. While
    the server has room an address may hold more: a burst of dials from one NAT or one
    test machine is not turned away on a quiet server. An IPv6 peer counts with its /64
    network. Without a limit on all handshakes, this one always applies.
*/
void QBiMuxServer::setMaxPendingHandshakesPerAddress(int handshakes)
{
    d_func()->handshakeBudget->maxPerAddress = std::max(handshakes, 0);
}

/*!
    Returns the limit on handshakes in progress from one address once the server is half
    full (32 unless set; 0: no limit).
*/
int QBiMuxServer::maxPendingHandshakesPerAddress() const
{
    return d_func()->handshakeBudget->maxPerAddress;
}

/*!
    Returns how many handshakes are in progress. Thread-safe.
*/
int QBiMuxServer::pendingHandshakeCount() const
{
    return d_func()->handshakeBudget->count();
}
