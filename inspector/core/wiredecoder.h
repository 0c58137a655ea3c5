// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef WIREDECODER_H
#define WIREDECODER_H

#include "framerecord.h"

// Reads a bimux Message (proto/bimux.proto) from the bytes of one WebSocket message. The
// inspector has its own reader because the library's codec is private, and because a
// proxy must show what is on the wire, also when it is not what BiMuxQt would send.
namespace WireDecoder {
// Fills the header fields and payload of `frame`; false (and `error` set) when the bytes
// are not a Message. Unknown fields are skipped, as protobuf does.
bool decode(const QByteArray &bytes, FrameRecord *frame, QString *error = nullptr);
// The encoding of `frame`'s fields, as BiMuxQt writes them (for tests and the composer).
QByteArray encode(const FrameRecord &frame);
} // namespace WireDecoder

#endif // WIREDECODER_H
