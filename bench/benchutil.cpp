// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "benchutil.h"

#include <QtCore/qcoreapplication.h>
#include <QtCore/qelapsedtimer.h>
#include <QtCore/qeventloop.h>
#include <QtCore/qfile.h>
#include <QtCore/qtimer.h>

#include <malloc.h>
#include <sched.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>

namespace BenchUtil {

qint64 raiseFileLimit()
{
    rlimit limit {};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return -1;
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
    getrlimit(RLIMIT_NOFILE, &limit);
    return qint64(limit.rlim_cur);
}

qint64 residentBytes(qint64 pid)
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:")) {
            // "VmRSS:     12345 kB"
            const QList<QByteArray> parts = line.simplified().split(' ');
            if (parts.size() >= 2)
                return parts.at(1).toLongLong() * 1024;
        }
    }
    return -1;
}

bool waitUntil(const std::function<bool()> &condition, int timeoutMs)
{
    if (condition())
        return true;
    QEventLoop loop;
    QElapsedTimer elapsed;
    elapsed.start();
    // A poll every 5 ms is noise next to the traffic (each wake-up polls every socket,
    // which matters with thousands of them) and keeps the condition
    // free of any signal plumbing.
    QTimer poll;
    poll.setInterval(5);
    bool met = false;
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        met = condition();
        if (met || elapsed.hasExpired(timeoutMs))
            loop.quit();
    });
    poll.start();
    loop.exec();
    return met || condition();
}

void sleepWithEvents(int ms)
{
    QElapsedTimer elapsed;
    elapsed.start();
    waitUntil([&] { return elapsed.hasExpired(ms); }, ms + 1000);
}

qint64 nowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

double quantile(std::vector<qint64> &samples, double q)
{
    if (samples.empty())
        return 0;
    const size_t index = std::min(samples.size() - 1, size_t(q * double(samples.size())));
    std::nth_element(samples.begin(), samples.begin() + qsizetype(index), samples.end());
    return double(samples[index]);
}

double median(QList<double> values)
{
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    const qsizetype n = values.size();
    return n % 2 ? values.at(n / 2) : (values.at(n / 2 - 1) + values.at(n / 2)) / 2;
}

bool pinToCpu(int cpu)
{
    cpu_set_t set;
    CPU_ZERO(&set);
    if (cpu >= 0) {
        CPU_SET(cpu, &set);
    } else {
        // The kernel ignores CPUs that do not exist.
        for (int i = 0; i < CPU_SETSIZE; ++i)
            CPU_SET(i, &set);
    }
    return sched_setaffinity(0, sizeof(set), &set) == 0;
}

bool keepHeap()
{
    constexpr int TrimThreshold = 256 * 1024 * 1024;
    // The largest mmap threshold glibc accepts on 64-bit systems.
    constexpr int MmapThreshold = 32 * 1024 * 1024;
    constexpr int TopPad = 16 * 1024 * 1024;
    return mallopt(M_TRIM_THRESHOLD, TrimThreshold) == 1
        && mallopt(M_MMAP_THRESHOLD, MmapThreshold) == 1 && mallopt(M_TOP_PAD, TopPad) == 1;
}

int onlineCpus()
{
    return int(sysconf(_SC_NPROCESSORS_ONLN));
}

void spendCpu(int rounds)
{
    static constexpr char block[64] = "a block of 64 bytes that every busy handler hashes again";
    static std::atomic<quint64> sink {0};
    quint64 hash = 14695981039346656037ULL;
    for (int round = 0; round < rounds; ++round) {
        for (char byte : block) {
            hash ^= quint8(byte);
            hash *= 1099511628211ULL;
        }
    }
    sink.store(hash, std::memory_order_relaxed);
}

double loadAverage()
{
    double load[1] = {0};
    return getloadavg(load, 1) == 1 ? load[0] : -1;
}

} // namespace BenchUtil
