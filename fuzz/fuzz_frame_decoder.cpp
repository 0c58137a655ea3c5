// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

// libFuzzer target: QBiMuxFrame::decode() on arbitrary bytes.
//
// Besides the sanitizers' own checks it aborts when
//  - decode() and libprotobuf's generated code (proto/bimux.proto) disagree on whether the
//    bytes are a valid bimux Message with a known flag, or on any decoded field; except
//    that decode() refuses metadata over a frame's limits (64 entries, 8 KiB), which
//    libprotobuf takes: there the limits, counted with libprotobuf's parser
//    (metadatalimits.h), must say so;
//  - a decoded frame does not survive encode() -> decode() unchanged;
//  - encode() of a decoded frame is not read by libprotobuf as the same fields, or is not
//    as long as libprotobuf's serialization of them (encode() writes the payload last,
//    libprotobuf in field order; otherwise the bytes are the same).
#include "qbimuxframe_p.h"

#include "bimux.pb.h"
#include "metadatalimits.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include <QtCore/qbytearray.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

[[noreturn]] void fail(const char *what, const QByteArray &bytes)
{
    fprintf(stderr, "fuzz_frame_decoder: %s\ninput: %s\n", what, bytes.toHex().constData());
    abort();
}

bool sameFields(const QBiMuxFrame &a, const QBiMuxFrame &b)
{
    return a.number == b.number && a.flag == b.flag && a.route == b.route && a.data == b.data
        && a.errorCode == b.errorCode && a.errorMessage == b.errorMessage
        && a.timeoutMs == b.timeoutMs && a.window == b.window && a.fromAcceptor == b.fromAcceptor
        && a.metadata == b.metadata;
}

QBiMuxMetadata metadataOf(const bimux::Message &message)
{
    QBiMuxMetadata metadata;
    for (const auto &[key, value] : message.metadata())
        metadata.insert(QByteArray::fromStdString(key), QByteArray::fromStdString(value));
    return metadata;
}

// With map entries in key order, as encode() writes them (QBiMuxMetadata is a QMap).
std::string serialized(const bimux::Message &message)
{
    std::string bytes;
    {
        google::protobuf::io::StringOutputStream stream(&bytes);
        google::protobuf::io::CodedOutputStream coded(&stream);
        coded.SetSerializationDeterministic(true);
        message.SerializeToCodedStream(&coded);
    }
    return bytes;
}

// What decode() should make of libprotobuf's parse; a Status code of 0 on the wire still
// means failure, so it becomes Unknown (docs/protocol.md).
bool matchesReference(const QBiMuxFrame &frame, const bimux::Message &reference)
{
    if (frame.number != reference.number() || int(frame.flag) != int(reference.flag())
        || frame.route != reference.route()
        || frame.data != QByteArray::fromStdString(reference.data())
        || frame.timeoutMs != reference.timeout_ms() || frame.window != reference.window()
        || frame.fromAcceptor != reference.from_acceptor()
        || frame.isError() != reference.has_error() || frame.metadata != metadataOf(reference)) {
        return false;
    }
    if (!reference.has_error())
        return frame.errorMessage.isEmpty();
    const int code = reference.error().code() == 0 ? int(QBiMux::StatusCode::Unknown)
                                                   : reference.error().code();
    return int(frame.errorCode) == code
        && frame.errorMessage == QString::fromStdString(reference.error().message());
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    // libprotobuf logs every invalid UTF-8 string it meets; fuzzing makes many.
    google::protobuf::SetLogHandler(nullptr);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    // Raw data, not a copy: ASan then sees a read even one byte past the input.
    const QByteArray bytes
        = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));

    QString error;
    const std::optional<QBiMuxFrame> frame = QBiMuxFrame::decode(bytes, &error);

    bimux::Message reference;
    const bool referenceOk
        = reference.ParseFromArray(data, int(size)) && bimux::Flag_IsValid(reference.flag());
    const bool overLimits = referenceOk && metadataOverLimits(bytes);
    if (overLimits && frame)
        fail("decode() accepts metadata over a frame's limits", bytes);
    if (referenceOk && !overLimits && !frame)
        fail("libprotobuf accepts what decode() rejects", bytes);
    if (!referenceOk && frame)
        fail("decode() accepts what libprotobuf rejects", bytes);
    if (!frame) {
        if (error.isEmpty())
            fail("decode() failed without saying why", bytes);
        if (overLimits && !error.contains(QLatin1String("metadata")))
            fail("decode() refused metadata over the limits for another reason", bytes);
        return 0;
    }
    if (!matchesReference(*frame, reference))
        fail("decode() and libprotobuf decode different fields", bytes);

    // Round trip: what we send of a frame reads back as the same frame.
    const QByteArray encoded = frame->encode();
    const std::optional<QBiMuxFrame> again = QBiMuxFrame::decode(encoded, &error);
    if (!again)
        fail("encode() of a decoded frame does not decode", bytes);
    if (!sameFields(*frame, *again))
        fail("encode() -> decode() changes the frame", bytes);

    // And it is what libprotobuf would send for that message: the known fields only
    // (libprotobuf would also keep unknown ones, the codec drops them), with the
    // Unknown code the muxer puts for a Status code of 0.
    bimux::Message known;
    known.set_number(reference.number());
    known.set_flag(reference.flag());
    known.set_route(reference.route());
    known.set_data(reference.data());
    known.set_timeout_ms(reference.timeout_ms());
    known.set_window(reference.window());
    known.set_from_acceptor(reference.from_acceptor());
    *known.mutable_metadata() = reference.metadata();
    if (reference.has_error()) {
        known.mutable_error()->set_code(reference.error().code() == 0
                                            ? int(QBiMux::StatusCode::Unknown)
                                            : reference.error().code());
        known.mutable_error()->set_message(reference.error().message());
    }
    const std::string canonical = serialized(known);
    bimux::Message readBack;
    if (!readBack.ParseFromArray(encoded.constData(), int(encoded.size()))
        || serialized(readBack) != canonical || size_t(encoded.size()) != canonical.size())
        fail("libprotobuf does not read encode()'s bytes as the same message", bytes);
    return 0;
}
