// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef FRAMEMODEL_H
#define FRAMEMODEL_H

#include "framestore.h"

#include <QtCore/qabstractitemmodel.h>
#include <QtCore/qelapsedtimer.h>

// The frames table. Frames arrive one by one (addFrame(), cheap) but reach views in
// batches: flush() turns everything queued since the last flush into one
// beginRemoveRows() for the evicted oldest rows and one beginInsertRows() for the new
// ones, so that 20,000 frames/s cost a view a few updates a second, not 20,000.
class FrameModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        TimeColumn,
        ConnectionColumn,
        DirectionColumn,
        FlagColumn,
        NumberColumn,
        RouteColumn,
        SizeColumn,
        StatusColumn,
        PayloadColumn,
        ColumnCount
    };
    enum Role {
        SeqRole = Qt::UserRole + 1,
        RouteRole,
        FlagRole, // int(QBiMux::FrameFlag)
        DirectionRole, // int(QBiMux::Direction)
        SearchTextRole, // what the text filter looks in
    };

    explicit FrameModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // Queues a frame for the next flush() and numbers it (FrameRecord::seq): one more than
    // the frame before, so that the frames kept always have consecutive numbers.
    void addFrame(FrameRecord frame);
    // Applies what was queued; does nothing while paused.
    void flush();
    int pendingCount() const { return int(m_pending.size()); }

    // Paused: frames keep being recorded (up to the limit) but rows stop changing.
    void setPaused(bool paused);
    bool isPaused() const { return m_paused; }

    int frameLimit() const { return m_store.capacity(); }
    void setFrameLimit(int limit);
    // Forgets every frame, and the counts of frames seen and evicted.
    void clear();

    const FrameRecord &frame(int row) const { return m_store.at(row); }
    const FrameStore &store() const { return m_store; }
    int rowOfSeq(quint64 seq) const { return m_store.indexOfSeq(seq); }
    // The response of a request, the request of a response or cancel; -1 if not kept.
    int partnerRow(int row) const;

    quint64 totalFrames() const { return m_total; }
    quint64 evictedFrames() const { return m_evicted; }

Q_SIGNALS:
    // After each flush that added rows.
    void flushed(int added);

private:
    FrameStore m_store;
    std::vector<FrameRecord> m_pending;
    bool m_paused = false;
    quint64 m_nextSeq = 1;
    quint64 m_total = 0;
    quint64 m_evicted = 0;
    QElapsedTimer m_since;
};

#endif // FRAMEMODEL_H
