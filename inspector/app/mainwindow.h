// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef MAINWINDOW_H
#define MAINWINDOW_H

#include <QtWidgets/qmainwindow.h>

class AttachedProcessModel;
QT_BEGIN_NAMESPACE
class QAbstractItemModel;
QT_END_NAMESPACE
class ComposeWidget;
class FaultsWidget;
class FramesView;
class InspectorContext;
class TimelineView;
struct FrameRecord;
QT_BEGIN_NAMESPACE
class QLabel;
class QMenu;
class QSortFilterProxyModel;
class QSplitter;
class QTabWidget;
class QTableView;
QT_END_NAMESPACE

// One inspector window, showing one context: the frames (with filters, search and the
// detail pane) on top; routes, the timeline, in-flight calls, streams, connections,
// attached apps, Compose and the fault injection below, in tabs. A Live window shows the user's own
// sources (proxy, attached apps); a Demo window the demo traffic, through a proxy of its
// own; a Capture window one capture file. Texts follow language changes in place: the
// window, what it shows and what the user typed stay.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    enum class Kind { Live, Demo, Capture };

    explicit MainWindow(InspectorContext *context, Kind kind = Kind::Live,
                        QWidget *parent = nullptr);
    ~MainWindow() override;

    // The window deletes the context when it goes (first, while the views still exist to
    // hear the context's last words).
    void takeOwnershipOfContext() { m_ownsContext = true; }

    Kind kind() const { return m_kind; }
    InspectorContext *context() const { return m_context; }
    FramesView *framesView() const { return m_frames; }
    // nullptr in a Capture window, which has no peers to talk to.
    ComposeWidget *composeWidget() const { return m_compose; }
    FaultsWidget *faultsWidget() const { return m_faults; }
    TimelineView *timelineView() const { return m_timeline; }
    QTableView *routesView() const { return m_routes; }
    QTableView *inflightView() const { return m_inflight; }
    QTableView *streamsView() const { return m_streams; }
    QTableView *connectionsView() const { return m_connections; }
    QTableView *processesView() const { return m_processes; }
    QTabWidget *tabs() const { return m_tabs; }
    QSplitter *splitter() const { return m_splitter; }
    // Cancels the selected in-flight calls that the inspector made.
    QAction *cancelCallAction() const { return m_cancelCall; }
    QAction *pauseAction() const { return m_pause; }
    QAction *clearAction() const { return m_clear; }
    QAction *startProxyAction() const { return m_startProxy; }
    QAction *stopProxyAction() const { return m_stopProxy; }
    QAction *attachAction() const { return m_listenAttach; }
    QAction *openAction() const { return m_open; }
    QAction *demoAction() const { return m_demo; }
    QAction *stopDemoAction() const { return m_stopDemo; }
    QAction *findAction() const { return m_find; }
    QAction *jumpAction() const { return m_jump; }
    QMenu *languageMenu() const { return m_languageMenu; }

    bool startProxy(quint16 port, const QUrl &upstream, QString *error = nullptr);
    bool startAttach(quint16 port, QString *error = nullptr);
    bool saveCapture(const QString &path);
    bool exportFrames(const QString &path);
    void setFrameLimit(int limit);
    // A Capture window's file, for the title.
    void setCaptureFile(const QString &path);
    // Shows the frames of one connection (and of its other ends, `bothEnds`).
    void showConnectionFrames(int connection, bool bothEnds = false);
    // Sends a frame again (Replay), or loads it into Compose to edit first.
    bool replay(const FrameRecord &frame, bool edit);

    // The texts of the status bar, for tests.
    QString statusText() const;
    // In the status bar and a box that does not block the capture.
    void showError(const QString &message);

Q_SIGNALS:
    // Empty for the system language.
    void languageChangeRequested(const QString &language);
    // File > Open Capture: the host opens it in a window of its own.
    void captureOpenRequested(const QString &path);
    // Run Demo Traffic: the host opens the demo's window.
    void demoRequested();
    // Show the live window (from a Demo or Capture window).
    void liveWindowRequested();

protected:
    void changeEvent(QEvent *event) override;

private:
    // mainwindow.cpp: the views, the status bar, the texts.
    void createViews();
    QTableView *addTable(QAbstractItemModel *model, bool sortable);
    void retranslate();
    void retitleTabs();
    void updateStatus();
    void updateCancelCall();
    void cancelSelectedCalls();
    int sourceRow(QTableView *view, int row) const;
    // mainwindowactions.cpp: actions, menus and the dialogs behind them.
    void createActions();
    void createMenus();
    void retranslateActions();
    void updateActions();
    void askStartProxy();
    void askAttach();
    void askOpen();
    void askSave();
    void askExport();
    void askFrameLimit();
    void askPayloadTypes();

    InspectorContext *m_context;
    Kind m_kind;
    bool m_ownsContext = false;
    QString m_captureFile;
    FramesView *m_frames = nullptr;
    ComposeWidget *m_compose = nullptr;
    FaultsWidget *m_faults = nullptr;
    TimelineView *m_timeline = nullptr;
    QTabWidget *m_tabs = nullptr;
    QSplitter *m_splitter = nullptr;
    QTableView *m_routes = nullptr;
    QTableView *m_inflight = nullptr;
    QTableView *m_streams = nullptr;
    QTableView *m_connections = nullptr;
    QTableView *m_processes = nullptr;
    AttachedProcessModel *m_processModel = nullptr;
    QLabel *m_statusFrames = nullptr;
    QLabel *m_statusRate = nullptr;
    QLabel *m_statusSources = nullptr;
    QMenu *m_fileMenu = nullptr;
    QMenu *m_captureMenu = nullptr;
    QMenu *m_viewMenu = nullptr;
    QMenu *m_languageMenu = nullptr;
    QToolBar *m_toolbar = nullptr;
    QAction *m_startProxy = nullptr;
    QAction *m_stopProxy = nullptr;
    QAction *m_listenAttach = nullptr;
    QAction *m_open = nullptr;
    QAction *m_save = nullptr;
    QAction *m_export = nullptr;
    QAction *m_pause = nullptr;
    QAction *m_clear = nullptr;
    QAction *m_demo = nullptr;
    QAction *m_stopDemo = nullptr;
    QAction *m_showLive = nullptr;
    QAction *m_frameLimit = nullptr;
    QAction *m_find = nullptr;
    QAction *m_jump = nullptr;
    QAction *m_allConnections = nullptr;
    QAction *m_bothEnds = nullptr;
    QAction *m_cutLink = nullptr;
    QAction *m_decodePayloads = nullptr;
    QAction *m_closeWindow = nullptr;
    QAction *m_quit = nullptr;
    QAction *m_cancelCall = nullptr;
    QAction *m_systemLanguage = nullptr;
    QList<QAction *> m_languageActions;
    quint64 m_framesAtLastStatus = 0;
    qint64 m_lastStatusMs = 0;
};

#endif // MAINWINDOW_H
