// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "framefiltermodel.h"

#include "framemodel.h"
#include "routelist.h"

#include <algorithm>

FrameFilterModel::FrameFilterModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

void FrameFilterModel::setFrameModel(FrameModel *model)
{
    beginResetModel();
    if (m_frames)
        m_frames->disconnect(this);
    m_frames = model;
    if (model) {
        connect(model, &QAbstractItemModel::rowsAboutToBeRemoved, this,
                [this](const QModelIndex &, int first, int last) {
                    onSourceAboutToRemove(first, last);
                });
        connect(
            model, &QAbstractItemModel::rowsInserted, this,
            [this](const QModelIndex &, int first, int last) { onSourceInserted(first, last); });
        connect(model, &QAbstractItemModel::modelAboutToBeReset, this,
                &FrameFilterModel::beginResetModel);
        connect(model, &QAbstractItemModel::modelReset, this, [this] {
            rebuild();
            endResetModel();
        });
        connect(model, &QAbstractItemModel::headerDataChanged, this,
                &QAbstractItemModel::headerDataChanged);
        connect(model, &QObject::destroyed, this, [this] {
            m_frames = nullptr; // its frames are gone already
            beginResetModel();
            m_rows.clear();
            endResetModel();
        });
        connect(model, &QAbstractItemModel::dataChanged, this, [this] {
            if (!m_rows.empty())
                emit dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
        });
    }
    rebuild();
    endResetModel();
}

int FrameFilterModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int FrameFilterModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() || !m_frames ? 0 : m_frames->columnCount();
}

QVariant FrameFilterModel::data(const QModelIndex &index, int role) const
{
    const int source = index.isValid() ? sourceRow(index.row()) : -1;
    if (source < 0)
        return QVariant();
    return m_frames->data(m_frames->index(source, index.column()), role);
}

QVariant FrameFilterModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    return m_frames ? m_frames->headerData(section, orientation, role) : QVariant();
}

bool FrameFilterModel::sortsByTime() const
{
    return m_sortColumn < 0 || m_sortColumn == FrameModel::TimeColumn;
}

const FrameRecord &FrameFilterModel::frameOfSeq(quint64 seq) const
{
    return m_frames->frame(m_frames->rowOfSeq(seq));
}

bool FrameFilterModel::before(quint64 a, quint64 b) const
{
    if (m_sortOrder == Qt::DescendingOrder)
        std::swap(a, b);
    if (m_sortColumn < 0)
        return a < b;
    const FrameRecord &x = frameOfSeq(a);
    const FrameRecord &y = frameOfSeq(b);
    // Ties go by arrival: the order is total, so that rows can be found by bisection.
    if (m_sortColumn == FrameModel::PayloadColumn) {
        const int c = x.payload.compare(y.payload);
        return c != 0 ? c < 0 : a < b;
    }
    const qint64 kx = sortKey(x);
    const qint64 ky = sortKey(y);
    return kx != ky ? kx < ky : a < b;
}

qint64 FrameFilterModel::sortKey(const FrameRecord &f) const
{
    switch (m_sortColumn) {
    case FrameModel::TimeColumn:
        return f.timestampMs;
    case FrameModel::ConnectionColumn:
        return f.connection;
    case FrameModel::DirectionColumn:
        return int(f.direction) * 2 + f.injected;
    case FrameModel::FlagColumn:
        return f.malformed ? 9 : int(f.flag);
    case FrameModel::NumberColumn:
        // Unsigned: the order of the bits, moved into the signed range.
        return qint64(f.number ^ (quint64(1) << 63));
    case FrameModel::RouteColumn:
        return f.route;
    case FrameModel::SizeColumn:
        return f.wireSize;
    case FrameModel::StatusColumn:
        return int(f.status) * 16 + f.faults;
    }
    return qint64(f.seq);
}

void FrameFilterModel::sortRows()
{
    auto less = [this](quint64 a, quint64 b) {
        return before(a, b);
    };
    // Usually in order already: frames arrive in time order.
    if (std::is_sorted(m_rows.begin(), m_rows.end(), less))
        return;
    if (m_sortColumn < 0 || m_sortColumn == FrameModel::PayloadColumn) {
        std::sort(m_rows.begin(), m_rows.end(), less);
        return;
    }
    // Each frame's key looked up once, not at every comparison.
    std::vector<std::pair<qint64, quint64>> keyed;
    keyed.reserve(m_rows.size());
    for (quint64 seq : m_rows)
        keyed.emplace_back(sortKey(frameOfSeq(seq)), seq);
    if (m_sortOrder == Qt::AscendingOrder)
        std::sort(keyed.begin(), keyed.end());
    else
        std::sort(keyed.begin(), keyed.end(), std::greater<>());
    for (size_t i = 0; i < keyed.size(); ++i)
        m_rows[i] = keyed[i].second;
}

