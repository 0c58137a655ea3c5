// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "timelinechart.h"

#include <QtCharts/qdatetimeaxis.h>
#include <QtCharts/qlineseries.h>
#include <QtCharts/qvalueaxis.h>
#include <QtCore/qdatetime.h>
#include <QtGui/qevent.h>

#include <cmath>

TimelineChart::TimelineChart(int lines, QWidget *parent)
    // The chart from the start: QChartView's own default chart would be left behind by
    // setChart(), which releases the chart it replaces.
    : QChartView(new QChart, parent)
    , m_time(new QDateTimeAxis)
    , m_values(new QValueAxis)
{
    QChart *chart = this->chart();
    chart->setMargins(QMargins(2, 2, 2, 2));
    chart->legend()->setAlignment(Qt::AlignBottom);
    m_time->setFormat(QStringLiteral("HH:mm:ss"));
    m_time->setTickCount(4);
    m_values->setLabelFormat(QStringLiteral("%.0f"));
    m_values->setMin(0);
    chart->addAxis(m_time, Qt::AlignBottom);
    chart->addAxis(m_values, Qt::AlignLeft);
    for (int i = 0; i < lines; ++i) {
        auto *series = new QLineSeries(chart);
        chart->addSeries(series);
        series->attachAxis(m_time);
        series->attachAxis(m_values);
        m_lines.append(series);
    }
    setRenderHint(QPainter::Antialiasing);
    setCursor(Qt::PointingHandCursor);
}

void TimelineChart::setTitle(const QString &title)
{
    chart()->setTitle(title);
}

void TimelineChart::setLineName(int line, const QString &name)
{
    if (QLineSeries *series = m_lines.value(line))
        series->setName(name);
}

void TimelineChart::setPoints(int line, const QList<QPointF> &points)
{
    QLineSeries *series = m_lines.value(line);
    if (!series)
        return;
    QList<QPointF> kept;
    kept.reserve(points.size());
    for (const QPointF &p : points) {
        if (!std::isnan(p.y())) // no data there: the line goes straight to the next point
            kept.append(p);
    }
    series->replace(kept);
    // Every line on one scale: the largest value of all of them, a little above.
    double largest = 1;
    for (const QLineSeries *s : std::as_const(m_lines)) {
        const QList<QPointF> values = s == series ? kept : s->points();
        for (const QPointF &p : values)
            largest = qMax(largest, p.y());
    }
    m_values->setRange(0, largest * 1.1);
    m_values->applyNiceNumbers();
}

void TimelineChart::setSpan(qint64 fromMs, qint64 toMs)
{
    if (toMs <= fromMs)
        toMs = fromMs + 1000;
    m_time->setRange(QDateTime::fromMSecsSinceEpoch(fromMs), QDateTime::fromMSecsSinceEpoch(toMs));
}

void TimelineChart::mousePressEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton) {
        const QPointF value = chart()->mapToValue(event->position());
        const QDateTime from = m_time->min();
        const QDateTime to = m_time->max();
        const qint64 ms = qint64(value.x());
        if (ms >= from.toMSecsSinceEpoch() && ms <= to.toMSecsSinceEpoch()) {
            emit timeClicked(ms);
            event->accept();
            return;
        }
    }
    QChartView::mousePressEvent(event);
}
