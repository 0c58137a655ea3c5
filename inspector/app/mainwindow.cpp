#include "mainwindow.h"

#include "attachedprocessmodel.h"
#include "attachreceiver.h"
#include "capturefile.h"
#include "composewidget.h"
#include "framedetailview.h"
#include "framefiltermodel.h"
#include "framesview.h"
#include "inspectorcontext.h"
#include "inspectorsession.h"
#include "languages.h"
#include "proxydialog.h"
#include "proxyserver.h"
#include "routemodel.h"
#ifdef BIMUXINSPECTOR_HAVE_PROTOBUF
#include "payloaddecoder.h"
#include "payloadtypesdialog.h"
#endif

#include <QBiMuxInspectorLink>
#include <QtCore/qdatetime.h>
#include <QtCore/qlocale.h>
#include <QtCore/qtimer.h>
#include <QtWidgets/qapplication.h>
#include <QtWidgets/qdockwidget.h>
#include <QtWidgets/qfiledialog.h>
#include <QtWidgets/qheaderview.h>
#include <QtWidgets/qinputdialog.h>
#include <QtWidgets/qlabel.h>
#include <QtWidgets/qmenubar.h>
#include <QtWidgets/qmessagebox.h>
#include <QtWidgets/qsplitter.h>
#include <QtWidgets/qstatusbar.h>
#include <QtWidgets/qstyle.h>
#include <QtWidgets/qtableview.h>
#include <QtWidgets/qtabwidget.h>
#include <QtWidgets/qtoolbar.h>
#include <QtWidgets/qtoolbutton.h>

namespace {
QTableView *makeTable(QAbstractItemModel *model, QWidget *parent)
{
    auto *view = new QTableView(parent);
    view->setModel(model);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setAlternatingRowColors(true);
    view->setWordWrap(false);
    view->verticalHeader()->hide();
    view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 6);
    view->horizontalHeader()->setStretchLastSection(true);
    view->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    return view;
}
} // namespace

MainWindow::MainWindow(InspectorContext *context, QWidget *parent)
    : QMainWindow(parent)
    , m_context(context)
{
    setWindowTitle(tr("BiMux Inspector"));
    InspectorSession *session = context->session();

    m_frames = new FramesView(session->frames(), this);
#ifdef BIMUXINSPECTOR_HAVE_PROTOBUF
    m_frames->detail()->setDecoder(context->decoder());
#endif
    connect(m_frames, &FramesView::statusMessage, this,
            [this](const QString &message) { statusBar()->showMessage(message, 4000); });

    m_tabs = new QTabWidget(this);
    m_routes = makeTable(session->routes(), m_tabs);
    m_routes->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
    // Few rows in these two: sizing columns to their contents costs nothing.
    m_routes->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_inflight = makeTable(session->inflight(), m_tabs);
    // Room for the numbers of injected calls, from 2^62 (19 digits).
    m_inflight->setColumnWidth(
        InflightModel::NumberColumn,
        fontMetrics().horizontalAdvance(QStringLiteral("4611686018427387904")) + 12);
    m_connections = makeTable(session->connections(), m_tabs);
    m_connections->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_processModel = new AttachedProcessModel(context->attach(), this);
    m_processes = makeTable(m_processModel, m_tabs);
    m_processes->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_tabs->addTab(m_routes, tr("Routes"));
    m_tabs->addTab(m_inflight, tr("In-flight calls"));
    m_tabs->addTab(m_connections, tr("Connections"));
    m_tabs->addTab(m_processes, tr("Attached apps"));
    // The tab titles count what they show.
    auto retitle = [this, session] {
        m_tabs->setTabText(1, tr("In-flight calls (%1)").arg(session->inflight()->rowCount()));
        m_tabs->setTabText(2, tr("Connections (%1 open)").arg(session->connections()->openCount()));
        m_tabs->setTabText(3, tr("Attached apps (%1)").arg(m_processModel->rowCount()));
    };
    connect(session, &InspectorSession::flushed, this, retitle);

    // The inspector's own calls can be cancelled from their row: context menu, Delete, or
    // the button at the tabs' corner while the In-flight tab is shown.
    m_cancelCall = new QAction(style()->standardIcon(QStyle::SP_DialogCancelButton),
                               tr("Cancel Call"), m_inflight);
    m_cancelCall->setShortcut(QKeySequence::Delete);
    m_cancelCall->setShortcutContext(Qt::WidgetShortcut);
    m_cancelCall->setToolTip(tr("Cancel the selected calls the inspector made (Compose); calls "
                                "of other peers are not the inspector's to cancel"));
    connect(m_cancelCall, &QAction::triggered, this, &MainWindow::cancelSelectedCalls);
    m_inflight->addAction(m_cancelCall);
    m_inflight->setContextMenuPolicy(Qt::ActionsContextMenu);
    auto *cancelButton = new QToolButton(m_tabs);
    cancelButton->setDefaultAction(m_cancelCall);
    cancelButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    cancelButton->setAutoRaise(true);
    m_tabs->setCornerWidget(cancelButton, Qt::TopRightCorner);
    cancelButton->setVisible(false);
    connect(m_tabs, &QTabWidget::currentChanged, cancelButton,
            [this, cancelButton](int index) { cancelButton->setVisible(index == 1); });
    connect(m_inflight->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &MainWindow::updateCancelCall);
    connect(session, &InspectorSession::flushed, this, &MainWindow::updateCancelCall);
    updateCancelCall();

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_frames);
    splitter->addWidget(m_tabs);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    setCentralWidget(splitter);

    m_compose = new ComposeWidget(context->composer(), this);
    auto *dock = new QDockWidget(tr("Compose"), this);
    dock->setObjectName(QStringLiteral("composeDock"));
    dock->setWidget(m_compose);
    addDockWidget(Qt::RightDockWidgetArea, dock);
    resizeDocks({dock}, {fontMetrics().averageCharWidth() * 40}, Qt::Horizontal);

    m_statusFrames = new QLabel(this);
    m_statusRate = new QLabel(this);
    m_statusSources = new QLabel(this);
    statusBar()->addPermanentWidget(m_statusSources);
    statusBar()->addPermanentWidget(m_statusRate);
    statusBar()->addPermanentWidget(m_statusFrames);

    createActions();
    createMenus();
    auto *statusTimer = new QTimer(this);
    connect(statusTimer, &QTimer::timeout, this, &MainWindow::updateStatus);
    connect(statusTimer, &QTimer::timeout, m_processModel, &AttachedProcessModel::refresh);
    statusTimer->start(500);
    connect(context->proxy(), &ProxyServer::connectionCountChanged, this,
            &MainWindow::updateStatus);
    connect(context->attach(), &AttachReceiver::processesChanged, this, &MainWindow::updateStatus);
    retitle();
    updateStatus();
    resize(1280, 800);
}

