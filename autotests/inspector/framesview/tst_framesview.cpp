#include "framedetailview.h"
#include "framefiltermodel.h"
#include "framemodel.h"
#include "framesview.h"

#include "shared_frames.h"

#include <QtTest/qsignalspy.h>
#include <QtTest/qtest.h>
#include <QtWidgets/qcheckbox.h>
#include <QtWidgets/qcombobox.h>
#include <QtWidgets/qlineedit.h>
#include <QtWidgets/qpushbutton.h>
#include <QtWidgets/qtableview.h>

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

QTEST_MAIN(tst_FramesView)
#include "tst_framesview.moc"
