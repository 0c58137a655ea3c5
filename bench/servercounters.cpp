// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "servercounters.h"

#include "benchutil.h"

#include <QtCore/qjsondocument.h>
#include <QtCore/qjsonobject.h>

#include "profiling.h"

void ServerCounters::noteReceived(qint64 bytes)
{
    const qint64 now = BenchUtil::nowNs();
    receivedBytes.fetch_add(bytes, std::memory_order_relaxed);
    if (received.fetch_add(1, std::memory_order_relaxed) == 0)
        firstReceivedNs.store(now, std::memory_order_relaxed);
    lastReceivedNs.store(now, std::memory_order_relaxed);
}

void ServerCounters::reset()
{
    received = 0;
    receivedBytes = 0;
    firstReceivedNs = 0;
    lastReceivedNs = 0;
    echoed = 0;
    // No-ops unless the server runs under valgrind --tool=callgrind: then the profile
    // covers exactly the traffic between the client's reset and stats commands.
    BENCH_PROFILE_ZERO();
}

QByteArray ServerCounters::statsJson()
{
    BENCH_PROFILE_DUMP("server: reset to stats");
    const qint64 count = received.load();
    // A span from the first to the last message; one message counts as a nanosecond, so
    // that a rate is still defined.
    const qint64 span = count ? std::max<qint64>(1, lastReceivedNs - firstReceivedNs) : 0;
    const QJsonObject stats {{QStringLiteral("received"), double(count)},
                             {QStringLiteral("receivedBytes"), double(receivedBytes.load())},
                             {QStringLiteral("spanNs"), double(span)},
                             {QStringLiteral("echoed"), double(echoed.load())},
                             {QStringLiteral("connections"), connections.load()}};
    return QJsonDocument(stats).toJson(QJsonDocument::Compact);
}
