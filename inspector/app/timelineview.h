// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef TIMELINEVIEW_H
#define TIMELINEVIEW_H

#include <QtCore/qtimer.h>
#include <QtWidgets/qwidget.h>

class InspectorSession;
class TimelineChart;
QT_BEGIN_NAMESPACE
class QComboBox;
class QLabel;
QT_END_NAMESPACE

// The session's Timeline as three charts side by side: calls and errors per second,
// the p50 and p99 latency, and the calls in flight, for all routes or one. Live traffic
// redraws once a second while the view is shown; a loaded capture once. A click on a chart
// asks for the frames of that moment (timeRequested()).
class TimelineView : public QWidget
{
    Q_OBJECT

public:
    explicit TimelineView(InspectorSession *session, QWidget *parent = nullptr);

    QComboBox *routeBox() const { return m_route; }
    // Redraws now from the session's timeline.
    void refresh();
    // The charts, for tests: calls/s and errors/s, latency, in flight.
    TimelineChart *rateChart() const { return m_rates; }
    TimelineChart *latencyChart() const { return m_latency; }
    TimelineChart *inflightChart() const { return m_inflight; }

Q_SIGNALS:
    // The user clicked a moment (ms since the epoch).
    void timeRequested(qint64 timeMs);

protected:
    void showEvent(QShowEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void refreshRoutes();

    InspectorSession *m_session;
    QComboBox *m_route;
    QLabel *m_hint;
    TimelineChart *m_rates;
    TimelineChart *m_latency;
    TimelineChart *m_inflight;
    QTimer m_timer;
};

#endif // TIMELINEVIEW_H
