#include "framesview.h"
#include "inspectorcontext.h"
#include "inspectorsession.h"
#include "languages.h"
#include "mainwindow.h"
#include "windowhost.h"

#include "shared_frames.h"

#include <QtTest/qsignalspy.h>
#include <QtTest/qtest.h>
#include <QtWidgets/qmenubar.h>
#include <QtWidgets/qtableview.h>

// The Language menu: choosing a language rebuilds the window in it, keeping the capture.
class tst_WindowHost : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cleanup() { Languages::install(QStringLiteral("en")); }
    void languageMenuSwitchesTheWindow();
};

void tst_WindowHost::languageMenuSwitchesTheWindow()
{
    QVERIFY(Languages::install(QStringLiteral("en")));
    InspectorContext context;
    const int c = context.session()->openConnection(QStringLiteral("test"), QString(), QString());
    context.session()->addFrame(makeFrame(c, Out, Oneway, 1, 2, "kept"));
    WindowHost host(&context);
    host.window()->show();
    QCOMPARE(host.window()->pauseAction()->text(), QStringLiteral("Pause"));

    // Language menu -> 简体中文, the last entry.
    QMenu *language = nullptr;
    for (QAction *action : host.window()->menuBar()->actions()) {
        if (action->text() == QStringLiteral("&Language"))
            language = action->menu();
    }
    QVERIFY(language);
    QAction *chinese = language->actions().constLast();
    QCOMPARE(chinese->text(), QStringLiteral("简体中文"));
    QSignalSpy changed(&host, &WindowHost::languageChanged);
    chinese->trigger();
    QVERIFY(changed.wait(5000));
    QCOMPARE(changed.first().first().toString(), QStringLiteral("zh_CN"));
    QTRY_COMPARE(host.window()->pauseAction()->text(), QStringLiteral("暂停"));
    QVERIFY(host.window()->isVisible());
    QTRY_COMPARE(host.window()->framesView()->table()->model()->rowCount(), 1);
}

QTEST_MAIN(tst_WindowHost)
#include "tst_windowhost.moc"
