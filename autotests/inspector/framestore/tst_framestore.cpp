// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "framestore.h"

#include "shared_frames.h"

#include <QtTest/qtest.h>

class tst_FrameStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void keepsTheNewestUpToCapacity();
    void dropFrontThenGrowKeepsOrder();
    void shrinkingKeepsTheNewest();
    void findsBySequenceNumber();
    void droppedPayloadsAreFreed();
};

static FrameRecord numbered(quint64 seq)
{
    FrameRecord f = makeFrame(1, Out, Oneway, seq, 1, QByteArray::number(seq));
    f.seq = seq;
    return f;
}

static QList<quint64> seqs(const FrameStore &store)
{
    QList<quint64> result;
    for (int i = 0; i < store.size(); ++i)
        result.append(store.at(i).seq);
    return result;
}

void tst_FrameStore::keepsTheNewestUpToCapacity()
{
    FrameStore store(3);
    QCOMPARE(store.append(numbered(1)), 0);
    QCOMPARE(store.append(numbered(2)), 0);
    QCOMPARE(store.append(numbered(3)), 0);
    QCOMPARE(store.append(numbered(4)), 1);
    QCOMPARE(store.append(numbered(5)), 1);
    QCOMPARE(seqs(store), (QList<quint64> {3, 4, 5}));
    QCOMPARE(store.at(0).payload, QByteArray("3"));
}

void tst_FrameStore::dropFrontThenGrowKeepsOrder()
{
    FrameStore store(5);
    for (quint64 s = 1; s <= 3; ++s)
        store.append(numbered(s));
    store.dropFront(2); // the vector has 3 slots, 1 used: appends must not wrap early
    for (quint64 s = 4; s <= 8; ++s)
        store.append(numbered(s));
    QCOMPARE(seqs(store), (QList<quint64> {4, 5, 6, 7, 8}));
    store.dropFront(10);
    QVERIFY(store.isEmpty());
    store.append(numbered(9));
    QCOMPARE(seqs(store), (QList<quint64> {9}));
}

void tst_FrameStore::shrinkingKeepsTheNewest()
{
    FrameStore store(4);
    for (quint64 s = 1; s <= 6; ++s)
        store.append(numbered(s));
    store.setCapacity(2);
    QCOMPARE(seqs(store), (QList<quint64> {5, 6}));
    store.setCapacity(3);
    store.append(numbered(7));
    store.append(numbered(8));
    QCOMPARE(seqs(store), (QList<quint64> {6, 7, 8}));
}

void tst_FrameStore::findsBySequenceNumber()
{
    FrameStore store(4);
    for (quint64 s : {2, 4, 6, 8, 10, 12})
        store.append(numbered(s));
    QCOMPARE(store.indexOfSeq(6), 0);
    QCOMPARE(store.indexOfSeq(12), 3);
    QCOMPARE(store.indexOfSeq(4), -1); // evicted
    QCOMPARE(store.indexOfSeq(7), -1);
}

void tst_FrameStore::droppedPayloadsAreFreed()
{
    FrameStore store(2);
    const QByteArray big(1 << 20, 'x');
    FrameRecord f = numbered(1);
    f.payload = big;
    store.append(std::move(f));
    QVERIFY(!big.isDetached()); // shared with the stored frame
    store.dropFront(1);
    QVERIFY(big.isDetached());
}

QTEST_GUILESS_MAIN(tst_FrameStore)
#include "tst_framestore.moc"
