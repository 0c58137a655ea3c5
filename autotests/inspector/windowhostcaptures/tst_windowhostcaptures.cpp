// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "capturefile.h"
#include "framefiltermodel.h"
#include "framesview.h"
#include "inspectorcontext.h"
#include "inspectorsession.h"
#include "mainwindow.h"
#include "proxyconnection.h"
#include "proxyserver.h"
#include "windowhost.h"

#include "muxerpair.h"
#include "settingsfile.h"
#include "shared_frames.h"

#include <QtCore/qtemporarydir.h>
#include <QtTest/qsignalspy.h>
#include <QtTest/qtest.h>
#include <QtWidgets/qtableview.h>

using namespace std::chrono_literals;

// Opening a capture and running the demo, with live traffic going on: each gets a window
// (and a session) of its own; nothing of the live window changes, whatever the file holds.
class tst_WindowHostCaptures : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void badFileChangesNothing();
    void captureOpensInItsOwnWindowDuringLiveTraffic();
    void openingACaptureLeavesNoCallInFlightForever();
    void demoRunsApartFromTheUsersProxyAndStops();

private:
    QString writeCapture(const QString &name, int frames, const QByteArray &tail = QByteArray());

    SettingsFile m_settings;
    QTemporaryDir m_dir;
};

// A capture of `frames` oneways on two connections (numbered 7 and 9 in the file), with
// `tail` appended.
QString tst_WindowHostCaptures::writeCapture(const QString &name, int frames,
                                             const QByteArray &tail)
{
    InspectorSession session;
    ConnectionRecord a;
    a.key = 7;
    a.source = QStringLiteral("from the file");
    ConnectionRecord b = a;
    b.key = 9;
    session.addConnection(a);
    session.addConnection(b);
    for (int i = 0; i < frames; ++i)
        session.addFrame(makeFrame(i % 2 ? 7 : 9, Out, Oneway, quint64(i + 1), 3, "filed"));
    const QString path = m_dir.filePath(name);
    if (!CaptureFile::save(path, &session))
        return QString();
    QFile file(path);
    if (!tail.isEmpty() && (!file.open(QIODevice::Append) || file.write(tail) != tail.size()))
        return QString();
    return path;
}

void tst_WindowHostCaptures::badFileChangesNothing()
{
    InspectorContext context;
    WindowHost host(&context);
    InspectorSession *live = context.session();
    const int c1 = live->openConnection(QStringLiteral("live"), QString(), QString());
    const int c2 = live->openConnection(QStringLiteral("live"), QString(), QString());
    for (int i = 0; i < 5000; ++i)
        live->addFrame(makeFrame(i % 2 ? c1 : c2, Out, Oneway, quint64(i + 1), 1, "live"));
    live->flush();

    // A good start, then a line that is not JSON.
    const QString path = writeCapture(QStringLiteral("bad.bimuxcap"), 300, "{not json\n");
    QVERIFY(!path.isEmpty());
    QString error;
    QVERIFY(!host.openCapture(path, &error));
    QVERIFY2(error.contains(QStringLiteral("line 304")), qPrintable(error));
    // No window, and the live frames and connections are all there.
    QCOMPARE(host.windows().size(), 1);
    QCOMPARE(live->frames()->rowCount(), 5000);
    QCOMPARE(live->frames()->frame(0).payload, QByteArray("live"));
    QCOMPARE(live->connections()->rowCount(), 2);
    QCOMPARE(live->connections()->openCount(), 2);
    QCOMPARE(host.window()->framesView()->filterModel()->rowCount(), 5000);
}

void tst_WindowHostCaptures::captureOpensInItsOwnWindowDuringLiveTraffic()
{
    InspectorContext context;
    WindowHost host(&context);
    host.window()->show();
    QBiMuxServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    QVERIFY(host.window()->startProxy(0, server.serverUrl()));
    QBiMuxer client;
    QSignalSpy connected(&client, &QBiMuxer::connected);
    client.open(context.proxy()->url());
    QVERIFY(connected.wait(10000));
    // Live traffic all along.
    QTimer ticker;
    int sent = 0;
    connect(&ticker, &QTimer::timeout, &client,
            [&] { client.send(5, "live " + QByteArray::number(++sent)); });
    ticker.start(5);
    InspectorSession *live = context.session();
    QTRY_VERIFY(live->frames()->rowCount() > 10);

    const QString path = writeCapture(QStringLiteral("good.bimuxcap"), 40);
    MainWindow *window = host.openCapture(path);
    QVERIFY(window);
    QCOMPARE(window->kind(), MainWindow::Kind::Capture);
    QVERIFY(window != host.window());
    InspectorSession *captured = window->context()->session();
    QVERIFY(captured != live);
    // The file's frames only, with the file's connection numbers.
    QCOMPARE(captured->frames()->rowCount(), 40);
    for (int row = 0; row < captured->frames()->rowCount(); ++row)
        QCOMPARE(captured->frames()->frame(row).payload, QByteArray("filed"));
    QCOMPARE(captured->connections()->rowCount(), 2);
    QVERIFY(captured->connections()->find(7) && captured->connections()->find(9));
    // The live window goes on: its connection stays, its frames keep coming, and none go
    // to the capture's window.
    QCOMPARE(live->connections()->rowCount(), 1);
    QCOMPARE(live->connections()->openCount(), 1);
    const quint64 before = live->frames()->totalFrames();
    QTRY_VERIFY(live->frames()->totalFrames() > before + 10);
    QCOMPARE(captured->frames()->rowCount(), 40);
    QVERIFY(!captured->frames()->store().isEmpty());
    for (int row = 0; row < live->frames()->rowCount(); ++row)
        QVERIFY(live->frames()->frame(row).payload.startsWith("live"));
    // Closing the capture's window takes its context along; the live one stays.
    QPointer<MainWindow> gone(window);
    window->close();
    QTRY_VERIFY(!gone);
    QCOMPARE(host.windows().size(), 1);
    ticker.stop();
}

