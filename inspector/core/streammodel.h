// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef STREAMMODEL_H
#define STREAMMODEL_H

#include "framerecord.h"
#include "livetablemodel.h"

#include <QtCore/qhash.h>
#include <QtCore/qlist.h>

#include <functional>

// The streams (docs/streams.md) the session has seen, open or ended, one row each in the
// order they were opened: built from the stream frames of any source (proxy, attach,
// capture, the inspector's own muxers), so that it shows what was on the wire. "Out" is
// the frames' Outgoing direction: the observed muxer's side in attach mode, the client's
// in proxy mode. Counters change with every frame; rows follow on flush(), in batches.
class StreamModel : public LiveTableModel<quint64>
{
    Q_OBJECT

public:
    enum Column {
        ConnectionColumn,
        IdColumn,
        RouteColumn,
        OpenerColumn,
        StateColumn,
        BytesOutColumn,
        BytesInColumn,
        WindowOutColumn,
        WindowInColumn,
        AgeColumn,
        ColumnCount
    };

    // What the frames said last; Lost when the connection closed under an open stream.
    enum class State { Opening, Open, OutEnded, InEnded, Finished, Refused, Reset, Lost };

    struct Key
    {
        int connection;
        QBiMux::Direction opener; // the direction of the frames the opener sends
        quint64 id;
        bool operator==(const Key &o) const
        {
            return connection == o.connection && opener == o.opener && id == o.id;
        }
    };
    struct Stream
    {
        Key key;
        qint32 route = 0;
        bool routeKnown = false; // false: opened before the inspector saw it
        State state = State::Opening;
        qint64 openedMs = 0; // wall clock
        qint64 endedMs = 0; // 0 while open
        qint64 bytesOut = 0;
        qint64 bytesIn = 0;
        // What each way may still send: the window granted by the other side, less the
        // data sent since. Negative if a sender overran it (a protocol error).
        qint64 windowOut = 0;
        qint64 windowIn = 0;
        bool accepted = false;
        bool finOut = false;
        bool finIn = false;
        QBiMux::StatusCode status = QBiMux::StatusCode::Ok;
        QString message;

        bool isEnded() const { return endedMs != 0; }
    };

    // Rows kept: beyond it the oldest ended streams leave, and while all are open new ones
    // are not tracked (a peer that opens streams without end must not grow the inspector
    // without bound).
    static constexpr int MaxStreams = 10000;

    explicit StreamModel(QObject *parent = nullptr);

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    static bool isStreamFrame(QBiMux::FrameFlag flag)
    {
        return flag >= QBiMux::FrameFlag::StreamOpen && flag <= QBiMux::FrameFlag::StreamClose;
    }
    // A stream frame (isStreamFrame()) of a well-formed Message.
    void addFrame(const FrameRecord &frame);
    // The connection closed: its open streams end with it.
    void finishConnection(int connection, qint64 closedMs);
    // The stream a frame of `key` is about now, if it is tracked.
    const Stream *find(const Key &key) const;
    int openStreams() const { return m_open; }
    // Rows catch up with the streams; counters and ages are refreshed.
    void flush();
    void clear();

    static QString stateName(State state);

private:
    Stream *begin(const Key &key, qint64 atMs);
    void end(Stream *stream, State state, qint64 atMs);

    // Every stream shown or about to be, by serial number (the row keys), in the order they
    // opened.
    QHash<quint64, Stream> m_streams;
    // The stream each key names now (an id is reused once its stream ended both ways).
    QHash<Key, quint64> m_current;
    quint64 m_nextSerial = 1;
    int m_open = 0;
};

size_t qHash(const StreamModel::Key &key, size_t seed = 0);

#endif // STREAMMODEL_H