void MainWindow::createActions()
{
    QStyle *s = style();
    m_startProxy = new QAction(s->standardIcon(QStyle::SP_MediaPlay), tr("Start &Proxy…"), this);
    m_startProxy->setToolTip(
        tr("Listen on a local port and forward to a ws:// server, showing every frame"));
    connect(m_startProxy, &QAction::triggered, this, &MainWindow::askStartProxy);
    m_stopProxy = new QAction(s->standardIcon(QStyle::SP_MediaStop), tr("S&top Proxy"), this);
    connect(m_stopProxy, &QAction::triggered, this, [this] {
        m_context->proxy()->close();
        updateStatus();
    });
    m_listenAttach
        = new QAction(s->standardIcon(QStyle::SP_ComputerIcon), tr("&Listen for Apps"), this);
    m_listenAttach->setToolTip(tr("Accept apps started with BIMUXQT_INSPECT=127.0.0.1:%1")
                                   .arg(QBiMuxInspectorLink::DefaultPort));
    connect(m_listenAttach, &QAction::triggered, this, [this] {
        if (!startAttach(QBiMuxInspectorLink::DefaultPort))
            showError(tr("Cannot listen on port %1: %2")
                          .arg(QBiMuxInspectorLink::DefaultPort)
                          .arg(m_context->attach()->errorString()));
    });
    m_open = new QAction(s->standardIcon(QStyle::SP_DialogOpenButton), tr("&Open Capture…"), this);
    m_open->setShortcut(QKeySequence::Open);
    connect(m_open, &QAction::triggered, this, &MainWindow::askOpen);
    m_save = new QAction(s->standardIcon(QStyle::SP_DialogSaveButton), tr("&Save Capture…"), this);
    m_save->setShortcut(QKeySequence::Save);
    connect(m_save, &QAction::triggered, this, &MainWindow::askSave);
    m_export = new QAction(tr("&Export Frames as JSON…"), this);
    connect(m_export, &QAction::triggered, this, &MainWindow::askExport);
    m_pause = new QAction(s->standardIcon(QStyle::SP_MediaPause), tr("Pause"), this);
    m_pause->setCheckable(true);
    m_pause->setShortcut(Qt::Key_F5);
    m_pause->setToolTip(tr("Stop updating the views; frames keep being recorded"));
    connect(m_pause, &QAction::toggled, this, [this](bool paused) {
        m_context->session()->frames()->setPaused(paused);
        m_pause->setText(paused ? tr("Resume") : tr("Pause"));
        updateStatus();
    });
    m_clear = new QAction(s->standardIcon(QStyle::SP_DialogResetButton), tr("&Clear"), this);
    connect(m_clear, &QAction::triggered, this, [this] { m_context->session()->clear(); });
    m_demo = new QAction(tr("Run &Demo Traffic"), this);
    connect(m_demo, &QAction::triggered, this, [this] {
        if (!m_context->startDemo())
            showError(tr("The demo could not start."));
        updateStatus();
    });
    m_frameLimit = new QAction(tr("&Frame Limit…"), this);
    connect(m_frameLimit, &QAction::triggered, this, &MainWindow::askFrameLimit);
    m_jump = new QAction(tr("&Go to Request/Response"), this);
    m_jump->setShortcut(Qt::CTRL | Qt::Key_J);
    connect(m_jump, &QAction::triggered, m_frames, &FramesView::jumpToPartner);
    m_decodePayloads = new QAction(tr("&Decode Payloads…"), this);
    m_decodePayloads->setToolTip(tr("Show the payloads of a route as messages of a .proto file"));
    m_decodePayloads->setEnabled(m_context->decoder() != nullptr);
    connect(m_decodePayloads, &QAction::triggered, this, &MainWindow::askPayloadTypes);
    m_quit = new QAction(tr("&Quit"), this);
    m_quit->setShortcut(QKeySequence::Quit);
    connect(m_quit, &QAction::triggered, this, &QWidget::close);

    QToolBar *toolbar = addToolBar(tr("Capture"));
    toolbar->setObjectName(QStringLiteral("captureToolbar"));
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->addAction(m_startProxy);
    toolbar->addAction(m_stopProxy);
    toolbar->addAction(m_listenAttach);
    toolbar->addSeparator();
    toolbar->addAction(m_pause);
    toolbar->addAction(m_clear);
    toolbar->addSeparator();
    toolbar->addAction(m_open);
    toolbar->addAction(m_save);
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_open);
    file->addAction(m_save);
    file->addAction(m_export);
    file->addSeparator();
    file->addAction(m_quit);
    QMenu *capture = menuBar()->addMenu(tr("&Capture"));
    capture->addAction(m_startProxy);
    capture->addAction(m_stopProxy);
    capture->addAction(m_listenAttach);
    capture->addSeparator();
    capture->addAction(m_pause);
    capture->addAction(m_clear);
    capture->addAction(m_frameLimit);
    capture->addSeparator();
    capture->addAction(m_demo);
    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->addAction(m_jump);
    view->addAction(m_decodePayloads);
    QMenu *language = menuBar()->addMenu(tr("&Language"));
    language->addAction(tr("System Language"), this,
                        [this] { emit languageChangeRequested(QString()); });
    for (const QString &code : Languages::available()) {
        language->addAction(Languages::nativeName(code), this,
                            [this, code] { emit languageChangeRequested(code); });
    }
}

