// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

// bimuxqt-qtfuturecost: what Qt's own QFuture machinery costs per call on this machine,
// without any socket or BiMuxQt code, as the floor under the QFuture form of
// QBiMuxer::rpc(). Each "call" is what that form does with Qt: a QPromise<QByteArray> made,
// its future given a then(QtFuture::Launch::Sync) continuation, later a QByteArray result
// added and the promise finished (which runs the continuation), then the promise
// destroyed; `inflight` promises are outstanding at a time, as in the rpc shapes. The
// same cycle with a std::function callback instead, as the reply-handler form does, is
// measured alongside. Interleaved runs, medians.
//
//   bimuxqt-qtfuturecost [--runs 5] [--calls 1000000]

#include <QtCore/qcommandlineparser.h>
#include <QtCore/qcoreapplication.h>
#include <QtCore/qfuture.h>
#include <QtCore/qpromise.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <optional>
#include <vector>

namespace {
qint64 g_answered = 0;

qint64 nowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

double futureCycleNs(int inflight, int calls, const QByteArray &reply)
{
    std::vector<std::optional<QPromise<QByteArray>>> outstanding(static_cast<size_t>(inflight));
    const qint64 start = nowNs();
    for (int i = 0; i < calls; ++i) {
        std::optional<QPromise<QByteArray>> &slot = outstanding[size_t(i % inflight)];
        if (slot) {
            slot->addResult(QByteArray(reply));
            slot->finish();
        }
        slot.emplace();
        slot->future().then(QtFuture::Launch::Sync, [](const QFuture<QByteArray> &answered) {
            g_answered += answered.resultCount();
        });
    }
    const qint64 elapsed = nowNs() - start;
    outstanding.clear();
    return double(elapsed) / calls;
}

double callbackCycleNs(int inflight, int calls, const QByteArray &reply)
{
    using Handler = std::function<void(const QByteArray &)>;
    std::vector<Handler> outstanding(static_cast<size_t>(inflight));
    const qint64 start = nowNs();
    for (int i = 0; i < calls; ++i) {
        Handler &slot = outstanding[size_t(i % inflight)];
        if (slot)
            std::exchange(slot, nullptr)(QByteArray(reply));
        // Captures as much as the bench's completion callback, so that std::function
        // allocates as it does there.
        slot = [i, reply, started = qint64(i)](const QByteArray &answer) {
            g_answered += answer.size() > 0 && i >= 0 && started >= 0 && !reply.isNull();
        };
    }
    const qint64 elapsed = nowNs() - start;
    return double(elapsed) / calls;
}

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}
} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Qt's QFuture cost per call, no sockets."));
    parser.addHelpOption();
    const QCommandLineOption runs(QStringLiteral("runs"), QStringLiteral("Runs (median)."),
                                  QStringLiteral("n"), QStringLiteral("5"));
    const QCommandLineOption calls(QStringLiteral("calls"), QStringLiteral("Calls per run."),
                                   QStringLiteral("n"), QStringLiteral("1000000"));
    parser.addOptions({runs, calls});
    parser.process(app);
    const int runCount = std::max(1, parser.value(runs).toInt());
    const int callCount = std::max(1000, parser.value(calls).toInt());

    const QByteArray reply(64, 'r');
    for (int inflight : {16, 128}) {
        std::vector<double> future;
        std::vector<double> callback;
        for (int run = 0; run < runCount; ++run) {
            future.push_back(futureCycleNs(inflight, callCount, reply));
            callback.push_back(callbackCycleNs(inflight, callCount, reply));
        }
        std::printf("%3d in flight: QPromise + then(Sync) + result %6.0f ns/call, "
                    "std::function callback %4.0f ns/call, difference %6.0f ns (medians of %d)\n",
                    inflight, median(future), median(callback), median(future) - median(callback),
                    runCount);
    }
    return g_answered > 0 ? 0 : 1;
}
