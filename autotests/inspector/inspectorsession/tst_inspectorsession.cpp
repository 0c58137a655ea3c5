// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "inspectorsession.h"

#include "shared_frames.h"

#include <QtTest/qsignalspy.h>
#include <QtTest/qtest.h>

// The session turns frames into connection counters, route statistics and in-flight calls.
class tst_InspectorSession : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void countsPerConnection();
    void routesCountFromTheCallersSide();
    void latencyPercentiles();
    void handlerPresenceFromAnswers();
    void inflightCallsComeAndGo();
    void shortCallsNeverBecomeRows();
    void closingAConnectionEndsItsCalls();
    void cancelEndsACall();
    void payloadsAreCutToTheLimit();
    void clearKeepsConnections();
};

void tst_InspectorSession::countsPerConnection()
{
    InspectorSession session;
    const int a = session.openConnection(QStringLiteral("test"), QStringLiteral("dev-1"),
                                         QStringLiteral("127.0.0.1:1"));
    const int b = session.openConnection(QStringLiteral("test"), QString(), QString());
    QVERIFY(a != b);
    session.addFrame(makeFrame(a, Out, Oneway, 1, 20, "abc")); // 9 bytes on the wire
    session.addFrame(makeFrame(a, In, Oneway, 1, 21, "abcdef")); // 12
    session.addFrame(makeFrame(b, In, Oneway, 1, 21, ""));
    const ConnectionRecord *c = session.connections()->find(a);
    QCOMPARE(c->framesOut, 1);
    QCOMPARE(c->framesIn, 1);
    QCOMPARE(c->bytesOut, 9);
    QCOMPARE(c->bytesIn, 12);
    QCOMPARE(session.connections()->index(0, ConnectionModel::IdColumn).data().toString(),
             QStringLiteral("dev-1"));
    QCOMPARE(session.connections()->index(0, ConnectionModel::StateColumn).data().toString(),
             QStringLiteral("open"));
    session.closeConnection(a, 1000, QStringLiteral("bye"));
    QCOMPARE(session.connections()->index(0, ConnectionModel::StateColumn).data().toString(),
             QStringLiteral("closed"));
    QCOMPARE(session.connections()->openCount(), 1);
}

void tst_InspectorSession::routesCountFromTheCallersSide()
{
    InspectorSession session;
    const int c = session.openConnection(QStringLiteral("test"), QString(), QString());
    session.addFrame(makeFrame(c, Out, Request, 1, 3, "q"));
    session.addFrame(makeFrame(c, In, Response, 1, 3, "a"));
    session.addFrame(makeFrame(c, In, Request, 1, 4, "q"));
    FrameRecord failed = makeFrame(c, Out, Response, 1, 4);
    failed.status = QBiMux::StatusCode::Internal;
    session.addFrame(failed);
    session.addFrame(makeFrame(c, Out, Oneway, 2, 3, "o"));
    session.flush();

    const RouteModel::Stats *out3 = session.routes()->stats(3, Out);
    QVERIFY(out3);
    QCOMPARE(out3->calls, 1);
    QCOMPARE(out3->oneways, 1);
    QCOMPARE(out3->frames, 3); // the response counts for the route it answers
    QCOMPARE(out3->errors, 0);
    QVERIFY(!session.routes()->stats(3, In));
    const RouteModel::Stats *in4 = session.routes()->stats(4, In);
    QVERIFY(in4);
    QCOMPARE(in4->calls, 1);
    QCOMPARE(in4->errors, 1);
    QCOMPARE(session.routes()->rowCount(), 2);
}

void tst_InspectorSession::latencyPercentiles()
{
    InspectorSession session;
    const int c = session.openConnection(QStringLiteral("test"), QString(), QString());
    // Calls 1..100 take 1..100 ms.
    for (quint64 n = 1; n <= 100; ++n) {
        session.addFrame(makeFrame(c, Out, Request, n, 1, {}, 0));
        session.addFrame(makeFrame(c, In, Response, n, 1, {}, qint64(n) * 1000000));
    }
    session.routes()->refresh();
    const RouteModel::Stats *s = session.routes()->stats(1, Out);
    QCOMPARE(s->p50, 51 * 1000000);
    QCOMPARE(s->p95, 96 * 1000000);
    QCOMPARE(s->p99, 100 * 1000000);
    const int row = session.routes()->rowOf(1, Out);
    QCOMPARE(session.routes()->index(row, RouteModel::P99Column).data().toString(),
             QLocale().toString(100.0, 'f', 2));
}

void tst_InspectorSession::handlerPresenceFromAnswers()
{
    InspectorSession session;
    const int c = session.openConnection(QStringLiteral("test"), QString(), QString());
    session.addFrame(makeFrame(c, Out, Request, 1, 7));
    FrameRecord unimplemented = makeFrame(c, In, Response, 1, 7);
    unimplemented.status = QBiMux::StatusCode::Unimplemented;
    session.addFrame(unimplemented);
    session.addFrame(makeFrame(c, Out, Request, 2, 8));
    session.addFrame(makeFrame(c, In, Response, 2, 8, "ok"));
    session.addFrame(makeFrame(c, Out, Oneway, 3, 9));
    QCOMPARE(session.routes()->stats(7, Out)->handler, RouteModel::Handler::Missing);
    QCOMPARE(session.routes()->stats(8, Out)->handler, RouteModel::Handler::Present);
    QCOMPARE(session.routes()->stats(9, Out)->handler, RouteModel::Handler::Unknown);
}

