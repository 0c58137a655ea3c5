// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef BENCHUTIL_H
#define BENCHUTIL_H

#include <QtCore/qglobal.h>
#include <QtCore/qlist.h>

#include <functional>
#include <vector>

namespace BenchUtil {

// Both processes hold thousands of sockets; the soft limit (often 1024) would cap them.
// Returns the new soft limit.
qint64 raiseFileLimit();

// VmRSS of `pid` in bytes, from /proc/<pid>/status; -1 if it cannot be read.
qint64 residentBytes(qint64 pid);

// Runs the event loop until `condition` holds or `timeoutMs` passed; true if it holds.
// Only for the top level of the client: never from inside a socket's signal.
bool waitUntil(const std::function<bool()> &condition, int timeoutMs);
void sleepWithEvents(int ms);

// Monotonic nanoseconds, the one clock every latency in the benchmark is taken with.
qint64 nowNs();

// The q-quantile (0..1) of `samples`, which it partially sorts; 0 if empty.
double quantile(std::vector<qint64> &samples, double q);
double median(QList<double> values);

// Pins the calling process (and the threads it starts later) to `cpu`, or lets it run
// on every CPU again if `cpu` is negative. Async-signal-safe, so that a child process
// can call it between fork and exec. False if the kernel refused.
bool pinToCpu(int cpu);
// The machine's CPUs; unlike QThread::idealThreadCount(), not only those the process is
// pinned to.
int onlineCpus();

// A handler's stand-in for work of its own: hashes a fixed block of 64 bytes `rounds`
// times (FNV-1a), about 0.08 µs per round on the development machine. The same work
// whatever the message, so that servers that see different bytes (a whole WebSocket
// message, a bimux payload) do the same. The result goes to an atomic, so that the
// compiler keeps the work.
void spendCpu(int rounds);

// Makes glibc keep memory the process frees instead of handing it back to the kernel
// (mallopt: trim and mmap thresholds, top pad). By default it trims the heap when more
// than 128 KiB are free at its top and maps blocks of 128 KiB and more on their own, so
// traffic of 16 KiB messages gives pages back and faults them in again on every few
// calls; on a VM where a page fault is expensive that costs more than the messages
// themselves (docs/performance.md). False if glibc refused a setting.
bool keepHeap();

// The 1-minute load average, to say under what conditions numbers were taken.
double loadAverage();

} // namespace BenchUtil

#endif // BENCHUTIL_H
