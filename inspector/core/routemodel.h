// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef ROUTEMODEL_H
#define ROUTEMODEL_H

#include "framerecord.h"

#include <QtCore/qabstractitemmodel.h>
#include <QtCore/qelapsedtimer.h>

#include <limits>
#include <vector>

// Per route and calling direction: how much traffic, how many errors, how fast. The
// direction is the caller's: "out" routes are called by the observed side (the proxy's
// client, the attached muxer), "in" routes by its peer.
class RouteModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        RouteColumn,
        NameColumn,
        DirectionColumn,
        HandlerColumn,
        CallsColumn,
        OnewaysColumn,
        ErrorsColumn,
        CancelsColumn,
        BytesColumn,
        RateColumn,
        P50Column,
        P95Column,
        P99Column,
        ColumnCount
    };

    // What the responses tell about the callee's handler.
    enum class Handler { Unknown, Present, Missing };

    struct Stats
    {
        qint32 route = 0;
        QBiMux::Direction direction = QBiMux::Direction::Outgoing;
        Handler handler = Handler::Unknown;
        qint64 frames = 0;
        qint64 calls = 0;
        qint64 oneways = 0;
        qint64 errors = 0;
        qint64 cancels = 0;
        qint64 bytes = 0;
        // Kept since the last refresh(), for the rate.
        qint64 framesAtRefresh = 0;
        double rate = 0; // frames/s
        // The newest latencies (ns), a ring; percentiles come from these.
        std::vector<qint64> latencies;
        size_t nextLatency = 0;
        qint64 p50 = -1, p95 = -1, p99 = -1;
        bool others = false; // the row of every route beyond MaxRoutes
    };

    // A BiMuxQt peer asks on this route whether the other one speaks streams: one call per
    // link that opens a stream (docs/protocol.md, "Flag 4 `hello` and the probe").
    static constexpr qint32 StreamsProbeRoute = std::numeric_limits<qint32>::max();

    static constexpr size_t LatencySamples = 2048;
    // Rows with a route of their own (both directions together); the frames of further
    // routes are counted in one row per direction, "other routes", so that a peer that
    // uses a new route in every frame cannot grow the table (16 KiB of latencies a row).
    static constexpr int MaxRoutes = 1000;

    explicit RouteModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // Counts a frame (session calls it for each one).
    void countFrame(const FrameRecord &frame, QBiMux::Direction callDirection);
    void addLatency(qint32 route, QBiMux::Direction callDirection, qint64 ns);
    // Rates and percentiles are computed here, and views told.
    void refresh();
    void clear();

    // A name the user gave the route (both directions).
    void setRouteName(qint32 route, const QString &name);
    // The user's name, else a built-in one for a route the library reserves.
    QString routeName(qint32 route) const;
    const QHash<qint32, QString> &routeNames() const { return m_names; }

Q_SIGNALS:
    // The user (or a capture file, or the demo) named a route.
    void routeNameChanged(qint32 route, const QString &name);

public:
    const Stats *stats(qint32 route, QBiMux::Direction direction) const;
    int rowOf(qint32 route, QBiMux::Direction direction) const;

private:
    Stats &statsFor(qint32 route, QBiMux::Direction direction);

    std::vector<Stats> m_rows;
    QHash<qint64, int> m_rowOfKey;
    int m_othersRow[2] = {-1, -1};
    QHash<qint32, QString> m_names;
    QElapsedTimer m_sinceRefresh;
};

#endif // ROUTEMODEL_H
