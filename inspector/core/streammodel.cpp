// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "streammodel.h"

#include "sortrole.h"

#include <QtCore/qdatetime.h>
#include <QtCore/qlocale.h>

size_t qHash(const StreamModel::Key &key, size_t seed)
{
    return qHashMulti(seed, key.connection, int(key.opener), key.id);
}

namespace {
QBiMux::Direction other(QBiMux::Direction direction)
{
    return direction == QBiMux::Direction::Outgoing ? QBiMux::Direction::Incoming
                                                    : QBiMux::Direction::Outgoing;
}

bool isOut(QBiMux::Direction direction)
{
    return direction == QBiMux::Direction::Outgoing;
}
} // namespace

StreamModel::StreamModel(QObject *parent)
    : LiveTableModel(ColumnCount, parent)
{ }

QString StreamModel::stateName(State state)
{
    switch (state) {
    case State::Opening:
        return tr("opening");
    case State::Open:
        return tr("open");
    case State::OutEnded:
        return tr("out ended");
    case State::InEnded:
        return tr("in ended");
    case State::Finished:
        return tr("finished");
    case State::Refused:
        return tr("refused");
    case State::Reset:
        return tr("reset");
    case State::Lost:
        return tr("lost with the link");
    }
    return QString();
}

QVariant StreamModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return QVariant();
    const auto it = m_streams.constFind(m_rows.at(index.row()));
    if (it == m_streams.cend())
        return QVariant();
    const Stream &s = *it;
    const qint64 age = (s.isEnded() ? s.endedMs : now()) - s.openedMs;
    if (role == Qt::TextAlignmentRole && index.column() != OpenerColumn
        && index.column() != StateColumn) {
        return int(Qt::AlignRight | Qt::AlignVCenter);
    }
    if (role == Qt::ToolTipRole && index.column() == StateColumn
        && (s.state == State::Reset || s.state == State::Refused)) {
        return QStringLiteral("%1: %2").arg(FrameNames::statusName(s.status), s.message);
    }
    if (role == Qt::ToolTipRole && index.column() == RouteColumn && !s.routeKnown)
        return tr("The stream opened before the inspector saw its connection");
    if (role == SortRole) {
        switch (index.column()) {
        case ConnectionColumn:
            return s.key.connection;
        case IdColumn:
            return s.key.id;
        case RouteColumn:
            return s.routeKnown ? qint64(s.route) : std::numeric_limits<qint64>::min();
        case OpenerColumn:
            return int(s.key.opener);
        case StateColumn:
            return int(s.state);
        case BytesOutColumn:
            return s.bytesOut;
        case BytesInColumn:
            return s.bytesIn;
        case WindowOutColumn:
            return s.windowOut;
        case WindowInColumn:
            return s.windowIn;
        case AgeColumn:
            return age;
        }
        return QVariant();
    }
    if (role != Qt::DisplayRole)
        return QVariant();
    const QLocale locale;
    const auto size = [&locale](qint64 bytes) {
        return bytes < 0 ? QLatin1Char('-') + locale.formattedDataSize(-bytes)
                         : locale.formattedDataSize(bytes);
    };
    switch (index.column()) {
    case ConnectionColumn:
        return s.key.connection;
    case IdColumn:
        return s.key.id;
    case RouteColumn:
        return s.routeKnown ? QString::number(s.route) : QStringLiteral("?");
    case OpenerColumn:
        return isOut(s.key.opener) ? tr("→ out") : tr("← in");
    case StateColumn:
        if (s.state == State::Reset || s.state == State::Refused)
            return QStringLiteral("%1 (%2)").arg(stateName(s.state),
                                                 FrameNames::statusName(s.status));
        return stateName(s.state);
    case BytesOutColumn:
        return size(s.bytesOut);
    case BytesInColumn:
        return size(s.bytesIn);
    case WindowOutColumn:
        return s.isEnded() ? QString() : size(s.windowOut);
    case WindowInColumn:
        return s.isEnded() ? QString() : size(s.windowIn);
    case AgeColumn:
        return tr("%1 s").arg(locale.toString(double(qMax<qint64>(0, age)) / 1000.0, 'f', 1));
    }
    return QVariant();
}

QVariant StreamModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case OpenerColumn:
            return tr("Which side opened the stream: out is the side whose frames go out "
                      "(the attached app; the client behind a proxy)");
        case WindowOutColumn:
            return tr("What the out side may still send: the window the other side granted, "
                      "less what was sent since");
        case WindowInColumn:
            return tr("What the in side may still send");
        }
        return QVariant();
    }
    if (role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case ConnectionColumn:
        return tr("Conn");
    case IdColumn:
        return tr("Id");
    case RouteColumn:
        return tr("Route");
    case OpenerColumn:
        return tr("Opener");
    case StateColumn:
        return tr("State");
    case BytesOutColumn:
        return tr("Bytes out");
    case BytesInColumn:
        return tr("Bytes in");
    case WindowOutColumn:
        return tr("Window out");
    case WindowInColumn:
        return tr("Window in");
    case AgeColumn:
        return tr("Age");
    }
    return QVariant();
}

