// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef FRAMEFILTERMODEL_H
#define FRAMEFILTERMODEL_H

#include "framerecord.h"

#include <QtCore/qabstractitemmodel.h>
#include <QtCore/qset.h>

#include <functional>
#include <vector>

class FrameModel;

// The frames the user wants to see, in the order asked for: filtered by route, flag,
// direction, connection and a text in the payload or error message (empty filters let
// everything through), sorted by any column (by time, oldest first, unless told).
//
// Made for a ring buffer that takes thousands of frames a second: each row is a frame's
// sequence number, which finds the frame in constant time. A batch of new frames that
// sorts after (or before) every row shown is one insertion at the end (or the top);
// evicted frames that are shown first (or last) are one removal; anything else (frames
// of attached processes arriving out of time order, a sort by route) is merged into the
// rows in one layout change that keeps the selection. QSortFilterProxyModel would map
// and signal each row on its own, which at 300,000 frames a second is what froze the
// window.
class FrameFilterModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    explicit FrameFilterModel(QObject *parent = nullptr);

    void setFrameModel(FrameModel *model);
    FrameModel *frameModel() const { return m_frames; }

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    // -1 for arrival order.
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    int sortColumn() const { return m_sortColumn; }
    Qt::SortOrder sortOrder() const { return m_sortOrder; }
    // Whether new frames normally show at the bottom (false: at the top); meaningless
    // unless sorted by time or arrival.
    bool newestAtBottom() const { return m_sortOrder == Qt::AscendingOrder; }
    bool sortsByTime() const;

    // "1, 3, 7-9"; empty for all routes. Returns false (filter unchanged) if unreadable.
    bool setRouteFilter(const QString &routes);
    void setRoutes(const QSet<qint32> &routes);
    // -1 for all, else int(QBiMux::FrameFlag) / int(QBiMux::Direction).
    void setFlagFilter(int flag);
    void setDirectionFilter(int direction);
    void setTextFilter(const QString &text);
    QString textFilter() const { return m_text; }
    // The frames of these connections only; empty for all.
    void setConnectionFilter(const QSet<int> &connections);
    void setConnectionFilter(int connection); // 0 for all
    QSet<int> connectionFilter() const { return m_connections; }

    // The source row of a row, and back; -1 when filtered out (or not there).
    int sourceRow(int row) const;
    int proxyRow(int sourceRow) const;
    const FrameRecord *frameAt(int row) const;
    // The row of the frame with sequence number `seq`, -1 if not shown.
    int rowOfSeq(quint64 seq) const;
    // The first row after (or before) `from`, wrapping around, whose frame satisfies
    // `match`; -1 if none. `from` -1 starts at the top (or bottom).
    int findRow(int from, bool forward,
                const std::function<bool(const FrameRecord &)> &match) const;
    // The row of the earliest frame at or after `timeMs`, else the latest before; -1 if
    // empty.
    int rowNearTime(qint64 timeMs) const;

private:
    bool accepts(const FrameRecord &f) const;
    bool before(quint64 a, quint64 b) const;
    qint64 sortKey(const FrameRecord &f) const;
    void sortRows();
    const FrameRecord &frameOfSeq(quint64 seq) const;
    void rebuild();
    void onSourceAboutToRemove(int first, int last);
    void onSourceInserted(int first, int last);
    void mergeOrRelayout(std::vector<quint64> &&added);
    template<typename Change> void changeLayout(Change &&change);

    FrameModel *m_frames = nullptr;
    std::vector<quint64> m_rows;
    QSet<qint32> m_routes;
    int m_flag = -1;
    int m_direction = -1;
    QSet<int> m_connections;
    QString m_text;
    QByteArray m_textUtf8;
    QByteArray m_textLatin1;
    int m_sortColumn = -1;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
};

#endif // FRAMEFILTERMODEL_H
