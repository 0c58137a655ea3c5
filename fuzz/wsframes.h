// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef WSFRAMES_H
#define WSFRAMES_H

#include <QtCore/qbytearray.h>

#include <optional>

// WebSocket frames (RFC 6455, 5.2) written and read by hand, for the fuzz targets' raw
// peers: a client's frames are masked, a server's are not, and either may be anything
// the input asks for (fragments, reserved bits, oversized control frames).
namespace WsFrames {

enum Opcode : quint8 {
    Continuation = 0,
    Text = 1,
    Binary = 2,
    Close = 8,
    Ping = 9,
    Pong = 10,
};

inline QByteArray encode(quint8 opcode, const QByteArray &payload, bool masked, bool fin = true,
                         quint8 rsv = 0)
{
    QByteArray out;
    out.reserve(payload.size() + 14);
    out.append(char((fin ? 0x80 : 0) | (rsv & 0x70) | (opcode & 0x0f)));
    const quint64 size = quint64(payload.size());
    const char maskBit = masked ? char(0x80) : char(0);
    if (size < 126) {
        out.append(char(maskBit | char(size)));
    } else if (size <= 0xffff) {
        out.append(char(maskBit | 126));
        out.append(char(size >> 8));
        out.append(char(size));
    } else {
        out.append(char(maskBit | 127));
        for (int shift = 56; shift >= 0; shift -= 8)
            out.append(char(size >> shift));
    }
    if (!masked)
        return out + payload;
    // Any key will do: masking is there against proxies, not for secrecy.
    static constexpr char key[4] = {0x12, 0x34, 0x56, 0x78};
    out.append(key, 4);
    const qsizetype start = out.size();
    out.append(payload);
    for (qsizetype i = 0; i < payload.size(); ++i)
        out[start + i] = char(out.at(start + i) ^ key[i % 4]);
    return out;
}

struct Frame
{
    quint8 opcode = 0;
    bool fin = false;
    bool masked = false;
    QByteArray payload; // unmasked
};

// Takes the first frame off `buffer` once it is complete there.
inline std::optional<Frame> take(QByteArray &buffer)
{
    if (buffer.size() < 2)
        return std::nullopt;
    Frame frame;
    const quint8 b0 = quint8(buffer.at(0));
    const quint8 b1 = quint8(buffer.at(1));
    frame.fin = b0 & 0x80;
    frame.opcode = b0 & 0x0f;
    frame.masked = b1 & 0x80;
    qsizetype pos = 2;
    quint64 size = b1 & 0x7f;
    if (size >= 126) {
        const int bytes = size == 126 ? 2 : 8;
        if (buffer.size() < pos + bytes)
            return std::nullopt;
        size = 0;
        for (int i = 0; i < bytes; ++i)
            size = (size << 8) | quint8(buffer.at(pos + i));
        pos += bytes;
    }
    const qsizetype keyAt = pos;
    if (frame.masked)
        pos += 4;
    if (size > quint64(1) << 30 || buffer.size() < pos + qsizetype(size))
        return std::nullopt;
    frame.payload = buffer.mid(pos, qsizetype(size));
    if (frame.masked) {
        for (qsizetype i = 0; i < frame.payload.size(); ++i)
            frame.payload[i] = char(frame.payload.at(i) ^ buffer.at(keyAt + i % 4));
    }
    buffer.remove(0, pos + qsizetype(size));
    return frame;
}

} // namespace WsFrames

#endif // WSFRAMES_H
