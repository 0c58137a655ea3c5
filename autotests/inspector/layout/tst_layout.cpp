// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "framedetailview.h"
#include "framefiltermodel.h"
#include "framesview.h"
#include "inspectorcontext.h"
#include "inspectorsession.h"
#include "mainwindow.h"
#include "payloadformat.h"
#include "proxyconnection.h"

#include "settingsfile.h"
#include "shared_frames.h"

#include <QtTest/qtest.h>
#include <QtWidgets/qheaderview.h>
#include <QtWidgets/qplaintextedit.h>
#include <QtWidgets/qtableview.h>
#include <QtWidgets/qtabwidget.h>

// The window at 1600 × 1000, as the report tried it: numbers, statuses and the hex dump's
// ASCII column are whole, the payload has room, and no column stretches over the rest.
class tst_Layout : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase()
    {
        m_window.reset();
        m_context.reset();
    }
    void frameColumnsShowTheirTextWhole();
    void hexDumpShowsItsAsciiColumn();
    void routesColumnsFitTheirContents();

private:
    // Whether every cell of `column` in the rows shown fits its width.
    static bool fits(QTableView *view, int column, QString *worst);

    SettingsFile m_settings;
    std::unique_ptr<InspectorContext> m_context;
    std::unique_ptr<MainWindow> m_window;
};

void tst_Layout::initTestCase()
{
    m_context = std::make_unique<InspectorContext>();
    m_window = std::make_unique<MainWindow>(m_context.get());
    m_window->resize(1600, 1000);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    InspectorSession *session = m_context->session();
    const int c = session->openConnection(QStringLiteral("proxy"), QString(), QString());
    // The widest things a row holds: an injected number, long statuses, a fault, sizes.
    FrameRecord injected = makeFrame(c, Out, Request, ProxyConnection::InjectedNumberBase + 123456,
                                     100000, QByteArray(200, 'p'));
    injected.injected = true;
    injected.wireSize = 65536;
    injected.timeoutMs = 5000;
    session->addFrame(injected);
    FrameRecord exhausted
        = makeFrame(c, In, Response, ProxyConnection::InjectedNumberBase + 123456, 100000);
    exhausted.status = QBiMux::StatusCode::ResourceExhausted;
    exhausted.injected = true;
    session->addFrame(exhausted);
    FrameRecord delayed = makeFrame(c, In, Response, 18446744073709551615ull, -65535, "x");
    delayed.faults = FrameRecord::Delayed;
    delayed.faultDelayMs = 1500;
    session->addFrame(delayed);
    FrameRecord malformed = makeFrame(c, Out, Oneway, 1, 1, "junk");
    malformed.malformed = true;
    session->addFrame(malformed);
    session->flush();
    session->routes()->refresh();
}

bool tst_Layout::fits(QTableView *view, int column, QString *worst)
{
    const QFontMetrics metrics(view->font());
    // The padding Qt's item delegate gives a cell's text.
    const int padding
        = 2 * (view->style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, view) + 1);
    for (int row = 0; row < view->model()->rowCount(); ++row) {
        const QString text = view->model()->index(row, column).data().toString();
        if (metrics.horizontalAdvance(text) + padding > view->columnWidth(column)) {
            *worst = QStringLiteral("%1 (%2 px) in %3 px")
                         .arg(text)
                         .arg(metrics.horizontalAdvance(text))
                         .arg(view->columnWidth(column));
            return false;
        }
    }
    return true;
}

void tst_Layout::frameColumnsShowTheirTextWhole()
{
    QTableView *table = m_window->framesView()->table();
    QCOMPARE(table->model()->rowCount(), 4);
    for (int column = 0; column < FrameModel::PayloadColumn; ++column) {
        QString worst;
        QVERIFY2(fits(table, column, &worst),
                 qPrintable(QStringLiteral("column %1: %2").arg(column).arg(worst)));
    }
    // The payload, last, gets the rest: room for a good part of it.
    const int payloadWidth = table->columnWidth(FrameModel::PayloadColumn);
    QVERIFY2(payloadWidth >= table->fontMetrics().averageCharWidth() * 30,
             qPrintable(QString::number(payloadWidth)));
}

void tst_Layout::hexDumpShowsItsAsciiColumn()
{
    FramesView *frames = m_window->framesView();
    frames->selectSourceRow(0);
    QPlainTextEdit *dump = frames->detail()->findChild<QPlainTextEdit *>();
    QVERIFY(dump);
    const QString firstLine = frames->detail()->dumpText().section(QLatin1Char('\n'), 0, 0);
    QCOMPARE(firstLine.size(), PayloadFormat::HexDumpLineLength);
    const int needed = QFontMetrics(dump->font()).horizontalAdvance(firstLine);
    QVERIFY2(dump->viewport()->width() >= needed,
             qPrintable(QStringLiteral("%1 < %2").arg(dump->viewport()->width()).arg(needed)));
}

void tst_Layout::routesColumnsFitTheirContents()
{
    QTableView *routes = m_window->routesView();
    m_window->tabs()->setCurrentWidget(routes);
    QVERIFY(!routes->horizontalHeader()->stretchLastSection());
    for (int column = 0; column < RouteModel::ColumnCount; ++column) {
        QString worst;
        QVERIFY2(fits(routes, column, &worst),
                 qPrintable(QStringLiteral("column %1: %2").arg(column).arg(worst)));
    }
    // p99 is as wide as its title, not the rest of the table.
    const int p99 = routes->columnWidth(RouteModel::P99Column);
    QVERIFY2(p99 < routes->viewport()->width() / 6, qPrintable(QString::number(p99)));
}

QTEST_MAIN(tst_Layout)
#include "tst_layout.moc"
