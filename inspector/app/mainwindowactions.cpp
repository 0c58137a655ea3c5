// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

// MainWindow's actions, menus and toolbar, and the dialogs behind them. The views and the
// status bar are in mainwindow.cpp.

#include "mainwindow.h"

#include "attachreceiver.h"
#include "connectionmodel.h"
#include "framesview.h"
#include "inspectorcontext.h"
#include "inspectorsession.h"
#include "inspectorsettings.h"
#include "languages.h"
#include "proxyconnection.h"
#include "proxydialog.h"
#include "proxyserver.h"
#include "routemodel.h"
#ifdef BIMUXINSPECTOR_HAVE_PROTOBUF
#include "framedetailview.h"
#include "payloaddecoder.h"
#include "payloadtypesdialog.h"
#endif

#include <QtGui/qactiongroup.h>
#include <QtWidgets/qapplication.h>
#include <QtWidgets/qfiledialog.h>
#include <QtWidgets/qinputdialog.h>
#include <QtWidgets/qmenubar.h>
#include <QtWidgets/qstatusbar.h>
#include <QtWidgets/qstyle.h>
#include <QtWidgets/qtableview.h>
#include <QtWidgets/qtoolbar.h>

void MainWindow::createActions()
{
    QStyle *s = style();
    const bool live = m_kind == Kind::Live;
    const bool capture = m_kind == Kind::Capture;
    m_startProxy = new QAction(s->standardIcon(QStyle::SP_MediaPlay), QString(), this);
    connect(m_startProxy, &QAction::triggered, this, &MainWindow::askStartProxy);
    m_stopProxy = new QAction(s->standardIcon(QStyle::SP_MediaStop), QString(), this);
    connect(m_stopProxy, &QAction::triggered, this, [this] {
        m_context->proxy()->close();
        updateStatus();
    });
    m_listenAttach = new QAction(s->standardIcon(QStyle::SP_ComputerIcon), QString(), this);
    connect(m_listenAttach, &QAction::triggered, this, &MainWindow::askAttach);
    for (QAction *a : {m_startProxy, m_stopProxy, m_listenAttach})
        a->setVisible(live);
    m_open = new QAction(s->standardIcon(QStyle::SP_DialogOpenButton), QString(), this);
    m_open->setShortcut(QKeySequence::Open);
    connect(m_open, &QAction::triggered, this, &MainWindow::askOpen);
    m_save = new QAction(s->standardIcon(QStyle::SP_DialogSaveButton), QString(), this);
    m_save->setShortcut(QKeySequence::Save);
    connect(m_save, &QAction::triggered, this, &MainWindow::askSave);
    m_export = new QAction(this);
    connect(m_export, &QAction::triggered, this, &MainWindow::askExport);
    m_pause = new QAction(s->standardIcon(QStyle::SP_MediaPause), QString(), this);
    m_pause->setCheckable(true);
    m_pause->setShortcut(Qt::Key_F5);
    connect(m_pause, &QAction::toggled, this, [this](bool paused) {
        m_context->session()->frames()->setPaused(paused);
        retranslateActions();
        updateStatus();
    });
    m_clear = new QAction(s->standardIcon(QStyle::SP_DialogResetButton), QString(), this);
    connect(m_clear, &QAction::triggered, this, [this] {
        m_context->session()->clear();
        updateStatus();
    });
    m_frameLimit = new QAction(this);
    connect(m_frameLimit, &QAction::triggered, this, &MainWindow::askFrameLimit);
    for (QAction *a : {m_pause, m_clear, m_frameLimit})
        a->setVisible(!capture);
    m_demo = new QAction(this);
    m_demo->setVisible(live);
    connect(m_demo, &QAction::triggered, this, &MainWindow::demoRequested);
    m_stopDemo = new QAction(s->standardIcon(QStyle::SP_MediaStop), QString(), this);
    m_stopDemo->setVisible(m_kind == Kind::Demo);
    connect(m_stopDemo, &QAction::triggered, this, [this] {
        m_context->stopDemo();
        updateStatus();
    });
    m_showLive = new QAction(this);
    m_showLive->setVisible(!live);
    connect(m_showLive, &QAction::triggered, this, &MainWindow::liveWindowRequested);
    m_find = new QAction(this);
    m_find->setShortcut(QKeySequence::Find);
    connect(m_find, &QAction::triggered, m_frames, &FramesView::find);
    m_jump = new QAction(this);
    m_jump->setShortcut(Qt::CTRL | Qt::Key_J);
    connect(m_jump, &QAction::triggered, m_frames, &FramesView::jumpToPartner);
    m_allConnections = new QAction(this);
    connect(m_allConnections, &QAction::triggered, m_frames,
            [this] { m_frames->showConnections({}); });
    m_bothEnds = new QAction(this);
    connect(m_bothEnds, &QAction::triggered, this, [this] {
        const QModelIndex current = m_connections->currentIndex();
        if (current.isValid())
            showConnectionFrames(current.data(ConnectionModel::KeyRole).toInt(), true);
    });
    m_cutLink = new QAction(this);
    m_cutLink->setVisible(!capture);
    connect(m_cutLink, &QAction::triggered, this, [this] {
        const QModelIndex current = m_connections->currentIndex();
        const int key = current.isValid() ? current.data(ConnectionModel::KeyRole).toInt() : 0;
        if (ProxyConnection *c = m_context->proxy()->connection(key))
            c->cut(tr("link cut by the user"));
    });
    m_connections->addAction(m_bothEnds);
    m_connections->addAction(m_allConnections);
    m_connections->addAction(m_cutLink);
    m_connections->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_decodePayloads = new QAction(this);
    m_decodePayloads->setEnabled(m_context->decoder() != nullptr);
    connect(m_decodePayloads, &QAction::triggered, this, &MainWindow::askPayloadTypes);
    m_closeWindow = new QAction(this);
    m_closeWindow->setShortcut(QKeySequence::Close);
    m_closeWindow->setVisible(!live);
    connect(m_closeWindow, &QAction::triggered, this, &QWidget::close);
    m_quit = new QAction(this);
    m_quit->setShortcut(QKeySequence::Quit);
    connect(m_quit, &QAction::triggered, qApp, &QApplication::closeAllWindows);

    m_toolbar = addToolBar(QString());
    m_toolbar->setObjectName(QStringLiteral("captureToolbar"));
    m_toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_toolbar->addActions({m_startProxy, m_stopProxy, m_listenAttach, m_stopDemo});
    m_toolbar->addSeparator();
    m_toolbar->addActions({m_pause, m_clear});
    m_toolbar->addSeparator();
    m_toolbar->addActions({m_open, m_save});
}

