// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "mainwindow.h"

#include "attachedprocessmodel.h"
#include "attachreceiver.h"
#include "capturefile.h"
#include "composer.h"
#include "composewidget.h"
#include "faultswidget.h"
#include "framedetailview.h"
#include "framefiltermodel.h"
#include "framesview.h"
#include "inspectorcontext.h"
#include "inspectorsession.h"
#include "inspectorsettings.h"
#include "proxyconnection.h"
#include "proxyserver.h"
#include "sortrole.h"
#include "timelineview.h"

#include <QtCore/qcoreevent.h>
#include <QtCore/qdatetime.h>
#include <QtCore/qfileinfo.h>
#include <QtCore/qlocale.h>
#include <QtCore/qsortfilterproxymodel.h>
#include <QtCore/qtimer.h>
#include <QtWidgets/qheaderview.h>
#include <QtWidgets/qlabel.h>
#include <QtWidgets/qmessagebox.h>
#include <QtWidgets/qsplitter.h>
#include <QtWidgets/qstatusbar.h>
#include <QtWidgets/qstyle.h>
#include <QtWidgets/qtableview.h>
#include <QtWidgets/qtabwidget.h>
#include <QtWidgets/qtoolbutton.h>

MainWindow::MainWindow(InspectorContext *context, Kind kind, QWidget *parent)
    : QMainWindow(parent)
    , m_context(context)
    , m_kind(kind)
{
    createViews();
    createActions();
    createMenus();
    InspectorSession *session = context->session();
    auto *statusTimer = new QTimer(this);
    connect(statusTimer, &QTimer::timeout, this, &MainWindow::updateStatus);
    if (m_processModel)
        connect(statusTimer, &QTimer::timeout, m_processModel, &AttachedProcessModel::refresh);
    statusTimer->start(500);
    connect(session, &InspectorSession::flushed, this, &MainWindow::retitleTabs);
    connect(session, &InspectorSession::flushed, this, &MainWindow::updateCancelCall);
    connect(context->proxy(), &ProxyServer::connectionCountChanged, this,
            &MainWindow::updateStatus);
    connect(context->attach(), &AttachReceiver::processesChanged, this, &MainWindow::updateStatus);
    connect(context, &InspectorContext::demoRunningChanged, this, &MainWindow::updateStatus);
    // The names the user gives routes of live traffic are remembered.
    if (kind == Kind::Live) {
        connect(session->routes(), &RouteModel::routeNameChanged, this,
                [](qint32 route, const QString &name) {
                    InspectorSettings().setRouteName(route, name);
                });
    }
    retranslate();
    resize(1440, 900);
}

MainWindow::~MainWindow()
{
    if (m_ownsContext)
        delete m_context;
}

QTableView *MainWindow::addTable(QAbstractItemModel *model, bool sortable)
{
    auto *view = new QTableView(m_tabs);
    if (sortable) {
        // Few rows: a sorting proxy is cheap here, and sorts by the raw values.
        auto *sorter = new QSortFilterProxyModel(view);
        sorter->setSourceModel(model);
        sorter->setSortRole(SortRole);
        sorter->setDynamicSortFilter(true);
        view->setModel(sorter);
        view->setSortingEnabled(true);
        view->sortByColumn(0, Qt::AscendingOrder);
    } else {
        view->setModel(model);
    }
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setAlternatingRowColors(true);
    view->setWordWrap(false);
    view->verticalHeader()->hide();
    view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 6);
    // Columns as wide as what they show, none stretched over the rest.
    view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    view->horizontalHeader()->setStretchLastSection(false);
    return view;
}

int MainWindow::sourceRow(QTableView *view, int row) const
{
    const auto *sorter = qobject_cast<const QSortFilterProxyModel *>(view->model());
    return sorter ? sorter->mapToSource(sorter->index(row, 0)).row() : row;
}

