// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "qbimuxframe_p.h"

#include <QtCore/qcoreapplication.h>

#include <iterator>
#include <limits>

// The protobuf wire format of proto/bimux.proto, written out by hand: every frame passes
// through here, and going through generated message classes costs a std::string copy of
// the payload each way plus an object per frame. encode() writes the fields libprotobuf
// writes, in field order except that the payload comes last (protobuf parsers take fields
// in any order), so that decode() can hand out the payload without copying it (see
// payloadOf()). decode() accepts and rejects what libprotobuf does for these messages;
// autotests/qbimuxframe checks both against the generated code.

namespace {

enum WireType : quint8 {
    Varint = 0, // the integers, bools and enums
    Fixed64 = 1, // only skipped: no field of ours has it
    LengthDelimited = 2, // bytes, strings, messages and map entries
    StartGroup = 3, // deprecated groups, only skipped
    EndGroup = 4,
    Fixed32 = 5 // only skipped
};

// Field numbers of bimux.Message and bimux.Status, with their types in proto/bimux.proto.
enum MessageField : quint32 {
    Number = 1, // uint64
    FlagField = 2, // Flag, an enum
    Route = 3, // int32
    Data = 4, // bytes
    Error = 5, // Status, a message
    TimeoutMs = 6, // uint32
    Window = 7, // uint32
    FromAcceptor = 8, // bool
    Metadata = 9 // map<string, bytes>: repeated entry messages
};
enum StatusField : quint32 { Code = 1, StatusMessage = 2 };
// A map<string, bytes> entry, as protobuf writes maps.
enum MetadataEntryField : quint32 { Key = 1, Value = 2 };

// libprotobuf reads values as varints of up to ten bytes, but tags and lengths as varints
// of up to five, keeping the low 32 bits of a tag.
constexpr int MaxVarintBytes = 10;
constexpr int MaxVarint32Bytes = 5;
// libprotobuf keeps lengths this far below INT_MAX (its parser's slop bytes).
constexpr quint64 MaxLength = std::numeric_limits<int>::max() - 16;
// libprotobuf gives up on groups nested deeper than its recursion limit; so do we.
constexpr int MaxGroupDepth = 100;

int varintSize(quint64 value)
{
    int size = 1;
    while (value >= 0x80) {
        value >>= 7;
        ++size;
    }
    return size;
}

char *putVarint(char *out, quint64 value)
{
    while (value >= 0x80) {
        *out++ = char(quint8(value) | 0x80);
        value >>= 7;
    }
    *out++ = char(value);
    return out;
}

constexpr quint8 tag(quint32 field, WireType type)
{
    return quint8((field << 3) | type);
}

// int32 fields are sign-extended to 64 bits on the wire, so negative values take 10 bytes.
quint64 int32OnWire(qint32 value)
{
    return quint64(qint64(value));
}

class Reader
{
public:
    Reader(const char *begin, const char *end)
        : m_pos(begin)
        , m_end(end)
    { }

    bool atEnd() const { return m_pos == m_end; }

    bool varint(quint64 *value, int maxBytes = MaxVarintBytes)
    {
        // Tags, flags, routes and short lengths take one byte.
        if (Q_LIKELY(m_pos != m_end) && quint8(*m_pos) < 0x80) {
            *value = quint8(*m_pos++);
            return true;
        }
        quint64 result = 0;
        for (int i = 0; i < maxBytes; ++i) {
            if (m_pos == m_end)
                return false;
            const quint8 byte = quint8(*m_pos++);
            result |= quint64(byte & 0x7f) << (7 * i);
            if (!(byte & 0x80)) {
                *value = result;
                return true;
            }
        }
        return false; // too long: not a varint
    }

    // The whole tag, (field << 3) | wire type; false for field 0, which protobuf refuses.
    bool tag(quint32 *tag)
    {
        quint64 value;
        if (!varint(&value, MaxVarint32Bytes))
            return false;
        *tag = quint32(value);
        return (*tag >> 3) != 0;
    }

    bool tag(quint32 *field, quint8 *wireType)
    {
        quint32 value;
        if (!tag(&value))
            return false;
        *field = value >> 3;
        *wireType = quint8(value & 7);
        return true;
    }

