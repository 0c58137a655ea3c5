// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef FAULTINJECTOR_H
#define FAULTINJECTOR_H

#include "framerecord.h"

#include <QtCore/qabstractitemmodel.h>
#include <QtCore/qrandom.h>
#include <QtCore/qset.h>

// Fault injection in proxy mode: rules that make the proxy delay, drop or corrupt a share
// of the frames of some routes in one direction, or cut the whole link, so that a user can
// see whether reconnects, deadlines and cancellation really work. The rules can change
// while traffic flows; each frame is judged when the proxy receives it. Also the model of
// the rules table (one row per rule; the Enabled column is checkable).
class FaultInjector : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum class Action { Delay, Drop, Corrupt, Cut };
    Q_ENUM(Action)

    struct Rule
    {
        bool enabled = true;
        int direction = -1; // -1 both, else int(QBiMux::Direction) (proxy: out = to upstream)
        QString routes; // as typed: "1, 3-5"; empty for every route
        Action action = Action::Delay;
        int percent = 100; // share of the matching frames, 0-100
        quint32 delayMs = 0; // Action::Delay
    };

    // What happens to one frame: FrameRecord::Fault flags, and the delay.
    struct Decision
    {
        quint8 faults = 0;
        quint32 delayMs = 0;
    };

    enum Column {
        EnabledColumn,
        DirectionColumn,
        RoutesColumn,
        ActionColumn,
        ShareColumn,
        DelayColumn,
        ColumnCount
    };

    explicit FaultInjector(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // False (nothing added) if the routes are unreadable.
    bool addRule(const Rule &rule);
    void removeRule(int row);
    void setRuleEnabled(int row, bool enabled);
    QList<Rule> rules() const;

    // The switch for all rules at once.
    bool isActive() const { return m_active; }
    void setActive(bool active);

    // Judges a frame the proxy received: every enabled rule that matches it fires with
    // its share; delays add up; a cut or a drop means the frame is not relayed.
    Decision decide(const FrameRecord &frame);
    // Tests: a reproducible sequence of shares.
    void setSeed(quint32 seed) { m_random.seed(seed); }

    static QString actionName(Action action);

Q_SIGNALS:
    void activeChanged(bool active);

private:
    struct Compiled
    {
        Rule rule;
        QSet<qint32> routes;
    };

    QList<Compiled> m_rules;
    bool m_active = true;
    QRandomGenerator m_random {QRandomGenerator::securelySeeded()};
};

#endif // FAULTINJECTOR_H
