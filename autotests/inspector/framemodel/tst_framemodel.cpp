// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "framemodel.h"

#include "shared_frames.h"

#include <QtTest/qsignalspy.h>
#include <QtTest/qtest.h>

class tst_FrameModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rowsArriveInOneBatchPerFlush();
    void evictsTheOldestInOneRemoval();
    void moreThanTheLimitInOneFlush();
    void pausedHoldsRowsBack();
    void showsTheHeaderFields();
    void findsPartners();
};

static FrameRecord seqFrame(quint64 seq, QBiMux::FrameFlag flag = Oneway)
{
    FrameRecord f = makeFrame(1, Out, flag, seq, 7, "x");
    f.seq = seq;
    return f;
}

void tst_FrameModel::rowsArriveInOneBatchPerFlush()
{
    FrameModel model;
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    for (quint64 s = 1; s <= 500; ++s)
        model.addFrame(seqFrame(s));
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.pendingCount(), 500);
    model.flush();
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), 0);
    QCOMPARE(inserted.at(0).at(2).toInt(), 499);
    QCOMPARE(model.rowCount(), 500);
    model.flush(); // nothing queued: nothing happens
    QCOMPARE(inserted.size(), 1);
}

void tst_FrameModel::evictsTheOldestInOneRemoval()
{
    FrameModel model;
    model.setFrameLimit(100);
    for (quint64 s = 1; s <= 80; ++s)
        model.addFrame(seqFrame(s));
    model.flush();
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    for (quint64 s = 81; s <= 130; ++s)
        model.addFrame(seqFrame(s));
    model.flush();
    QCOMPARE(removed.size(), 1);
    QCOMPARE(removed.at(0).at(2).toInt(), 29); // rows 0..29: 30 evicted
    QCOMPARE(model.rowCount(), 100);
    QCOMPARE(model.frame(0).seq, 31u);
    QCOMPARE(model.frame(99).seq, 130u);
    QCOMPARE(model.evictedFrames(), 30u);
    QCOMPARE(model.totalFrames(), 130u);
}

void tst_FrameModel::moreThanTheLimitInOneFlush()
{
    FrameModel model;
    model.setFrameLimit(10);
    for (quint64 s = 1; s <= 5; ++s)
        model.addFrame(seqFrame(s));
    model.flush();
    for (quint64 s = 6; s <= 40; ++s)
        model.addFrame(seqFrame(s));
    model.flush();
    QCOMPARE(model.rowCount(), 10);
    QCOMPARE(model.frame(0).seq, 31u);
    QCOMPARE(model.evictedFrames(), 30u);
}

void tst_FrameModel::pausedHoldsRowsBack()
{
    FrameModel model;
    model.setFrameLimit(50);
    model.setPaused(true);
    for (quint64 s = 1; s <= 1000; ++s)
        model.addFrame(seqFrame(s));
    model.flush();
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(model.pendingCount() <= 100); // bounded while paused too
    model.setPaused(false); // resuming flushes
    QCOMPARE(model.rowCount(), 50);
    QCOMPARE(model.frame(49).seq, 1000u);
}

void tst_FrameModel::showsTheHeaderFields()
{
    FrameModel model;
    FrameRecord f = makeFrame(3, In, Response, 42, -5, "hi\x01");
    f.status = QBiMux::StatusCode::NotFound;
    f.seq = 1;
    model.addFrame(f);
    model.flush();
    auto cell = [&](int column) {
        return model.index(0, column).data().toString();
    };
    QCOMPARE(cell(FrameModel::ConnectionColumn), QStringLiteral("3"));
    QCOMPARE(cell(FrameModel::FlagColumn), QStringLiteral("response"));
    QCOMPARE(cell(FrameModel::NumberColumn), QStringLiteral("42"));
    QCOMPARE(cell(FrameModel::RouteColumn), QStringLiteral("-5"));
    QCOMPARE(cell(FrameModel::StatusColumn), QStringLiteral("NOT_FOUND"));
    QCOMPARE(cell(FrameModel::PayloadColumn), QStringLiteral("hi."));
    QCOMPARE(cell(FrameModel::DirectionColumn), QStringLiteral("← in"));
    QCOMPARE(model.index(0, 0).data(FrameModel::FlagRole).toInt(), int(Response));
}

void tst_FrameModel::findsPartners()
{
    FrameModel model;
    quint64 seq = 0;
    auto add = [&](int conn, QBiMux::Direction dir, QBiMux::FrameFlag flag, quint64 number) {
        FrameRecord f = makeFrame(conn, dir, flag, number, 1);
        f.seq = ++seq;
        model.addFrame(f);
    };
    add(1, Out, Request, 1); // 0
    add(2, In, Response, 1); // 1: another connection
    add(1, In, Request, 1); // 2: the peer's own request 1
    add(1, Out, Response, 1); // 3: answers row 2
    add(1, In, Response, 1); // 4: answers row 0
    add(1, Out, Request, 2); // 5
    add(1, Out, Cancel, 2); // 6: cancels row 5
    model.flush();
    QCOMPARE(model.partnerRow(0), 4);
    QCOMPARE(model.partnerRow(4), 0);
    QCOMPARE(model.partnerRow(2), 3);
    QCOMPARE(model.partnerRow(3), 2);
    QCOMPARE(model.partnerRow(6), 5);
    QCOMPARE(model.partnerRow(5), -1); // cancelled, never answered
    QCOMPARE(model.partnerRow(1), -1);
}

QTEST_GUILESS_MAIN(tst_FrameModel)
#include "tst_framemodel.moc"
