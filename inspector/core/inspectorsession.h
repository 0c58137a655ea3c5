#ifndef INSPECTORSESSION_H
#define INSPECTORSESSION_H

#include "connectionmodel.h"
#include "framemodel.h"
#include "inflightmodel.h"
#include "routemodel.h"

#include <QtCore/qobject.h>
#include <QtCore/qtimer.h>

#include <chrono>

// Where every source (proxy, attach receiver, capture file, the inspector's own muxer)
// delivers what it sees, and what every view reads: the connections, routes, in-flight
// calls and frames of one inspection. Lives in the GUI thread.
class InspectorSession : public QObject
{
    Q_OBJECT

public:
    static constexpr std::chrono::milliseconds DefaultFlushInterval {50};
    static constexpr std::chrono::milliseconds StatsInterval {500};
    static constexpr int DefaultPayloadLimit = 64 * 1024;

    explicit InspectorSession(QObject *parent = nullptr);

    FrameModel *frames() { return &m_frames; }
    ConnectionModel *connections() { return &m_connections; }
    RouteModel *routes() { return &m_routes; }
    InflightModel *inflight() { return &m_inflight; }

    // A new connection; returns its key for addFrame() and closeConnection().
    int openConnection(const QString &source, const QString &id, const QString &peer,
                       bool alreadyOpen = true, qint64 openedMs = 0);
    void setConnectionOpen(int key);
    void setConnectionId(int key, const QString &id);
    void closeConnection(int key, int code, const QString &reason, qint64 closedMs = 0);

    // One frame of connection frame.connection; seq is assigned here, the payload cut
    // to payloadLimit().
    void addFrame(FrameRecord frame);

    // Frames and in-flight rows catch up now (the timer does it every flushInterval()).
    void flush();
    void setFlushInterval(std::chrono::milliseconds interval);
    std::chrono::milliseconds flushInterval() const;

    int payloadLimit() const { return m_payloadLimit; }
    void setPayloadLimit(int bytes) { m_payloadLimit = qMax(0, bytes); }

    // Events a source lost on the way (the attach link's drop counter).
    void setSourceDropped(const QString &source, quint64 dropped);
    quint64 sourceDropped() const;

    // Forgets the frames, routes and calls; connections stay, with counters at zero.
    void clear();
    // Forgets everything, connections too (before opening a capture file).
    void reset();

Q_SIGNALS:
    void flushed();

private:
    FrameModel m_frames;
    ConnectionModel m_connections;
    RouteModel m_routes;
    InflightModel m_inflight;
    QTimer m_flushTimer;
    QElapsedTimer m_sinceStats;
    quint64 m_nextSeq = 1;
    int m_nextConnection = 1;
    int m_payloadLimit = DefaultPayloadLimit;
    QHash<QString, quint64> m_dropped;
};

#endif // INSPECTORSESSION_H
