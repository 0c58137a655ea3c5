// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef RAWFRAMES_H
#define RAWFRAMES_H

#include <QtCore/qbytearray.h>
#include <QtCore/qmap.h>

// bimux Messages encoded by hand from the protobuf wire format, independent of the
// library's codec, so that tests can send exactly the bytes a foreign peer would, or
// bytes no well-behaved peer would.
namespace RawFrames {

enum Flag : quint64 {
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
// Field numbers of the streams extension.
enum Field : int { Window = 7, FromAcceptor = 8 };

inline void appendVarint(QByteArray &out, quint64 value)
{
    while (value >= 0x80) {
        out.append(char((value & 0x7f) | 0x80));
        value >>= 7;
    }
    out.append(char(value));
}

// Tag = field number << 3 | wire type (0: varint, 2: length-delimited).
inline void appendVarintField(QByteArray &out, int field, quint64 value)
{
    appendVarint(out, quint64(field) << 3);
    appendVarint(out, value);
}

inline void appendBytesField(QByteArray &out, int field, const QByteArray &bytes)
{
    appendVarint(out, (quint64(field) << 3) | 2);
    appendVarint(out, quint64(bytes.size()));
    out.append(bytes);
}

inline QByteArray message(quint64 number, quint64 flag, qint32 route, const QByteArray &data)
{
    QByteArray out;
    if (number)
        appendVarintField(out, 1, number);
    if (flag)
        appendVarintField(out, 2, flag);
    if (route)
        appendVarintField(out, 3, quint64(qint64(route))); // int32: negative = 10 bytes
    if (!data.isEmpty())
        appendBytesField(out, 4, data);
    return out;
}

// The varint fields of a Message (number, flag, route, window, ...) by field number, and
// its payload (field 4); enough for a test peer to read the frames it is sent.
struct Decoded
{
    QMap<int, quint64> varints;
    QByteArray data;
    bool ok = false;
    quint64 value(int field) const { return varints.value(field); }
};

inline Decoded decode(const QByteArray &bytes)
{
    Decoded out;
    qsizetype pos = 0;
    const auto varint = [&](quint64 *value) {
        *value = 0;
        for (int shift = 0; shift < 64 && pos < bytes.size(); shift += 7) {
            const quint8 byte = quint8(bytes.at(pos++));
            *value |= quint64(byte & 0x7f) << shift;
            if (!(byte & 0x80))
                return true;
        }
        return false;
    };
    while (pos < bytes.size()) {
        quint64 tag;
        if (!varint(&tag))
            return out;
        const int field = int(tag >> 3);
        if ((tag & 7) == 0) {
            quint64 value;
            if (!varint(&value))
                return out;
            out.varints.insert(field, value);
        } else if ((tag & 7) == 2) {
            quint64 length;
            if (!varint(&length) || length > quint64(bytes.size() - pos))
                return out;
            if (field == 4)
                out.data = bytes.mid(pos, qsizetype(length));
            pos += qsizetype(length);
        } else {
            return out;
        }
    }
    out.ok = true;
    return out;
}

} // namespace RawFrames

#endif // RAWFRAMES_H
