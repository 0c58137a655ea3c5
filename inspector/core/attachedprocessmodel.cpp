// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "attachedprocessmodel.h"

#include "attachedprocess.h"
#include "attachreceiver.h"

#include <QtCore/qdatetime.h>
#include <QtCore/qlocale.h>

AttachedProcessModel::AttachedProcessModel(AttachReceiver *receiver, QObject *parent)
    : QAbstractTableModel(parent)
    , m_receiver(receiver)
{
    connect(receiver, &AttachReceiver::processesChanged, this, &AttachedProcessModel::reload);
    reload();
}

void AttachedProcessModel::reload()
{
    // Processes come and go rarely: a reset is simplest.
    beginResetModel();
    m_processes.clear();
    if (m_receiver) {
        for (const AttachedProcess *process : m_receiver->attachedProcesses())
            m_processes.append(process);
    }
    endResetModel();
}

void AttachedProcessModel::refresh()
{
    if (!m_processes.isEmpty())
        emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

int AttachedProcessModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_processes.size());
}

int AttachedProcessModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AttachedProcessModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_processes.size())
        return QVariant();
    const AttachedProcess *p = m_processes.at(index.row());
    if (!p)
        return QVariant(); // left; the reset follows
    if (role == Qt::TextAlignmentRole
        && (index.column() == PidColumn || index.column() == ConnectionsColumn
            || index.column() == DroppedColumn))
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return QVariant();
    const QLocale locale;
    switch (index.column()) {
    case PidColumn:
        return p->pid();
    case NameColumn:
        return p->appName().isEmpty() ? tr("unnamed") : p->appName();
    case AddressColumn:
        return p->address();
    case ConnectionsColumn:
        return p->connectionCount();
    case DroppedColumn:
        return locale.toString(p->droppedEvents());
    case SinceColumn:
        return locale.toString(QDateTime::fromMSecsSinceEpoch(p->connectedSinceMs()),
                               QLocale::ShortFormat);
    }
    return QVariant();
}

QVariant AttachedProcessModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case PidColumn:
        return tr("Pid");
    case NameColumn:
        return tr("Application");
    case AddressColumn:
        return tr("Address");
    case ConnectionsColumn:
        return tr("Connections");
    case DroppedColumn:
        return tr("Events dropped");
    case SinceColumn:
        return tr("Attached since");
    }
    return QVariant();
}
