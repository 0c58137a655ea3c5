// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "attachreceiver.h"
#include "composer.h"
#include "composewidget.h"
#include "framefiltermodel.h"
#include "framesview.h"
#include "inspectorcontext.h"
#include "inspectorsession.h"
#include "inspectorsettings.h"
#include "languages.h"
#include "mainwindow.h"
#include "proxyconnection.h"
#include "proxyserver.h"
#include "routemodel.h"
#include "windowhost.h"

#include "findbar.h"
#include "muxerpair.h"
#include "settingsfile.h"
#include "shared_frames.h"

#include <QtCore/qtemporarydir.h>
#include <QtNetwork/qtcpserver.h>
#include <QtTest/qsignalspy.h>
#include <QtTest/qtest.h>
#include <QtWidgets/qheaderview.h>
#include <QtWidgets/qinputdialog.h>
#include <QtWidgets/qlineedit.h>
#include <QtWidgets/qmenubar.h>
#include <QtWidgets/qtableview.h>
#include <QtWidgets/qtabwidget.h>
#include <QtWidgets/qtoolbar.h>
#include <QtWidgets/qtoolbutton.h>

using namespace std::chrono_literals;

class tst_MainWindow : public QObject
{
    Q_OBJECT

private:
    SettingsFile m_settings;

private Q_SLOTS:
    void cleanup();
    void showsChineseWhenAskedTo();
    void showsGermanWhenAskedTo();
    void pauseHoldsTheFramesBack();
    void proxyTrafficReachesEveryView();
    void savesAndOpensCaptures();
    void cancelsOnlyTheInspectorsCallsFromTheirRow();
    void clickingAConnectionShowsItsFrames();
    void tablesSortByTheirNumbers();
    void attachPortIsSetFromTheWindow();
    void ctrlFOpensTheSearch();
    void replaysAFrameToItsConnection();
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
    QCOMPARE(window.stopDemoAction()->text(), QStringLiteral("停止演示(&D)"));
}