void FrameFilterModel::sort(int column, Qt::SortOrder order)
{
    if (column >= FrameModel::ColumnCount)
        column = -1;
    if (column == m_sortColumn && order == m_sortOrder)
        return;
    changeLayout([&] {
        m_sortColumn = column;
        m_sortOrder = order;
        sortRows();
    });
}

bool FrameFilterModel::accepts(const FrameRecord &f) const
{
    if (!m_routes.isEmpty() && !m_routes.contains(f.route))
        return false;
    if (m_flag >= 0 && int(f.flag) != m_flag)
        return false;
    if (m_direction >= 0 && int(f.direction) != m_direction)
        return false;
    if (!m_connections.isEmpty() && !m_connections.contains(f.connection))
        return false;
    if (!m_text.isEmpty()) {
        // Without copies: this may run for 100,000 frames per keystroke.
        if (f.payload.contains(m_textUtf8))
            return true;
        if (!m_textLatin1.isEmpty()
            && QLatin1StringView(f.payload).contains(QLatin1StringView(m_textLatin1),
                                                     Qt::CaseInsensitive))
            return true;
        return f.errorMessage.contains(m_text, Qt::CaseInsensitive);
    }
    return true;
}

void FrameFilterModel::rebuild()
{
    m_rows.clear();
    if (!m_frames)
        return;
    const FrameStore &store = m_frames->store();
    m_rows.reserve(size_t(store.size()));
    for (int i = 0; i < store.size(); ++i) {
        const FrameRecord &f = store.at(i);
        if (accepts(f))
            m_rows.push_back(f.seq);
    }
    sortRows();
}

