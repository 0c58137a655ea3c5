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

void InspectorSession::closeConnection(int key, int code, const QString &reason, qint64 closedMs)
{
    ConnectionRecord *c = m_connections.find(key);
    if (!c || c->state == ConnectionRecord::State::Closed)
        return;
    c->state = ConnectionRecord::State::Closed;
    c->closeCode = code;
    c->closeReason = reason;
    c->closedMs = closedMs ? closedMs : QDateTime::currentMSecsSinceEpoch();
    // Nobody answers these any more.
    m_inflight.finishConnection(key);
    m_connections.refresh();
}

void InspectorSession::addFrame(FrameRecord frame)
{
    frame.seq = m_nextSeq++;
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
        if (frame.flag == QBiMux::FrameFlag::Request) {
            m_inflight.start(frame);
        } else if (isResponse || frame.flag == QBiMux::FrameFlag::Cancel) {
            const auto call = m_inflight.finish({frame.connection, caller, frame.number});
            if (call && isResponse)
                m_routes.addLatency(call->route, caller, frame.monoNs - call->startedMonoNs);
        }
    }
    m_frames.addFrame(std::move(frame));
}

void InspectorSession::flush()
{
    m_frames.flush();
    m_inflight.flush();
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
    // Keys are never reused, so a source that still sends for an old key reaches nothing.
}
