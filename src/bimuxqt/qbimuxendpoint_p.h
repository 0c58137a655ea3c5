// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef QBIMUXENDPOINT_P_H
#define QBIMUXENDPOINT_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the BiMuxQt API. It may change from version to version
// without notice, or even be removed.
//

#include "qbimuxendpoint.h"
#include "qbimuxhandlerregistry_p.h"
#include "qbimuxinterceptors_p.h"

#include <QtCore/qmutex.h>

#include <memory>

// What QBiMuxerPrivate, QBiMuxClientPrivate and QBiMuxServerPrivate share: the tables a
// QBiMuxEndpoint's public functions fill, and what each class does with a change.
class QBiMuxEndpointPrivate
{
    Q_DECLARE_PUBLIC(QBiMuxEndpoint)

public:
    explicit QBiMuxEndpointPrivate(QBiMuxEndpoint *q)
        : q_ptr(q)
    { }
    virtual ~QBiMuxEndpointPrivate();

    // Called by setSettings() in the caller's thread, after `settings` holds them and
    // without `mutex`: the muxer applies them, a client to its current muxer, a server to
    // its live connections.
    virtual void applySettings(const QBiMuxSettings &settings) = 0;
    virtual void addObserver(QBiMuxObserver *observer) = 0;
    virtual void removeObserver(QBiMuxObserver *observer) = 0;

    QBiMuxSettings currentSettings() const
    {
        QMutexLocker locker(&mutex);
        return settings;
    }
    // Sets `field`, one of the values `mutex` guards, to `value`: false if it held that
    // already, so that a setter tells the rest of the object (or emits) only on a change.
    template<typename T> bool setGuarded(T &field, const T &value)
    {
        QMutexLocker locker(&mutex);
        if (field == value)
            return false;
        field = value;
        return true;
    }

    QBiMuxEndpoint *q_ptr;
    // Shared with the connections of a client or server, which consult their own first.
    const std::shared_ptr<QBiMuxHandlerRegistry> handlers
        = std::make_shared<QBiMuxHandlerRegistry>();
    const std::shared_ptr<QBiMuxInterceptors> interceptors = std::make_shared<QBiMuxInterceptors>();

    // Guards `settings` and whatever else of the object other threads read (each class
    // says what).
    mutable QMutex mutex;
    QBiMuxSettings settings;
};

#endif // QBIMUXENDPOINT_P_H
