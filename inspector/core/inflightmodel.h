// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef INFLIGHTMODEL_H
#define INFLIGHTMODEL_H

#include "framerecord.h"
#include "livetablemodel.h"

#include <QtCore/qhash.h>
#include <QtCore/qset.h>

#include <functional>
#include <optional>

// Calls whose request was seen and whose response (or cancel) was not yet. The session
// starts and finishes calls per frame; rows follow on flush(), in batches.
//
// Some calls are the inspector's own (the composer's, and calls it injected into a
// proxied connection): whoever made one registers how to cancel it with setOwner(), and
// only those rows can be cancelled from the view.
struct InflightKey
{
    int connection;
    QBiMux::Direction direction; // the caller's
    quint64 number;
    bool operator==(const InflightKey &o) const
    {
        return connection == o.connection && direction == o.direction && number == o.number;
    }
};

class InflightModel : public LiveTableModel<InflightKey>
{
    Q_OBJECT

public:
    enum Column {
        ConnectionColumn,
        NumberColumn,
        RouteColumn,
        DirectionColumn,
        AgeColumn,
        DeadlineColumn,
        OwnerColumn,
        ColumnCount
    };
    enum Role { OwnedRole = Qt::UserRole + 1 };

    using Key = InflightKey;
    struct Call
    {
        Key key;
        qint32 route = 0;
        qint64 startedMs = 0; // wall clock
        qint64 startedMonoNs = 0;
        quint32 timeoutMs = 0;
    };

    // Beyond this many open calls new ones are not tracked (a peer that never answers
    // must not grow the inspector without bound).
    static constexpr int MaxCalls = 100000;

    explicit InflightModel(QObject *parent = nullptr);

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    void start(const FrameRecord &request);
    // The call that `key` ends, if it was open.
    std::optional<Call> finish(const Key &key);
    void finishConnection(int connection);
    int openCalls() const { return int(m_calls.size()); }

    // `cancel` ends call `key`, which the inspector made, and returns whether it did (false:
    // the call had ended on the owner's side already); an empty function forgets the
    // owner. May come before the call's request frame is seen (through the proxy, the
    // frame arrives later). The owner is forgotten when the call finishes, or when its
    // request is not tracked (beyond MaxCalls). Returns whether the owner is kept: false
    // for an empty function, and for a call that is not tracked while the table is full.
    bool setOwner(const Key &key, std::function<bool()> cancel);
    bool isOwned(const Key &key) const { return m_owners.contains(key); }
    // The call shown in `row`, if it is still open.
    std::optional<Key> keyAt(int row) const;
    // Whether the call in `row` is open and the inspector's own.
    bool canCancel(int row) const;
    // Cancels the call in `row` through its owner; false when canCancel(row) is not true
    // or the owner did not cancel it.
    bool cancel(int row);
    // Rows catch up with the calls; ages and deadlines are refreshed.
    void flush();
    void clear();

private:
    QHash<Key, Call> m_calls;
    QHash<Key, std::function<bool()>> m_owners;
    QSet<Key> m_removed;
};

size_t qHash(const InflightModel::Key &key, size_t seed = 0);

#endif // INFLIGHTMODEL_H
