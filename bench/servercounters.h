// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef SERVERCOUNTERS_H
#define SERVERCOUNTERS_H

#include <QtCore/qbytearray.h>

#include <atomic>

// What a bench server (BiMuxQt or raw) counts, for the client's "reset" and "stats"
// commands. Atomic: with worker threads, connections count in several threads. The raw
// and the BiMuxQt server count the same things the same way, so the cost is equal.
struct ServerCounters
{
    std::atomic<qint64> received {0}; // oneway messages, or reads of stream data
    std::atomic<qint64> receivedBytes {0}; // their bytes
    std::atomic<qint64> firstReceivedNs {0};
    std::atomic<qint64> lastReceivedNs {0};
    std::atomic<qint64> echoed {0}; // calls answered
    std::atomic<int> connections {0};

    void noteReceived(qint64 bytes);
    // Also the span callgrind measures, when the server runs under it.
    void reset();
    QByteArray statsJson();
};

#endif // SERVERCOUNTERS_H
