// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "framedetailview.h"
#include "framefiltermodel.h"
#include "framemodel.h"
#include "framesview.h"

#include "findbar.h"
#include "shared_frames.h"

#include <QtTest/qsignalspy.h>
#include <QtTest/qtest.h>
#include <QtWidgets/qcheckbox.h>
#include <QtWidgets/qcombobox.h>
#include <QtWidgets/qheaderview.h>
#include <QtWidgets/qlineedit.h>
#include <QtWidgets/qpushbutton.h>
#include <QtWidgets/qscrollbar.h>
#include <QtWidgets/qtableview.h>
#include <QtWidgets/qtoolbutton.h>

// The frames view driven as a user would: typing filters, clicking rows, jumping.
class tst_FramesView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void typingARouteFilters();
    void choosingAFlagFilters();
    void clickingShowsTheDetail();
    void jumpsBetweenRequestAndResponse();
    void followsTheTail();
    void clearLeavesNoStaleDetail();
    void sortsByAnyColumnAndKeepsTheSelection();
    void showsOneConnection();
    void selectingSaysFollowIsOff();
    void turningFollowOnShowsTheNewestAtOnce();
    void selectedRowStaysInViewWhileOldFramesGo();
    void findsTextAndHexBothWays();

private:
    void clickRow(int row);
    std::unique_ptr<FrameModel> m_frames;
    std::unique_ptr<FramesView> m_view;
};

void tst_FramesView::init()
{
    m_frames = std::make_unique<FrameModel>();
    quint64 seq = 0;
    auto add = [&](QBiMux::Direction dir, QBiMux::FrameFlag flag, quint64 number, qint32 route,
                   const QByteArray &payload) {
        FrameRecord f = makeFrame(1, dir, flag, number, route, payload);
        f.seq = ++seq;
        if (flag == Response && route == 3) {
            f.status = QBiMux::StatusCode::NotFound;
            f.errorMessage = QStringLiteral("no firmware");
        }
        m_frames->addFrame(f);
    };
    add(Out, Request, 1, 1, "ping"); // 0
    add(Out, Oneway, 2, 20, "telemetry"); // 1
    add(Out, Request, 3, 3, "firmware?"); // 2
    add(In, Response, 1, 1, "pong"); // 3
    add(In, Response, 3, 3, {}); // 4
    m_frames->flush();
    m_view = std::make_unique<FramesView>(m_frames.get());
    m_view->resize(1000, 600);
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
}

void tst_FramesView::cleanup()
{
    m_view.reset();
    m_frames.reset();
}

void tst_FramesView::clickRow(int row)
{
    QTableView *table = m_view->table();
    const QRect rect = table->visualRect(table->model()->index(row, FrameModel::FlagColumn));
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, rect.center());
}

void tst_FramesView::typingARouteFilters()
{
    QTest::keyClicks(m_view->routeFilter(), QStringLiteral("1, 20"));
    QCOMPARE(m_view->filterModel()->rowCount(), 3);
    m_view->routeFilter()->clear();
    QTest::keyClicks(m_view->routeFilter(), QStringLiteral("x"));
    QCOMPARE(m_view->filterModel()->rowCount(), 5); // unreadable: the filter stays as it was
    QVERIFY(!m_view->routeFilter()->styleSheet().isEmpty()); // and says so
}

void tst_FramesView::choosingAFlagFilters()
{
    QComboBox *flags = m_view->flagFilter();
    flags->setFocus();
    // "All flags", request, response, ...: two steps down is "response".
    QTest::keyClick(flags, Qt::Key_Down);
    QTest::keyClick(flags, Qt::Key_Down);
    QCOMPARE(flags->currentText(), QStringLiteral("response"));
    QCOMPARE(m_view->filterModel()->rowCount(), 2);
    QTest::keyClicks(m_view->textFilter(), QStringLiteral("no firm"));
    QCOMPARE(m_view->filterModel()->rowCount(), 1);
}

void tst_FramesView::clickingShowsTheDetail()
{
    clickRow(2);
    QCOMPARE(m_view->currentSourceRow(), 2);
    QVERIFY(m_view->detail()->headerText().contains(QStringLiteral("firmware")) == false);
    QVERIFY(m_view->detail()->headerText().contains(QStringLiteral("request")));
    QVERIFY(m_view->detail()->dumpText().startsWith(QStringLiteral("00000000  66 69 72 6d")));
    QVERIFY(m_view->detail()->dumpText().contains(QStringLiteral("firmware?")));
    QVERIFY(m_view->detail()->partnerButton()->isEnabled());
    clickRow(1);
    QVERIFY(!m_view->detail()->partnerButton()->isEnabled()); // a oneway has no partner
}