    bool lengthDelimited(const char **data, qsizetype *size)
    {
        quint64 length;
        if (!varint(&length, MaxVarint32Bytes) || length > MaxLength
            || length > quint64(m_end - m_pos)) {
            return false;
        }
        *data = m_pos;
        *size = qsizetype(length);
        m_pos += length;
        return true;
    }

    // Skips a field this decoder does not know, as protobuf requires.
    bool skip(quint32 field, quint8 wireType, int depth = 0)
    {
        switch (wireType) {
        case Varint: {
            quint64 ignored;
            return varint(&ignored);
        }
        case Fixed64:
            return advance(8);
        case Fixed32:
            return advance(4);
        case LengthDelimited: {
            const char *ignored;
            qsizetype size;
            return lengthDelimited(&ignored, &size);
        }
        case StartGroup:
            if (depth >= MaxGroupDepth)
                return false;
            for (;;) {
                quint32 innerField;
                quint8 innerType;
                if (!tag(&innerField, &innerType))
                    return false;
                if (innerType == EndGroup)
                    return innerField == field;
                if (!skip(innerField, innerType, depth + 1))
                    return false;
            }
        default: // an EndGroup without its start, or wire types 6 and 7
            return false;
        }
    }

private:
    bool advance(qsizetype bytes)
    {
        if (m_end - m_pos < bytes)
            return false;
        m_pos += bytes;
        return true;
    }

    const char *m_pos;
    const char *m_end;
};

bool decodeStatus(const char *begin, qsizetype size, qint32 *code, QString *message)
{
    Reader reader(begin, begin + size);
    while (!reader.atEnd()) {
        quint32 field;
        quint8 wireType;
        if (!reader.tag(&field, &wireType))
            return false;
        if (field == Code && wireType == Varint) {
            quint64 value;
            if (!reader.varint(&value))
                return false;
            *code = qint32(value);
        } else if (field == StatusMessage && wireType == LengthDelimited) {
            const char *text;
            qsizetype length;
            if (!reader.lengthDelimited(&text, &length)
                || !QBiMuxFrame::isValidUtf8(text, length)) {
                return false;
            }
            *message = QString::fromUtf8(text, length);
        } else if (!reader.skip(field, wireType)) {
            return false;
        }
    }
    return true;
}

// What the metadata entries read so far take, against the limits of a frame.
struct MetadataBudget
{
    int entries = 0;
    qint64 bytes = 0;
    bool exceeded = false;
};

// One entry of the metadata map into `metadata`, as libprotobuf reads a map entry: a
// missing key or value is empty, the last of repeated ones wins, other fields are
// skipped, and a key that is not UTF-8 is refused. An entry past the frame's limits is
// refused too (budget->exceeded), before it takes any memory; every entry on the wire
// counts, a key repeated too.
bool decodeMetadataEntry(const char *begin, qsizetype size, QBiMuxMetadata *metadata,
                         MetadataBudget *budget)
{
    Reader reader(begin, begin + size);
    const char *key = nullptr;
    qsizetype keySize = 0;
    const char *value = nullptr;
    qsizetype valueSize = 0;
    while (!reader.atEnd()) {
        quint32 fieldTag;
        if (!reader.tag(&fieldTag))
            return false;
        if (fieldTag == tag(Key, LengthDelimited)) {
            if (!reader.lengthDelimited(&key, &keySize)
                || !QBiMuxFrame::isValidUtf8(key, keySize)) {
                return false;
            }
        } else if (fieldTag == tag(Value, LengthDelimited)) {
            if (!reader.lengthDelimited(&value, &valueSize))
                return false;
        } else if (!reader.skip(fieldTag >> 3, quint8(fieldTag & 7))) {
            return false;
        }
    }
    budget->bytes += keySize + valueSize;
    if (++budget->entries > QBiMuxFrame::MaxMetadataEntries
        || budget->bytes > QBiMuxFrame::MaxMetadataBytes) {
        budget->exceeded = true;
        return false;
    }
    metadata->insert(QByteArray(key, keySize), QByteArray(value, valueSize));
    return true;
}

qsizetype metadataEntrySize(const QByteArray &key, const QByteArray &value)
{
    return 1 + varintSize(quint64(key.size())) + key.size() + 1 + varintSize(quint64(value.size()))
        + value.size();
}

char *putBytes(char *out, quint32 field, const QByteArray &bytes)
{
    *out++ = char(tag(field, LengthDelimited));
    out = putVarint(out, quint64(bytes.size()));
    if (!bytes.isEmpty())
        memcpy(out, bytes.constData(), size_t(bytes.size()));
    return out + bytes.size();
}

// The payload [begin, begin + size) of the message `bytes`. When it ends the message, as
// in every frame encode() writes and every frame a Go bimux peer sends, the result shares
// the message's buffer instead of copying it: it is then as '\0'-terminated as `bytes`,
// which every QByteArray over its own buffer must be. Bytes that only borrow their data
// (QByteArray::fromRawData()) are copied, since the buffer may go away.
// It pays: with a copy instead, a 64-byte call cost each side 233 instructions more
// (callgrind, handler128_64: caller 6,697 against 6,464, callee 6,270 against 6,037) and
// 6-7% more CPU time (caller 0.786 against 0.742 us, callee 0.706 against 0.661, medians
// of 5 interleaved runs); a 16 KiB payload would be copied once more on every frame.
QByteArray payloadOf(const QByteArray &bytes, const char *begin, qsizetype size)
{
    if (begin + size != bytes.constData() + bytes.size())
        return QByteArray(begin, size);
    QByteArray payload = bytes;
    QByteArray::DataPointer &shared = payload.data_ptr();
    if (!shared.d_ptr())
        return QByteArray(begin, size);
    shared.setBegin(const_cast<char *>(begin));
    shared.size = size;
    return payload;
}

} // namespace

