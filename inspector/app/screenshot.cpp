// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "screenshot.h"

#include "composewidget.h"
#include "faultinjector.h"
#include "faultswidget.h"
#include "framesview.h"
#include "inspectorcontext.h"
#include "inspectorsession.h"
#include "mainwindow.h"
#include "proxyserver.h"
#include "timelineview.h"

#include <QtCore/qdatetime.h>
#include <QtCore/qpointer.h>
#include <QtCore/qtimer.h>
#include <QtWidgets/qapplication.h>
#include <QtWidgets/qcombobox.h>
#include <QtWidgets/qplaintextedit.h>
#include <QtWidgets/qpushbutton.h>
#include <QtWidgets/qspinbox.h>
#include <QtWidgets/qtableview.h>
#include <QtWidgets/qtabwidget.h>

namespace {
// A request whose response is kept, the injected one if there is one.
int chooseRequest(const FrameModel *frames)
{
    int chosen = -1;
    for (int row = frames->rowCount() - 1; row >= 0; --row) {
        const FrameRecord &f = frames->frame(row);
        if (f.flag == QBiMux::FrameFlag::Request && (f.route == 2 || f.injected)
            && frames->partnerRow(row) >= 0) {
            if (chosen < 0 || f.injected)
                chosen = row;
            if (f.injected)
                break;
        }
    }
    return chosen;
}

void save(MainWindow *window, const QString &file)
{
    if (!window->grab().save(file))
        qWarning("cannot write %s", qPrintable(file));
    QApplication::quit();
}
} // namespace

void Screenshot::schedule(MainWindow *window, const QString &file, const QString &tab, int delayMs)
{
    QPointer<MainWindow> w(window);
    InspectorContext *context = window->context();
    if (tab == QLatin1String("timeline") && context->isDemoRunning()) {
        // Something to see on the latency chart: route 1 slowed down for a while.
        FaultInjector::Rule slow;
        slow.direction = int(QBiMux::Direction::Outgoing);
        slow.routes = QStringLiteral("1");
        slow.percent = 50;
        slow.delayMs = 120;
        context->faults()->addRule(slow);
        QTimer::singleShot(delayMs / 2, window, [context] { context->faults()->setActive(false); });
    }
    QTimer::singleShot(delayMs, window, [w, file, tab] {
        if (!w)
            return;
        ComposeWidget *compose = w->composeWidget();
        // With the demo: Compose injects an echo call and a slow one into the proxied
        // connection, so that a reply, injected frames and a call the inspector may
        // cancel are all in the picture.
        if (compose && w->context()->isDemoRunning() && compose->targetBox()->count() > 1) {
            compose->targetBox()->setCurrentIndex(1);
            compose->payloadEdit()->setPlainText(QStringLiteral("hello from the inspector"));
            compose->sendButton()->click();
            compose->routeBox()->setValue(4);
            compose->payloadEdit()->setPlainText(QStringLiteral("{\"month\": 11}"));
            compose->sendButton()->click();
        }
        QTimer::singleShot(500, w, [w, file, tab] {
            if (!w)
                return;
            const FrameModel *frames = w->context()->session()->frames();
            if (tab == QLatin1String("timeline")) {
                // As a click on the chart would: the frames of a moment a few seconds ago.
                w->tabs()->setCurrentWidget(w->timelineView());
                w->framesView()->jumpToTime(QDateTime::currentMSecsSinceEpoch() - 3000);
            } else {
                if (const int chosen = chooseRequest(frames); chosen >= 0)
                    w->framesView()->selectSourceRow(chosen);
                w->tabs()->setCurrentWidget(w->inflightView());
                for (int row = 0; row < w->inflightView()->model()->rowCount(); ++row) {
                    const QModelIndex index = w->inflightView()->model()->index(row, 0);
                    if (index.data(InflightModel::OwnedRole).toBool()) {
                        w->inflightView()->selectRow(row);
                        break;
                    }
                }
                const QHash<QString, QWidget *> tabs {
                    {QStringLiteral("routes"), w->routesView()},
                    {QStringLiteral("connections"), w->connectionsView()},
                    {QStringLiteral("compose"), w->composeWidget()},
                    {QStringLiteral("faults"), w->faultsWidget()}};
                if (QWidget *page = tabs.value(tab))
                    w->tabs()->setCurrentWidget(page);
            }
            QTimer::singleShot(1200, w, [w, file] {
                if (w)
                    save(w, file);
            });
        });
    });
}
