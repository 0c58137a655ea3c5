// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef REPORT_H
#define REPORT_H

#include "shapes.h"

#include <QtCore/qjsonobject.h>
#include <QtCore/qlist.h>
#include <QtCore/qstring.h>

#include <optional>

// Every run of one shape, and their medians.
struct ShapeResult
{
    Shape shape;
    QList<Measurement> mux;
    QList<Measurement> raw;
    // For a shape that varies how BiMuxQt is used (observers, then(context)): the same
    // traffic used plainly, run alongside.
    QList<Measurement> muxBaseline;

    // Each field's median over the runs that worked; the first error, if any run failed.
    static Measurement median(const QList<Measurement> &runs);
    // BiMuxQt / raw, of the rate (or of the memory per connection for Idle); nullopt if
    // either side is missing.
    std::optional<double> ratio() const;
};

// One of the stated targets (docs/performance.md), judged on the medians.
struct TargetResult
{
    QString shapeId; // the shape it is judged on
    QString name;
    QString value;
    QString threshold;
    enum class Verdict { Pass, Fail, NotMeasured } verdict = Verdict::NotMeasured;
};

class Report
{
public:
    explicit Report(const RunOptions &options);

    void add(const ShapeResult &result) { m_results.append(result); }
    bool hasFunctionalErrors() const;

    // The machine, the load at the start and now, and the options that shape the numbers.
    QString headline() const;
    QString table() const;
    // headline(), the shapes and their targets as one table, and the notes: the results
    // section of docs/performance.md as it is pasted there.
    QString markdown() const;
    QJsonObject toJson() const;

private:
    const ShapeResult *find(const QString &id) const;
    QList<TargetResult> targets() const;
    QStringList notes() const;

    RunOptions m_options;
    QList<ShapeResult> m_results;
    double m_startLoad = 0;
};

// The machine and the moment: load, cores, Qt, build type.
QJsonObject environmentJson();
QString environmentLine();

#endif // REPORT_H
