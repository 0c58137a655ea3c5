// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef TIMELINECHART_H
#define TIMELINECHART_H

#include <QtCharts/qchartview.h>

QT_BEGIN_NAMESPACE
class QDateTimeAxis;
class QLineSeries;
class QValueAxis;
QT_END_NAMESPACE

// One chart of the timeline: up to two lines over wall-clock time, a title, and a click
// that tells the moment clicked.
class TimelineChart : public QChartView
{
    Q_OBJECT

public:
    explicit TimelineChart(int lines, QWidget *parent = nullptr);

    void setTitle(const QString &title);
    void setLineName(int line, const QString &name);
    // Points (ms since the epoch, value); NaN values break the line (no data).
    void setPoints(int line, const QList<QPointF> &points);
    // The time span shown, ms since the epoch.
    void setSpan(qint64 fromMs, qint64 toMs);
    QLineSeries *line(int index) const { return m_lines.value(index); }

Q_SIGNALS:
    void timeClicked(qint64 timeMs);

protected:
    void mousePressEvent(QMouseEvent *event) override;

private:
    QList<QLineSeries *> m_lines;
    QDateTimeAxis *m_time;
    QValueAxis *m_values;
};

#endif // TIMELINECHART_H
