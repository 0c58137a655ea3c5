// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "routemodel.h"

#include "sortrole.h"

#include <QtCore/qlocale.h>

#include <algorithm>

namespace {
qint64 keyOf(qint32 route, QBiMux::Direction direction)
{
    // Multiplied, not shifted: routes may be negative, and shifting those is undefined.
    return qint64(route) * 2 + (direction == QBiMux::Direction::Incoming ? 1 : 0);
}

QVariant formatLatency(qint64 ns)
{
    if (ns < 0)
        return QString();
    return QLocale().toString(double(ns) / 1e6, 'f', 2);
}
} // namespace

RouteModel::RouteModel(QObject *parent)
    : QAbstractTableModel(parent)
{
    m_sinceRefresh.start();
}

int RouteModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int RouteModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RouteModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || size_t(index.row()) >= m_rows.size())
        return QVariant();
    const Stats &s = m_rows[size_t(index.row())];
    if (role == Qt::TextAlignmentRole && index.column() >= CallsColumn)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::EditRole && index.column() == NameColumn)
        return m_names.value(s.route);
    if (role == SortRole) {
        switch (index.column()) {
        case RouteColumn:
            return s.route;
        case NameColumn:
            return routeName(s.route);
        case DirectionColumn:
            return int(s.direction);
        case HandlerColumn:
            return int(s.handler);
        case CallsColumn:
            return s.calls;
        case OnewaysColumn:
            return s.oneways;
        case ErrorsColumn:
            return s.errors;
        case CancelsColumn:
            return s.cancels;
        case BytesColumn:
            return s.bytes;
        case RateColumn:
            return s.rate;
        case P50Column:
            return s.p50;
        case P95Column:
            return s.p95;
        case P99Column:
            return s.p99;
        }
        return QVariant();
    }
    if (role != Qt::DisplayRole)
        return QVariant();
    const QLocale locale;
    switch (index.column()) {
    case RouteColumn:
        return s.others ? tr("others") : QVariant(s.route);
    case NameColumn:
        return s.others ? tr("(more than %1 routes)").arg(MaxRoutes) : routeName(s.route);
    case DirectionColumn:
        return s.direction == QBiMux::Direction::Outgoing ? tr("→ called by us")
                                                          : tr("← called by peer");
    case HandlerColumn:
        switch (s.handler) {
        case Handler::Present:
            return tr("yes");
        case Handler::Missing:
            return tr("no");
        case Handler::Unknown:
            return tr("?");
        }
        break;
    case CallsColumn:
        return locale.toString(s.calls);
    case OnewaysColumn:
        return locale.toString(s.oneways);
    case ErrorsColumn:
        return locale.toString(s.errors);
    case CancelsColumn:
        return locale.toString(s.cancels);
    case BytesColumn:
        return locale.formattedDataSize(s.bytes);
    case RateColumn:
        return locale.toString(s.rate, 'f', 1);
    case P50Column:
        return formatLatency(s.p50);
    case P95Column:
        return formatLatency(s.p95);
    case P99Column:
        return formatLatency(s.p99);
    }
    return QVariant();
}

bool RouteModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole || index.column() != NameColumn || !index.isValid()
        || m_rows[size_t(index.row())].others)
        return false;
    setRouteName(m_rows[size_t(index.row())].route, value.toString());
    return true;
}

Qt::ItemFlags RouteModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags f = QAbstractTableModel::flags(index);
    if (index.column() == NameColumn && index.isValid() && !m_rows[size_t(index.row())].others)
        f |= Qt::ItemIsEditable;
    return f;
}

QVariant RouteModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case HandlerColumn:
            return tr("Whether the callee has a handler, as far as its answers tell");
        case RateColumn:
            return tr("Frames per second since the last refresh");
        case P50Column:
        case P95Column:
        case P99Column:
            return tr("Call latency in milliseconds, over the last %n call(s)", nullptr,
                      int(LatencySamples));
        }
        return QVariant();
    }
    if (role != Qt::DisplayRole)
        return QVariant();
    switch (section) {
    case RouteColumn:
        return tr("Route");
    case NameColumn:
        return tr("Name");
    case DirectionColumn:
        return tr("Direction");
    case HandlerColumn:
        return tr("Handler");
    case CallsColumn:
        return tr("Calls");
    case OnewaysColumn:
        return tr("Oneways");
    case ErrorsColumn:
        return tr("Errors");
    case CancelsColumn:
        return tr("Cancels");
    case BytesColumn:
        return tr("Bytes");
    case RateColumn:
        return tr("Frames/s");
    case P50Column:
        return tr("p50 ms");
    case P95Column:
        return tr("p95 ms");
    case P99Column:
        return tr("p99 ms");
    }
    return QVariant();
}