void tst_MainWindow::showsGermanWhenAskedTo()
{
    QVERIFY(Languages::install(QStringLiteral("de")));
    InspectorContext context;
    MainWindow window(&context);
    QCOMPARE(window.pauseAction()->text(), QStringLiteral("Anhalten"));
    QCOMPARE(window.clearAction()->text(), QStringLiteral("&Leeren"));
    // Mnemonics of the newer texts, not escaped twice.
    QCOMPARE(window.stopDemoAction()->text(), QStringLiteral("&Demo beenden"));
    QCOMPARE(window.findAction()->text(), QStringLiteral("In Nutzdaten &suchen…"));
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
    QCOMPARE(window.tabs()->tabText(window.tabs()->indexOf(window.inflightView())),
             QStringLiteral("In-flight calls (1)"));
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
    WindowHost host(&context);
    MainWindow *window = host.openCapture(path);
    QVERIFY(window);
    QCOMPARE(window->framesView()->filterModel()->rowCount(), 1);
    QVERIFY(window->windowTitle().contains(QStringLiteral("x.bimuxcap")));
    QVERIFY(!host.openCapture(dir.filePath(QStringLiteral("missing"))));
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
    window.tabs()->setCurrentWidget(window.inflightView());
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

void tst_MainWindow::clickingAConnectionShowsItsFrames()
{
    InspectorContext context;
    MainWindow window(&context);
    window.show();
    QBiMuxServer server;
    server.setMessageHandler(3, &server, [](const QByteArray &) {});
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    QVERIFY(window.startProxy(0, server.serverUrl()));
    // Three clients through the proxy.
    std::vector<std::unique_ptr<QBiMuxer>> clients;
    for (int i = 0; i < 3; ++i) {
        auto client = std::make_unique<QBiMuxer>();
        QSignalSpy connected(client.get(), &QBiMuxer::connected);
        client->open(context.proxy()->url());
        QVERIFY(connected.wait(10000));
        for (int n = 0; n <= i; ++n)
            client->send(3, "from client " + QByteArray::number(i));
        clients.push_back(std::move(client));
    }
    FrameFilterModel *frames = window.framesView()->filterModel();
    QTRY_COMPARE(frames->rowCount(), 6);
    window.tabs()->setCurrentWidget(window.connectionsView());
    QTableView *connections = window.connectionsView();
    QTRY_COMPARE(connections->model()->rowCount(), 3);
    // A click on the third client's row: its three frames only.
    const QRect third = connections->visualRect(connections->model()->index(2, 1));
    QTest::mouseClick(connections->viewport(), Qt::LeftButton, {}, third.center());
    QCOMPARE(frames->rowCount(), 3);
    for (int row = 0; row < 3; ++row)
        QCOMPARE(frames->frameAt(row)->payload, QByteArray("from client 2"));
    // New frames of other clients stay out; the button shows all again.
    clients.front()->send(3, "from client 0");
    QTRY_COMPARE(context.session()->frames()->totalFrames(), 7u);
    context.session()->flush();
    QCOMPARE(frames->rowCount(), 3);
    QTest::mouseClick(window.framesView()->connectionFilterButton(), Qt::LeftButton);
    QCOMPARE(frames->rowCount(), 7);
}

void tst_MainWindow::tablesSortByTheirNumbers()
{
    InspectorContext context;
    MainWindow window(&context);
    window.show();
    InspectorSession *session = context.session();
    const int c = session->openConnection(QStringLiteral("test"), QString(), QString());
    // Route 2: 10 calls, route 10: 2, route 3: 1 (as text "10" < "2" < "3").
    quint64 n = 0;
    for (int i = 0; i < 10; ++i)
        session->addFrame(makeFrame(c, Out, Request, ++n, 2, "x"));
    for (int i = 0; i < 2; ++i)
        session->addFrame(makeFrame(c, Out, Request, ++n, 10, "x"));
    session->addFrame(makeFrame(c, Out, Request, ++n, 3, "x"));
    session->flush();
    session->routes()->refresh();
    QTableView *routes = window.routesView();
    QVERIFY(routes->isSortingEnabled());
    routes->sortByColumn(RouteModel::CallsColumn, Qt::DescendingOrder);
    auto column = [routes](int c) {
        QList<int> values;
        for (int row = 0; row < routes->model()->rowCount(); ++row)
            values.append(routes->model()->index(row, c).data().toInt());
        return values;
    };
    QCOMPARE(column(RouteModel::RouteColumn), (QList<int> {2, 10, 3}));
    routes->sortByColumn(RouteModel::RouteColumn, Qt::AscendingOrder);
    QCOMPARE(column(RouteModel::RouteColumn), (QList<int> {2, 3, 10}));
    // And the in-flight calls, by number.
    QTableView *inflight = window.inflightView();
    QVERIFY(inflight->isSortingEnabled());
    inflight->sortByColumn(InflightModel::NumberColumn, Qt::DescendingOrder);
    QCOMPARE(inflight->model()->index(0, InflightModel::NumberColumn).data().toULongLong(), n);
}

void tst_MainWindow::attachPortIsSetFromTheWindow()
{
    InspectorContext context;
    MainWindow window(&context);
    window.show();
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const quint16 port = probe.serverPort();
    probe.close();
    // Listen for Apps… asks for the port.
    bool answered = false;
    QTimer::singleShot(0, this, [&] {
        auto *dialog = qobject_cast<QInputDialog *>(QApplication::activeModalWidget());
        QVERIFY(dialog);
        dialog->setIntValue(port);
        dialog->accept();
        answered = true;
    });
    window.attachAction()->trigger();
    QVERIFY(answered);
    QVERIFY(context.attach()->isListening());
    QCOMPARE(context.attach()->port(), port);
    QVERIFY(window.statusText().contains(QStringLiteral("attach port %1").arg(port)));
    // Remembered: the next time the dialog offers it.
    QCOMPARE(InspectorSettings().attachPort(), port);
}

void tst_MainWindow::ctrlFOpensTheSearch()
{
    InspectorContext context;
    MainWindow window(&context);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    const int c = context.session()->openConnection(QStringLiteral("t"), QString(), QString());
    context.session()->addFrame(makeFrame(c, Out, Oneway, 1, 1, "haystack"));
    context.session()->addFrame(makeFrame(c, Out, Oneway, 2, 1, "needle"));
    context.session()->flush();
    window.activateWindow();
    window.framesView()->table()->setFocus();
    QTest::keyClick(&window, Qt::Key_F, Qt::ControlModifier);
    FindBar *bar = window.framesView()->findBar();
    QVERIFY(bar->isVisible());
    QTest::keyClicks(bar->edit(), QStringLiteral("needle"));
    QCOMPARE(window.framesView()->currentSourceRow(), 1);
}

void tst_MainWindow::replaysAFrameToItsConnection()
{
    InspectorContext context;
    MainWindow window(&context);
    window.show();
    QBiMuxServer server;
    QList<QByteArray> received;
    server.setMessageHandler(8, &server, [&](const QByteArray &data) { received.append(data); });
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    QVERIFY(window.startProxy(0, server.serverUrl()));
    QBiMuxer client;
    QSignalSpy connected(&client, &QBiMuxer::connected);
    client.open(context.proxy()->url());
    QVERIFY(connected.wait(10000));
    QTRY_VERIFY(context.proxy()->connectionCount() == 1
                && context.proxy()->connections().first()->isOpen());
    client.send(8, "once");
    QTRY_COMPARE(received.size(), 1);
    context.session()->flush();
    FramesView *frames = window.framesView();
    QVERIFY(frames->selectSourceRow(0));
    QVERIFY(frames->replayAction()->isEnabled());
    frames->replayAction()->trigger();
    QTRY_COMPARE(received.size(), 2);
    QCOMPARE(received.last(), QByteArray("once"));
    // Edit first: loaded into Compose, which is brought up.
    frames->editInComposeAction()->trigger();
    QCOMPARE(window.tabs()->currentWidget(), window.composeWidget());
}

QTEST_MAIN(tst_MainWindow)
#include "tst_mainwindow.moc"
