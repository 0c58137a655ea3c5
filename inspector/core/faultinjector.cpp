// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "faultinjector.h"

#include "routelist.h"

FaultInjector::FaultInjector(QObject *parent)
    : QAbstractTableModel(parent)
{ }

int FaultInjector::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rules.size());
}

int FaultInjector::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString FaultInjector::actionName(Action action)
{
    switch (action) {
    case Action::Delay:
        return tr("add latency");
    case Action::Drop:
        return tr("drop");
    case Action::Corrupt:
        return tr("corrupt the payload");
    case Action::Cut:
        return tr("cut the link");
    }
    return QString();
}

QVariant FaultInjector::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rules.size())
        return QVariant();
    const Rule &r = m_rules.at(index.row()).rule;
    if (role == Qt::CheckStateRole && index.column() == EnabledColumn)
        return r.enabled ? Qt::Checked : Qt::Unchecked;
    if (role != Qt::DisplayRole)
        return QVariant();
    switch (index.column()) {
    case DirectionColumn:
        if (r.direction < 0)
            return tr("both");
        return QBiMux::Direction(r.direction) == QBiMux::Direction::Outgoing ? tr("→ out")
                                                                             : tr("← in");
    case RoutesColumn:
        return r.routes.isEmpty() ? tr("all") : r.routes;
    case ActionColumn:
        return actionName(r.action);
    case ShareColumn:
        return tr("%1 %").arg(r.percent);
    case DelayColumn:
        return r.action == Action::Delay ? tr("%1 ms").arg(r.delayMs) : QString();
    }
    return QVariant();
}

bool FaultInjector::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!index.isValid() || index.column() != EnabledColumn || role != Qt::CheckStateRole)
        return false;
    setRuleEnabled(index.row(), value.toInt() == Qt::Checked);
    return true;
}

Qt::ItemFlags FaultInjector::flags(const QModelIndex &index) const
{
    Qt::ItemFlags f = QAbstractTableModel::flags(index);
    if (index.column() == EnabledColumn)
        f |= Qt::ItemIsUserCheckable;
    return f;
}

QVariant FaultInjector::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case EnabledColumn:
        return tr("On");
    case DirectionColumn:
        return tr("Direction");
    case RoutesColumn:
        return tr("Routes");
    case ActionColumn:
        return tr("Fault");
    case ShareColumn:
        return tr("Share");
    case DelayColumn:
        return tr("Latency");
    }
    return QVariant();
}

bool FaultInjector::addRule(const Rule &rule)
{
    const std::optional<QSet<qint32>> routes = RouteList::parse(rule.routes);
    if (!routes)
        return false;
    Compiled compiled {rule, *routes};
    compiled.rule.percent = qBound(0, rule.percent, 100);
    const int row = int(m_rules.size());
    beginInsertRows(QModelIndex(), row, row);
    m_rules.append(compiled);
    endInsertRows();
    return true;
}

void FaultInjector::removeRule(int row)
{
    if (row < 0 || row >= m_rules.size())
        return;
    beginRemoveRows(QModelIndex(), row, row);
    m_rules.removeAt(row);
    endRemoveRows();
}

void FaultInjector::setRuleEnabled(int row, bool enabled)
{
    if (row < 0 || row >= m_rules.size() || m_rules.at(row).rule.enabled == enabled)
        return;
    m_rules[row].rule.enabled = enabled;
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

QList<FaultInjector::Rule> FaultInjector::rules() const
{
    QList<Rule> rules;
    for (const Compiled &c : m_rules)
        rules.append(c.rule);
    return rules;
}

void FaultInjector::setActive(bool active)
{
    if (m_active == active)
        return;
    m_active = active;
    emit activeChanged(active);
}

FaultInjector::Decision FaultInjector::decide(const FrameRecord &frame)
{
    Decision decision;
    if (!m_active)
        return decision;
    for (const Compiled &c : std::as_const(m_rules)) {
        const Rule &r = c.rule;
        if (!r.enabled || (r.direction >= 0 && r.direction != int(frame.direction))
            || (!c.routes.isEmpty() && (frame.malformed || !c.routes.contains(frame.route))))
            continue;
        if (r.percent < 100 && int(m_random.bounded(100)) >= r.percent)
            continue;
        switch (r.action) {
        case Action::Delay:
            decision.faults |= FrameRecord::Delayed;
            decision.delayMs += r.delayMs;
            break;
        case Action::Drop:
            decision.faults |= FrameRecord::Dropped;
            break;
        case Action::Corrupt:
            decision.faults |= FrameRecord::Corrupted;
            break;
        case Action::Cut:
            decision.faults |= FrameRecord::Cut;
            break;
        }
    }
    // A frame that is not relayed is neither late nor damaged.
    if (decision.faults & (FrameRecord::Dropped | FrameRecord::Cut)) {
        decision.faults &= FrameRecord::Dropped | FrameRecord::Cut;
        decision.delayMs = 0;
    }
    return decision;
}