void MainWindow::createViews()
{
    InspectorSession *session = m_context->session();
    m_frames = new FramesView(session->frames(), this);
#ifdef BIMUXINSPECTOR_HAVE_PROTOBUF
    m_frames->detail()->setDecoder(m_context->decoder());
#endif
    connect(m_frames, &FramesView::statusMessage, this,
            [this](const QString &message) { statusBar()->showMessage(message, 6000); });
    connect(m_frames, &FramesView::replayRequested, this, &MainWindow::replay);

    m_tabs = new QTabWidget(this);
    m_routes = addTable(session->routes(), true);
    m_routes->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
    m_timeline = new TimelineView(session, m_tabs);
    connect(m_timeline, &TimelineView::timeRequested, this, [this](qint64 timeMs) {
        if (!m_frames->jumpToTime(timeMs))
            statusBar()->showMessage(tr("No frame is kept from that moment."), 4000);
    });
    m_inflight = addTable(session->inflight(), true);
    // Room for the numbers of injected calls, from 2^62 (19 digits).
    m_inflight->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_inflight->horizontalHeader()->setStretchLastSection(true);
    m_inflight->setColumnWidth(
        InflightModel::NumberColumn,
        fontMetrics().horizontalAdvance(QStringLiteral("4611686018427387904")) + 24);
    for (int column : {InflightModel::AgeColumn, InflightModel::DeadlineColumn})
        m_inflight->setColumnWidth(column, fontMetrics().averageCharWidth() * 22);
    m_streams = addTable(session->streams(), true);
    m_connections = addTable(session->connections(), true);
    m_tabs->addTab(m_routes, QString());
    m_tabs->addTab(m_timeline, QString());
    m_tabs->addTab(m_inflight, QString());
    m_tabs->addTab(m_streams, QString());
    m_tabs->addTab(m_connections, QString());
    if (m_kind == Kind::Live) {
        m_processModel = new AttachedProcessModel(m_context->attach(), this);
        m_processes = addTable(m_processModel, true);
        m_tabs->addTab(m_processes, QString());
    }
    if (m_kind != Kind::Capture) {
        m_compose = new ComposeWidget(m_context->composer(), m_tabs);
        m_tabs->addTab(m_compose, QString());
        m_faults = new FaultsWidget(m_context->proxy(), m_tabs);
        connect(m_faults, &FaultsWidget::statusMessage, this,
                [this](const QString &message) { statusBar()->showMessage(message, 6000); });
        m_tabs->addTab(m_faults, QString());
        Composer *composer = m_context->composer();
        m_frames->setReplayable([composer](const FrameRecord &frame) {
            return composer->replayTarget(frame).has_value();
        });
    }

    // The inspector's own calls can be cancelled from their row: context menu, Delete, or
    // the button at the tabs' corner while the In-flight tab is shown.
    m_cancelCall
        = new QAction(style()->standardIcon(QStyle::SP_DialogCancelButton), QString(), m_inflight);
    m_cancelCall->setShortcut(QKeySequence::Delete);
    m_cancelCall->setShortcutContext(Qt::WidgetShortcut);
    connect(m_cancelCall, &QAction::triggered, this, &MainWindow::cancelSelectedCalls);
    m_inflight->addAction(m_cancelCall);
    m_inflight->setContextMenuPolicy(Qt::ActionsContextMenu);
    auto *cancelButton = new QToolButton(m_tabs);
    cancelButton->setDefaultAction(m_cancelCall);
    cancelButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    cancelButton->setAutoRaise(true);
    m_tabs->setCornerWidget(cancelButton, Qt::TopRightCorner);
    cancelButton->setVisible(false);
    connect(m_tabs, &QTabWidget::currentChanged, cancelButton, [this, cancelButton](int index) {
        cancelButton->setVisible(m_tabs->widget(index) == m_inflight);
    });
    connect(m_inflight->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &MainWindow::updateCancelCall);

    // A click on a connection shows its frames only.
    connect(m_connections, &QAbstractItemView::clicked, this, [this](const QModelIndex &index) {
        showConnectionFrames(index.data(ConnectionModel::KeyRole).toInt());
    });

    m_splitter = new QSplitter(Qt::Vertical, this);
    m_splitter->addWidget(m_frames);
    m_splitter->addWidget(m_tabs);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);
    m_splitter->setChildrenCollapsible(false);
    setCentralWidget(m_splitter);

    m_statusFrames = new QLabel(this);
    m_statusRate = new QLabel(this);
    m_statusSources = new QLabel(this);
    statusBar()->addPermanentWidget(m_statusSources);
    statusBar()->addPermanentWidget(m_statusRate);
    statusBar()->addPermanentWidget(m_statusFrames);
}

void MainWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QMainWindow::changeEvent(event);
}

void MainWindow::retranslate()
{
    if (m_kind == Kind::Capture)
        setWindowTitle(tr("BiMux Inspector – %1").arg(QFileInfo(m_captureFile).fileName()));
    else if (m_kind == Kind::Demo)
        setWindowTitle(tr("BiMux Inspector – demo traffic"));
    else
        setWindowTitle(tr("BiMux Inspector"));
    m_context->session()->retranslate();
    if (m_processModel)
        emit m_processModel->headerDataChanged(Qt::Horizontal, 0,
                                               AttachedProcessModel::ColumnCount - 1);
    m_cancelCall->setText(tr("Cancel Call"));
    m_cancelCall->setToolTip(tr("Cancel the selected calls the inspector made (Compose); calls "
                                "of other peers are not the inspector's to cancel"));
    m_connections->setToolTip(tr("Click a connection to see its frames only"));
    retranslateActions();
    retitleTabs();
    updateStatus();
}

void MainWindow::retitleTabs()
{
    InspectorSession *session = m_context->session();
    auto title = [this](QWidget *page, const QString &text) {
        if (const int index = m_tabs->indexOf(page); index >= 0)
            m_tabs->setTabText(index, text);
    };
    title(m_routes, tr("Routes"));
    title(m_timeline, tr("Timeline"));
    title(m_inflight, tr("In-flight calls (%1)").arg(session->inflight()->rowCount()));
    title(m_streams,
          session->isCapture()
              ? tr("Streams (%1 open when saved)").arg(session->streams()->openStreams())
              : tr("Streams (%1 open)").arg(session->streams()->openStreams()));
    title(m_connections,
          session->isCapture()
              ? tr("Connections (%1 open when saved)").arg(session->connections()->openCount())
              : tr("Connections (%1 open)").arg(session->connections()->openCount()));
    if (m_processModel)
        title(m_processes, tr("Attached apps (%1)").arg(m_processModel->rowCount()));
    title(m_compose, tr("Compose"));
    title(m_faults, tr("Faults"));
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
    if (session->isCapture()) {
        m_statusRate->setText(
            tr("saved %1")
                .arg(locale.toString(QDateTime::fromMSecsSinceEpoch(session->captureEndMs()),
                                     QLocale::ShortFormat)));
    } else if (m_lastStatusMs && now > m_lastStatusMs) {
        const double rate = double(frames->totalFrames() - m_framesAtLastStatus) * 1000.0
            / double(now - m_lastStatusMs);
        m_statusRate->setText(
            frames->isPaused() ? tr("paused")
                               : tr("%1 frames/s").arg(locale.toString(qMax(0.0, rate), 'f', 0)));
    }
    m_lastStatusMs = now;
    m_framesAtLastStatus = frames->totalFrames();
    QStringList sources;
    if (m_kind == Kind::Capture) {
        sources.append(tr("capture file %1").arg(m_captureFile));
    } else if (m_context->isDemoRunning()) {
        sources.append(
            tr("demo traffic through proxy %1").arg(m_context->proxy()->url().toString()));
    } else if (m_context->proxy()->isListening()) {
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
    updateActions();
}

void MainWindow::updateCancelCall()
{
    const InflightModel *inflight = m_context->session()->inflight();
    const QModelIndexList rows = m_inflight->selectionModel()->selectedRows();
    const bool any = std::any_of(rows.cbegin(), rows.cend(), [&](const QModelIndex &row) {
        return inflight->canCancel(sourceRow(m_inflight, row.row()));
    });
    m_cancelCall->setEnabled(any);
}

void MainWindow::cancelSelectedCalls()
{
    // Rows only move on the session's flush, so the selected rows stay put while a
    // cancel ends their calls; rows of other peers' calls are skipped.
    InflightModel *inflight = m_context->session()->inflight();
    QList<int> rows;
    for (const QModelIndex &row : m_inflight->selectionModel()->selectedRows())
        rows.append(sourceRow(m_inflight, row.row()));
    int cancelled = 0;
    for (int row : std::as_const(rows)) {
        if (inflight->cancel(row))
            ++cancelled;
    }
    statusBar()->showMessage(tr("Cancelled %n call(s).", nullptr, cancelled), 4000);
    updateCancelCall();
}

void MainWindow::showConnectionFrames(int connection, bool bothEnds)
{
    const ConnectionRecord *c = m_context->session()->connections()->find(connection);
    if (!c) {
        m_frames->showConnections({});
        return;
    }
    QSet<int> keys {connection};
    QString label = tr("Connection #%1").arg(connection);
    if (bothEnds && !c->otherEnds.isEmpty()) {
        for (int other : c->otherEnds)
            keys.insert(other);
        label = tr("Connections #%1 and its other end").arg(connection);
    }
    m_frames->showConnections(keys, label);
    statusBar()->showMessage(tr("Showing the frames of %1; the button next to Follow shows "
                                "all again.")
                                 .arg(label),
                             6000);
}

bool MainWindow::replay(const FrameRecord &frame, bool edit)
{
    if (!m_compose)
        return false;
    if (edit) {
        if (!m_compose->loadFrame(frame))
            return false;
        m_tabs->setCurrentWidget(m_compose);
        return true;
    }
    const bool sent = m_compose->replay(frame);
    statusBar()->showMessage(sent ? tr("Sent frame %1 of route %2 again (see Compose).")
                                        .arg(frame.number)
                                        .arg(frame.route)
                                  : tr("This frame cannot be sent again: its connection is gone."),
                             4000);
    return sent;
}

QString MainWindow::statusText() const
{
    return m_statusSources->text() + QLatin1Char('|') + m_statusRate->text() + QLatin1Char('|')
        + m_statusFrames->text();
}

void MainWindow::setCaptureFile(const QString &path)
{
    m_captureFile = path;
    retranslate();
}

bool MainWindow::startProxy(quint16 port, const QUrl &upstream, QString *error)
{
    ProxyServer *proxy = m_context->proxy();
    proxy->close();
    bool ok = false;
    if (upstream.isEmpty() || !upstream.isValid()
        || (upstream.scheme() != QLatin1String("ws")
            && upstream.scheme() != QLatin1String("wss"))) {
        if (error)
            *error = tr("Not a ws:// or wss:// URL: %1").arg(upstream.toString());
    } else {
        ok = proxy->listen(QHostAddress::LocalHost, port, upstream);
        if (!ok && error)
            *error = tr("Cannot listen on port %1: %2").arg(port).arg(proxy->errorString());
    }
    updateStatus();
    return ok;
}

bool MainWindow::startAttach(quint16 port, QString *error)
{
    AttachReceiver *attach = m_context->attach();
    if (attach->isListening() && attach->port() != port && port != 0)
        attach->close();
    const bool ok = attach->isListening() || attach->listen(QHostAddress::LocalHost, port);
    if (!ok && error)
        *error = tr("Cannot listen on port %1: %2").arg(port).arg(attach->errorString());
    updateStatus();
    return ok;
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
    // What the filters show, in the order shown.
    QList<FrameRecord> frames;
    const FrameFilterModel *filter = m_frames->filterModel();
    for (int row = 0; row < filter->rowCount(); ++row) {
        if (const FrameRecord *f = filter->frameAt(row))
            frames.append(*f);
    }
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

void MainWindow::showError(const QString &message)
{
    statusBar()->showMessage(message, 8000);
    // Not modal: a capture in progress goes on while the message is shown.
    auto *box = new QMessageBox(QMessageBox::Warning, tr("BiMux Inspector"), message,
                                QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}