void tst_InspectorSession::inflightCallsComeAndGo()
{
    InspectorSession session;
    InflightModel *inflight = session.inflight();
    inflight->setNow([] { return qint64(1700000000000 + 1500); });
    const int c = session.openConnection(QStringLiteral("test"), QString(), QString());
    FrameRecord request = makeFrame(c, Out, Request, 5, 2, "slow");
    request.timeoutMs = 4000;
    session.addFrame(request);
    session.addFrame(makeFrame(c, In, Request, 5, 3)); // the peer's call 5: another call
    session.flush();
    QCOMPARE(inflight->rowCount(), 2);
    QCOMPARE(inflight->index(0, InflightModel::NumberColumn).data().toULongLong(), 5u);
    QCOMPARE(inflight->index(0, InflightModel::RouteColumn).data().toInt(), 2);
    QCOMPARE(inflight->index(0, InflightModel::AgeColumn).data().toString(),
             QStringLiteral("1.5 s"));
    QCOMPARE(inflight->index(0, InflightModel::DeadlineColumn).data().toString(),
             QStringLiteral("in 2.5 s"));
    QCOMPARE(inflight->index(1, InflightModel::DeadlineColumn).data().toString(),
             QStringLiteral("none"));

    session.addFrame(makeFrame(c, In, Response, 5, 2, "done"));
    session.flush();
    QCOMPARE(inflight->rowCount(), 1);
    QCOMPARE(inflight->index(0, InflightModel::RouteColumn).data().toInt(), 3);
}

void tst_InspectorSession::shortCallsNeverBecomeRows()
{
    InspectorSession session;
    const int c = session.openConnection(QStringLiteral("test"), QString(), QString());
    QSignalSpy inserted(session.inflight(), &QAbstractItemModel::rowsInserted);
    session.addFrame(makeFrame(c, Out, Request, 1, 2));
    session.addFrame(makeFrame(c, In, Response, 1, 2));
    session.flush();
    QCOMPARE(session.inflight()->rowCount(), 0);
    QCOMPARE(inserted.size(), 0);
}

void tst_InspectorSession::closingAConnectionEndsItsCalls()
{
    InspectorSession session;
    const int a = session.openConnection(QStringLiteral("test"), QString(), QString());
    const int b = session.openConnection(QStringLiteral("test"), QString(), QString());
    for (quint64 n = 1; n <= 3; ++n)
        session.addFrame(makeFrame(a, Out, Request, n, 1));
    session.addFrame(makeFrame(b, Out, Request, 1, 1));
    session.flush();
    QCOMPARE(session.inflight()->rowCount(), 4);
    session.closeConnection(a, 1006, QStringLiteral("gone"));
    session.flush();
    QCOMPARE(session.inflight()->rowCount(), 1);
    QCOMPARE(session.inflight()->index(0, InflightModel::ConnectionColumn).data().toInt(), b);
}

void tst_InspectorSession::cancelEndsACall()
{
    InspectorSession session;
    const int c = session.openConnection(QStringLiteral("test"), QString(), QString());
    session.addFrame(makeFrame(c, Out, Request, 1, 2));
    session.flush();
    QCOMPARE(session.inflight()->rowCount(), 1);
    session.addFrame(makeFrame(c, Out, Cancel, 1, 2));
    session.flush();
    QCOMPARE(session.inflight()->rowCount(), 0);
    QCOMPARE(session.routes()->stats(2, Out)->cancels, 1);
}

void tst_InspectorSession::payloadsAreCutToTheLimit()
{
    InspectorSession session;
    session.setPayloadLimit(16);
    const int c = session.openConnection(QStringLiteral("test"), QString(), QString());
    session.addFrame(makeFrame(c, Out, Oneway, 1, 2, QByteArray(1000, 'z')));
    session.flush();
    const FrameRecord &f = session.frames()->frame(0);
    QCOMPARE(f.payload.size(), 16);
    QCOMPARE(f.payloadSize, 1000);
    QVERIFY(f.isTruncated());
}

void tst_InspectorSession::clearKeepsConnections()
{
    InspectorSession session;
    const int c = session.openConnection(QStringLiteral("test"), QString(), QString());
    session.addFrame(makeFrame(c, Out, Request, 1, 2));
    session.flush();
    session.clear();
    QCOMPARE(session.frames()->rowCount(), 0);
    QCOMPARE(session.routes()->rowCount(), 0);
    QCOMPARE(session.inflight()->rowCount(), 0);
    QCOMPARE(session.connections()->rowCount(), 1);
    QCOMPARE(session.connections()->find(c)->framesOut, 0);
    session.addFrame(makeFrame(c, Out, Oneway, 2, 2));
    session.flush();
    QCOMPARE(session.frames()->rowCount(), 1);
}

QTEST_GUILESS_MAIN(tst_InspectorSession)
#include "tst_inspectorsession.moc"