void MainWindow::createMenus()
{
    m_fileMenu = menuBar()->addMenu(QString());
    m_fileMenu->addActions({m_open, m_save, m_export});
    m_fileMenu->addSeparator();
    m_fileMenu->addActions({m_closeWindow, m_quit});
    m_captureMenu = menuBar()->addMenu(QString());
    m_captureMenu->addActions({m_startProxy, m_stopProxy, m_listenAttach});
    m_captureMenu->addSeparator();
    m_captureMenu->addActions({m_pause, m_clear, m_frameLimit});
    m_captureMenu->addSeparator();
    m_captureMenu->addActions({m_demo, m_stopDemo, m_showLive});
    m_viewMenu = menuBar()->addMenu(QString());
    m_viewMenu->addActions({m_find, m_jump, m_allConnections, m_decodePayloads});
    m_languageMenu = menuBar()->addMenu(QString());
    auto *group = new QActionGroup(this);
    m_systemLanguage = m_languageMenu->addAction(
        QString(), this, [this] { emit languageChangeRequested(QString()); });
    m_systemLanguage->setCheckable(true);
    group->addAction(m_systemLanguage);
    for (const QString &code : Languages::available()) {
        QAction *action
            = m_languageMenu->addAction(Languages::nativeName(code), this,
                                        [this, code] { emit languageChangeRequested(code); });
        action->setCheckable(true);
        action->setData(code);
        group->addAction(action);
        m_languageActions.append(action);
    }
}

void MainWindow::retranslateActions()
{
    m_startProxy->setText(tr("Start &Proxy…"));
    m_startProxy->setToolTip(
        tr("Listen on a local port and forward to a ws:// server, showing every frame"));
    m_stopProxy->setText(tr("S&top Proxy"));
    m_listenAttach->setText(tr("&Listen for Apps…"));
    m_listenAttach->setToolTip(tr("Accept apps started with BIMUXQT_INSPECT=127.0.0.1:%1")
                                   .arg(InspectorSettings().attachPort()));
    m_open->setText(tr("&Open Capture…"));
    m_open->setToolTip(tr("Open a capture file in a window of its own"));
    m_save->setText(tr("&Save Capture…"));
    m_export->setText(tr("&Export Frames as JSON…"));
    m_pause->setText(m_pause->isChecked() ? tr("Resume") : tr("Pause"));
    m_pause->setToolTip(tr("Stop updating the views; frames keep being recorded"));
    m_clear->setText(tr("&Clear"));
    m_frameLimit->setText(tr("&Frame Limit…"));
    m_demo->setText(tr("Run &Demo Traffic"));
    m_demo->setToolTip(tr("Demo traffic in a window of its own, through a proxy of its own"));
    m_stopDemo->setText(tr("Stop &Demo"));
    m_showLive->setText(tr("Show &Live Window"));
    m_find->setText(tr("&Find in Payloads…"));
    m_jump->setText(tr("&Go to Request/Response"));
    m_allConnections->setText(tr("Show &All Connections' Frames"));
    m_bothEnds->setText(tr("Show Both Ends' Frames"));
    m_cutLink->setText(tr("Cut This Link"));
    m_cutLink->setToolTip(tr("Aborts the proxied connection as a broken network would"));
    m_decodePayloads->setText(tr("&Decode Payloads…"));
    m_decodePayloads->setToolTip(tr("Show the payloads of a route as messages of a .proto file"));
    m_closeWindow->setText(tr("Close &Window"));
    m_quit->setText(tr("&Quit"));
    m_toolbar->setWindowTitle(tr("Capture"));
    m_fileMenu->setTitle(tr("&File"));
    m_captureMenu->setTitle(tr("&Capture"));
    m_viewMenu->setTitle(tr("&View"));
    m_languageMenu->setTitle(tr("&Language"));
    m_systemLanguage->setText(tr("System Language"));
    updateActions();
}