QByteArray QBiMuxFrame::encode() const
{
    QByteArray bytes;
    encodeInto(&bytes);
    return bytes;
}

namespace {
// What a frame's fields take on the wire, but the payload's bytes, which come last.
struct Layout
{
    QByteArray statusMessage;
    qsizetype statusSize = 0;
    qsizetype prefixSize = 0; // every field, the payload's tag and length included
};

Layout layoutOf(const QBiMuxFrame &frame, qsizetype payloadSize)
{
    Layout layout;
    if (frame.isError()) {
        layout.statusMessage = frame.errorMessage.toUtf8();
        layout.statusSize = 1 + varintSize(int32OnWire(qint32(frame.errorCode)));
        if (!layout.statusMessage.isEmpty()) {
            layout.statusSize += 1 + varintSize(quint64(layout.statusMessage.size()))
                + layout.statusMessage.size();
        }
    }
    qsizetype &size = layout.prefixSize;
    if (frame.number)
        size += 1 + varintSize(frame.number);
    if (frame.flag != QBiMuxFrame::Flag::Request)
        size += 1 + varintSize(quint64(frame.flag));
    if (frame.route)
        size += 1 + varintSize(int32OnWire(frame.route));
    if (payloadSize)
        size += 1 + varintSize(quint64(payloadSize));
    if (frame.isError())
        size += 1 + varintSize(quint64(layout.statusSize)) + layout.statusSize;
    if (frame.timeoutMs)
        size += 1 + varintSize(frame.timeoutMs);
    if (frame.window)
        size += 1 + varintSize(frame.window);
    if (frame.fromAcceptor)
        size += 2;
    if (!frame.metadata.isEmpty())
        size += QBiMuxFrame::encodedSize(frame.metadata);
    return layout;
}

// Writes the fields and the payload's tag and length, in field order but the payload
// last (see the top of this file); returns where the payload's bytes go.
char *writePrefix(const QBiMuxFrame &frame, const Layout &layout, char *out, qsizetype payloadSize)
{
    if (frame.number) {
        *out++ = char(tag(Number, Varint));
        out = putVarint(out, frame.number);
    }
    if (frame.flag != QBiMuxFrame::Flag::Request) {
        *out++ = char(tag(FlagField, Varint));
        out = putVarint(out, quint64(frame.flag));
    }
    if (frame.route) {
        *out++ = char(tag(Route, Varint));
        out = putVarint(out, int32OnWire(frame.route));
    }
    if (frame.isError()) {
        *out++ = char(tag(Error, LengthDelimited));
        out = putVarint(out, quint64(layout.statusSize));
        *out++ = char(tag(Code, Varint));
        out = putVarint(out, int32OnWire(qint32(frame.errorCode)));
        if (!layout.statusMessage.isEmpty()) {
            *out++ = char(tag(StatusMessage, LengthDelimited));
            out = putVarint(out, quint64(layout.statusMessage.size()));
            memcpy(out, layout.statusMessage.constData(), size_t(layout.statusMessage.size()));
            out += layout.statusMessage.size();
        }
    }
    if (frame.timeoutMs) {
        *out++ = char(tag(TimeoutMs, Varint));
        out = putVarint(out, frame.timeoutMs);
    }
    if (frame.window) {
        *out++ = char(tag(Window, Varint));
        out = putVarint(out, frame.window);
    }
    if (frame.fromAcceptor) {
        *out++ = char(tag(FromAcceptor, Varint));
        *out++ = char(1);
    }
    // Both halves of every entry, empty ones too, as libprotobuf writes map entries.
    for (auto it = frame.metadata.cbegin(); it != frame.metadata.cend(); ++it) {
        *out++ = char(tag(Metadata, LengthDelimited));
        out = putVarint(out, quint64(metadataEntrySize(it.key(), it.value())));
        out = putBytes(out, Key, it.key());
        out = putBytes(out, Value, it.value());
    }
    if (payloadSize) {
        *out++ = char(tag(Data, LengthDelimited));
        out = putVarint(out, quint64(payloadSize));
    }
    return out;
}
} // namespace

