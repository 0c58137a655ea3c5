// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "framefiltermodel.h"
#include "framemodel.h"

#include "shared_frames.h"

#include <QtTest/qsignalspy.h>
#include <QtTest/qtest.h>

class tst_FrameFilterModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void everythingWithoutFilters();
    void byRoutes();
    void byFlagAndDirection();
    void byText();
    void followsNewRows();
    void framesArrivingOutOfTimeOrderShowInTimeOrder();
    void sortedByAColumnThroughEvictions();

private:
    QList<quint64> shownNumbers() const;
    std::unique_ptr<FrameModel> m_frames;
    std::unique_ptr<FrameFilterModel> m_filter;
};

void tst_FrameFilterModel::init()
{
    m_frames = std::make_unique<FrameModel>();
    m_filter = std::make_unique<FrameFilterModel>();
    m_filter->setFrameModel(m_frames.get());
    quint64 seq = 0;
    auto add = [&](QBiMux::Direction dir, QBiMux::FrameFlag flag, quint64 number, qint32 route,
                   const QByteArray &payload) {
        FrameRecord f = makeFrame(1, dir, flag, number, route, payload);
        f.seq = ++seq;
        m_frames->addFrame(f);
    };
    add(Out, Request, 1, 1, "temperature please");
    add(In, Response, 1, 1, "21.5 degrees");
    add(Out, Oneway, 2, 20, "Telemetry RPM");
    add(In, Request, 1, 10, "status?");
    add(Out, Response, 1, 10, "battery ok");
    add(Out, Request, 3, 5, "firmware");
    m_frames->flush();
}

QList<quint64> tst_FrameFilterModel::shownNumbers() const
{
    QList<quint64> numbers;
    for (int row = 0; row < m_filter->rowCount(); ++row)
        numbers.append(m_frames->frame(m_filter->sourceRow(row)).route);
    return numbers;
}

void tst_FrameFilterModel::everythingWithoutFilters()
{
    QCOMPARE(m_filter->rowCount(), 6);
}

void tst_FrameFilterModel::byRoutes()
{
    QVERIFY(m_filter->setRouteFilter(QStringLiteral("1, 5-12")));
    QCOMPARE(shownNumbers(), (QList<quint64> {1, 1, 10, 10, 5}));
    QVERIFY(!m_filter->setRouteFilter(QStringLiteral("abc")));
    QCOMPARE(m_filter->rowCount(), 5); // unchanged
    QVERIFY(m_filter->setRouteFilter(QString()));
    QCOMPARE(m_filter->rowCount(), 6);
}

void tst_FrameFilterModel::byFlagAndDirection()
{
    m_filter->setFlagFilter(int(Request));
    QCOMPARE(shownNumbers(), (QList<quint64> {1, 10, 5}));
    m_filter->setDirectionFilter(int(In));
    QCOMPARE(shownNumbers(), (QList<quint64> {10}));
    m_filter->setFlagFilter(-1);
    QCOMPARE(shownNumbers(), (QList<quint64> {1, 10}));
}

void tst_FrameFilterModel::byText()
{
    m_filter->setTextFilter(QStringLiteral("rpm"));
    QCOMPARE(shownNumbers(), (QList<quint64> {20}));
    m_filter->setTextFilter(QStringLiteral("nothing like it"));
    QCOMPARE(m_filter->rowCount(), 0);
}

void tst_FrameFilterModel::followsNewRows()
{
    m_filter->setRouteFilter(QStringLiteral("20"));
    FrameRecord f = makeFrame(1, Out, Oneway, 9, 20, "more");
    f.seq = 100;
    m_frames->addFrame(f);
    FrameRecord g = makeFrame(1, Out, Oneway, 10, 21, "other");
    g.seq = 101;
    m_frames->addFrame(g);
    m_frames->flush();
    QCOMPARE(shownNumbers(), (QList<quint64> {20, 20}));
    const int last = m_frames->rowCount() - 1;
    QCOMPARE(m_filter->proxyRow(last - 1), 1);
    QCOMPARE(m_filter->proxyRow(last), -1);
}

void tst_FrameFilterModel::framesArrivingOutOfTimeOrderShowInTimeOrder()
{
    // Attach mode: two processes' batches come one after the other, each in order.
    FrameModel frames;
    FrameFilterModel filter;
    filter.setFrameModel(&frames);
    filter.sort(FrameModel::TimeColumn, Qt::AscendingOrder);
    auto at = [](qint64 ms, quint64 number) {
        FrameRecord f = makeFrame(1, Out, Oneway, number, 1, "x");
        f.timestampMs = ms;
        return f;
    };
    for (qint64 ms : {100, 110, 120})
        frames.addFrame(at(ms, quint64(ms)));
    frames.flush();
    QPersistentModelIndex selected = filter.index(1, 0); // 110
    QSignalSpy inserted(&filter, &QAbstractItemModel::rowsInserted);
    QSignalSpy layout(&filter, &QAbstractItemModel::layoutChanged);
    // The other process's frames, older than some shown already.
    for (qint64 ms : {105, 115, 125})
        frames.addFrame(at(ms, quint64(ms)));
    frames.flush();
    auto shown = [&filter] {
        QList<qint64> times;
        for (int row = 0; row < filter.rowCount(); ++row)
            times.append(filter.frameAt(row)->timestampMs);
        return times;
    };
    QCOMPARE(shown(), (QList<qint64> {100, 105, 110, 115, 120, 125}));
    QCOMPARE(layout.size(), 1); // one merge, not a row at a time
    QCOMPARE(selected.row(), 2); // the selection moved with its frame
    // In order again: a plain insertion at the end.
    frames.addFrame(at(130, 130));
    frames.flush();
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(layout.size(), 1);
}

void tst_FrameFilterModel::sortedByAColumnThroughEvictions()
{
    FrameModel frames;
    frames.setFrameLimit(50);
    FrameFilterModel filter;
    filter.setFrameModel(&frames);
    filter.sort(FrameModel::RouteColumn, Qt::DescendingOrder);
    for (quint64 n = 1; n <= 200; ++n) {
        frames.addFrame(makeFrame(1, Out, Oneway, n, qint32(n % 7), "x"));
        if (n % 30 == 0)
            frames.flush();
    }
    frames.flush();
    QCOMPARE(filter.rowCount(), 50);
    // Every row is a frame kept, in route order, newest first among equals... by arrival.
    for (int row = 0; row < filter.rowCount(); ++row) {
        QVERIFY(filter.frameAt(row));
        if (row > 0) {
            const FrameRecord *a = filter.frameAt(row - 1);
            const FrameRecord *b = filter.frameAt(row);
            QVERIFY(a->route > b->route || (a->route == b->route && a->seq > b->seq));
        }
        QCOMPARE(filter.proxyRow(filter.sourceRow(row)), row);
    }
    QVERIFY(frames.frame(0).number == 151);
}

QTEST_GUILESS_MAIN(tst_FrameFilterModel)
#include "tst_framefiltermodel.moc"
