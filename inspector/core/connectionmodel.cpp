// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "connectionmodel.h"

#include "sortrole.h"

#include <QtCore/qdatetime.h>
#include <QtCore/qlocale.h>

namespace {
QString formatDuration(qint64 ms)
{
    const qint64 s = ms / 1000;
    if (s < 3600)
        return QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2:%3")
        .arg(s / 3600)
        .arg((s / 60) % 60, 2, 10, QLatin1Char('0'))
        .arg(s % 60, 2, 10, QLatin1Char('0'));
}
} // namespace

ConnectionModel::ConnectionModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

int ConnectionModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_records.size());
}

int ConnectionModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString ConnectionModel::stateName(ConnectionRecord::State state)
{
    switch (state) {
    case ConnectionRecord::State::Opening:
        return tr("opening");
    case ConnectionRecord::State::Open:
        return tr("open");
    case ConnectionRecord::State::Closed:
        return tr("closed");
    }
    return QString();
}

QVariant ConnectionModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_records.size())
        return QVariant();
    const ConnectionRecord &c = m_records.at(index.row());
    if (role == Qt::ToolTipRole && index.column() == StateColumn
        && c.state == ConnectionRecord::State::Closed) {
        return tr("Closed with code %1: %2").arg(c.closeCode).arg(c.closeReason);
    }
    if (role == Qt::TextAlignmentRole && index.column() >= FramesInColumn)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role == KeyRole)
        return c.key;
    if (role == Qt::ToolTipRole && index.column() == OtherEndColumn && !c.otherEnds.isEmpty())
        return tr("The same link seen from its other end (the peer is attached or proxied "
                  "too)");
    const qint64 end = c.state == ConnectionRecord::State::Closed ? c.closedMs
        : m_endOfCaptureMs                                        ? m_endOfCaptureMs
                           : QDateTime::currentMSecsSinceEpoch();
    if (role == SortRole) {
        switch (index.column()) {
        case KeyColumn:
            return c.key;
        case StateColumn:
            return int(c.state);
        case OtherEndColumn:
            return c.otherEnds.isEmpty() ? 0 : c.otherEnds.constFirst();
        case FramesInColumn:
            return c.framesIn;
        case FramesOutColumn:
            return c.framesOut;
        case BytesInColumn:
            return c.bytesIn;
        case BytesOutColumn:
            return c.bytesOut;
        case UptimeColumn:
            return end - c.openedMs;
        }
        return data(index, Qt::DisplayRole);
    }
    if (role != Qt::DisplayRole)
        return QVariant();
    const QLocale locale;
    switch (index.column()) {
    case KeyColumn:
        return c.key;
    case SourceColumn:
        return c.source;
    case IdColumn:
        return c.id;
    case StateColumn:
        if (m_endOfCaptureMs && c.state != ConnectionRecord::State::Closed)
            return tr("open when saved");
        return stateName(c.state);
    case PeerColumn:
        return c.peer;
    case OtherEndColumn: {
        QStringList ends;
        for (int other : c.otherEnds)
            ends.append(QStringLiteral("#%1").arg(other));
        return ends.join(QStringLiteral(", "));
    }
    case FramesInColumn:
        return locale.toString(c.framesIn);
    case FramesOutColumn:
        return locale.toString(c.framesOut);
    case BytesInColumn:
        return locale.formattedDataSize(c.bytesIn);
    case BytesOutColumn:
        return locale.formattedDataSize(c.bytesOut);
    case UptimeColumn:
        return formatDuration(qMax<qint64>(0, end - c.openedMs));
    }
    return QVariant();
}

QVariant ConnectionModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case KeyColumn:
        return tr("#");
    case SourceColumn:
        return tr("Source");
    case IdColumn:
        return tr("Id");
    case StateColumn:
        return tr("State");
    case PeerColumn:
        return tr("Peer");
    case OtherEndColumn:
        return tr("Other end");
    case FramesInColumn:
        return tr("Frames in");
    case FramesOutColumn:
        return tr("Frames out");
    case BytesInColumn:
        return tr("Bytes in");
    case BytesOutColumn:
        return tr("Bytes out");
    case UptimeColumn:
        return tr("Uptime");
    }
    return QVariant();
}

void ConnectionModel::add(const ConnectionRecord &record)
{
    Q_ASSERT(!m_rowOfKey.contains(record.key));
    const int row = int(m_records.size());
    beginInsertRows(QModelIndex(), row, row);
    m_records.append(record);
    m_rowOfKey.insert(record.key, row);
    endInsertRows();
}

ConnectionRecord *ConnectionModel::find(int key)
{
    const auto it = m_rowOfKey.constFind(key);
    return it == m_rowOfKey.cend() ? nullptr : &m_records[*it];
}

int ConnectionModel::openCount() const
{
    return int(std::count_if(m_records.cbegin(), m_records.cend(), [](const ConnectionRecord &c) {
        return c.state != ConnectionRecord::State::Closed;
    }));
}

void ConnectionModel::setEndOfCapture(qint64 endMs)
{
    m_endOfCaptureMs = endMs;
    refresh();
}

void ConnectionModel::refresh()
{
    if (!m_records.isEmpty())
        emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

void ConnectionModel::clear()
{
    beginResetModel();
    m_records.clear();
    m_rowOfKey.clear();
    endResetModel();
}
