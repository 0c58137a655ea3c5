// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef CONNECTIONMODEL_H
#define CONNECTIONMODEL_H

#include "framerecord.h"

#include <QtCore/qabstractitemmodel.h>
#include <QtCore/qlist.h>

// Every connection the session has seen, open or closed: one row each, in the order they
// appeared. Counters change with every frame but reach views only on refresh().
class ConnectionModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        KeyColumn,
        SourceColumn,
        IdColumn,
        StateColumn,
        PeerColumn,
        OtherEndColumn,
        FramesInColumn,
        FramesOutColumn,
        BytesInColumn,
        BytesOutColumn,
        UptimeColumn,
        ColumnCount
    };

    enum Role { KeyRole = Qt::UserRole + 1 };

    explicit ConnectionModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // Adds a row; the record's key must be new.
    void add(const ConnectionRecord &record);
    // nullptr if unknown. Changes show on the next refresh().
    ConnectionRecord *find(int key);
    const QList<ConnectionRecord> &records() const { return m_records; }
    int openCount() const;
    void refresh();
    void clear();

    // A loaded capture saved at `endMs`: connections not closed show as open when saved,
    // their uptime up to then. 0 for live traffic.
    void setEndOfCapture(qint64 endMs);

    static QString stateName(ConnectionRecord::State state);

private:
    QList<ConnectionRecord> m_records;
    QHash<int, int> m_rowOfKey;
    qint64 m_endOfCaptureMs = 0;
};

#endif // CONNECTIONMODEL_H
