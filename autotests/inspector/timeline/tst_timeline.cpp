// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "capturefile.h"
#include "framefiltermodel.h"
#include "framesview.h"
#include "inspectorcontext.h"
#include "inspectorsession.h"
#include "mainwindow.h"
#include "sortrole.h"
#include "timeline.h"
#include "timelinechart.h"
#include "timelineview.h"

#include "settingsfile.h"
#include "shared_frames.h"

#include <QtCharts/qchart.h>
#include <QtCharts/qlineseries.h>
#include <QtCore/qtemporarydir.h>
#include <QtTest/qsignalspy.h>
#include <QtTest/qtest.h>
#include <QtWidgets/qcombobox.h>
#include <QtWidgets/qtableview.h>
#include <QtWidgets/qtabwidget.h>

// The timeline: calls, errors, latency percentiles and calls in flight over time, per
// route, bounded however long the traffic runs, the same for a loaded capture; a click
// shows the frames of that moment.
class tst_Timeline : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void countsPerSecondAndRoute();
    void percentilesFromTheHistogram();
    void staysBoundedByWideningBuckets();
    void aPeerCannotGrowItWithRoutes();
    void inflightIsCarriedThroughQuietBuckets();
    void aLoadedCaptureHasTheSameTimeline();
    void clickingAMomentShowsItsFrames();

private:
    SettingsFile m_settings;
};

namespace {
constexpr qint64 T0 = 1700000000000; // ms, the start of a second

// A call on `route` at `atMs`, answered after `latencyMs` (an error if `error`).
void call(InspectorSession *session, int connection, qint32 route, quint64 number, qint64 atMs,
          qint64 latencyMs, bool error = false)
{
    FrameRecord request = makeFrame(connection, Out, Request, number, route, "q");
    request.timestampMs = atMs;
    request.monoNs = atMs * 1000000;
    session->addFrame(request);
    FrameRecord response = makeFrame(connection, In, Response, number, route, "a");
    response.timestampMs = atMs + latencyMs;
    response.monoNs = (atMs + latencyMs) * 1000000;
    if (error)
        response.status = QBiMux::StatusCode::Internal;
    session->addFrame(response);
}
} // namespace

void tst_Timeline::countsPerSecondAndRoute()
{
    InspectorSession session;
    const int c = session.openConnection(QStringLiteral("t"), QString(), QString());
    // Second 0: three calls of route 1 (one fails), one of route 2. Second 2: one of route 1.
    call(&session, c, 1, 1, T0 + 100, 5);
    call(&session, c, 1, 2, T0 + 200, 5, true);
    call(&session, c, 1, 3, T0 + 300, 5);
    call(&session, c, 2, 4, T0 + 400, 5);
    call(&session, c, 1, 5, T0 + 2500, 5);
    const Timeline &timeline = session.timeline();
    QCOMPARE(timeline.routes(), (QList<qint32> {1, 2}));
    QCOMPARE(timeline.bucketMs(), 1000);
    const QList<Timeline::Sample> route1 = timeline.samples(1);
    QCOMPARE(route1.size(), 3); // the quiet second in between too
    QCOMPARE(route1.at(0).timeMs, T0);
    QCOMPARE(route1.at(0).callsPerSecond, 3.0);
    QCOMPARE(route1.at(0).errorsPerSecond, 1.0);
    QCOMPARE(route1.at(1).callsPerSecond, 0.0);
    QCOMPARE(route1.at(1).p50Ms, -1.0);
    QCOMPARE(route1.at(2).callsPerSecond, 1.0);
    const QList<Timeline::Sample> all = timeline.samples();
    QCOMPARE(all.at(0).callsPerSecond, 4.0);
}

void tst_Timeline::percentilesFromTheHistogram()
{
    InspectorSession session;
    const int c = session.openConnection(QStringLiteral("t"), QString(), QString());
    // 99 calls of 10 ms and one of 400 ms in one second.
    for (quint64 n = 1; n <= 99; ++n)
        call(&session, c, 3, n, T0 + qint64(n), 10);
    call(&session, c, 3, 100, T0 + 200, 400);
    const Timeline::Sample s = session.timeline().samples(3).constFirst();
    // Four bins an octave: within about 10 % of the truth.
    QVERIFY2(s.p50Ms > 9 && s.p50Ms < 11.5, qPrintable(QString::number(s.p50Ms)));
    QVERIFY2(s.p99Ms > 9 && s.p99Ms < 11.5, qPrintable(QString::number(s.p99Ms)));
    call(&session, c, 3, 101, T0 + 300, 400);
    const Timeline::Sample t = session.timeline().samples(3).constFirst();
    QVERIFY2(t.p99Ms > 360 && t.p99Ms < 440, qPrintable(QString::number(t.p99Ms)));
}

void tst_Timeline::staysBoundedByWideningBuckets()
{
    Timeline timeline;
    // Two hours of one call a second on each of 20 routes.
    for (qint64 s = 0; s < 7200; ++s) {
        FrameRecord f = makeFrame(1, Out, Request, quint64(s), qint32(s % 20), "x");
        f.timestampMs = T0 + s * 1000;
        timeline.countFrame(f);
    }
    QVERIFY(timeline.bucketMs() >= 8000);
    const QList<Timeline::Sample> all = timeline.samples();
    QVERIFY(all.size() <= Timeline::MaxBuckets);
    double calls = 0;
    for (const Timeline::Sample &sample : all)
        calls += sample.callsPerSecond * double(timeline.bucketMs()) / 1000.0;
    QCOMPARE(qRound(calls), 7200); // nothing lost in the merging
}

