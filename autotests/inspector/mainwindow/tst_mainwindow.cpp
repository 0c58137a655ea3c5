#include "composer.h"
#include "composewidget.h"
#include "framefiltermodel.h"
#include "framesview.h"
#include "inspectorcontext.h"
#include "inspectorsession.h"
#include "languages.h"
#include "mainwindow.h"
#include "proxyconnection.h"
#include "proxyserver.h"

#include "muxerpair.h"
#include "shared_frames.h"

#include <QtCore/qtemporarydir.h>
#include <QtTest/qsignalspy.h>
#include <QtTest/qtest.h>
#include <QtWidgets/qmenubar.h>
#include <QtWidgets/qtableview.h>
#include <QtWidgets/qtabwidget.h>
#include <QtWidgets/qtoolbar.h>

using namespace std::chrono_literals;

class tst_MainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cleanup();
    void showsChineseWhenAskedTo();
    void showsGermanWhenAskedTo();
    void pauseHoldsTheFramesBack();
    void proxyTrafficReachesEveryView();
    void savesAndOpensCaptures();
    void cancelsOnlyTheInspectorsCallsFromTheirRow();
};

void tst_MainWindow::cleanup()
{
    Languages::install(QStringLiteral("en"));
}

void tst_MainWindow::showsChineseWhenAskedTo()
{
    QVERIFY(Languages::install(QStringLiteral("zh_CN")));
    InspectorContext context;
    MainWindow window(&context);
    window.show();
    QCOMPARE(window.windowTitle(), QStringLiteral("BiMux 检查器"));
    QCOMPARE(window.pauseAction()->text(), QStringLiteral("暂停"));
    QCOMPARE(window.tabs()->tabText(0), QStringLiteral("路由"));
    QCOMPARE(
        context.session()->frames()->headerData(FrameModel::RouteColumn, Qt::Horizontal).toString(),
        QStringLiteral("路由"));
    QCOMPARE(window.menuBar()->actions().first()->text(), QStringLiteral("文件(&F)"));
}

void tst_MainWindow::showsGermanWhenAskedTo()
{
    QVERIFY(Languages::install(QStringLiteral("de")));
    InspectorContext context;
    MainWindow window(&context);
    QCOMPARE(window.pauseAction()->text(), QStringLiteral("Anhalten"));
    QCOMPARE(window.clearAction()->text(), QStringLiteral("&Leeren"));
    // And back: English is the source language.
    QVERIFY(Languages::install(QStringLiteral("en")));
    MainWindow english(&context);
    QCOMPARE(english.pauseAction()->text(), QStringLiteral("Pause"));
}

void tst_MainWindow::pauseHoldsTheFramesBack()
{
    InspectorContext context;
    MainWindow window(&context);
    window.show();
    InspectorSession *session = context.session();
    const int c = session->openConnection(QStringLiteral("test"), QString(), QString());
    session->addFrame(makeFrame(c, Out, Oneway, 1, 2, "one"));
    QTRY_COMPARE(window.framesView()->filterModel()->rowCount(), 1);

    // Through the toolbar button, as a user would.
    QToolBar *toolbar = window.findChild<QToolBar *>();
    QWidget *pauseButton = toolbar->widgetForAction(window.pauseAction());
    QTest::mouseClick(pauseButton, Qt::LeftButton);
    QVERIFY(window.pauseAction()->isChecked());
    QCOMPARE(window.pauseAction()->text(), QStringLiteral("Resume"));
    session->addFrame(makeFrame(c, Out, Oneway, 2, 2, "two"));
    session->flush();
    QCOMPARE(window.framesView()->filterModel()->rowCount(), 1);
    QTest::keyClick(&window, Qt::Key_F5); // the shortcut resumes
    QVERIFY(!window.pauseAction()->isChecked());
    QCOMPARE(window.framesView()->filterModel()->rowCount(), 2);
}

void tst_MainWindow::proxyTrafficReachesEveryView()
{
    InspectorContext context;
    MainWindow window(&context);
    window.show();
    QBiMuxServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    QVERIFY(window.startProxy(0, server.serverUrl()));
    QVERIFY(window.statusText().contains(server.serverUrl().toString()));

    QBiMuxer client;
    QSignalSpy accepted(&server, &QBiMuxServer::newConnection);
    client.open(context.proxy()->url());
    QVERIFY(accepted.wait(10000));
    RequestCollector requests(accepted.first().first().value<QBiMuxer *>());
    QFuture<QByteArray> call = client.rpc(12, "slow", QBiMuxCallOptions().setTimeout(10s));
    QTRY_COMPARE(requests.size(), 1);
    QTRY_COMPARE(window.inflightView()->model()->rowCount(), 1);
    QTRY_COMPARE(window.framesView()->table()->model()->rowCount(), 1);
    QTRY_COMPARE(window.connectionsView()->model()->rowCount(), 1);
    QTRY_COMPARE(window.routesView()->model()->rowCount(), 1);
    QCOMPARE(window.tabs()->tabText(1), QStringLiteral("In-flight calls (1)"));
    requests.first().reply("done");
    QVERIFY(waitForFinished(call));
    QTRY_COMPARE(window.inflightView()->model()->rowCount(), 0);
    QTRY_COMPARE(window.framesView()->table()->model()->rowCount(), 2);
    QTRY_VERIFY(window.statusText().contains(QStringLiteral("2 frames kept of 2 seen")));
}

