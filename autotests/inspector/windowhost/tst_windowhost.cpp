// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "composewidget.h"
#include "framefiltermodel.h"
#include "framesview.h"
#include "inspectorcontext.h"
#include "inspectorsession.h"
#include "languages.h"
#include "mainwindow.h"
#include "windowhost.h"

#include "settingsfile.h"
#include "shared_frames.h"

#include <QtCore/qpointer.h>
#include <QtTest/qsignalspy.h>
#include <QtTest/qtest.h>
#include <QtWidgets/qcheckbox.h>
#include <QtWidgets/qlineedit.h>
#include <QtWidgets/qmenubar.h>
#include <QtWidgets/qplaintextedit.h>
#include <QtWidgets/qpushbutton.h>
#include <QtWidgets/qsplitter.h>
#include <QtWidgets/qtableview.h>
#include <QtWidgets/qtabwidget.h>

// The Language menu switches every window in place, keeping what the user did; what the
// user named is remembered for the next run.
class tst_WindowHost : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cleanup() { Languages::install(QStringLiteral("en")); }
    void languageMenuSwitchesTheWindow();
    void languageSwitchKeepsWhatTheUserDid();
    void routeNamesAreRememberedBetweenRuns();

private:
    static QAction *languageAction(MainWindow *window, const QString &code);
    SettingsFile m_settings;
};

QAction *tst_WindowHost::languageAction(MainWindow *window, const QString &code)
{
    for (QAction *action : window->languageMenu()->actions()) {
        if (action->data().toString() == code)
            return action;
    }
    return nullptr;
}

void tst_WindowHost::languageMenuSwitchesTheWindow()
{
    QVERIFY(Languages::install(QStringLiteral("en")));
    InspectorContext context;
    const int c = context.session()->openConnection(QStringLiteral("test"), QString(), QString());
    context.session()->addFrame(makeFrame(c, Out, Oneway, 1, 2, "kept"));
    WindowHost host(&context);
    QPointer<MainWindow> window = host.window();
    window->show();
    QCOMPARE(window->pauseAction()->text(), QStringLiteral("Pause"));
    // The menu marks the language shown.
    QAction *english = languageAction(window, QStringLiteral("en"));
    QVERIFY(english && english->isCheckable());
    QTRY_VERIFY(english->isChecked());

    QAction *chinese = window->languageMenu()->actions().constLast();
    QCOMPARE(chinese->text(), QStringLiteral("简体中文"));
    QVERIFY(!chinese->isChecked());
    QSignalSpy changed(&host, &WindowHost::languageChanged);
    chinese->trigger();
    QVERIFY(changed.wait(5000));
    QCOMPARE(changed.first().first().toString(), QStringLiteral("zh_CN"));
    QVERIFY(window); // the same window, in place
    QCOMPARE(host.window(), window.data());
    QTRY_COMPARE(window->pauseAction()->text(), QStringLiteral("暂停"));
    QVERIFY(window->isVisible());
    QTRY_VERIFY(chinese->isChecked());
    QVERIFY(!english->isChecked());
    QTRY_COMPARE(window->framesView()->table()->model()->rowCount(), 1);
}

void tst_WindowHost::languageSwitchKeepsWhatTheUserDid()
{
    QVERIFY(Languages::install(QStringLiteral("en")));
    InspectorContext context;
    WindowHost host(&context);
    QPointer<MainWindow> window = host.window();
    window->resize(1400, 900);
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window));
    // Filters, a draft in Compose, a line in its log, the splitters, the tab shown.
    QTest::keyClicks(window->framesView()->routeFilter(), QStringLiteral("1, 3-5"));
    QTest::keyClicks(window->framesView()->textFilter(), QStringLiteral("needle"));
    window->framesView()->followTail()->setChecked(false);
    ComposeWidget *compose = window->composeWidget();
    QTest::keyClicks(compose->payloadEdit(), QStringLiteral("a draft"));
    QTest::keyClicks(compose->urlEdit(), QStringLiteral("not a url"));
    compose->connectButton()->click(); // refused: a line in the log
    const QString log = compose->resultView()->toPlainText();
    QVERIFY(!log.isEmpty());
    window->splitter()->setSizes({300, 500});
    const QList<int> sizes = window->splitter()->sizes();
    window->framesView()->splitter()->setSizes({700, 600});
    const QList<int> frameSizes = window->framesView()->splitter()->sizes();
    window->tabs()->setCurrentWidget(window->connectionsView());

    host.switchLanguage(QStringLiteral("de"));
    QVERIFY(window); // not rebuilt: the same window
    QCOMPARE(host.window(), window.data());
    QTRY_COMPARE(window->pauseAction()->text(), QStringLiteral("Anhalten"));
    QCOMPARE(window->framesView()->routeFilter()->text(), QStringLiteral("1, 3-5"));
    QCOMPARE(window->framesView()->textFilter()->text(), QStringLiteral("needle"));
    QVERIFY(!window->framesView()->followTail()->isChecked());
    QCOMPARE(compose->payloadEdit()->toPlainText(), QStringLiteral("a draft"));
    QCOMPARE(compose->urlEdit()->text(), QStringLiteral("not a url"));
    QCOMPARE(compose->resultView()->toPlainText(), log);
    QCOMPARE(window->splitter()->sizes(), sizes);
    QCOMPARE(window->framesView()->splitter()->sizes(), frameSizes);
    QCOMPARE(window->tabs()->currentWidget(), static_cast<QWidget *>(window->connectionsView()));
    // The tab titles and headers are German now too.
    QCOMPARE(window->tabs()->tabText(0), QStringLiteral("Routen"));
    QTRY_VERIFY(languageAction(window, QStringLiteral("de"))->isChecked());
}

void tst_WindowHost::routeNamesAreRememberedBetweenRuns()
{
    {
        InspectorContext context;
        WindowHost host(&context);
        // Named in the Routes table, as a user does.
        InspectorSession *session = context.session();
        const int c = session->openConnection(QStringLiteral("test"), QString(), QString());
        session->addFrame(makeFrame(c, Out, Request, 1, 42, "x"));
        session->flush();
        QAbstractItemModel *routes = host.window()->routesView()->model();
        QVERIFY(
            routes->setData(routes->index(0, RouteModel::NameColumn), QStringLiteral("answer")));
    }
    // The next run.
    InspectorContext context;
    WindowHost host(&context);
    QCOMPARE(context.session()->routes()->routeName(42), QStringLiteral("answer"));
}

QTEST_MAIN(tst_WindowHost)
#include "tst_windowhost.moc"
