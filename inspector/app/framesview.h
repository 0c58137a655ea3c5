// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef FRAMESVIEW_H
#define FRAMESVIEW_H

#include "framerecord.h"

#include <QtCore/qset.h>
#include <QtCore/qtimer.h>
#include <QtWidgets/qwidget.h>

#include <functional>

class FindBar;
class FrameDetailView;
class FrameFilterModel;
class FrameModel;
QT_BEGIN_NAMESPACE
class QAction;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QSplitter;
class QTableView;
class QToolButton;
QT_END_NAMESPACE

// The frames table with its filter bar (route, flag, direction, text, connection),
// sorting by any column, Follow, search (Ctrl+F), and the detail pane of the selected
// frame.
//
// Follow keeps the newest frame in view while frames are sorted by time. Selecting a
// frame (a click, a jump, a search) turns it off and says so, so that the frame stays
// put; with Follow off the rows in view stay where they are while frames arrive and old
// ones are evicted. Turning Follow on shows the newest frame at once.
class FramesView : public QWidget
{
    Q_OBJECT

public:
    explicit FramesView(FrameModel *frames, QWidget *parent = nullptr);

    FrameFilterModel *filterModel() const { return m_filter; }
    QTableView *table() const { return m_table; }
    FrameDetailView *detail() const { return m_detail; }
    QLineEdit *routeFilter() const { return m_routeFilter; }
    QComboBox *flagFilter() const { return m_flagFilter; }
    QComboBox *directionFilter() const { return m_directionFilter; }
    QLineEdit *textFilter() const { return m_textFilter; }
    QCheckBox *followTail() const { return m_follow; }
    FindBar *findBar() const { return m_findBar; }
    QSplitter *splitter() const { return m_splitter; }
    QAction *replayAction() const { return m_replay; }
    QAction *editInComposeAction() const { return m_editInCompose; }
    QToolButton *connectionFilterButton() const { return m_connectionButton; }

    // The source row shown in the detail pane, -1 if none.
    int currentSourceRow() const;
    // Selects a frame (Follow goes off, with a message); false if it is not shown.
    bool selectSourceRow(int sourceRow);
    // Selects the partner of the current frame; false if it is not kept or filtered out.
    bool jumpToPartner();
    // Shows the current frame again (after the payload types changed).
    void refreshDetail() { showCurrent(true); }
    // Only these connections' frames, with `label` saying which; empty shows all.
    void showConnections(const QSet<int> &connections, const QString &label = QString());
    // Opens the search bar (Ctrl+F).
    void find();
    // The next (or previous) frame that matches the search, from the one selected (or
    // with it, `fromCurrent`); false if none.
    bool findNext(bool forward = true, bool fromCurrent = false);
    // Selects the first frame at or after `timeMs` (a moment of the timeline).
    bool jumpToTime(qint64 timeMs);
    // Which frames can be sent again (requests and oneways of connections the inspector
    // can send on); the replay actions follow it.
    void setReplayable(std::function<bool(const FrameRecord &)> replayable);

Q_SIGNALS:
    void statusMessage(const QString &message);
    // The user asked to send the frame again: at once, or after editing it in Compose.
    void replayRequested(const FrameRecord &frame, bool edit);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void showCurrent(bool force = false);
    void updateActions();
    void rememberPlace();
    void restorePlace();
    void scrollToNewest();
    void stopFollowing(const QString &why);
    void onCurrentChanged();
    void updateFollowAvailability();
    void fitColumns(int firstRow, int lastRow);
    void resetColumnWidths();
    int cellPadding() const;
    void fitTitles();

    FrameModel *m_frames;
    FrameFilterModel *m_filter;
    QLineEdit *m_routeFilter;
    QComboBox *m_flagFilter;
    QComboBox *m_directionFilter;
    QLineEdit *m_textFilter;
    QToolButton *m_connectionButton;
    QCheckBox *m_follow;
    QTableView *m_table;
    FrameDetailView *m_detail;
    FindBar *m_findBar;
    QSplitter *m_splitter;
    QAction *m_replay;
    QAction *m_editInCompose;
    std::function<bool(const FrameRecord &)> m_replayable;
    QString m_connectionLabel;
    // The model is changing rows: selection changes then are not the user's.
    int m_updating = 0;
    quint64 m_anchorSeq = 0; // the frame at the top of the view, kept there
    // The widest of what the fitted columns showed so far.
    struct Widest
    {
        quint64 number = 0;
        qint32 route = 0;
        qint64 size = 0;
        int connection = 0;
        int statusWidth = 0;
    } m_widest;
};

#endif // FRAMESVIEW_H