void MainWindow::updateStatus()
{
    InspectorSession *session = m_context->session();
    const FrameModel *frames = session->frames();
    const QLocale locale;
    m_statusFrames->setText(tr("%1 frames kept of %2 seen (limit %3)")
                                .arg(locale.toString(frames->rowCount()),
                                     locale.toString(frames->totalFrames()),
                                     locale.toString(frames->frameLimit())));
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (m_lastStatusMs && now > m_lastStatusMs) {
        const double rate = double(frames->totalFrames() - m_framesAtLastStatus) * 1000.0
            / double(now - m_lastStatusMs);
        m_statusRate->setText(frames->isPaused()
                                  ? tr("paused")
                                  : tr("%1 frames/s").arg(locale.toString(rate, 'f', 0)));
    }
    m_lastStatusMs = now;
    m_framesAtLastStatus = frames->totalFrames();
    QStringList sources;
    if (m_context->proxy()->isListening()) {
        sources.append(tr("proxy %1 → %2")
                           .arg(m_context->proxy()->url().toString(),
                                m_context->proxy()->upstream().toString()));
    }
    if (m_context->attach()->isListening()) {
        sources.append(tr("attach port %1, %n process(es)", nullptr,
                          int(m_context->attach()->processes().size()))
                           .arg(m_context->attach()->port()));
    }
    if (session->sourceDropped())
        sources.append(tr("%1 events dropped by apps").arg(session->sourceDropped()));
    m_statusSources->setText(sources.isEmpty() ? tr("no source: start the proxy or listen for apps")
                                               : sources.join(QStringLiteral(" · ")));
    m_stopProxy->setEnabled(m_context->proxy()->isListening());
    m_startProxy->setEnabled(!m_context->proxy()->isListening());
    m_listenAttach->setEnabled(!m_context->attach()->isListening());
}

