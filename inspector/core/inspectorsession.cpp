// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "inspectorsession.h"

#include <QtCore/qdatetime.h>

InspectorSession::InspectorSession(QObject *parent)
    : QObject(parent)
{
    m_flushTimer.setInterval(DefaultFlushInterval);
    connect(&m_flushTimer, &QTimer::timeout, this, &InspectorSession::flush);
    m_flushTimer.start();
    m_sinceStats.start();
}

int InspectorSession::openConnection(const QString &source, const QString &id, const QString &peer,
                                     bool alreadyOpen, qint64 openedMs)
{
    ConnectionRecord record;
    record.key = m_nextConnection++;
    record.source = source;
    record.id = id;
    record.peer = peer;
    record.state = alreadyOpen ? ConnectionRecord::State::Open : ConnectionRecord::State::Opening;
    record.openedMs = openedMs ? openedMs : QDateTime::currentMSecsSinceEpoch();
    m_connections.add(record);
    return record.key;
}

bool InspectorSession::addConnection(const ConnectionRecord &record)
{
    if (record.key <= 0 || m_connections.find(record.key))
        return false;
    m_connections.add(record);
    m_nextConnection = qMax(m_nextConnection, record.key + 1);
    return true;
}

void InspectorSession::setConnectionOpen(int key)
{
    if (ConnectionRecord *c = m_connections.find(key)) {
        if (c->state == ConnectionRecord::State::Opening)
            c->state = ConnectionRecord::State::Open;
    }
}

void InspectorSession::setConnectionId(int key, const QString &id)
{
    if (ConnectionRecord *c = m_connections.find(key))
        c->id = id;
}

void InspectorSession::setConnectionSockets(int key,
                                            const QList<ConnectionRecord::Endpoints> &sockets)
{
    ConnectionRecord *c = m_connections.find(key);
    if (!c)
        return;
    c->sockets = sockets;
    for (const ConnectionRecord::Endpoints &s : sockets) {
        if (s.local.isEmpty() || s.remote.isEmpty())
            continue;
        m_socketOwners.insert(s.local + QLatin1Char(' ') + s.remote, key);
        const int other = m_socketOwners.value(s.remote + QLatin1Char(' ') + s.local);
        ConnectionRecord *o = other && other != key ? m_connections.find(other) : nullptr;
        if (!o || c->otherEnds.contains(other))
            continue;
        c->otherEnds.append(other);
        o->otherEnds.append(key);
    }
    m_connections.refresh();
}

void InspectorSession::closeConnection(int key, int code, const QString &reason, qint64 closedMs)
{
    // Nobody answers these any more, also when the connection is not known (any more).
    m_inflight.finishConnection(key);
    m_streams.finishConnection(key, closedMs ? closedMs : QDateTime::currentMSecsSinceEpoch());
    ConnectionRecord *c = m_connections.find(key);
    if (!c || c->state == ConnectionRecord::State::Closed)
        return;
    c->state = ConnectionRecord::State::Closed;
    c->closeCode = code;
    c->closeReason = reason;
    c->closedMs = closedMs ? closedMs : QDateTime::currentMSecsSinceEpoch();
    // The ports may be used again by another connection.
    for (const ConnectionRecord::Endpoints &s : std::as_const(c->sockets)) {
        const QString socket = s.local + QLatin1Char(' ') + s.remote;
        if (m_socketOwners.value(socket) == key)
            m_socketOwners.remove(socket);
    }
    m_connections.refresh();
}

