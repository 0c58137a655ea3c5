// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef QBIMUXCALLOPTIONS_P_H
#define QBIMUXCALLOPTIONS_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the BiMuxQt API. It may change from version to version
// without notice, or even be removed.
//

#include "qbimuxcalloptions.h"
#include "qbimuxtime_p.h"

#include <QtCore/qshareddata.h>

class QBiMuxCallOptionsPrivate : public QSharedData
{
public:
    std::optional<std::chrono::milliseconds> timeout;
    std::optional<QDeadlineTimer> deadline;
    QBiMuxMetadata metadata;
    std::optional<QBiMux::OfflinePolicy> offlinePolicy;

    // Read without a detach, from the options of any call: null for default options.
    static const QBiMuxCallOptionsPrivate *get(const QBiMuxCallOptions &options)
    {
        return options.d.data();
    }
    static bool hasMetadata(const QBiMuxCallOptions &options)
    {
        return options.d && !options.d->metadata.isEmpty();
    }
    static QBiMux::OfflinePolicy effectiveOfflinePolicy(const QBiMuxCallOptions &options,
                                                        QBiMux::OfflinePolicy fallback)
    {
        return options.d && options.d->offlinePolicy ? *options.d->offlinePolicy : fallback;
    }
    // Why `metadata` cannot go on the wire (more than a frame may carry, or a key that is
    // not UTF-8, which a protobuf peer would take for a broken frame), or an empty string.
    static QString metadataProblem(const QBiMuxMetadata &metadata);
};

// When a call with these options gives up, from now: its deadline if it has one, else
// its timeout or `defaultTimeout`. std::nullopt: never (a timeout of zero or less, or of
// 100 years or more, or QDeadlineTimer::Forever).
struct QBiMuxCallBudget
{
    // What goes on the wire as the request's timeout_ms, counted from now.
    std::chrono::milliseconds timeout {0};
    std::optional<QBiMuxTime::Clock::time_point> deadline;

    // A deadline that has passed already: the call fails without being sent.
    bool isExpired() const { return deadline && timeout <= std::chrono::milliseconds::zero(); }

    static QBiMuxCallBudget of(const QBiMuxCallOptions &options,
                               std::chrono::milliseconds defaultTimeout,
                               QBiMuxTime::Clock::time_point now = QBiMuxTime::Clock::now());
};

#endif // QBIMUXCALLOPTIONS_P_H