void MainWindow::updateCancelCall()
{
    const InflightModel *inflight = m_context->session()->inflight();
    const QModelIndexList rows = m_inflight->selectionModel()->selectedRows();
    const bool any = std::any_of(rows.cbegin(), rows.cend(), [inflight](const QModelIndex &row) {
        return inflight->canCancel(row.row());
    });
    m_cancelCall->setEnabled(any);
}

void MainWindow::cancelSelectedCalls()
{
    // Rows only move on the session's flush, so the selected rows stay put while a
    // cancel ends their calls; rows of other peers' calls are skipped.
    InflightModel *inflight = m_context->session()->inflight();
    int cancelled = 0;
    for (const QModelIndex &row : m_inflight->selectionModel()->selectedRows()) {
        if (inflight->cancel(row.row()))
            ++cancelled;
    }
    statusBar()->showMessage(tr("Cancelled %n call(s).", nullptr, cancelled), 4000);
    updateCancelCall();
}

QString MainWindow::statusText() const
{
    return m_statusSources->text() + QLatin1Char('|') + m_statusRate->text() + QLatin1Char('|')
        + m_statusFrames->text();
}

bool MainWindow::startProxy(quint16 port, const QUrl &upstream)
{
    ProxyServer *proxy = m_context->proxy();
    proxy->close();
    const bool ok = proxy->listen(QHostAddress::LocalHost, port, upstream);
    updateStatus();
    return ok;
}

bool MainWindow::startAttach(quint16 port)
{
    const bool ok = m_context->attach()->isListening()
        || m_context->attach()->listen(QHostAddress::LocalHost, port);
    updateStatus();
    return ok;
}

bool MainWindow::openCapture(const QString &path)
{
    QString error;
    if (!CaptureFile::load(path, m_context->session(), &error)) {
        showError(tr("Cannot open %1: %2").arg(path, error));
        return false;
    }
    setWindowTitle(tr("BiMux Inspector – %1").arg(path));
    return true;
}

bool MainWindow::saveCapture(const QString &path)
{
    QString error;
    if (!CaptureFile::save(path, m_context->session(), &error)) {
        showError(tr("Cannot save %1: %2").arg(path, error));
        return false;
    }
    statusBar()->showMessage(tr("Saved %1").arg(path), 4000);
    return true;
}

bool MainWindow::exportFrames(const QString &path)
{
    // What the filters show, in order.
    QList<FrameRecord> frames;
    const FrameFilterModel *filter = m_frames->filterModel();
    for (int row = 0; row < filter->rowCount(); ++row)
        frames.append(m_context->session()->frames()->frame(filter->sourceRow(row)));
    QString error;
    if (!CaptureFile::exportFrames(path, frames, &error)) {
        showError(tr("Cannot export to %1: %2").arg(path, error));
        return false;
    }
    statusBar()->showMessage(
        tr("Exported %n frame(s) to %1", nullptr, int(frames.size())).arg(path), 4000);
    return true;
}

void MainWindow::setFrameLimit(int limit)
{
    m_context->session()->frames()->setFrameLimit(limit);
    updateStatus();
}

void MainWindow::askStartProxy()
{
    ProxyDialog dialog(this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const QUrl upstream = dialog.upstream();
    if (!startProxy(dialog.port(), upstream)) {
        showError(tr("Cannot start the proxy on port %1 for %2: %3")
                      .arg(dialog.port())
                      .arg(upstream.toString(), m_context->proxy()->errorString()));
    }
}

void MainWindow::askOpen()
{
    const QString path
        = QFileDialog::getOpenFileName(this, tr("Open Capture"), QString(),
                                       tr("BiMux captures (*.bimuxcap *.jsonl);;All files (*)"));
    if (!path.isEmpty())
        openCapture(path);
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
    if (dialog.exec() == QDialog::Accepted)
        m_frames->refreshDetail();
#endif
}

void MainWindow::showError(const QString &message)
{
    statusBar()->showMessage(message, 8000);
    // Not modal: a capture in progress goes on while the message is shown.
    auto *box = new QMessageBox(QMessageBox::Warning, tr("BiMux Inspector"), message,
                                QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}