void tst_FramesView::jumpsBetweenRequestAndResponse()
{
    clickRow(2);
    QTest::mouseClick(m_view->detail()->partnerButton(), Qt::LeftButton);
    QCOMPARE(m_view->currentSourceRow(), 4);
    QVERIFY(m_view->detail()->headerText().contains(QStringLiteral("NOT_FOUND")));
    QVERIFY(m_view->detail()->headerText().contains(QStringLiteral("no firmware")));
    QTest::mouseClick(m_view->detail()->partnerButton(), Qt::LeftButton);
    QCOMPARE(m_view->currentSourceRow(), 2);
    // Filtered out: the jump says so and stays.
    QTest::keyClicks(m_view->routeFilter(), QStringLiteral("3"));
    m_view->flagFilter()->setCurrentIndex(1); // requests only
    QCOMPARE(m_view->filterModel()->rowCount(), 1);
    QSignalSpy status(m_view.get(), &FramesView::statusMessage);
    clickRow(0);
    QVERIFY(!m_view->jumpToPartner());
    QCOMPARE(status.size(), 1);
}

void tst_FramesView::followsTheTail()
{
    for (quint64 s = 100; s < 400; ++s) {
        FrameRecord f = makeFrame(1, Out, Oneway, s, 5, "bulk");
        f.seq = s;
        m_frames->addFrame(f);
    }
    m_frames->flush();
    QTableView *table = m_view->table();
    QTRY_VERIFY(table->indexAt(table->viewport()->rect().bottomLeft() - QPoint(-2, 4)).row()
                >= 300);
    // Unchecked, new rows do not move the view.
    QTest::mouseClick(m_view->followTail(), Qt::LeftButton);
    QVERIFY(!m_view->followTail()->isChecked());
    table->scrollToTop();
    for (quint64 s = 400; s < 500; ++s) {
        FrameRecord f = makeFrame(1, Out, Oneway, s, 5, "bulk");
        f.seq = s;
        m_frames->addFrame(f);
    }
    m_frames->flush();
    QCoreApplication::processEvents();
    QCOMPARE(table->indexAt(QPoint(2, 2)).row(), 0);
}

void tst_FramesView::clearLeavesNoStaleDetail()
{
    clickRow(2);
    QVERIFY(m_view->detail()->headerText().contains(QStringLiteral("request")));
    QVERIFY(m_view->detail()->partnerButton()->isEnabled());
    m_frames->clear();
    QCOMPARE(m_view->currentSourceRow(), -1);
    QVERIFY(!m_view->detail()->headerText().contains(QStringLiteral("request")));
    QVERIFY(m_view->detail()->dumpText().isEmpty());
    QVERIFY(!m_view->detail()->partnerButton()->isEnabled());
    // Filtered out: the detail goes too.
    init();
    clickRow(2);
    m_view->flagFilter()->setCurrentIndex(2); // responses only
    QVERIFY(m_view->detail()->dumpText().isEmpty());
    QVERIFY(!m_view->detail()->partnerButton()->isEnabled());
}

void tst_FramesView::sortsByAnyColumnAndKeepsTheSelection()
{
    QTableView *table = m_view->table();
    QVERIFY(table->isSortingEnabled());
    clickRow(1); // the oneway of route 20
    const quint64 selected = m_frames->frame(m_view->currentSourceRow()).seq;
    // A click on the Route title sorts by route, and again the other way round.
    QHeaderView *header = table->horizontalHeader();
    const int x = header->sectionViewportPosition(FrameModel::RouteColumn) + 5;
    QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, QPoint(x, header->height() / 2));
    auto routes = [table] {
        QList<int> shown;
        for (int row = 0; row < table->model()->rowCount(); ++row)
            shown.append(table->model()->index(row, FrameModel::RouteColumn).data().toInt());
        return shown;
    };
    QCOMPARE(routes(), (QList<int> {1, 1, 3, 3, 20}));
    QCOMPARE(m_frames->frame(m_view->currentSourceRow()).seq, selected); // still selected
    QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, QPoint(x, header->height() / 2));
    QCOMPARE(routes(), (QList<int> {20, 3, 3, 1, 1}));
    // New frames go where they sort.
    FrameRecord f = makeFrame(1, Out, Oneway, 9, 5, "five");
    m_frames->addFrame(f);
    m_frames->flush();
    QCOMPARE(routes(), (QList<int> {20, 5, 3, 3, 1, 1}));
    QCOMPARE(m_frames->frame(m_view->currentSourceRow()).seq, selected);
    // Follow needs the time order.
    QVERIFY(!m_view->followTail()->isEnabled());
}

void tst_FramesView::showsOneConnection()
{
    FrameRecord other = makeFrame(2, Out, Oneway, 1, 1, "other connection");
    m_frames->addFrame(other);
    m_frames->flush();
    QCOMPARE(m_view->filterModel()->rowCount(), 6);
    m_view->showConnections({2}, QStringLiteral("Connection #2"));
    QCOMPARE(m_view->filterModel()->rowCount(), 1);
    QVERIFY(m_view->connectionFilterButton()->isVisible());
    QVERIFY(m_view->connectionFilterButton()->text().contains(QStringLiteral("#2")));
    // Frames of other connections that arrive stay out.
    m_frames->addFrame(makeFrame(1, Out, Oneway, 10, 1, "still out"));
    m_frames->addFrame(makeFrame(2, Out, Oneway, 2, 1, "in"));
    m_frames->flush();
    QCOMPARE(m_view->filterModel()->rowCount(), 2);
    QTest::mouseClick(m_view->connectionFilterButton(), Qt::LeftButton);
    QCOMPARE(m_view->filterModel()->rowCount(), 8);
    QVERIFY(!m_view->connectionFilterButton()->isVisible());
}

