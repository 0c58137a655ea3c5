// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "framemodel.h"

#include "payloadformat.h"

#include <QtCore/qdatetime.h>
#include <QtGui/qbrush.h>
#include <QtGui/qcolor.h>

FrameModel::FrameModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

int FrameModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_store.size();
}

int FrameModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant FrameModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_store.size())
        return QVariant();
    const FrameRecord &f = m_store.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn:
            return QDateTime::fromMSecsSinceEpoch(f.timestampMs)
                .toString(QStringLiteral("HH:mm:ss.zzz"));
        case ConnectionColumn:
            return f.connection;
        case DirectionColumn:
            if (f.injected)
                return f.direction == QBiMux::Direction::Outgoing ? tr("→ out, injected")
                                                                  : tr("← in, injected");
            return f.direction == QBiMux::Direction::Outgoing ? tr("→ out") : tr("← in");
        case FlagColumn:
            return f.malformed ? tr("malformed") : FrameNames::flagName(f.flag);
        case NumberColumn:
            return f.number;
        case RouteColumn:
            return f.route;
        case SizeColumn:
            return f.wireSize;
        case StatusColumn: {
            const QString status = f.flag == QBiMux::FrameFlag::Response && !f.malformed
                ? FrameNames::statusName(f.status)
                : QString();
            if (!f.faults)
                return status;
            const QString fault = FrameNames::faultText(f.faults, f.faultDelayMs);
            return status.isEmpty() ? fault : status + QStringLiteral(" · ") + fault;
        }
        case PayloadColumn:
            return PayloadFormat::printable(f.payload);
        }
        break;
    case Qt::ForegroundRole:
        if (f.malformed || f.status != QBiMux::StatusCode::Ok)
            return QBrush(QColor(0xc0, 0x20, 0x20));
        if (f.flag == QBiMux::FrameFlag::Cancel)
            return QBrush(QColor(0xb0, 0x70, 0x00));
        if (f.injected)
            return QBrush(QColor(0x20, 0x50, 0xc0));
        break;
    case Qt::BackgroundRole:
        // Faults the proxy injected: the rows a user looks for when testing recovery.
        if (f.faults & (FrameRecord::Dropped | FrameRecord::Cut))
            return QBrush(QColor(0xf6, 0xd5, 0xd5));
        if (f.faults)
            return QBrush(QColor(0xfa, 0xe8, 0xc8));
        break;
    case Qt::ToolTipRole:
        if (f.faults && index.column() == StatusColumn)
            return tr("Fault injected by the proxy: %1")
                .arg(FrameNames::faultText(f.faults, f.faultDelayMs));
        if (f.injected && index.column() == DirectionColumn)
            return tr("Injected by the inspector: the other peer of the proxied connection "
                      "never sees this frame");
        break;
    case Qt::TextAlignmentRole:
        if (index.column() == NumberColumn || index.column() == RouteColumn
            || index.column() == SizeColumn || index.column() == ConnectionColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        break;
    case SeqRole:
        return f.seq;
    case RouteRole:
        return f.route;
    case FlagRole:
        return int(f.flag);
    case DirectionRole:
        return int(f.direction);
    case SearchTextRole:
        return QString(QString::fromLatin1(f.payload) + QLatin1Char(' ') + f.errorMessage);
    }
    return QVariant();
}

QVariant FrameModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case ConnectionColumn:
        return tr("Conn");
    case DirectionColumn:
        return tr("Direction");
    case FlagColumn:
        return tr("Flag");
    case NumberColumn:
        return tr("Number");
    case RouteColumn:
        return tr("Route");
    case SizeColumn:
        return tr("Size");
    case StatusColumn:
        return tr("Status");
    case PayloadColumn:
        return tr("Payload");
    }
    return QVariant();
}

void FrameModel::addFrame(FrameRecord frame)
{
    ++m_total;
    frame.seq = m_nextSeq++;
    m_pending.push_back(std::move(frame));
    // While paused the queue is the buffer: it holds no more than the limit either.
    if (int(m_pending.size()) > 2 * m_store.capacity()) {
        const int excess = int(m_pending.size()) - m_store.capacity();
        m_pending.erase(m_pending.begin(), m_pending.begin() + excess);
        m_evicted += quint64(excess);
    }
}

void FrameModel::flush()
{
    if (m_paused || m_pending.empty())
        return;
    const int capacity = m_store.capacity();
    int added = int(m_pending.size());
    auto first = m_pending.begin();
    if (added > capacity) {
        // More than fit: only the newest `capacity` frames are ever shown.
        m_evicted += quint64(added - capacity);
        first += added - capacity;
        added = capacity;
    }
    const int overflow = m_store.size() + added - capacity;
    if (overflow > 0) {
        beginRemoveRows(QModelIndex(), 0, overflow - 1);
        m_store.dropFront(overflow);
        m_evicted += quint64(overflow);
        endRemoveRows();
    }
    const int start = m_store.size();
    beginInsertRows(QModelIndex(), start, start + added - 1);
    for (auto it = first; it != m_pending.end(); ++it)
        m_store.append(std::move(*it));
    m_pending.clear();
    endInsertRows();
    emit flushed(added);
}

void FrameModel::setPaused(bool paused)
{
    if (m_paused == paused)
        return;
    m_paused = paused;
    if (!paused)
        flush();
}

void FrameModel::setFrameLimit(int limit)
{
    beginResetModel();
    m_store.setCapacity(limit);
    endResetModel();
}

void FrameModel::clear()
{
    beginResetModel();
    m_store.clear();
    m_pending.clear();
    m_total = 0;
    m_evicted = 0;
    endResetModel();
}

int FrameModel::partnerRow(int row) const
{
    if (row < 0 || row >= m_store.size())
        return -1;
    const FrameRecord &f = m_store.at(row);
    // A response travels against its request; a cancel goes the request's way.
    switch (f.flag) {
    case QBiMux::FrameFlag::Request:
        for (int i = row + 1; i < m_store.size(); ++i) {
            const FrameRecord &g = m_store.at(i);
            if (g.connection == f.connection && g.number == f.number
                && g.flag == QBiMux::FrameFlag::Response && g.direction != f.direction)
                return i;
        }
        return -1;
    case QBiMux::FrameFlag::Response:
    case QBiMux::FrameFlag::Cancel:
        for (int i = row - 1; i >= 0; --i) {
            const FrameRecord &g = m_store.at(i);
            const bool sameWay = f.flag == QBiMux::FrameFlag::Cancel;
            if (g.connection == f.connection && g.number == f.number
                && g.flag == QBiMux::FrameFlag::Request && (g.direction == f.direction) == sameWay)
                return i;
        }
        return -1;
    default: // oneway messages, the hello and stream frames have no partner row
        return -1;
    }
}
