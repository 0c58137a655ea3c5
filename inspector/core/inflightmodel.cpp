// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "inflightmodel.h"

#include "sortrole.h"

#include <QtCore/qdatetime.h>
#include <QtCore/qlocale.h>

size_t qHash(const InflightModel::Key &key, size_t seed)
{
    return qHashMulti(seed, key.connection, int(key.direction), key.number);
}

InflightModel::InflightModel(QObject *parent)
    : LiveTableModel(ColumnCount, parent)
{ }

QVariant InflightModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return QVariant();
    const auto it = m_calls.constFind(m_rows.at(index.row()));
    if (it == m_calls.cend())
        return QVariant(); // finished, leaves on the next flush
    const Call &c = *it;
    if (role == OwnedRole)
        return m_owners.contains(c.key);
    if (role == Qt::TextAlignmentRole && index.column() != DirectionColumn
        && index.column() != OwnerColumn)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    const qint64 age = now() - c.startedMs;
    if (role == SortRole) {
        switch (index.column()) {
        case ConnectionColumn:
            return c.key.connection;
        case NumberColumn:
            return c.key.number;
        case RouteColumn:
            return c.route;
        case DirectionColumn:
            return int(c.key.direction);
        case AgeColumn:
            return age;
        case DeadlineColumn:
            return c.timeoutMs ? qint64(c.timeoutMs) - age : std::numeric_limits<qint64>::max();
        case OwnerColumn:
            return m_owners.contains(c.key);
        }
        return QVariant();
    }
    if (role != Qt::DisplayRole)
        return QVariant();
    const QLocale locale;
    switch (index.column()) {
    case ConnectionColumn:
        return c.key.connection;
    case NumberColumn:
        return c.key.number;
    case RouteColumn:
        return c.route;
    case DirectionColumn:
        return c.key.direction == QBiMux::Direction::Outgoing ? tr("→ out") : tr("← in");
    case AgeColumn:
        return tr("%1 s").arg(locale.toString(double(age) / 1000.0, 'f', 1));
    case DeadlineColumn:
        if (c.timeoutMs == 0)
            return tr("none");
        if (age > qint64(c.timeoutMs))
            return tr("passed %1 s ago").arg(locale.toString((age - c.timeoutMs) / 1000.0, 'f', 1));
        return tr("in %1 s").arg(locale.toString((c.timeoutMs - age) / 1000.0, 'f', 1));
    case OwnerColumn:
        return m_owners.contains(c.key) ? tr("inspector (can cancel)") : QString();
    }
    return QVariant();
}

QVariant InflightModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case ConnectionColumn:
        return tr("Conn");
    case NumberColumn:
        return tr("Number");
    case RouteColumn:
        return tr("Route");
    case DirectionColumn:
        return tr("Caller");
    case AgeColumn:
        return tr("Age");
    case DeadlineColumn:
        return tr("Deadline");
    case OwnerColumn:
        return tr("Made by");
    }
    return QVariant();
}

void InflightModel::start(const FrameRecord &request)
{
    const Key key {request.connection, request.direction, request.number};
    if (m_calls.size() >= MaxCalls && !m_calls.contains(key)) {
        // Not tracked, so never finished: an owner that came first would stay forever.
        m_owners.remove(key);
        return;
    }
    Call call;
    call.key = key;
    call.route = request.route;
    call.startedMs = request.timestampMs;
    call.startedMonoNs = request.monoNs;
    call.timeoutMs = request.timeoutMs;
    const bool reused = m_calls.contains(key);
    m_calls.insert(key, call);
    if (!reused) {
        if (!m_removed.remove(key))
            m_added.append(key);
    }
}

std::optional<InflightModel::Call> InflightModel::finish(const Key &key)
{
    const auto it = m_calls.find(key);
    if (it == m_calls.end())
        return std::nullopt;
    Call call = *it;
    m_calls.erase(it);
    m_owners.remove(key);
    m_removed.insert(key);
    return call;
}

void InflightModel::finishConnection(int connection)
{
    for (auto it = m_calls.begin(); it != m_calls.end();) {
        if (it.key().connection == connection) {
            m_removed.insert(it.key());
            it = m_calls.erase(it);
        } else {
            ++it;
        }
    }
    // Also owners whose request was never seen: nothing answers on this connection now.
    for (auto it = m_owners.begin(); it != m_owners.end();) {
        if (it.key().connection == connection)
            it = m_owners.erase(it);
        else
            ++it;
    }
}

bool InflightModel::setOwner(const Key &key, std::function<bool()> cancel)
{
    if (!cancel) {
        m_owners.remove(key);
        return false;
    }
    // A call that is not tracked and cannot be any more (the table is full): its request
    // was refused, or will be, and nothing would forget the owner.
    if (m_calls.size() >= MaxCalls && !m_calls.contains(key))
        return false;
    m_owners.insert(key, std::move(cancel));
    // The row, if it is shown already, changes its Made by column on the next flush().
    return true;
}

std::optional<InflightModel::Key> InflightModel::keyAt(int row) const
{
    if (row < 0 || row >= m_rows.size() || !m_calls.contains(m_rows.at(row)))
        return std::nullopt;
    return m_rows.at(row);
}

bool InflightModel::canCancel(int row) const
{
    const std::optional<Key> key = keyAt(row);
    return key && m_owners.contains(*key);
}

bool InflightModel::cancel(int row)
{
    const std::optional<Key> key = keyAt(row);
    if (!key)
        return false;
    const auto it = m_owners.constFind(*key);
    if (it == m_owners.cend())
        return false;
    // A copy: the owner's cancel usually ends the call, which forgets the owner.
    const std::function<bool()> cancelCall = *it;
    return cancelCall();
}

void InflightModel::flush()
{
    // Calls that started and ended between two flushes never become rows.
    if (!m_removed.isEmpty()) {
        QList<Key> added;
        for (const Key &key : std::as_const(m_added)) {
            if (!m_removed.remove(key))
                added.append(key);
        }
        m_added = added;
        removeRowsWhere([this](const Key &key) { return m_removed.contains(key); },
                        m_removed.size(), [this](const Key &key) { m_removed.remove(key); });
        m_removed.clear();
    }
    appendAddedRows();
    refreshColumns(AgeColumn, OwnerColumn);
}

void InflightModel::clear()
{
    beginResetModel();
    m_calls.clear();
    m_owners.clear();
    clearRows();
    m_removed.clear();
    endResetModel();
}