void tst_Timeline::aPeerCannotGrowItWithRoutes()
{
    // A new route in every frame: the Routes table and the timeline keep their bounds and
    // count everything.
    InspectorSession session;
    const int c = session.openConnection(QStringLiteral("t"), QString(), QString());
    constexpr int Routes = 3000;
    for (int r = 0; r < Routes; ++r)
        call(&session, c, qint32(r * 7919), quint64(r + 1), T0 + r, 1);
    const Timeline &timeline = session.timeline();
    QCOMPARE(timeline.routes().size(), Timeline::MaxRoutes + 1);
    QVERIFY(timeline.routes().contains(Timeline::OtherRoutes));
    QCOMPARE(qRound(timeline.samples().constFirst().callsPerSecond * timeline.bucketMs() / 1000.0),
             1000);
    RouteModel *routes = session.routes();
    QVERIFY(routes->rowCount() <= RouteModel::MaxRoutes + 2);
    routes->refresh();
    qint64 calls = 0;
    for (int row = 0; row < routes->rowCount(); ++row)
        calls += routes->index(row, RouteModel::CallsColumn).data(SortRole).toLongLong();
    QCOMPARE(calls, Routes);
    const QModelIndex others = routes->index(routes->rowCount() - 1, RouteModel::RouteColumn);
    QCOMPARE(others.data().toString(), QStringLiteral("others"));
    QVERIFY(
        !(routes->flags(routes->index(others.row(), RouteModel::NameColumn)) & Qt::ItemIsEditable));
}

void tst_Timeline::inflightIsCarriedThroughQuietBuckets()
{
    InspectorSession session;
    const int c = session.openConnection(QStringLiteral("t"), QString(), QString());
    FrameRecord hanging = makeFrame(c, Out, Request, 1, 9, "slow");
    hanging.timestampMs = T0;
    session.addFrame(hanging);
    call(&session, c, 1, 2, T0 + 3200, 1); // three quiet seconds later
    const auto inflight = session.timeline().inflight();
    QCOMPARE(inflight.size(), 4);
    QCOMPARE(inflight.at(0).second, 1);
    QCOMPARE(inflight.at(1).second, 1); // still in flight while nothing happened
    QCOMPARE(inflight.at(2).second, 1);
    QCOMPARE(inflight.at(3).second, 2);
}

void tst_Timeline::aLoadedCaptureHasTheSameTimeline()
{
    InspectorSession live;
    const int c = live.openConnection(QStringLiteral("t"), QString(), QString());
    for (quint64 n = 1; n <= 30; ++n)
        call(&live, c, quint32(n % 3), n, T0 + qint64(n) * 300, qint64(n), n % 7 == 0);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("t.bimuxcap"));
    QVERIFY(CaptureFile::save(path, &live));
    InspectorSession loaded;
    QVERIFY(CaptureFile::load(path, &loaded));
    const QList<Timeline::Sample> a = live.timeline().samples();
    const QList<Timeline::Sample> b = loaded.timeline().samples();
    QCOMPARE(b.size(), a.size());
    for (qsizetype i = 0; i < a.size(); ++i) {
        QCOMPARE(b.at(i).timeMs, a.at(i).timeMs);
        QCOMPARE(b.at(i).callsPerSecond, a.at(i).callsPerSecond);
        QCOMPARE(b.at(i).errorsPerSecond, a.at(i).errorsPerSecond);
        QCOMPARE(b.at(i).p99Ms, a.at(i).p99Ms);
    }
}

void tst_Timeline::clickingAMomentShowsItsFrames()
{
    InspectorContext context;
    MainWindow window(&context);
    window.resize(1400, 900);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    InspectorSession *session = context.session();
    const int c = session->openConnection(QStringLiteral("t"), QString(), QString());
    for (quint64 n = 1; n <= 40; ++n)
        call(session, c, 1, n, T0 + qint64(n) * 250, 20);
    session->flush();
    window.tabs()->setCurrentWidget(window.timelineView());
    TimelineView *view = window.timelineView();
    view->refresh();
    QCOMPARE(view->routeBox()->count(), 2); // all routes, route 1
    QCOMPARE(view->rateChart()->line(0)->count(), 11);
    QVERIFY(view->latencyChart()->line(1)->count() > 0);

    // A click in the middle of the calls chart's plot area.
    TimelineChart *chart = view->rateChart();
    const QRectF plot = chart->chart()->plotArea();
    const QPoint at = chart->mapFromScene(plot.center());
    QSignalSpy requested(view, &TimelineView::timeRequested);
    QTest::mouseClick(chart->viewport(), Qt::LeftButton, {}, at);
    QCOMPARE(requested.size(), 1);
    const qint64 moment = requested.first().first().toLongLong();
    QVERIFY(moment > T0 && moment < T0 + 11000);
    // The frames view shows the first frame of that moment.
    const int row = window.framesView()->currentSourceRow();
    QVERIFY(row >= 0);
    const FrameRecord &shown = session->frames()->frame(row);
    QVERIFY(shown.timestampMs >= moment);
    QVERIFY(shown.timestampMs < moment + 300);
}

QTEST_MAIN(tst_Timeline)
#include "tst_timeline.moc"
