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
};

void tst_InflightModel::ownedRowCancelsItsCall()
{
    InflightModel model;
    model.start(makeFrame(1, Out, Request, 7, 3));
    model.flush();
    int cancels = 0;
    model.setOwner({1, Out, 7}, [&cancels] { ++cancels; });
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
    model.setOwner({1, Out, 7}, [&cancels] { ++cancels; });
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
    model.setOwner({2, Out, 1}, [&cancels] { ++cancels; });
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
    model.setOwner({1, Out, 7}, [] {});
    model.setOwner({2, Out, 8}, [] {});
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

QTEST_GUILESS_MAIN(tst_InflightModel)
#include "tst_inflightmodel.moc"