void MainWindow::updateActions()
{
    const bool proxying = m_context->proxy()->isListening();
    m_stopProxy->setEnabled(proxying);
    m_startProxy->setEnabled(!proxying);
    m_stopDemo->setEnabled(m_context->isDemoRunning());
    const QString language = Languages::current();
    m_systemLanguage->setChecked(language.isEmpty());
    for (QAction *action : std::as_const(m_languageActions))
        action->setChecked(action->data().toString() == language);
    const QModelIndex current = m_connections->currentIndex();
    const ConnectionRecord *c = current.isValid()
        ? m_context->session()->connections()->find(current.data(ConnectionModel::KeyRole).toInt())
        : nullptr;
    m_bothEnds->setEnabled(c && !c->otherEnds.isEmpty());
    m_cutLink->setEnabled(c && m_context->proxy()->connection(c->key));
}

void MainWindow::askStartProxy()
{
    ProxyDialog dialog(this);
    dialog.setStarter([this](quint16 port, const QUrl &upstream, QString *error) {
        return startProxy(port, upstream, error);
    });
    dialog.exec();
}

void MainWindow::askAttach()
{
    QInputDialog dialog(this);
    dialog.setWindowTitle(tr("Listen for Apps"));
    dialog.setLabelText(tr("Accept apps started with BIMUXQT_INSPECT=127.0.0.1:PORT on port:"));
    dialog.setInputMode(QInputDialog::IntInput);
    dialog.setIntRange(1, 65535);
    dialog.setIntValue(InspectorSettings().attachPort());
    if (dialog.exec() != QDialog::Accepted)
        return;
    const quint16 port = quint16(dialog.intValue());
    QString error;
    if (!startAttach(port, &error)) {
        showError(error);
        return;
    }
    InspectorSettings().setAttachPort(port);
    retranslateActions();
}

void MainWindow::askOpen()
{
    const QString path
        = QFileDialog::getOpenFileName(this, tr("Open Capture"), QString(),
                                       tr("BiMux captures (*.bimuxcap *.jsonl);;All files (*)"));
    if (!path.isEmpty())
        emit captureOpenRequested(path);
}

void MainWindow::askSave()
{
    const QString path
        = QFileDialog::getSaveFileName(this, tr("Save Capture"), QStringLiteral("capture.bimuxcap"),
                                       tr("BiMux captures (*.bimuxcap *.jsonl)"));
    if (!path.isEmpty())
        saveCapture(path);
}

void MainWindow::askExport()
{
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export Frames"), QStringLiteral("frames.json"), tr("JSON (*.json)"));
    if (!path.isEmpty())
        exportFrames(path);
}

void MainWindow::askFrameLimit()
{
    bool ok = false;
    const int limit = QInputDialog::getInt(
        this, tr("Frame Limit"), tr("Frames to keep (the oldest go first):"),
        m_context->session()->frames()->frameLimit(), 1000, 10000000, 10000, &ok);
    if (ok)
        setFrameLimit(limit);
}

void MainWindow::askPayloadTypes()
{
#ifdef BIMUXINSPECTOR_HAVE_PROTOBUF
    // The route of the selected frame, else of the selected route row.
    qint32 route = 0;
    const int frameRow = m_frames->currentSourceRow();
    if (frameRow >= 0) {
        route = m_context->session()->frames()->frame(frameRow).route;
    } else if (m_routes->currentIndex().isValid()) {
        route = m_routes->model()
                    ->index(m_routes->currentIndex().row(), RouteModel::RouteColumn)
                    .data()
                    .toInt();
    }
    PayloadTypesDialog dialog(m_context->decoder(), route, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    m_frames->refreshDetail();
    // Remembered for the next run.
    InspectorSettings settings;
    settings.setProtoFiles(m_context->decoder()->loadedFiles());
    settings.setRouteTypes(m_context->decoder()->routeTypes());
#endif
}
