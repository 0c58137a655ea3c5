// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef INSPECTORSESSION_H
#define INSPECTORSESSION_H

#include "connectionmodel.h"
#include "framemodel.h"
#include "inflightmodel.h"
#include "routemodel.h"
#include "streammodel.h"
#include "timeline.h"

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
    StreamModel *streams() { return &m_streams; }
    const Timeline &timeline() const { return m_timeline; }

    // A new connection; returns its key for addFrame() and closeConnection().
    int openConnection(const QString &source, const QString &id, const QString &peer,
                       bool alreadyOpen = true, qint64 openedMs = 0);
    // A connection with the key, state and times it has already (a capture file's); false
    // if the key is taken or not positive.
    bool addConnection(const ConnectionRecord &record);
    void setConnectionOpen(int key);
    void setConnectionId(int key, const QString &id);
    // The sockets `key` runs on; links it with the connections at their other ends.
    void setConnectionSockets(int key, const QList<ConnectionRecord::Endpoints> &sockets);
    void closeConnection(int key, int code, const QString &reason, qint64 closedMs = 0);

    // One frame of connection frame.connection; the payload is cut to payloadLimit().
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
    // Forgets everything, connections too.
    void reset();

    // A loaded capture, not live traffic: nothing happened after `endMs` (the time it
    // was saved), so connections still open then show as open when saved and their
    // uptime, like the ages of calls in flight, stops there. 0: live (the default).
    void setCaptureEnd(qint64 endMs);
    bool isCapture() const { return m_captureEndMs != 0; }
    qint64 captureEndMs() const { return m_captureEndMs; }

    // Views ask the models again for every text (after a language change).
    void retranslate();

Q_SIGNALS:
    void flushed();

private:
    FrameModel m_frames;
    ConnectionModel m_connections;
    RouteModel m_routes;
    InflightModel m_inflight;
    StreamModel m_streams;
    Timeline m_timeline;
    QTimer m_flushTimer;
    QElapsedTimer m_sinceStats;
    int m_nextConnection = 1;
    qint64 m_captureEndMs = 0;
    int m_payloadLimit = DefaultPayloadLimit;
    QHash<QString, quint64> m_dropped;
    // "local remote" of every socket -> the connection running on it.
    QHash<QString, int> m_socketOwners;
};

#endif // INSPECTORSESSION_H
