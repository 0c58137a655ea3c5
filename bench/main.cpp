// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

// bimuxqt-bench: BiMuxQt against raw QWebSocket on loopback, client and server in
// separate processes. See docs/performance.md.

#include "benchutil.h"
#include "childrun.h"
#include "report.h"
#include "serverprocess.h"
#include "shapes.h"

#include <QtCore/qcommandlineparser.h>
#include <QtCore/qcoreapplication.h>
#include <QtCore/qfile.h>
#include <QtCore/qjsondocument.h>
#include <QtCore/qloggingcategory.h>

#include <cstdio>

namespace {
void print(const QString &text, FILE *stream = stdout)
{
    std::fputs(text.toLocal8Bit().constData(), stream);
    std::fflush(stream);
}

QString progressText(const Shape &shape, const QString &side, int run, const Measurement &m)
{
    QString what;
    if (!m.ok())
        what = QStringLiteral("ERROR ") + m.error;
    else if (shape.kind == Shape::Kind::Idle || shape.kind == Shape::Kind::StreamIdle)
        what = QStringLiteral("%1 B each, %2 held").arg(qint64(m.bytesPerConnection)).arg(m.held);
    else if (shape.kind == Shape::Kind::StreamBulk)
        what = QStringLiteral("%1 MB/s").arg(m.rate / 1e6, 0, 'f', 1);
    else
        what = QStringLiteral("%1/s p50 %2 us p99 %3 us")
                   .arg(qint64(m.rate))
                   .arg(m.p50Us, 0, 'f', 1)
                   .arg(m.p99Us, 0, 'f', 1);
    return QStringLiteral("  %1 %2 run %3: %4\n")
        .arg(shape.id, -14)
        .arg(side, -8)
        .arg(run)
        .arg(what);
}
// One run of `shape`, here or in a client process of its own. `baseline` drops the
// shape's variant (observer, then(context), a stalled neighbour, a bulk stream beside).
Measurement measureOnce(const Shape &shape, Impl impl, bool baseline, const RunOptions &options)
{
    if (options.freshClients)
        return runShapeInChild(shape, impl, baseline, options);
    return runShape(baseline ? shape.withoutVariant() : shape, impl, options);
}
} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("bimuxqt-bench"));
    // The library's debug categories are off by default; keep Qt's quiet too.
    QLoggingCategory::setFilterRules(QStringLiteral("qt.*.debug=false"));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Benchmarks BiMuxQt against raw QWebSocket on 127.0.0.1."));
    parser.addHelpOption();
    const QCommandLineOption runs(QStringLiteral("runs"),
                                  QStringLiteral("Runs per shape (median)."), QStringLiteral("n"),
                                  QStringLiteral("3"));
    const QCommandLineOption duration(QStringLiteral("duration"),
                                      QStringLiteral("Measured window per run, ms."),
                                      QStringLiteral("ms"), QStringLiteral("1500"));
    const QCommandLineOption warmup(QStringLiteral("warmup"),
                                    QStringLiteral("Warm-up before the window, ms."),
                                    QStringLiteral("ms"), QStringLiteral("300"));
    const QCommandLineOption connections(QStringLiteral("connections"),
                                         QStringLiteral("Connections of the many-connection "
                                                        "shapes."),
                                         QStringLiteral("n"), QStringLiteral("1000"));
    const QCommandLineOption idle(QStringLiteral("idle-connections"),
                                  QStringLiteral("Connections of the memory shape."),
                                  QStringLiteral("n"), QStringLiteral("10000"));
    const QCommandLineOption only(QStringLiteral("only"),
                                  QStringLiteral("Comma-separated shape ids to run."),
                                  QStringLiteral("ids"));
    const QCommandLineOption impl(QStringLiteral("impl"),
                                  QStringLiteral("bimuxqt, raw or both (default)."),
                                  QStringLiteral("which"), QStringLiteral("both"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Also write JSON here."),
                                  QStringLiteral("file"));
    const QCommandLineOption markdown(
        QStringLiteral("markdown"),
        QStringLiteral("Also write the results as docs/performance.md shows them here."),
        QStringLiteral("file"));
    const QCommandLineOption smoke(QStringLiteral("smoke"),
                                   QStringLiteral("Every shape, briefly; fails only on "
                                                  "functional errors."));
    const QCommandLineOption pin(QStringLiteral("pin"),
                                 QStringLiteral("Pin the client to CPU 0 and the server to CPU 1 "
                                                "(shapes whose server has one thread)."));
    const QCommandLineOption list(QStringLiteral("list"), QStringLiteral("List the shape ids."));
    const QCommandLineOption keepHeap(
        QStringLiteral("keep-heap"),
        QStringLiteral("Client and server keep the memory they free (mallopt), instead of "
                       "faulting it in again (see docs/performance.md)."));
    // The server process's own options.
    const QCommandLineOption serve(QStringLiteral("serve"),
                                   QStringLiteral("Run as the server process: mux or raw."),
                                   QStringLiteral("kind"));
    const QCommandLineOption workers(QStringLiteral("workers"),
                                     QStringLiteral("Server worker threads."), QStringLiteral("n"),
                                     QStringLiteral("0"));
    const QCommandLineOption observer(QStringLiteral("observer"),
                                      QStringLiteral("Server: attach a no-op observer."));
    const QCommandLineOption interceptor(QStringLiteral("interceptor"),
                                         QStringLiteral("Server: install an empty interceptor."));
    const QCommandLineOption work(QStringLiteral("work"),
                                  QStringLiteral("Server: rounds of CPU work per echoed call."),
                                  QStringLiteral("rounds"), QStringLiteral("0"));
    const QCommandLineOption freshClients(
        QStringLiteral("fresh-clients"),
        QStringLiteral("Each run in a client process of its own (a client process keeps "
                       "the speed it starts with; see docs/performance.md)."));
    // A child client process's own options (--fresh-clients).
    const QCommandLineOption measure(QStringLiteral("measure"),
                                     QStringLiteral("Child: run this shape once."),
                                     QStringLiteral("id"));
    const QCommandLineOption measureImpl(QStringLiteral("measure-impl"),
                                         QStringLiteral("Child: mux or raw."),
                                         QStringLiteral("kind"), QStringLiteral("mux"));
    const QCommandLineOption measureBaseline(
        QStringLiteral("measure-baseline"),
        QStringLiteral("Child: the shape without its variant."));
    parser.addOptions({runs,    duration,    warmup,         connections, idle,         only,
                       impl,    json,        markdown,       smoke,       pin,          list,
                       serve,   workers,     observer,       interceptor, work,         freshClients,
                       keepHeap,
                       measure, measureImpl, measureBaseline});
    parser.process(app);
    // First, before the allocations it is about.
    if (parser.isSet(keepHeap) && !BenchUtil::keepHeap()) {
        print(QStringLiteral("glibc refused a malloc setting of --keep-heap\n"), stderr);
        return 2;
    }

    if (parser.isSet(serve)) {
        ServerConfig config;
        config.impl = implFromArgument(parser.value(serve));
        config.workerThreads = parser.value(workers).toInt();
        config.observed = parser.isSet(observer);
        config.intercepted = parser.isSet(interceptor);
        config.workRounds = parser.value(work).toInt();
        config.keepHeap = parser.isSet(keepHeap);
        return runServer(config);
    }

    const qint64 files = BenchUtil::raiseFileLimit();
    RunOptions options;
    options.smoke = parser.isSet(smoke);
    if (options.smoke) {
        options.runs = 1;
        options.warmupMs = 20;
        options.durationMs = 100;
        options.connections = 10;
        options.idleConnections = 50;
    }
    auto intOption = [&](const QCommandLineOption &option, int &target) {
        if (parser.isSet(option))
            target = parser.value(option).toInt();
    };
    options.pin = parser.isSet(pin);
    options.freshClients = parser.isSet(freshClients);
    options.keepHeap = parser.isSet(keepHeap);
    intOption(runs, options.runs);
    intOption(duration, options.durationMs);
    intOption(warmup, options.warmupMs);
    intOption(connections, options.connections);
    intOption(idle, options.idleConnections);
    if (parser.isSet(only))
        options.only = parser.value(only).split(QLatin1Char(','), Qt::SkipEmptyParts);
    if (parser.value(impl) == QLatin1String("bimuxqt"))
        options.impls = {Impl::Mux};
    else if (parser.value(impl) == QLatin1String("raw"))
        options.impls = {Impl::Raw};

    if (parser.isSet(measure)) {
        return runMeasurementChild(parser.value(measure),
                                   implFromArgument(parser.value(measureImpl)),
                                   parser.isSet(measureBaseline), options);
    }

    const QList<Shape> shapes = benchmarkShapes(options);
    if (parser.isSet(list)) {
        for (const Shape &shape : shapes)
            print(QStringLiteral("%1  %2\n").arg(shape.id, -16).arg(shape.title));
        return 0;
    }
    if (shapes.isEmpty()) {
        print(QStringLiteral("no shape matches --only\n"), stderr);
        return 2;
    }
    // Client and server each need one descriptor per connection, and a few more.
    if (files >= 0 && files < options.idleConnections + 100) {
        print(QStringLiteral("warning: only %1 file descriptors; the idle shape needs %2\n")
                  .arg(files)
                  .arg(options.idleConnections + 100),
              stderr);
    }

    print(QStringLiteral("bimuxqt-bench: %1\n").arg(environmentLine()), stderr);
    Report report(options);
    for (const Shape &shape : shapes) {
        ShapeResult result;
        result.shape = shape;
        for (int run = 1; run <= options.runs; ++run) {
            // Interleaved, so that a burst of load from elsewhere hits both sides alike.
            for (Impl which : std::as_const(options.impls)) {
                if (which == Impl::Raw && shape.muxOnly)
                    continue;
                // What an observer or then(context) costs is a difference of two BiMuxQt
                // rates: both are taken in the same run, back to back, not minutes apart
                // in another shape under other load.
                const bool variant = shape.hasVariant();
                if (which == Impl::Mux && variant) {
                    const Measurement m = measureOnce(shape, which, true, options);
                    result.muxBaseline.append(m);
                    print(progressText(shape, QStringLiteral("bimuxqt baseline"), run, m), stderr);
                }
                const Measurement m = measureOnce(shape, which, false, options);
                (which == Impl::Mux ? result.mux : result.raw).append(m);
                const QString side = which == Impl::Mux
                    ? (variant ? QStringLiteral("bimuxqt variant") : QStringLiteral("bimuxqt"))
                    : QStringLiteral("raw");
                print(progressText(shape, side, run, m), stderr);
            }
        }
        report.add(result);
    }

    print(QStringLiteral("\n%1\n").arg(report.headline()));
    print(report.table());
    const auto write = [](const QString &path, const QByteArray &content) {
        QFile file(path);
        if (file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(content) >= 0)
            return true;
        print(QStringLiteral("cannot write %1\n").arg(path), stderr);
        return false;
    };
    if (parser.isSet(json) && !write(parser.value(json), QJsonDocument(report.toJson()).toJson()))
        return 2;
    if (parser.isSet(markdown) && !write(parser.value(markdown), report.markdown().toUtf8()))
        return 2;
    // Timing never fails the program; only calls or messages that went wrong do.
    return report.hasFunctionalErrors() ? 1 : 0;
}
