#ifndef MAINWINDOW_H
#define MAINWINDOW_H

#include <QtWidgets/qmainwindow.h>

class AttachedProcessModel;
class ComposeWidget;
class FramesView;
class InspectorContext;
QT_BEGIN_NAMESPACE
class QLabel;
class QTabWidget;
class QTableView;
QT_END_NAMESPACE

// The inspector's window: the frames (with filters and detail) on top; routes, in-flight
// calls, connections and attached apps below; the composer in a dock; capture controls in
// the toolbar.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(InspectorContext *context, QWidget *parent = nullptr);

    InspectorContext *context() const { return m_context; }
    FramesView *framesView() const { return m_frames; }
    ComposeWidget *composeWidget() const { return m_compose; }
    QTableView *routesView() const { return m_routes; }
    QTableView *inflightView() const { return m_inflight; }
    QTableView *connectionsView() const { return m_connections; }
    QTableView *processesView() const { return m_processes; }
    // Cancels the selected in-flight calls that the inspector made.
    QAction *cancelCallAction() const { return m_cancelCall; }
    QTabWidget *tabs() const { return m_tabs; }
    QAction *pauseAction() const { return m_pause; }
    QAction *clearAction() const { return m_clear; }
    QAction *startProxyAction() const { return m_startProxy; }
    QAction *attachAction() const { return m_listenAttach; }

    bool startProxy(quint16 port, const QUrl &upstream);
    bool startAttach(quint16 port);
    bool openCapture(const QString &path);
    bool saveCapture(const QString &path);
    bool exportFrames(const QString &path);
    void setFrameLimit(int limit);

    // The texts of the status bar, for tests.
    QString statusText() const;

Q_SIGNALS:
    // Empty for the system language; main() rebuilds the window in it.
    void languageChangeRequested(const QString &language);

private:
    void createActions();
    void createMenus();
    void updateStatus();
    void updateCancelCall();
    void cancelSelectedCalls();
    void askStartProxy();
    void askOpen();
    void askSave();
    void askExport();
    void askFrameLimit();
    void askPayloadTypes();
    void showError(const QString &message);

    InspectorContext *m_context;
    FramesView *m_frames;
    ComposeWidget *m_compose;
    QTabWidget *m_tabs;
    QTableView *m_routes;
    QTableView *m_inflight;
    QTableView *m_connections;
    QTableView *m_processes;
    AttachedProcessModel *m_processModel;
    QLabel *m_statusFrames;
    QLabel *m_statusRate;
    QLabel *m_statusSources;
    QAction *m_startProxy = nullptr;
    QAction *m_stopProxy = nullptr;
    QAction *m_listenAttach = nullptr;
    QAction *m_open = nullptr;
    QAction *m_save = nullptr;
    QAction *m_export = nullptr;
    QAction *m_pause = nullptr;
    QAction *m_clear = nullptr;
    QAction *m_demo = nullptr;
    QAction *m_frameLimit = nullptr;
    QAction *m_jump = nullptr;
    QAction *m_decodePayloads = nullptr;
    QAction *m_quit = nullptr;
    QAction *m_cancelCall = nullptr;
    quint64 m_framesAtLastStatus = 0;
    qint64 m_lastStatusMs = 0;
};

#endif // MAINWINDOW_H
