// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "wiredecoder.h"

#include <QtCore/qcoreapplication.h>

namespace {
class Reader
{
public:
    explicit Reader(const QByteArray &bytes)
        : m_p(reinterpret_cast<const uchar *>(bytes.constData()))
        , m_end(m_p + bytes.size())
    { }
    Reader(const uchar *begin, const uchar *end)
        : m_p(begin)
        , m_end(end)
    { }

    bool atEnd() const { return m_p >= m_end; }

    bool varint(quint64 *value)
    {
        quint64 result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (m_p >= m_end)
                return false;
            const uchar b = *m_p++;
            result |= quint64(b & 0x7f) << shift;
            if (!(b & 0x80)) {
                *value = result;
                return true;
            }
        }
        return false;
    }

    bool bytes(const uchar **begin, const uchar **end)
    {
        quint64 length = 0;
        if (!varint(&length) || length > quint64(m_end - m_p))
            return false;
        *begin = m_p;
        *end = m_p + length;
        m_p += length;
        return true;
    }

    bool skip(int wireType)
    {
        quint64 ignored = 0;
        const uchar *b = nullptr;
        const uchar *e = nullptr;
        switch (wireType) {
        case 0:
            return varint(&ignored);
        case 1:
            return advance(8);
        case 2:
            return bytes(&b, &e);
        case 5:
            return advance(4);
        default:
            return false; // groups are not proto3
        }
    }

private:
    bool advance(qsizetype n)
    {
        if (m_end - m_p < n)
            return false;
        m_p += n;
        return true;
    }

    const uchar *m_p;
    const uchar *m_end;
};

// lupdate needs a class for the context; the namespace has none.
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(WireDecoder)
};

void putVarint(QByteArray &out, quint64 value)
{
    while (value >= 0x80) {
        out.append(char(value | 0x80));
        value >>= 7;
    }
    out.append(char(value));
}
} // namespace

bool WireDecoder::decode(const QByteArray &bytes, FrameRecord *frame, QString *error)
{
    Reader reader(bytes);
    auto fail = [error](const QString &why) {
        if (error)
            *error = why;
        return false;
    };
    bool sawError = false;
    while (!reader.atEnd()) {
        quint64 tag = 0;
        if (!reader.varint(&tag) || tag >> 3 == 0)
            return fail(Text::tr("bad field tag"));
        const int field = int(tag >> 3);
        const int type = int(tag & 7);
        quint64 v = 0;
        const uchar *b = nullptr;
        const uchar *e = nullptr;
        const bool isVarint = type == 0
            && (field == 1 || field == 2 || field == 3 || field == 6 || field == 7 || field == 8);
        const bool isBytes = type == 2 && (field == 4 || field == 5);
        if (isVarint) {
            if (!reader.varint(&v))
                return fail(Text::tr("truncated varint"));
        } else if (isBytes) {
            if (!reader.bytes(&b, &e))
                return fail(Text::tr("truncated length-delimited field"));
        } else {
            if (!reader.skip(type))
                return fail(Text::tr("cannot skip field %1 of wire type %2").arg(field).arg(type));
            continue;
        }
        switch (field) {
        case 1:
            frame->number = v;
            break;
        case 2:
            if (v > quint64(QBiMux::FrameFlag::StreamClose))
                return fail(Text::tr("unknown flag %1").arg(v));
            frame->flag = QBiMux::FrameFlag(v);
            break;
        case 3:
            frame->route = qint32(v); // int32: negatives are 10-byte varints
            break;
        case 4:
            frame->payload = QByteArray(reinterpret_cast<const char *>(b), e - b);
            frame->payloadSize = frame->payload.size();
            break;
        case 5: {
            sawError = true;
            Reader status(b, e);
            while (!status.atEnd()) {
                quint64 stag = 0;
                if (!status.varint(&stag))
                    return fail(Text::tr("bad status"));
                const uchar *sb = nullptr;
                const uchar *se = nullptr;
                quint64 sv = 0;
                if (stag == (1 << 3)) {
                    if (!status.varint(&sv))
                        return fail(Text::tr("bad status code"));
                    frame->status = QBiMux::StatusCode(qint32(sv));
                } else if (stag == ((2 << 3) | 2)) {
                    if (!status.bytes(&sb, &se))
                        return fail(Text::tr("bad status message"));
                    frame->errorMessage
                        = QString::fromUtf8(reinterpret_cast<const char *>(sb), se - sb);
                } else if (!status.skip(int(stag & 7))) {
                    return fail(Text::tr("bad status"));
                }
            }
            break;
        }
        case 6:
            frame->timeoutMs = quint32(v);
            break;
        case 7:
            frame->window = quint32(v);
            break;
        case 8:
            frame->fromAcceptor = v != 0;
            break;
        }
    }
    // A present error with code 0 still meant a failure (docs/protocol.md).
    if (sawError && frame->status == QBiMux::StatusCode::Ok)
        frame->status = QBiMux::StatusCode::Unknown;
    frame->wireSize = bytes.size();
    return true;
}

QByteArray WireDecoder::encode(const FrameRecord &frame)
{
    QByteArray out;
    if (frame.number) {
        out.append(char(1 << 3));
        putVarint(out, frame.number);
    }
    if (frame.flag != QBiMux::FrameFlag::Request) {
        out.append(char(2 << 3));
        putVarint(out, quint64(frame.flag));
    }
    if (frame.route) {
        out.append(char(3 << 3));
        putVarint(out, quint64(qint64(frame.route)));
    }
    if (!frame.payload.isEmpty()) {
        out.append(char((4 << 3) | 2));
        putVarint(out, quint64(frame.payload.size()));
        out.append(frame.payload);
    }
    if (frame.status != QBiMux::StatusCode::Ok) {
        QByteArray status;
        status.append(char(1 << 3));
        putVarint(status, quint64(qint64(frame.status)));
        if (!frame.errorMessage.isEmpty()) {
            const QByteArray utf8 = frame.errorMessage.toUtf8();
            status.append(char((2 << 3) | 2));
            putVarint(status, quint64(utf8.size()));
            status.append(utf8);
        }
        out.append(char((5 << 3) | 2));
        putVarint(out, quint64(status.size()));
        out.append(status);
    }
    if (frame.timeoutMs) {
        out.append(char(6 << 3));
        putVarint(out, frame.timeoutMs);
    }
    if (frame.window) {
        out.append(char(7 << 3));
        putVarint(out, frame.window);
    }
    if (frame.fromAcceptor) {
        out.append(char(8 << 3));
        out.append(char(1));
    }
    return out;
}
