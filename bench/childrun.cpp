// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "childrun.h"

#include <QtCore/qcoreapplication.h>
#include <QtCore/qjsondocument.h>
#include <QtCore/qprocess.h>

#include <cstdio>

namespace {
constexpr char MeasurementPrefix[] = "MEASUREMENT ";
// Generous: the idle shape opens 10,000 connections, and a profiler may wrap the server.
constexpr int ChildTimeoutMs = 600000;
} // namespace

Measurement runShapeInChild(const Shape &shape, Impl impl, bool baseline, const RunOptions &options)
{
    QStringList arguments {
        QStringLiteral("--measure"),          shape.id,
        QStringLiteral("--measure-impl"),     implArgument(impl),
        QStringLiteral("--duration"),         QString::number(options.durationMs),
        QStringLiteral("--warmup"),           QString::number(options.warmupMs),
        QStringLiteral("--connections"),      QString::number(options.connections),
        QStringLiteral("--idle-connections"), QString::number(options.idleConnections),
    };
    if (baseline)
        arguments << QStringLiteral("--measure-baseline");
    if (options.pin)
        arguments << QStringLiteral("--pin");
    if (options.keepHeap)
        arguments << QStringLiteral("--keep-heap");

    Measurement failed;
    QProcess child;
    child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    child.start(QCoreApplication::applicationFilePath(), arguments);
    if (!child.waitForFinished(ChildTimeoutMs) || child.exitStatus() != QProcess::NormalExit) {
        child.kill();
        child.waitForFinished();
        failed.error = QStringLiteral("the client process did not finish: ") + child.errorString();
        return failed;
    }
    const QList<QByteArray> lines = child.readAllStandardOutput().split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith(MeasurementPrefix)) {
            const QByteArray json = line.mid(qsizetype(sizeof MeasurementPrefix) - 1);
            return Measurement::fromJson(QJsonDocument::fromJson(json).object());
        }
    }
    failed.error = QStringLiteral("the client process reported no measurement (exit code %1)")
                       .arg(child.exitCode());
    return failed;
}

int runMeasurementChild(const QString &shapeId, Impl impl, bool baseline, const RunOptions &options)
{
    RunOptions own = options;
    own.only = {shapeId};
    const QList<Shape> shapes = benchmarkShapes(own);
    if (shapes.size() != 1) {
        std::fprintf(stderr, "no shape %s\n", qPrintable(shapeId));
        return 2;
    }
    const Shape shape = baseline ? shapes.first().withoutVariant() : shapes.first();
    const Measurement m = runShape(shape, impl, own);
    const QByteArray json = QJsonDocument(m.toJson()).toJson(QJsonDocument::Compact);
    std::printf("%s%s\n", MeasurementPrefix, json.constData());
    std::fflush(stdout);
    return 0;
}
