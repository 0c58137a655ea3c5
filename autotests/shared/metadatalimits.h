// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef METADATALIMITS_H
#define METADATALIMITS_H

#include "qbimuxframe_p.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/wire_format_lite.h>

#include <string>

// Whether the bimux Message `bytes` carries more metadata than a frame may
// (QBiMuxFrame::MaxMetadataEntries, MaxMetadataBytes), counted with libprotobuf's own
// reader (the lite runtime's, which BiMuxQtProto links) rather than the codec's: the one
// case where QBiMuxFrame::decode() refuses what libprotobuf accepts, for the tests and
// fuzzers that hold the codec to libprotobuf. Counted as the codec counts: every
// length-delimited field 9 is an entry, each with the last length-delimited key (1) and
// value (2) in it. Meant for bytes libprotobuf parses; false for others.
inline bool metadataOverLimits(const QByteArray &bytes)
{
    using google::protobuf::internal::WireFormatLite;
    using google::protobuf::io::CodedInputStream;
    const auto isBytes = [](quint32 tag, int field) {
        return WireFormatLite::GetTagFieldNumber(tag) == field
            && WireFormatLite::GetTagWireType(tag) == WireFormatLite::WIRETYPE_LENGTH_DELIMITED;
    };
    CodedInputStream input(reinterpret_cast<const quint8 *>(bytes.constData()), int(bytes.size()));
    int entries = 0;
    qint64 keyAndValueBytes = 0;
    while (const quint32 tag = input.ReadTag()) {
        if (!isBytes(tag, 9)) {
            if (!WireFormatLite::SkipField(&input, tag))
                return false;
            continue;
        }
        std::string entry;
        if (!WireFormatLite::ReadBytes(&input, &entry))
            return false;
        CodedInputStream entryInput(reinterpret_cast<const quint8 *>(entry.data()),
                                    int(entry.size()));
        qint64 key = 0;
        qint64 value = 0;
        while (const quint32 entryTag = entryInput.ReadTag()) {
            std::string part;
            if (isBytes(entryTag, 1) || isBytes(entryTag, 2)) {
                if (!WireFormatLite::ReadBytes(&entryInput, &part))
                    return false;
                (isBytes(entryTag, 1) ? key : value) = qint64(part.size());
            } else if (!WireFormatLite::SkipField(&entryInput, entryTag)) {
                return false;
            }
        }
        ++entries;
        keyAndValueBytes += key + value;
    }
    return entries > QBiMuxFrame::MaxMetadataEntries
        || keyAndValueBytes > QBiMuxFrame::MaxMetadataBytes;
}

#endif // METADATALIMITS_H