void tst_WindowHostCaptures::openingACaptureLeavesNoCallInFlightForever()
{
    // The report: proxy to an echo server, traffic, Ctrl+O during it, Stop Proxy: one call
    // stayed in flight for ever.
    InspectorContext context;
    WindowHost host(&context);
    QBiMuxServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    QVERIFY(host.window()->startProxy(0, server.serverUrl()));
    QBiMuxer client;
    QSignalSpy accepted(&server, &QBiMuxServer::newConnection);
    client.open(context.proxy()->url());
    QVERIFY(accepted.wait(10000));
    RequestCollector held(accepted.first().first().value<QBiMuxer *>());
    QFuture<QByteArray> call = client.rpc(1, "echo me, later", QBiMuxCallOptions().setTimeout(10s));
    QTRY_COMPARE(held.size(), 1);
    InflightModel *inflight = context.session()->inflight();
    QTRY_COMPARE(inflight->rowCount(), 1);

    QVERIFY(host.openCapture(writeCapture(QStringLiteral("during.bimuxcap"), 10)));
    // The traffic goes on: another call, held too.
    QFuture<QByteArray> after = client.rpc(1, "and me", QBiMuxCallOptions().setTimeout(10s));
    QTRY_COMPARE(held.size(), 2);
    QTRY_COMPARE(inflight->openCalls(), 2);
    host.window()->stopProxyAction()->trigger();
    QVERIFY(waitForFinished(call));
    QVERIFY(waitForFinished(after));
    context.session()->flush();
    QCOMPARE(inflight->openCalls(), 0);
    QCOMPARE(inflight->rowCount(), 0);
}

void tst_WindowHostCaptures::demoRunsApartFromTheUsersProxyAndStops()
{
    InspectorContext context;
    WindowHost host(&context);
    // The user's own server behind the user's own proxy: the demo must never reach it.
    QBiMuxServer server;
    int userRequests = 0;
    connect(&server, &QBiMuxServer::newConnection, this, [&](QBiMuxer *muxer) {
        connect(muxer, &QBiMuxer::requestReceived, this, [&] { ++userRequests; });
    });
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    QVERIFY(host.window()->startProxy(0, server.serverUrl()));
    const QUrl userProxy = context.proxy()->url();

    host.window()->demoAction()->trigger();
    MainWindow *demo = host.demoWindow();
    QVERIFY(demo);
    QCOMPARE(demo->kind(), MainWindow::Kind::Demo);
    InspectorSession *demoSession = demo->context()->session();
    QVERIFY(demoSession != context.session());
    QTRY_VERIFY(demoSession->frames()->totalFrames() > 20);
    QCOMPARE(userRequests, 0);
    QCOMPARE(context.proxy()->connectionCount(), 0);
    QCOMPARE(context.proxy()->url(), userProxy); // the user's proxy is untouched
    QVERIFY(demo->context()->proxy() != context.proxy());
    QCOMPARE(context.session()->frames()->totalFrames(), 0u);
    // The demo's route names stay in the demo's window.
    QCOMPARE(demoSession->routes()->routeName(1), QStringLiteral("echo"));
    QVERIFY(context.session()->routes()->routeName(1).isEmpty());
    // Asking again raises the same window.
    QCOMPARE(host.startDemo(), demo);

    // Stop: the device, the server and the demo's proxy are gone, so nothing can send.
    QVERIFY(demo->stopDemoAction()->isEnabled());
    demo->stopDemoAction()->trigger();
    QVERIFY(!demo->context()->isDemoRunning());
    QVERIFY(!demo->context()->demo());
    QVERIFY(!demo->context()->proxy()->isListening());
    QCOMPARE(demo->context()->proxy()->connectionCount(), 0);
    QTRY_COMPARE(demoSession->connections()->openCount(), 0);
    QTRY_VERIFY(!demo->stopDemoAction()->isEnabled());
    QCOMPARE(userRequests, 0);
}

QTEST_MAIN(tst_WindowHostCaptures)
#include "tst_windowhostcaptures.moc"