void QBiMuxFrame::encodeInto(QByteArray *buffer, qsizetype room) const
{
    const Layout layout = layoutOf(*this, data.size());
    // Reuses the buffer's memory when it is the buffer's own and large enough.
    buffer->resize(room + layout.prefixSize + data.size());
    char *out = writePrefix(*this, layout, buffer->data() + room, data.size());
    if (!data.isEmpty())
        memcpy(out, data.constData(), size_t(data.size()));
    Q_ASSERT(out + data.size() == buffer->constData() + buffer->size());
}

QByteArray QBiMuxFrame::encodeAround(QByteArray buffer, qsizetype room) const
{
    const qsizetype payloadSize = buffer.size() - room;
    const Layout layout = layoutOf(*this, payloadSize);
    if (layout.prefixSize > room) {
        QBiMuxFrame copy = *this;
        copy.data = buffer.mid(room);
        return copy.encode();
    }
    const qsizetype begin = room - layout.prefixSize;
    writePrefix(*this, layout, buffer.data() + begin, payloadSize);
    return tailOf(buffer, begin);
}

QByteArray QBiMuxFrame::tailOf(const QByteArray &bytes, qsizetype from)
{
    return payloadOf(bytes, bytes.constData() + from, bytes.size() - from);
}

std::optional<QBiMuxFrame> QBiMuxFrame::decode(const QByteArray &bytes, QString *error)
{
    QBiMuxFrame frame;
    qint32 flagValue = 0;
    bool hasError = false;
    qint32 errorCode = 0;
    MetadataBudget metadataBudget;

    Reader reader(bytes.constData(), bytes.constData() + bytes.size());
    bool ok = true;
    while (ok && !reader.atEnd()) {
        quint32 fieldTag;
        if (!reader.tag(&fieldTag)) {
            ok = false;
            break;
        }
        // A varint, known field or not, is read here; the switch keeps the known ones.
        const bool isVarint = (fieldTag & 7) == Varint;
        quint64 value = 0;
        if (isVarint)
            ok = reader.varint(&value);
        const char *data = nullptr;
        qsizetype size = 0;
        // One jump per field on the whole tag. A known field number with an unexpected wire
        // type falls to the default: it is an unknown field to protobuf.
        switch (fieldTag) {
        case tag(Number, Varint):
            frame.number = value;
            break;
        case tag(FlagField, Varint):
            flagValue = qint32(value);
            break;
        case tag(Route, Varint):
            frame.route = qint32(value);
            break;
        case tag(TimeoutMs, Varint):
            frame.timeoutMs = quint32(value);
            break;
        case tag(Window, Varint):
            frame.window = quint32(value);
            break;
        case tag(FromAcceptor, Varint):
            frame.fromAcceptor = value != 0;
            break;
        case tag(Data, LengthDelimited):
            ok = reader.lengthDelimited(&data, &size);
            if (ok)
                frame.data = payloadOf(bytes, data, size);
            break;
        case tag(Metadata, LengthDelimited):
            ok = reader.lengthDelimited(&data, &size)
                && decodeMetadataEntry(data, size, &frame.metadata, &metadataBudget);
            break;
        case tag(Error, LengthDelimited):
            // A repeated message field merges into what came before, as in protobuf.
            ok = reader.lengthDelimited(&data, &size)
                && decodeStatus(data, size, &errorCode, &frame.errorMessage);
            hasError = true;
            break;
        default:
            if (!isVarint)
                ok = reader.skip(fieldTag >> 3, quint8(fieldTag & 7));
            break;
        }
    }
    // A frame over the metadata limits is a protocol error, which closes the link (1002),
    // rather than a refusal of that one call (ResourceExhausted): the limits are the
    // protocol's, so no correct peer sends more (a BiMuxQt sender refuses such a call
    // itself, a plain bimux peer sends no metadata); the frame's number and flag, which
    // an answer would need, may come after the metadata (protobuf fields come in any
    // order) and are not read once the limit is passed; and the muxer already closes on
    // every frame the codec refuses, so no call site has to learn a new case.
    if (metadataBudget.exceeded) {
        *error = QCoreApplication::translate("QBiMuxer",
                                             "frame of %n byte(s) carries more metadata than "
                                             "a frame may (%1 entries, %2 bytes of keys and "
                                             "values)",
                                             nullptr, int(bytes.size()))
                     .arg(MaxMetadataEntries)
                     .arg(MaxMetadataBytes);
        return std::nullopt;
    }
    if (!ok) {
        *error = QCoreApplication::translate(
            "QBiMuxer", "frame of %n byte(s) is not a bimux Message", nullptr, int(bytes.size()));
        return std::nullopt;
    }
    // proto3 enums are open: an unknown value decodes fine and has to be checked here.
    if (flagValue < 0 || flagValue > int(Flag::StreamClose)) {
        *error = QCoreApplication::translate("QBiMuxer", "frame %1 has unknown flag %2")
                     .arg(frame.number)
                     .arg(flagValue);
        return std::nullopt;
    }
    frame.flag = Flag(flagValue);
    if (hasError) {
        // A status of 0 would read as success; a peer that sets the field means failure.
        frame.errorCode
            = errorCode == 0 ? QBiMux::StatusCode::Unknown : QBiMux::StatusCode(errorCode);
    }
    return frame;
}

