// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "attachedprocessmodel.h"
#include "attachreceiver.h"
#include "inspectorcontext.h"
#include "mainwindow.h"

#include "muxerpair.h"

#include <QBiMuxInspectorLink>
#include <QtTest/qtest.h>
#include <QtWidgets/qtableview.h>
#include <QtWidgets/qtabwidget.h>

// The Attached apps tab lists the processes attached through QBiMuxInspectorLink. A file
// of its own: a process attaches once, and every muxer it makes afterwards publishes.
class tst_AttachedProcessModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void attachedProcessIsListed();
};

void tst_AttachedProcessModel::initTestCase()
{
    QCoreApplication::setApplicationName(QStringLiteral("processtest"));
}

void tst_AttachedProcessModel::attachedProcessIsListed()
{
    InspectorContext context;
    MainWindow window(&context);
    window.show();
    QVERIFY(window.startAttach(0));
    QTableView *view = window.processesView();
    QCOMPARE(view->model()->rowCount(), 0);
    QVERIFY(QBiMuxInspectorLink::attach(QStringLiteral("127.0.0.1"), context.attach()->port()));

    auto pair = std::make_unique<MuxerPair>();
    QVERIFY(pair->connect());
    QTRY_COMPARE(view->model()->rowCount(), 1);
    const QAbstractItemModel *model = view->model();
    auto cell = [model](int column) {
        return model->index(0, column).data();
    };
    QCOMPARE(cell(AttachedProcessModel::PidColumn).toLongLong(),
             QCoreApplication::applicationPid());
    QCOMPARE(cell(AttachedProcessModel::NameColumn).toString(), QStringLiteral("processtest"));
    QVERIFY(cell(AttachedProcessModel::AddressColumn)
                .toString()
                .startsWith(QStringLiteral("127.0.0.1:")));
    // The client and the server's side of it.
    QTRY_COMPARE(cell(AttachedProcessModel::ConnectionsColumn).toInt(), 2);
    QCOMPARE(cell(AttachedProcessModel::DroppedColumn).toString(), QStringLiteral("0"));
    QVERIFY(!cell(AttachedProcessModel::SinceColumn).toString().isEmpty());
    QTRY_COMPARE(window.tabs()->tabText(window.tabs()->indexOf(window.processesView())),
                 QStringLiteral("Attached apps (1)"));

    pair.reset();
    QTRY_COMPARE(cell(AttachedProcessModel::ConnectionsColumn).toInt(), 0);
    // Still attached: the process, not its muxers, is the row.
    QCOMPARE(view->model()->rowCount(), 1);
}

QTEST_MAIN(tst_AttachedProcessModel)
#include "tst_attachedprocessmodel.moc"
