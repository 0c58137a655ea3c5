// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef QBIMUXADMISSION_H
#define QBIMUXADMISSION_H

#include "bimuxqt_global.h"
#include "qbimuxasyncfunction.h"
#include "qbimuxhandshake.h"

#include <QtCore/qfuture.h>
#include <QtCore/qshareddata.h>
#include <QtCore/qstring.h>
#include <QtCore/qvariant.h>

#include <cstddef>
#include <functional>
#include <type_traits>

class QBiMuxAdmissionPrivate;

// A QBiMuxServer authenticator's answer to one handshake: the peer is admitted, with what
// the server knows it as from now on (QBiMuxer::peerIdentity()), or turned away with an
// HTTP status and a reason.
class BIMUXQT_EXPORT QBiMuxAdmission
{
public:
    // Not admitted: HTTP 401 without a reason.
    QBiMuxAdmission();
    QBIMUX_DECLARE_VALUE_MEMBERS(QBiMuxAdmission)

    static QBiMuxAdmission admit(const QVariant &peerIdentity = QVariant());
    // `httpStatus` is 400 to 599 (others become 401); `reason` is the answer's body.
    static QBiMuxAdmission reject(int httpStatus = 401, const QString &reason = QString());

    bool isAdmitted() const;
    // 0 if admitted.
    int httpStatus() const;
    QString reason() const;
    QVariant peerIdentity() const;

private:
    QSharedDataPointer<QBiMuxAdmissionPrivate> d;
};

namespace QBiMuxDetail {

using Authenticator = std::function<QFuture<QBiMuxAdmission>(const QBiMuxHandshake &)>;

// Turns what a user passes to QBiMuxServer::setAuthenticator() into an Authenticator.
// Accepted functors take `const QBiMuxHandshake &` and return QBiMuxAdmission (an answer
// now) or QFuture<QBiMuxAdmission> (an answer later), or take (const QBiMuxHandshake &,
// QString *reason) and return bool (true admits; false answers 401 with *reason).
template<typename Functor> Authenticator makeAuthenticator(Functor &&functor)
{
    using F = std::decay_t<Functor>;
    if constexpr (std::is_invocable_r_v<bool, F &, const QBiMuxHandshake &, QString *>) {
        return [f = F(std::forward<Functor>(functor))](const QBiMuxHandshake &handshake) mutable {
            QString reason;
            const bool admitted = f(handshake, &reason);
            return QtFuture::makeReadyFuture(admitted ? QBiMuxAdmission::admit()
                                                      : QBiMuxAdmission::reject(401, reason));
        };
    } else {
        return makeAsyncFunction<QBiMuxAdmission, QBiMuxHandshake>(std::forward<Functor>(functor));
    }
}

} // namespace QBiMuxDetail

#endif // QBIMUXADMISSION_H
