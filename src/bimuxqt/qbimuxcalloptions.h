// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef QBIMUXCALLOPTIONS_H
#define QBIMUXCALLOPTIONS_H

#include "bimuxqt_global.h"
#include "qbimuxnamespace.h"

#include <QtCore/qbytearray.h>
#include <QtCore/qdeadlinetimer.h>
#include <QtCore/qmap.h>
#include <QtCore/qmetatype.h>
#include <QtCore/qshareddata.h>

#include <chrono>
#include <optional>

QT_BEGIN_NAMESPACE
class QDebug;
QT_END_NAMESPACE

// Key -> value pairs that travel with a request or a oneway message (the additive
// `metadata` field, which a plain bimux peer skips). Keys are UTF-8, values any bytes.
// A map, not a QHash: metadata has a handful of entries, and a QHash walks all its
// buckets (at least 128) on every iteration and destruction, which the encoder and the
// validation do per call (bench metadata16_64: +8,900 instructions per call with a
// QHash for one entry). Sorted keys also make the encoding deterministic.
using QBiMuxMetadata = QMap<QByteArray, QByteArray>;

class QBiMuxCallOptionsPrivate;

// The options of one rpc() or send(): a timeout or a deadline, metadata, and what to do
// while offline. Implicitly shared; default-constructed options cost nothing.
class BIMUXQT_EXPORT QBiMuxCallOptions final
{
public:
    QBiMuxCallOptions() noexcept;
    QBIMUX_DECLARE_VALUE_MEMBERS(QBiMuxCallOptions)

    void swap(QBiMuxCallOptions &other) noexcept { d.swap(other.d); }

    // One of the two: the last one set wins. Neither: the connection's default timeout.
    QBiMuxCallOptions &setTimeout(std::chrono::milliseconds timeout);
    std::optional<std::chrono::milliseconds> timeout() const;
    QBiMuxCallOptions &setDeadline(QDeadlineTimer deadline);
    std::optional<QDeadlineTimer> deadline() const;

    QBiMuxCallOptions &setMetadata(const QBiMuxMetadata &metadata);
    QBiMuxCallOptions &addMetadata(const QByteArray &key, const QByteArray &value);
    QBiMuxMetadata metadata() const;

    // Unset: the client's QBiMuxClient::offlinePolicy(); a QBiMuxer queues while opening.
    QBiMuxCallOptions &setOfflinePolicy(QBiMux::OfflinePolicy policy);
    std::optional<QBiMux::OfflinePolicy> offlinePolicy() const;

    friend BIMUXQT_EXPORT bool operator==(const QBiMuxCallOptions &a, const QBiMuxCallOptions &b);
    friend bool operator!=(const QBiMuxCallOptions &a, const QBiMuxCallOptions &b)
    {
        return !(a == b);
    }

private:
    friend class QBiMuxCallOptionsPrivate;
    QExplicitlySharedDataPointer<QBiMuxCallOptionsPrivate> d;
};

Q_DECLARE_SHARED(QBiMuxCallOptions)

#ifndef QT_NO_DEBUG_STREAM
BIMUXQT_EXPORT QDebug operator<<(QDebug debug, const QBiMuxCallOptions &options);
#endif

Q_DECLARE_METATYPE(QBiMuxCallOptions)

#endif // QBIMUXCALLOPTIONS_H
