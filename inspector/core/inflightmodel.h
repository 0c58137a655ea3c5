#ifndef INFLIGHTMODEL_H
#define INFLIGHTMODEL_H

#include "framerecord.h"

#include <QtCore/qabstractitemmodel.h>
#include <QtCore/qhash.h>
#include <QtCore/qset.h>

#include <functional>
#include <optional>

// Calls whose request was seen and whose response (or cancel) was not yet. The session
// starts and finishes calls per frame; rows follow on flush(), in batches.
class InflightModel : public QAbstractTableModel
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
        ColumnCount
    };

    struct Key
    {
        int connection;
        QBiMux::Direction direction; // the caller's
        quint64 number;
        bool operator==(const Key &o) const
        {
            return connection == o.connection && direction == o.direction && number == o.number;
        }
    };
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

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    void start(const FrameRecord &request);
    // The call that `key` ends, if it was open.
    std::optional<Call> finish(const Key &key);
    void finishConnection(int connection);
    int openCalls() const { return int(m_calls.size()); }
    // Rows catch up with the calls; ages and deadlines are refreshed.
    void flush();
    void clear();
    // Replaces the clock ages are measured against (tests, capture files).
    void setNow(std::function<qint64()> now) { m_now = std::move(now); }

private:
    QHash<Key, Call> m_calls;
    QList<Key> m_rows;
    QList<Key> m_added;
    QSet<Key> m_removed;
    std::function<qint64()> m_now;
};

size_t qHash(const InflightModel::Key &key, size_t seed = 0);

#endif // INFLIGHTMODEL_H
