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
    enum class Flag : quint8 { Request = 0, Response = 1, Oneway = 2, Cancel = 3 };
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
    // Extension, on requests and oneway messages: the caller's QBiMuxCallOptions::metadata().
    QBiMuxMetadata metadata;

    bool isError() const { return errorCode != QBiMux::StatusCode::Ok; }

    QByteArray encode() const;
    // encode() into `buffer`, replacing what it held; no allocation when the buffer is not
    // shared and has the capacity.
    void encodeInto(QByteArray *buffer) const;
    // Returns std::nullopt and sets *error when the bytes are not a bimux Message or
    // carry a flag this implementation does not know.
    static std::optional<QBiMuxFrame> decode(const QByteArray &bytes, QString *error);

    static const char *flagName(Flag flag);
    // The bytes `metadata` takes in a frame, the field's tags included.
    static qint64 encodedSize(const QBiMuxMetadata &metadata);
    // What protobuf takes for a `string`: UTF-8 without overlong forms or surrogates.
    static bool isValidUtf8(const char *text, qsizetype size);
};

#endif // QBIMUXFRAME_P_H
