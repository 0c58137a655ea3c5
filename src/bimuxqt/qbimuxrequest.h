// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef QBIMUXREQUEST_H
#define QBIMUXREQUEST_H

#include "bimuxqt_global.h"
#include "qbimuxcalloptions.h"
#include "qbimuxerror.h"

#include <QtCore/qdeadlinetimer.h>
#include <QtCore/qfuture.h>
#include <QtCore/qmetatype.h>
#include <QtCore/qshareddata.h>
#include <QtCore/qvariant.h>

#include <functional>

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
    // What the caller sent along (QBiMuxCallOptions::metadata()); empty from a plain bimux
    // peer.
    QBiMuxMetadata metadata() const;
    // The muxer the request arrived on (to tell callers apart in a server-wide handler by
    // its id(), or to call back), or nullptr once that muxer is destroyed. Use the pointer
    // in the muxer's thread; from other threads it may be destroyed meanwhile.
    QBiMuxer *muxer() const;
    // What the server's authenticator admitted the caller as (QBiMuxer::peerIdentity()).
    // Unlike muxer(), safe from any thread, also once the muxer is gone.
    QVariant peerIdentity() const;

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
    friend class QBiMuxIncomingRequests;
    friend class QBiMuxInterception;
    explicit QBiMuxRequest(QBiMuxRequestPrivate *d) noexcept;
    QExplicitlySharedDataPointer<QBiMuxRequestPrivate> d;
};

Q_DECLARE_METATYPE(QBiMuxRequest)

#endif // QBIMUXREQUEST_H
