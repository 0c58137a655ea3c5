// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "inflightmodel.h"

#include "shared_frames.h"

#include <QtTest/qtest.h>

// Which in-flight rows the inspector may cancel: only those of calls it made, and only
// while they are open.
class tst_InflightModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void ownedRowCancelsItsCall();
    void otherPeersCallsCannotBeCancelled();
    void ownerMayComeBeforeTheRequest();
    void endingACallForgetsItsOwner();
    void untrackedCallsKeepNoOwner();
    void cancelSaysWhetherTheOwnerCancelled();
};

void tst_InflightModel::ownedRowCancelsItsCall()
{
    InflightModel model;
    model.start(makeFrame(1, Out, Request, 7, 3));
    model.flush();
    int cancels = 0;
    model.setOwner({1, Out, 7}, [&cancels] {
        ++cancels;
        return true;
    });
    model.flush();
    QVERIFY(model.canCancel(0));
    QVERIFY(model.index(0, InflightModel::OwnerColumn)
                .data()
                .toString()
                .contains(QStringLiteral("inspector")));
    QVERIFY(model.index(0, 0).data(InflightModel::OwnedRole).toBool());
    QVERIFY(model.cancel(0));
    QCOMPARE(cancels, 1);
}

void tst_InflightModel::otherPeersCallsCannotBeCancelled()
{
    InflightModel model;
    model.start(makeFrame(1, Out, Request, 7, 3));
    // Same number, the other caller: another call (docs/protocol.md, numbering).
    model.start(makeFrame(1, In, Request, 7, 3));
    model.flush();
    int cancels = 0;
    model.setOwner({1, Out, 7}, [&cancels] {
        ++cancels;
        return true;
    });
    QCOMPARE(model.rowCount(), 2);
    const int other = model.keyAt(0)->direction == In ? 0 : 1;
    QVERIFY(!model.canCancel(other));
    QVERIFY(!model.cancel(other));
    QVERIFY(model.index(other, InflightModel::OwnerColumn).data().toString().isEmpty());
    QVERIFY(!model.cancel(5)); // no such row
    QCOMPARE(cancels, 0);
}

void tst_InflightModel::ownerMayComeBeforeTheRequest()
{
    // Through the proxy, the composer knows its call before the proxy records the frame.
    InflightModel model;
    int cancels = 0;
    model.setOwner({2, Out, 1}, [&cancels] {
        ++cancels;
        return true;
    });
    model.start(makeFrame(2, Out, Request, 1, 3));
    model.flush();
    QVERIFY(model.cancel(0));
    QCOMPARE(cancels, 1);
}

void tst_InflightModel::endingACallForgetsItsOwner()
{
    InflightModel model;
    model.start(makeFrame(1, Out, Request, 7, 3));
    model.start(makeFrame(2, Out, Request, 8, 3));
    model.flush();
    model.setOwner({1, Out, 7}, [] { return true; });
    model.setOwner({2, Out, 8}, [] { return true; });
    // Answered: the row stays until the next flush, but is no longer cancellable.
    model.finish({1, Out, 7});
    QVERIFY(!model.canCancel(0));
    QVERIFY(!model.isOwned({1, Out, 7}));
    // Its connection closed.
    model.finishConnection(2);
    QVERIFY(!model.isOwned({2, Out, 8}));
    model.flush();
    QCOMPARE(model.rowCount(), 0);
    // The number comes again for a new call of someone else: not the inspector's.
    model.start(makeFrame(1, Out, Request, 7, 3));
    model.flush();
    QVERIFY(!model.canCancel(0));
}

void tst_InflightModel::untrackedCallsKeepNoOwner()
{
    InflightModel model;
    // An owner that comes before its request, which then finds the table full.
    const InflightModel::Key early {2, Out, 1};
    model.setOwner(early, [] { return true; });
    QVERIFY(model.isOwned(early));
    for (int n = 1; n <= InflightModel::MaxCalls; ++n)
        model.start(makeFrame(1, Out, Request, quint64(n), 3));
    QCOMPARE(model.openCalls(), InflightModel::MaxCalls);
    model.start(makeFrame(2, Out, Request, 1, 3));
    QCOMPARE(model.openCalls(), InflightModel::MaxCalls);
    QVERIFY(!model.isOwned(early)); // nothing would ever finish it
    // A request refused first, its owner after it.
    const InflightModel::Key late {1, Out, quint64(InflightModel::MaxCalls) + 1};
    model.start(makeFrame(1, Out, Request, late.number, 3));
    model.setOwner(late, [] { return true; });
    QVERIFY(!model.isOwned(late));
    // Room again: owners are kept as before.
    model.finish({1, Out, 1});
    const InflightModel::Key next {1, Out, quint64(InflightModel::MaxCalls) + 2};
    model.start(makeFrame(1, Out, Request, next.number, 3));
    model.setOwner(next, [] { return true; });
    QVERIFY(model.isOwned(next));
    model.finish(next);
    QVERIFY(!model.isOwned(next));
}

void tst_InflightModel::cancelSaysWhetherTheOwnerCancelled()
{
    // The status bar counts the calls cancelled: an owner that could not (the call ended
    // on its side already) must not count.
    InflightModel model;
    model.start(makeFrame(1, Out, Request, 7, 3));
    model.start(makeFrame(1, Out, Request, 8, 3));
    model.flush();
    int asked = 0;
    model.setOwner({1, Out, 7}, [&asked] {
        ++asked;
        return false;
    });
    model.setOwner({1, Out, 8}, [&asked] {
        ++asked;
        return true;
    });
    const int refusing = model.keyAt(0)->number == 7 ? 0 : 1;
    QVERIFY(model.canCancel(refusing));
    QVERIFY(!model.cancel(refusing));
    QVERIFY(model.cancel(1 - refusing));
    QCOMPARE(asked, 2);
}

QTEST_GUILESS_MAIN(tst_InflightModel)
#include "tst_inflightmodel.moc"