template<typename Change> void FrameFilterModel::changeLayout(Change &&change)
{
    emit layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    const QModelIndexList from = persistentIndexList();
    std::vector<quint64> seqs;
    seqs.reserve(size_t(from.size()));
    for (const QModelIndex &i : from)
        seqs.push_back(size_t(i.row()) < m_rows.size() ? m_rows[size_t(i.row())] : 0);
    change();
    QModelIndexList to;
    to.reserve(from.size());
    for (qsizetype k = 0; k < from.size(); ++k) {
        const int row = seqs[size_t(k)] ? rowOfSeq(seqs[size_t(k)]) : -1;
        to.append(row < 0 ? QModelIndex() : index(row, from.at(k).column()));
    }
    changePersistentIndexList(from, to);
    emit layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

void FrameFilterModel::onSourceAboutToRemove(int first, int last)
{
    // The ring evicts its oldest frames: those with these numbers.
    const quint64 lo = m_frames->frame(first).seq;
    const quint64 hi = m_frames->frame(last).seq;
    auto evicted = [lo, hi](quint64 seq) {
        return seq >= lo && seq <= hi;
    };
    int firstPos = -1;
    int lastPos = -1;
    int count = 0;
    for (size_t i = 0; i < m_rows.size(); ++i) {
        if (!evicted(m_rows[i]))
            continue;
        if (firstPos < 0)
            firstPos = int(i);
        lastPos = int(i);
        ++count;
    }
    if (count == 0)
        return;
    if (lastPos - firstPos + 1 == count) {
        beginRemoveRows(QModelIndex(), firstPos, lastPos);
        m_rows.erase(m_rows.begin() + firstPos, m_rows.begin() + lastPos + 1);
        endRemoveRows();
        return;
    }
    changeLayout(
        [&] { m_rows.erase(std::remove_if(m_rows.begin(), m_rows.end(), evicted), m_rows.end()); });
}

void FrameFilterModel::onSourceInserted(int first, int last)
{
    std::vector<quint64> added;
    for (int row = first; row <= last; ++row) {
        const FrameRecord &f = m_frames->frame(row);
        if (accepts(f))
            added.push_back(f.seq);
    }
    if (added.empty())
        return;
    auto less = [this](quint64 a, quint64 b) {
        return before(a, b);
    };
    // Usually in order already (frames arrive in time order, in proxy mode always).
    if (!std::is_sorted(added.begin(), added.end(), less))
        std::sort(added.begin(), added.end(), less);
    mergeOrRelayout(std::move(added));
}

void FrameFilterModel::mergeOrRelayout(std::vector<quint64> &&added)
{
    const int n = int(m_rows.size());
    const int k = int(added.size());
    if (m_rows.empty() || !before(added.front(), m_rows.back())) {
        beginInsertRows(QModelIndex(), n, n + k - 1);
        m_rows.insert(m_rows.end(), added.begin(), added.end());
        endInsertRows();
    } else if (!before(m_rows.front(), added.back())) {
        beginInsertRows(QModelIndex(), 0, k - 1);
        m_rows.insert(m_rows.begin(), added.begin(), added.end());
        endInsertRows();
    } else {
        changeLayout([&] {
            std::vector<quint64> merged;
            merged.reserve(m_rows.size() + added.size());
            std::merge(m_rows.begin(), m_rows.end(), added.begin(), added.end(),
                       std::back_inserter(merged),
                       [this](quint64 a, quint64 b) { return before(a, b); });
            m_rows = std::move(merged);
        });
    }
}

bool FrameFilterModel::setRouteFilter(const QString &routes)
{
    const std::optional<QSet<qint32>> parsed = RouteList::parse(routes);
    if (!parsed)
        return false;
    setRoutes(*parsed);
    return true;
}

void FrameFilterModel::setRoutes(const QSet<qint32> &routes)
{
    if (routes == m_routes)
        return;
    changeLayout([&] {
        m_routes = routes;
        rebuild();
    });
}

void FrameFilterModel::setFlagFilter(int flag)
{
    if (flag == m_flag)
        return;
    changeLayout([&] {
        m_flag = flag;
        rebuild();
    });
}

void FrameFilterModel::setDirectionFilter(int direction)
{
    if (direction == m_direction)
        return;
    changeLayout([&] {
        m_direction = direction;
        rebuild();
    });
}

void FrameFilterModel::setTextFilter(const QString &text)
{
    if (text == m_text)
        return;
    changeLayout([&] {
        m_text = text;
        m_textUtf8 = text.toUtf8();
        const bool latin1
            = std::all_of(text.cbegin(), text.cend(), [](QChar c) { return c.unicode() < 0x80; });
        // ASCII only: beyond it, case folding of UTF-8 bytes as Latin-1 would be wrong.
        m_textLatin1 = latin1 ? text.toLatin1() : QByteArray();
        rebuild();
    });
}

void FrameFilterModel::setConnectionFilter(const QSet<int> &connections)
{
    if (connections == m_connections)
        return;
    changeLayout([&] {
        m_connections = connections;
        rebuild();
    });
}

void FrameFilterModel::setConnectionFilter(int connection)
{
    setConnectionFilter(connection > 0 ? QSet<int> {connection} : QSet<int>());
}

int FrameFilterModel::sourceRow(int row) const
{
    if (row < 0 || size_t(row) >= m_rows.size() || !m_frames)
        return -1;
    return m_frames->rowOfSeq(m_rows[size_t(row)]);
}

int FrameFilterModel::proxyRow(int sourceRow) const
{
    if (!m_frames || sourceRow < 0 || sourceRow >= m_frames->rowCount())
        return -1;
    return rowOfSeq(m_frames->frame(sourceRow).seq);
}

const FrameRecord *FrameFilterModel::frameAt(int row) const
{
    const int source = sourceRow(row);
    return source < 0 ? nullptr : &m_frames->frame(source);
}

int FrameFilterModel::rowOfSeq(quint64 seq) const
{
    if (!m_frames || m_frames->rowOfSeq(seq) < 0)
        return -1;
    const auto it = std::lower_bound(m_rows.begin(), m_rows.end(), seq,
                                     [this](quint64 a, quint64 b) { return before(a, b); });
    return it != m_rows.end() && *it == seq ? int(it - m_rows.begin()) : -1;
}

int FrameFilterModel::findRow(int from, bool forward,
                              const std::function<bool(const FrameRecord &)> &match) const
{
    const int n = int(m_rows.size());
    if (n == 0)
        return -1;
    int row = from < 0 ? (forward ? -1 : n) : from;
    for (int i = 0; i < n; ++i) {
        row = forward ? (row + 1) % n : (row - 1 + n) % n;
        if (const FrameRecord *f = frameAt(row); f && match(*f))
            return row;
    }
    return -1;
}

int FrameFilterModel::rowNearTime(qint64 timeMs) const
{
    int best = -1;
    int latest = -1;
    for (int row = 0; row < int(m_rows.size()); ++row) {
        const FrameRecord *f = frameAt(row);
        if (!f)
            continue;
        if (f->timestampMs >= timeMs) {
            const FrameRecord *b = best < 0 ? nullptr : frameAt(best);
            if (!b || f->timestampMs < b->timestampMs
                || (f->timestampMs == b->timestampMs && f->seq < b->seq))
                best = row;
        } else if (latest < 0 || f->timestampMs > frameAt(latest)->timestampMs) {
            latest = row;
        }
    }
    return best >= 0 ? best : latest;
}
