#ifndef QBIMUXFRAME_P_H
#define QBIMUXFRAME_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the BiMuxQt API. It may change from version to version
// without notice, or even be removed.
//

#include "qbimuxerror.h"

#include <QtCore/qbytearray.h>
#include <QtCore/qstring.h>

#include <optional>

// One bimux Message as the muxer sees it; encode()/decode() are the only places
// that know the protobuf wire format (proto/bimux.proto).
struct QBiMuxFrame
{
    // The values of QBiMux::FrameFlag; Hello and the Stream* ones are the streams
    // extension's (docs/streams.md), handled by QBiMuxStreams.
    enum class Flag : quint8 {
        Request = 0,
        Response = 1,
        Oneway = 2,
        Cancel = 3,
        Hello = 4,
        StreamOpen = 5,
        StreamData = 6,
        StreamWindow = 7,
        StreamFin = 8,
        StreamReset = 9,
        StreamClose = 10,
    };
    // Room for every field but the payload, which a frame with a payload of the maximum
    // message size minus this always fits in.
    static constexpr qint64 MaxOverhead = 64;

    quint64 number = 0;
    Flag flag = Flag::Request;
    qint32 route = 0;
    QByteArray data;
    // Extensions (docs/protocol.md): a failed response, and the caller's time budget.
    QBiMux::StatusCode errorCode = QBiMux::StatusCode::Ok;
    QString errorMessage;
    quint32 timeoutMs = 0;
    // Extensions of stream frames: a window, and whether the sender accepted the stream
    // (then `number` is an id of the receiver's) or opened it.
    quint32 window = 0;
    bool fromAcceptor = false;

    bool isError() const { return errorCode != QBiMux::StatusCode::Ok; }

    QByteArray encode() const;
    // encode() into `buffer`, replacing what it held; no allocation when the buffer is not
    // shared and has the capacity.
    void encodeInto(QByteArray *buffer) const;
    // encode() for a frame whose payload is `buffer` after its first `room` bytes, which
    // must be the buffer's own: the other fields go into the end of the room, and the
    // result shares `buffer` instead of copying the payload (`data` is not used). Room for
    // MaxOverhead bytes always suffices; with less it copies.
    QByteArray encodeAround(QByteArray &&buffer, qsizetype room) const;
    // bytes[from, end) sharing `bytes`' memory where it can.
    static QByteArray tailOf(const QByteArray &bytes, qsizetype from);
    // Returns std::nullopt and sets *error when the bytes are not a bimux Message or
    // carry a flag this implementation does not know.
    static std::optional<QBiMuxFrame> decode(const QByteArray &bytes, QString *error);

    static const char *flagName(Flag flag);
};

#endif // QBIMUXFRAME_P_H