qint64 QBiMuxFrame::encodedSize(const QBiMuxMetadata &metadata)
{
    qint64 size = 0;
    for (auto it = metadata.cbegin(); it != metadata.cend(); ++it) {
        const qsizetype entry = metadataEntrySize(it.key(), it.value());
        size += 1 + varintSize(quint64(entry)) + entry;
    }
    return size;
}

QString QBiMuxFrame::metadataOverLimits(qsizetype entries, qint64 bytes)
{
    if (entries <= MaxMetadataEntries && bytes <= MaxMetadataBytes)
        return QString();
    return QCoreApplication::translate("QBiMuxer",
                                       "metadata of %1 entries and %2 bytes of keys and values "
                                       "is more than a frame may carry (%3 entries, %4 bytes)")
        .arg(entries)
        .arg(bytes)
        .arg(MaxMetadataEntries)
        .arg(MaxMetadataBytes);
}

const char *QBiMuxFrame::flagName(Flag flag)
{
    static constexpr const char *names[] = {
        "request",     "response",      "oneway",     "cancel",       "hello",       "stream_open",
        "stream_data", "stream_window", "stream_fin", "stream_reset", "stream_close"};
    static_assert(std::size(names) == size_t(Flag::StreamClose) + 1, "a name for every flag");
    const auto index = size_t(flag);
    return index < std::size(names) ? names[index] : "?";
}
