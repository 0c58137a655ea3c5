// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef QBIMUXFRAME_P_H
#define QBIMUXFRAME_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the BiMuxQt API. It may change from version to version
// without notice, or even be removed.
//

#include "qbimuxcalloptions.h"
#include "qbimuxerror.h"

#include <QtCore/qbytearray.h>
#include <QtCore/qstring.h>

#include <optional>

// One bimux Message as the muxer sees it; encode()/decode() are the only places
// that know the protobuf wire format (proto/bimux.proto).
struct QBiMuxFrame
{
    // Hello and the Stream* flags are the streams extension's (docs/streams.md), handled
    // by QBiMuxStreams.
    using Flag = QBiMux::FrameFlag;
    // Room for every field but the payload, which a frame with a payload of the maximum
    // message size minus this always fits in.
    static constexpr qint64 MaxOverhead = 64;
    // The most metadata one frame may carry (docs/protocol.md): entries on the wire, and
    // the bytes of their keys and values together. Without them a peer could make one
    // frame of M bytes cost ~18 × M as map entries (7-byte entries, ~130 bytes each
    // decoded). 8 KiB is what gRPC's C++ and Java implementations allow a call's metadata
    // by default (HTTP/2 SETTINGS_MAX_HEADER_LIST_SIZE); 64 entries leave each at least
    // ~128 bytes and bound the decoded map to ~16 KiB. Constants, not settings: the
    // limits are part of the protocol, so that a sender knows what every receiver takes,
    // and metadata that needs more belongs in the payload.
    static constexpr int MaxMetadataEntries = 64;
    static constexpr qint64 MaxMetadataBytes = 8 * 1024;

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
    // Extension, on requests and oneway messages: the caller's QBiMuxCallOptions::metadata().
    QBiMuxMetadata metadata;

    bool isError() const { return errorCode != QBiMux::StatusCode::Ok; }

    QByteArray encode() const;
    // encode() into `buffer` after its first `room` bytes, which are left as they were,
    // replacing what it held; no allocation when the buffer is not shared and has the
    // capacity.
    void encodeInto(QByteArray *buffer, qsizetype room = 0) const;
    // encode() for a frame whose payload is `buffer` after its first `room` bytes, which
    // must be the buffer's own: the other fields go into the end of the room, and the
    // result takes `buffer` over instead of copying the payload (`data` is not used), with
    // what is left of the room free in front of it. Room for MaxOverhead bytes always
    // suffices; with less it copies.
    QByteArray encodeAround(QByteArray buffer, qsizetype room) const;
    // bytes[from, end) sharing `bytes`' memory where it can.
    static QByteArray tailOf(const QByteArray &bytes, qsizetype from);
    // Returns std::nullopt and sets *error when the bytes are not a bimux Message or
    // carry a flag this implementation does not know.
    static std::optional<QBiMuxFrame> decode(const QByteArray &bytes, QString *error);

    static const char *flagName(Flag flag);
    // The bytes `metadata` takes in a frame, the field's tags included.
    static qint64 encodedSize(const QBiMuxMetadata &metadata);
    // Why metadata of `entries` entries with `bytes` bytes of keys and values together is
    // more than a frame may carry (MaxMetadataEntries, MaxMetadataBytes), or an empty
    // string.
    static QString metadataOverLimits(qsizetype entries, qint64 bytes);
    // What protobuf takes for a `string`: UTF-8 without overlong forms or surrogates.
    static bool isValidUtf8(const char *text, qsizetype size);
};

#endif // QBIMUXFRAME_P_H