void tst_MainWindow::savesAndOpensCaptures()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("x.bimuxcap"));
    {
        InspectorContext context;
        MainWindow window(&context);
        InspectorSession *session = context.session();
        const int c = session->openConnection(QStringLiteral("test"), QString(), QString());
        session->addFrame(makeFrame(c, Out, Request, 1, 2, "saved"));
        QVERIFY(window.saveCapture(path));
        QVERIFY(window.exportFrames(dir.filePath(QStringLiteral("x.json"))));
        QVERIFY(QFile::exists(dir.filePath(QStringLiteral("x.json"))));
    }
    InspectorContext context;
    MainWindow window(&context);
    QVERIFY(window.openCapture(path));
    QCOMPARE(window.framesView()->filterModel()->rowCount(), 1);
    QVERIFY(window.windowTitle().contains(path));
    QVERIFY(!window.openCapture(dir.filePath(QStringLiteral("missing"))));
}

void tst_MainWindow::cancelsOnlyTheInspectorsCallsFromTheirRow()
{
    InspectorContext context;
    MainWindow window(&context);
    window.show();
    QBiMuxServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    QVERIFY(window.startProxy(0, server.serverUrl()));
    QBiMuxer client;
    QSignalSpy accepted(&server, &QBiMuxServer::newConnection);
    client.open(context.proxy()->url());
    QVERIFY(accepted.wait(10000));
    RequestCollector held(accepted.first().first().value<QBiMuxer *>());
    QTRY_VERIFY(context.proxy()->connectionCount() == 1
                && context.proxy()->connections().first()->isOpen());

    // A call of the real client, and one the inspector injects: both held by the server.
    QFuture<QByteArray> clientCall
        = client.rpc(12, "client's", QBiMuxCallOptions().setTimeout(10s));
    Composer *composer = context.composer();
    composer->setTarget(context.proxy()->connections().first()->key());
    QSignalSpy failed(composer, &Composer::failed);
    composer->rpc(12, "inspector's", 10s);
    QTRY_COMPARE(held.size(), 2);
    QTRY_COMPARE(window.inflightView()->model()->rowCount(), 2);
    window.tabs()->setCurrentIndex(1);
    QTableView *view = window.inflightView();
    QAction *cancel = window.cancelCallAction();
    // Offered in the row's context menu.
    QCOMPARE(view->contextMenuPolicy(), Qt::ActionsContextMenu);
    QVERIFY(view->actions().contains(cancel));
    const QAbstractItemModel *model = view->model();
    const int ownRow
        = model->index(0, InflightModel::OwnerColumn).data().toString().isEmpty() ? 1 : 0;
    const int clientRow = 1 - ownRow;

    view->selectRow(clientRow);
    QVERIFY(!cancel->isEnabled());
    cancel->trigger(); // disabled: nothing happens
    view->setFocus();
    QTest::keyClick(view, Qt::Key_Delete);
    QCOMPARE(failed.count(), 0);

    view->selectRow(ownRow);
    QVERIFY(cancel->isEnabled());
    QTest::keyClick(view, Qt::Key_Delete);
    QCOMPARE(failed.count(), 1);
    QCOMPARE(failed.first().at(1).toInt(), int(QBiMux::StatusCode::Cancelled));
    const QBiMuxRequest injected = held.at(0).data() == "client's" ? held.at(1) : held.at(0);
    const QBiMuxRequest clients = held.at(0).data() == "client's" ? held.at(0) : held.at(1);
    QTRY_VERIFY(injected.isCancelled());
    QVERIFY(!clients.isCancelled());
    QTRY_COMPARE(model->rowCount(), 1);
    QTRY_VERIFY(!cancel->isEnabled());
    QBiMuxRequest(clients).reply("done");
    QVERIFY(waitForFinished(clientCall));
}

QTEST_MAIN(tst_MainWindow)
#include "tst_mainwindow.moc"