RouteModel::Stats &RouteModel::statsFor(qint32 route, QBiMux::Direction direction)
{
    const qint64 key = keyOf(route, direction);
    const auto it = m_rowOfKey.constFind(key);
    if (it != m_rowOfKey.cend())
        return m_rows[size_t(*it)];
    const bool others = int(m_rowOfKey.size()) >= MaxRoutes;
    int &othersRow = m_othersRow[direction == QBiMux::Direction::Incoming ? 1 : 0];
    if (others && othersRow >= 0)
        return m_rows[size_t(othersRow)];
    // New routes are rare: inserted at once, in order of appearance.
    const int row = int(m_rows.size());
    beginInsertRows(QModelIndex(), row, row);
    Stats s;
    s.route = route;
    s.direction = direction;
    s.others = others;
    m_rows.push_back(std::move(s));
    if (others)
        othersRow = row;
    else
        m_rowOfKey.insert(key, row);
    endInsertRows();
    return m_rows.back();
}

void RouteModel::countFrame(const FrameRecord &frame, QBiMux::Direction callDirection)
{
    Stats &s = statsFor(frame.route, callDirection);
    ++s.frames;
    s.bytes += frame.wireSize;
    switch (frame.flag) {
    case QBiMux::FrameFlag::Request:
        ++s.calls;
        break;
    case QBiMux::FrameFlag::Oneway:
        ++s.oneways;
        break;
    case QBiMux::FrameFlag::Cancel:
        ++s.cancels;
        break;
    case QBiMux::FrameFlag::Response:
        if (frame.status == QBiMux::StatusCode::Ok) {
            s.handler = Handler::Present;
        } else {
            ++s.errors;
            // BiMuxQt's answer for a route without a handler (docs/protocol.md).
            if (frame.status == QBiMux::StatusCode::Unimplemented && s.handler == Handler::Unknown)
                s.handler = Handler::Missing;
        }
        break;
    }
}

void RouteModel::addLatency(qint32 route, QBiMux::Direction callDirection, qint64 ns)
{
    Stats &s = statsFor(route, callDirection);
    if (s.latencies.size() < LatencySamples) {
        s.latencies.push_back(ns);
    } else {
        s.latencies[s.nextLatency] = ns;
        s.nextLatency = (s.nextLatency + 1) % LatencySamples;
    }
}

void RouteModel::refresh()
{
    const double seconds = qMax<qint64>(1, m_sinceRefresh.restart()) / 1000.0;
    std::vector<qint64> sorted;
    for (Stats &s : m_rows) {
        s.rate = double(s.frames - s.framesAtRefresh) / seconds;
        s.framesAtRefresh = s.frames;
        if (s.latencies.empty())
            continue;
        sorted = s.latencies;
        std::sort(sorted.begin(), sorted.end());
        auto at = [&](double q) {
            return sorted[std::min(sorted.size() - 1, size_t(q * double(sorted.size())))];
        };
        s.p50 = at(0.50);
        s.p95 = at(0.95);
        s.p99 = at(0.99);
    }
    if (!m_rows.empty())
        emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

void RouteModel::clear()
{
    beginResetModel();
    m_rows.clear();
    m_rowOfKey.clear();
    m_othersRow[0] = m_othersRow[1] = -1;
    endResetModel();
}

QString RouteModel::routeName(qint32 route) const
{
    if (const auto named = m_names.constFind(route); named != m_names.cend())
        return *named;
    return route == StreamsProbeRoute ? tr("(streams probe)") : QString();
}

void RouteModel::setRouteName(qint32 route, const QString &name)
{
    if (m_names.value(route) == name && m_names.contains(route))
        return;
    m_names.insert(route, name);
    emit routeNameChanged(route, name);
    for (size_t row = 0; row < m_rows.size(); ++row) {
        if (m_rows[row].route == route)
            emit dataChanged(index(int(row), NameColumn), index(int(row), NameColumn));
    }
}

const RouteModel::Stats *RouteModel::stats(qint32 route, QBiMux::Direction direction) const
{
    const auto it = m_rowOfKey.constFind(keyOf(route, direction));
    return it == m_rowOfKey.cend() ? nullptr : &m_rows[size_t(*it)];
}

int RouteModel::rowOf(qint32 route, QBiMux::Direction direction) const
{
    return m_rowOfKey.value(keyOf(route, direction), -1);
}