void tst_FramesView::selectingSaysFollowIsOff()
{
    QSignalSpy status(m_view.get(), &FramesView::statusMessage);
    QVERIFY(m_view->followTail()->isChecked());
    clickRow(2);
    QVERIFY(!m_view->followTail()->isChecked());
    QCOMPARE(status.size(), 1);
    QVERIFY(status.first().first().toString().contains(QStringLiteral("Follow")));
    // On again, then the jump (Ctrl+J): off again, and said again.
    QTest::mouseClick(m_view->followTail(), Qt::LeftButton);
    QVERIFY(m_view->followTail()->isChecked());
    QVERIFY(m_view->jumpToPartner());
    QVERIFY(!m_view->followTail()->isChecked());
    QCOMPARE(status.size(), 2);
    QVERIFY(status.last().first().toString().contains(QStringLiteral("Follow")));
}

void tst_FramesView::turningFollowOnShowsTheNewestAtOnce()
{
    QTableView *table = m_view->table();
    m_view->followTail()->setChecked(false);
    for (quint64 n = 100; n < 400; ++n)
        m_frames->addFrame(makeFrame(1, Out, Oneway, n, 5, "bulk"));
    m_frames->flush();
    table->scrollToTop();
    QCOMPARE(table->rowAt(0), 0);
    QTest::mouseClick(m_view->followTail(), Qt::LeftButton);
    // At once, not with the next frame.
    const int last = table->model()->rowCount() - 1;
    const QRect lastRect = table->visualRect(table->model()->index(last, 0));
    QVERIFY(table->viewport()->rect().contains(lastRect.center()));
}

void tst_FramesView::selectedRowStaysInViewWhileOldFramesGo()
{
    m_frames->setFrameLimit(300);
    for (quint64 n = 1; n <= 300; ++n)
        m_frames->addFrame(makeFrame(1, Out, Oneway, n, 5, "old"));
    m_frames->flush();
    QTableView *table = m_view->table();
    table->doItemsLayout();
    // A row near the bottom, where Follow showed the newest.
    const int row = table->rowAt(table->viewport()->height() / 2);
    QVERIFY(row > 200);
    clickRow(row);
    QVERIFY(!m_view->followTail()->isChecked());
    const quint64 selected = m_frames->frame(m_view->currentSourceRow()).seq;
    const int y = table->visualRect(table->currentIndex()).top();
    // 100 new frames push the 100 oldest out of the ring, twice.
    for (int round = 0; round < 2; ++round) {
        for (quint64 n = 1; n <= 100; ++n)
            m_frames->addFrame(makeFrame(1, Out, Oneway, 1000 + n, 5, "new"));
        m_frames->flush();
        QCoreApplication::processEvents();
        QCOMPARE(m_frames->frame(m_view->currentSourceRow()).seq, selected);
        // Where it was (the top row may align to the view's edge: less than a row off).
        const int moved = table->visualRect(table->currentIndex()).top() - y;
        QVERIFY2(qAbs(moved) < table->rowHeight(0), qPrintable(QString::number(moved)));
    }
}

void tst_FramesView::findsTextAndHexBothWays()
{
    m_view->find();
    FindBar *bar = m_view->findBar();
    QVERIFY(bar->isVisible());
    QVERIFY(bar->edit()->hasFocus());
    // Text, any case: the first match is selected while typing.
    QTest::keyClicks(bar->edit(), QStringLiteral("PING"));
    QCOMPARE(m_view->currentSourceRow(), 0);
    QTest::keyClick(bar->edit(), Qt::Key_Return);
    QCOMPARE(m_view->currentSourceRow(), 0); // the only one: it stays
    bar->edit()->clear();
    QTest::keyClicks(bar->edit(),
                     QStringLiteral("firm")); // payload "firmware?", error "no firmware"
    QCOMPARE(m_view->currentSourceRow(), 2);
    QTest::keyClick(bar->edit(), Qt::Key_F3);
    QCOMPARE(m_view->currentSourceRow(), 4);
    QTest::keyClick(bar->edit(), Qt::Key_F3, Qt::ShiftModifier);
    QCOMPARE(m_view->currentSourceRow(), 2);
    // Hex: the bytes of "pong".
    bar->modeBox()->setCurrentIndex(FindBar::Hex);
    bar->edit()->clear();
    QTest::keyClicks(bar->edit(), QStringLiteral("70 6f 6e 67"));
    QCOMPARE(m_view->currentSourceRow(), 3);
    bar->edit()->clear();
    QTest::keyClicks(bar->edit(), QStringLiteral("ff ee"));
    QVERIFY(!m_view->findNext(true));
    QTest::keyClick(bar->edit(), Qt::Key_Escape);
    QVERIFY(!bar->isVisible());
}

QTEST_MAIN(tst_FramesView)
#include "tst_framesview.moc"