void InspectorSession::addFrame(FrameRecord frame)
{
    if (frame.payloadSize < frame.payload.size())
        frame.payloadSize = frame.payload.size();
    if (frame.payload.size() > m_payloadLimit)
        frame.payload.truncate(m_payloadLimit);

    if (ConnectionRecord *c = m_connections.find(frame.connection)) {
        if (frame.direction == QBiMux::Direction::Incoming) {
            ++c->framesIn;
            c->bytesIn += frame.wireSize;
        } else {
            ++c->framesOut;
            c->bytesOut += frame.wireSize;
        }
    }

    if (!frame.malformed) {
        // Routes and calls are counted from the caller's point of view: a response goes
        // against its request, a cancel the request's way.
        const bool isResponse = frame.flag == QBiMux::FrameFlag::Response;
        const QBiMux::Direction caller = !isResponse
            ? frame.direction
            : (frame.direction == QBiMux::Direction::Incoming ? QBiMux::Direction::Outgoing
                                                              : QBiMux::Direction::Incoming);
        m_routes.countFrame(frame, caller);
        m_timeline.countFrame(frame);
        if (StreamModel::isStreamFrame(frame.flag))
            m_streams.addFrame(frame);
        if (frame.flag == QBiMux::FrameFlag::Request) {
            m_inflight.start(frame);
            m_timeline.sampleInflight(m_inflight.openCalls(), frame.timestampMs);
        } else if (isResponse || frame.flag == QBiMux::FrameFlag::Cancel) {
            const auto call = m_inflight.finish({frame.connection, caller, frame.number});
            if (call)
                m_timeline.sampleInflight(m_inflight.openCalls(), frame.timestampMs);
            if (call && isResponse) {
                const qint64 ns = frame.monoNs - call->startedMonoNs;
                m_routes.addLatency(call->route, caller, ns);
                m_timeline.addLatency(call->route, ns, frame.timestampMs);
            }
        }
    }
    m_frames.addFrame(std::move(frame));
}

void InspectorSession::flush()
{
    m_frames.flush();
    m_inflight.flush();
    m_streams.flush();
    if (m_sinceStats.hasExpired(StatsInterval.count())) {
        m_sinceStats.restart();
        m_routes.refresh();
        m_connections.refresh();
    }
    emit flushed();
}

void InspectorSession::setFlushInterval(std::chrono::milliseconds interval)
{
    m_flushTimer.setInterval(interval);
}

std::chrono::milliseconds InspectorSession::flushInterval() const
{
    return m_flushTimer.intervalAsDuration();
}

void InspectorSession::setSourceDropped(const QString &source, quint64 dropped)
{
    m_dropped.insert(source, dropped);
}

quint64 InspectorSession::sourceDropped() const
{
    quint64 total = 0;
    for (quint64 n : m_dropped)
        total += n;
    return total;
}

void InspectorSession::clear()
{
    m_frames.clear();
    m_routes.clear();
    m_inflight.clear();
    m_streams.clear();
    m_timeline.clear();
    // Sources still hold their connections' keys: rows stay, counters restart.
    for (const ConnectionRecord &record : m_connections.records()) {
        ConnectionRecord *c = m_connections.find(record.key);
        c->framesIn = c->framesOut = c->bytesIn = c->bytesOut = 0;
    }
    m_connections.refresh();
}

void InspectorSession::reset()
{
    clear();
    m_connections.clear();
    m_dropped.clear();
    m_socketOwners.clear();
    // Keys are never reused, so a source that still sends for an old key reaches nothing.
}

void InspectorSession::setCaptureEnd(qint64 endMs)
{
    m_captureEndMs = endMs;
    m_connections.setEndOfCapture(endMs);
    if (endMs) {
        m_inflight.setNow([endMs] { return endMs; });
        m_streams.setNow([endMs] { return endMs; });
    } else {
        m_inflight.setNow([] { return QDateTime::currentMSecsSinceEpoch(); });
        m_streams.setNow([] { return QDateTime::currentMSecsSinceEpoch(); });
    }
    m_inflight.flush();
    m_streams.flush();
}

void InspectorSession::retranslate()
{
    for (QAbstractItemModel *model : std::initializer_list<QAbstractItemModel *> {
             &m_frames, &m_connections, &m_routes, &m_inflight, &m_streams}) {
        const int columns = model->columnCount();
        emit model->headerDataChanged(Qt::Horizontal, 0, columns - 1);
        if (model->rowCount() > 0)
            emit model->dataChanged(model->index(0, 0),
                                    model->index(model->rowCount() - 1, columns - 1));
    }
}
