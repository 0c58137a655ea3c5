// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef LIVETABLEMODEL_H
#define LIVETABLEMODEL_H

#include <QtCore/qabstractitemmodel.h>
#include <QtCore/qdatetime.h>
#include <QtCore/qlist.h>

#include <functional>

// A table of live things (calls in flight, streams) that change with every frame, far
// more often than a view can redraw: the subclass tracks them as frames come, and the rows
// catch up in batches when the subclass flushes, one insertion for all new rows and one
// removal per contiguous range of rows that go. Ages are measured against a clock that
// tests and capture files replace.
//
// RowKey names a row; m_rows are the rows shown, m_added those the next flush appends.
template<typename RowKey> class LiveTableModel : public QAbstractTableModel
{
public:
    int rowCount(const QModelIndex &parent = QModelIndex()) const override
    {
        return parent.isValid() ? 0 : int(m_rows.size());
    }
    int columnCount(const QModelIndex &parent = QModelIndex()) const override
    {
        return parent.isValid() ? 0 : m_columnCount;
    }

    // Replaces the clock ages are measured against (tests, capture files).
    void setNow(std::function<qint64()> now) { m_now = std::move(now); }

protected:
    LiveTableModel(int columnCount, QObject *parent)
        : QAbstractTableModel(parent)
        , m_columnCount(columnCount)
        , m_now([] { return QDateTime::currentMSecsSinceEpoch(); })
    { }

    // Wall-clock milliseconds since the epoch.
    qint64 now() const { return m_now(); }

    // Shows the rows added since the last flush, after the others.
    void appendAddedRows()
    {
        if (m_added.isEmpty())
            return;
        const int first = int(m_rows.size());
        beginInsertRows(QModelIndex(), first, first + int(m_added.size()) - 1);
        m_rows.append(m_added);
        m_added.clear();
        endInsertRows();
    }

    // Takes out the first `limit` rows (first to last) that `goes(key)` picks, a contiguous
    // range at a time; `forget(key)` is called for each while its range is being removed.
    template<typename Goes, typename Forget>
    void removeRowsWhere(Goes goes, qsizetype limit, Forget forget)
    {
        qsizetype row = 0;
        while (limit > 0 && row < m_rows.size()) {
            if (!goes(m_rows.at(row))) {
                ++row;
                continue;
            }
            qsizetype last = row;
            while (last + 1 < m_rows.size() && last - row + 1 < limit && goes(m_rows.at(last + 1)))
                ++last;
            beginRemoveRows(QModelIndex(), int(row), int(last));
            for (qsizetype r = row; r <= last; ++r)
                forget(m_rows.at(r));
            m_rows.remove(row, last - row + 1);
            endRemoveRows();
            limit -= last - row + 1;
        }
    }

    // Every row's cells from column `first` to `last` may have changed (counters, ages).
    void refreshColumns(int first, int last)
    {
        if (!m_rows.isEmpty())
            emit dataChanged(index(0, first), index(rowCount() - 1, last));
    }

    // Forgets every row; the subclass clears its own tables inside a model reset.
    void clearRows()
    {
        m_rows.clear();
        m_added.clear();
    }

    QList<RowKey> m_rows;
    QList<RowKey> m_added;

private:
    int m_columnCount;
    std::function<qint64()> m_now;
};

#endif // LIVETABLEMODEL_H
