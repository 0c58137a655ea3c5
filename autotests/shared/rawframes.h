// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef RAWFRAMES_H
#define RAWFRAMES_H

#include <QtCore/qbytearray.h>

// bimux Messages encoded by hand from the protobuf wire format, independent of the
// library's codec, so that tests can send exactly the bytes a foreign peer would, or
// bytes no well-behaved peer would.
namespace RawFrames {

enum Flag : quint64 { Request = 0, Response = 1, Oneway = 2, Cancel = 3 };

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

} // namespace RawFrames

#endif // RAWFRAMES_H
