// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "timelineview.h"

#include "inspectorsession.h"
#include "timeline.h"
#include "timelinechart.h"

#include <QtCore/qcoreevent.h>
#include <QtCore/qdatetime.h>
#include <QtWidgets/qboxlayout.h>
#include <QtWidgets/qcombobox.h>
#include <QtWidgets/qlabel.h>

#include <cmath>

using namespace std::chrono_literals;

TimelineView::TimelineView(InspectorSession *session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_route(new QComboBox(this))
    , m_hint(new QLabel(this))
    , m_rates(new TimelineChart(2, this))
    , m_latency(new TimelineChart(2, this))
    , m_inflight(new TimelineChart(1, this))
{
    m_route->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_route->addItem(QString(), QVariant());
    connect(m_route, &QComboBox::currentIndexChanged, this, &TimelineView::refresh);
    for (TimelineChart *chart : {m_rates, m_latency, m_inflight}) {
        chart->setMinimumHeight(180);
        connect(chart, &TimelineChart::timeClicked, this, &TimelineView::timeRequested);
    }
    m_timer.setInterval(1s);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        if (isVisible())
            refresh();
    });
    m_timer.start();

    auto *top = new QHBoxLayout;
    top->addWidget(m_route);
    top->addWidget(m_hint, 1);
    auto *charts = new QHBoxLayout;
    charts->setSpacing(2);
    charts->addWidget(m_rates);
    charts->addWidget(m_latency);
    charts->addWidget(m_inflight);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addLayout(top);
    layout->addLayout(charts, 1);
    retranslate();
}

void TimelineView::retranslate()
{
    m_route->setItemText(0, tr("All routes"));
    m_route->setToolTip(tr("The route whose timeline is shown"));
    m_rates->setTitle(tr("Calls and errors per second"));
    m_rates->setLineName(0, tr("calls/s"));
    m_rates->setLineName(1, tr("errors/s"));
    m_latency->setTitle(tr("Latency (ms)"));
    m_latency->setLineName(0, tr("p50"));
    m_latency->setLineName(1, tr("p99"));
    m_inflight->setTitle(tr("Calls in flight"));
    m_inflight->setLineName(0, tr("in flight"));
    m_hint->setText(tr("Click a chart to see the frames of that moment."));
    refresh();
}

void TimelineView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void TimelineView::showEvent(QShowEvent *event)
{
    refresh();
    QWidget::showEvent(event);
}

void TimelineView::refreshRoutes()
{
    const QList<qint32> routes = m_session->timeline().routes();
    if (m_route->count() == routes.size() + 1)
        return;
    const QVariant current = m_route->currentData();
    QSignalBlocker blocker(m_route);
    while (m_route->count() > 1)
        m_route->removeItem(1);
    for (qint32 route : routes) {
        if (route == Timeline::OtherRoutes) {
            m_route->addItem(tr("Other routes (beyond %1)").arg(Timeline::MaxRoutes), route);
            continue;
        }
        const QString name = m_session->routes()->routeName(route);
        m_route->addItem(name.isEmpty() ? tr("Route %1").arg(route)
                                        : tr("Route %1 (%2)").arg(route).arg(name),
                         route);
    }
    m_route->setCurrentIndex(qMax(0, m_route->findData(current)));
}

void TimelineView::refresh()
{
    refreshRoutes();
    const Timeline &timeline = m_session->timeline();
    const QVariant route = m_route->currentData();
    QList<Timeline::Sample> samples
        = timeline.samples(route.isValid() ? std::optional<qint32>(route.toInt()) : std::nullopt);
    QList<std::pair<qint64, int>> inflightCounts = timeline.inflight();
    // Live: the bucket still filling would show as a drop at the end; it shows once done.
    if (!m_session->isCapture()) {
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        while (!samples.isEmpty() && samples.constLast().timeMs + timeline.bucketMs() > now)
            samples.removeLast();
        while (!inflightCounts.isEmpty()
               && inflightCounts.constLast().first + timeline.bucketMs() > now)
            inflightCounts.removeLast();
    }
    QList<QPointF> calls, errors, p50, p99, inflight;
    for (const Timeline::Sample &s : samples) {
        const double t = double(s.timeMs);
        calls.append({t, s.callsPerSecond});
        errors.append({t, s.errorsPerSecond});
        p50.append({t, s.p50Ms < 0 ? std::nan("") : s.p50Ms});
        p99.append({t, s.p99Ms < 0 ? std::nan("") : s.p99Ms});
    }
    for (const auto &[t, count] : std::as_const(inflightCounts))
        inflight.append({double(t), double(count)});
    const qint64 from = samples.isEmpty() ? 0 : samples.constFirst().timeMs;
    const qint64 to = samples.isEmpty() ? 0 : samples.constLast().timeMs + timeline.bucketMs();
    for (TimelineChart *chart : {m_rates, m_latency, m_inflight})
        chart->setSpan(from, to);
    m_rates->setPoints(0, calls);
    m_rates->setPoints(1, errors);
    m_latency->setPoints(0, p50);
    m_latency->setPoints(1, p99);
    m_inflight->setPoints(0, inflight);
}
