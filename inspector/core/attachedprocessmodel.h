// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef ATTACHEDPROCESSMODEL_H
#define ATTACHEDPROCESSMODEL_H

#include <QtCore/qabstractitemmodel.h>
#include <QtCore/qpointer.h>

class AttachReceiver;
class AttachedProcess;

// The processes attached to the inspector (attach mode), one row each: pid, name, the
// address they connected from, their open connections, the events they dropped and
// since when they are attached. Rows follow the receiver's processesChanged(); the
// counters reach views on refresh().
class AttachedProcessModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        PidColumn,
        NameColumn,
        AddressColumn,
        ConnectionsColumn,
        DroppedColumn,
        SinceColumn,
        ColumnCount
    };

    explicit AttachedProcessModel(AttachReceiver *receiver, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    void refresh();

private:
    void reload();

    QPointer<AttachReceiver> m_receiver;
    QList<QPointer<const AttachedProcess>> m_processes;
};

#endif // ATTACHEDPROCESSMODEL_H