StreamModel::Stream *StreamModel::begin(const Key &key, qint64 atMs)
{
    // Bounded: flush() takes the oldest ended rows beyond MaxStreams out; between two
    // flushes at most as many again are tracked.
    if (m_streams.size() >= 2 * MaxStreams)
        return nullptr;
    const quint64 serial = m_nextSerial++;
    Stream &stream = m_streams[serial];
    stream.key = key;
    stream.openedMs = atMs;
    m_current.insert(key, serial);
    m_added.append(serial);
    ++m_open;
    return &stream;
}

void StreamModel::addFrame(const FrameRecord &frame)
{
    using Flag = QBiMux::FrameFlag;
    const QBiMux::Direction from = frame.direction;
    // The opener's id, whichever side sends: from_acceptor says which side that is.
    const Key key {frame.connection, frame.fromAcceptor ? other(from) : from, frame.number};
    Stream *stream = nullptr;
    if (frame.flag == Flag::StreamOpen && !frame.fromAcceptor) {
        // A new stream, also where the id names one that ended (ids are reused).
        if (const auto it = m_current.constFind(key); it != m_current.cend()) {
            Stream &previous = m_streams[*it];
            if (!previous.isEnded()) // its end was never seen: the id cannot be reused before
                end(&previous, State::Lost, frame.timestampMs);
        }
        stream = begin(key, frame.timestampMs);
        if (!stream)
            return;
        stream->route = frame.route;
        stream->routeKnown = true;
        // The opener's receive window: what the acceptor may send.
        (isOut(from) ? stream->windowIn : stream->windowOut) = frame.window;
        return;
    }
    if (const auto it = m_current.constFind(key); it != m_current.cend())
        stream = &m_streams[*it];
    if (!stream) {
        // Opened before the inspector saw the connection (an app attached later, a proxy
        // started meanwhile): shown from here on, its route and counts until now unknown.
        if (frame.flag == Flag::StreamClose || frame.flag == Flag::StreamReset)
            return;
        stream = begin(key, frame.timestampMs);
        if (!stream)
            return;
        stream->accepted = true;
        stream->state = State::Open;
    }
    if (stream->isEnded()) {
        // Data that crossed a reset, the acceptor's last frame: the row says how it ended.
        if (frame.flag == Flag::StreamData)
            (isOut(from) ? stream->bytesOut : stream->bytesIn) += frame.payloadSize;
        return;
    }
    switch (frame.flag) {
    case Flag::StreamData:
        (isOut(from) ? stream->bytesOut : stream->bytesIn) += frame.payloadSize;
        (isOut(from) ? stream->windowOut : stream->windowIn) -= frame.payloadSize;
        break;
    case Flag::StreamWindow:
        // Credit for the other way.
        (isOut(from) ? stream->windowIn : stream->windowOut) += frame.window;
        if (frame.fromAcceptor)
            stream->accepted = true;
        break;
    case Flag::StreamFin:
        (isOut(from) ? stream->finOut : stream->finIn) = true;
        break;
    case Flag::StreamClose:
        // The acceptor's last frame, after both ends.
        stream->finOut = stream->finIn = true;
        break;
    case Flag::StreamReset:
        stream->status
            = frame.status == QBiMux::StatusCode::Ok ? QBiMux::StatusCode::Cancelled : frame.status;
        stream->message = frame.errorMessage;
        end(stream, stream->accepted ? State::Reset : State::Refused, frame.timestampMs);
        return;
    default:
        return;
    }
    if (!stream->accepted)
        stream->state = State::Opening;
    else if (stream->finOut && stream->finIn)
        end(stream, State::Finished, frame.timestampMs);
    else
        stream->state = stream->finOut ? State::OutEnded
            : stream->finIn            ? State::InEnded
                                       : State::Open;
}

void StreamModel::end(Stream *stream, State state, qint64 atMs)
{
    stream->state = state;
    stream->endedMs = qMax<qint64>(atMs, 1);
    --m_open;
}

void StreamModel::finishConnection(int connection, qint64 closedMs)
{
    for (Stream &stream : m_streams) {
        if (stream.key.connection == connection && !stream.isEnded())
            end(&stream, State::Lost, closedMs);
    }
}

const StreamModel::Stream *StreamModel::find(const Key &key) const
{
    const auto it = m_current.constFind(key);
    if (it == m_current.cend())
        return nullptr;
    const auto stream = m_streams.constFind(*it);
    return stream == m_streams.cend() ? nullptr : &*stream;
}

void StreamModel::flush()
{
    appendAddedRows();
    // Beyond MaxStreams rows the oldest ended streams leave.
    removeRowsWhere(
        [this](quint64 serial) {
            const auto it = m_streams.constFind(serial);
            return it != m_streams.cend() && it->isEnded();
        },
        m_rows.size() - MaxStreams,
        [this](quint64 serial) {
            const Stream gone = m_streams.take(serial);
            if (m_current.value(gone.key) == serial)
                m_current.remove(gone.key);
        });
    refreshColumns(StateColumn, AgeColumn);
}

void StreamModel::clear()
{
    beginResetModel();
    m_streams.clear();
    m_current.clear();
    clearRows();
    m_open = 0;
    endResetModel();
}
