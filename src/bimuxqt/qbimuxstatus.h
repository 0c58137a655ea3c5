// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef QBIMUXSTATUS_H
#define QBIMUXSTATUS_H

#include "bimuxqt_global.h"
#include "qbimuxnamespace.h"

#include <QtCore/qmetatype.h>
#include <QtCore/qobjectdefs.h>
#include <QtCore/qstring.h>

QT_BEGIN_NAMESPACE
class QDebug;
QT_END_NAMESPACE

// The outcome of a call: a code, a message and which side decided it. A value: Ok for a
// call that succeeded, as the reply-handler form of rpc() and interceptors see it;
// QBiMuxError is what a QFuture fails with and is never Ok.
class BIMUXQT_EXPORT QBiMuxStatus
{
    Q_GADGET

public:
    // Local: this side decided (a timeout, a disconnect, a limit, an interceptor).
    // Remote: the peer answered with it.
    enum class Origin { Local, Remote };
    Q_ENUM(Origin)

    // Ok, Local.
    QBiMuxStatus() noexcept = default;
    QBiMuxStatus(QBiMux::StatusCode code, const QString &message = QString(),
                 Origin origin = Origin::Local);

    QBiMux::StatusCode code() const noexcept { return m_code; }
    QString message() const { return m_message; }
    Origin origin() const noexcept { return m_origin; }
    bool isOk() const noexcept { return m_code == QBiMux::StatusCode::Ok; }
    bool isRemote() const noexcept { return m_origin == Origin::Remote; }

    void swap(QBiMuxStatus &other) noexcept
    {
        std::swap(m_code, other.m_code);
        m_message.swap(other.m_message);
        std::swap(m_origin, other.m_origin);
    }

    friend bool operator==(const QBiMuxStatus &a, const QBiMuxStatus &b) noexcept
    {
        return a.m_code == b.m_code && a.m_origin == b.m_origin && a.m_message == b.m_message;
    }
    friend bool operator!=(const QBiMuxStatus &a, const QBiMuxStatus &b) noexcept
    {
        return !(a == b);
    }

private:
    // No d-pointer: a status is made for every call of the reply-handler form, and an Ok
    // one costs nothing to make this way.
    QBiMux::StatusCode m_code = QBiMux::StatusCode::Ok;
    QString m_message;
    Origin m_origin = Origin::Local;
};

Q_DECLARE_SHARED(QBiMuxStatus)

#ifndef QT_NO_DEBUG_STREAM
// QBiMuxStatus(NotFound, "no sensor", Remote)
BIMUXQT_EXPORT QDebug operator<<(QDebug debug, const QBiMuxStatus &status);
#endif

Q_DECLARE_METATYPE(QBiMuxStatus)

#endif // QBIMUXSTATUS_H
