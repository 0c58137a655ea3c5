#ifndef FRAMESVIEW_H
#define FRAMESVIEW_H

#include <QtWidgets/qwidget.h>

class FrameDetailView;
class FrameFilterModel;
class FrameModel;
QT_BEGIN_NAMESPACE
class QCheckBox;
class QComboBox;
class QLineEdit;
class QTableView;
QT_END_NAMESPACE

// The frames table with its filter bar (route, flag, direction, text), follow-tail and
// the detail pane of the selected frame.
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

    // The source row shown in the detail pane, -1 if none.
    int currentSourceRow() const;
    void selectSourceRow(int sourceRow);
    // Selects the partner of the current frame; false if it is not kept or filtered out.
    bool jumpToPartner();
    // Shows the current frame again (after the payload types changed).
    void refreshDetail() { showCurrent(); }

Q_SIGNALS:
    void statusMessage(const QString &message);

private:
    void showCurrent();

    FrameModel *m_frames;
    FrameFilterModel *m_filter;
    QLineEdit *m_routeFilter;
    QComboBox *m_flagFilter;
    QComboBox *m_directionFilter;
    QLineEdit *m_textFilter;
    QCheckBox *m_follow;
    QTableView *m_table;
    FrameDetailView *m_detail;
    quint64 m_shownSeq = 0;
};

#endif // FRAMESVIEW_H
