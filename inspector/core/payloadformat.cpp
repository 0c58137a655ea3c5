// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "payloadformat.h"

std::optional<QByteArray> PayloadFormat::parseHex(const QString &text)
{
    QString digits;
    digits.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c.isSpace() || c == QLatin1Char(':') || c == QLatin1Char(','))
            continue;
        if (c == QLatin1Char('0') && i + 1 < text.size()
            && (text.at(i + 1) == QLatin1Char('x') || text.at(i + 1) == QLatin1Char('X'))) {
            ++i;
            continue;
        }
        if (!isxdigit(c.toLatin1()) || c.unicode() > 0x7f)
            return std::nullopt;
        digits += c;
    }
    if (digits.size() % 2)
        return std::nullopt;
    return QByteArray::fromHex(digits.toLatin1());
}

QString PayloadFormat::hexDump(const QByteArray &bytes)
{
    QString out;
    out.reserve(bytes.size() * 4 + 16);
    for (qsizetype line = 0; line < bytes.size(); line += 16) {
        out += QStringLiteral("%1  ").arg(line, 8, 16, QLatin1Char('0'));
        QString ascii;
        for (qsizetype i = line; i < line + 16; ++i) {
            if (i < bytes.size()) {
                const uchar b = uchar(bytes.at(i));
                out += QStringLiteral("%1 ").arg(b, 2, 16, QLatin1Char('0'));
                ascii += (b >= 0x20 && b < 0x7f) ? QChar(QLatin1Char(char(b))) : QLatin1Char('.');
            } else {
                out += QStringLiteral("   ");
            }
            if (i == line + 7)
                out += QLatin1Char(' ');
        }
        out += QLatin1Char(' ') + ascii + QLatin1Char('\n');
    }
    return out;
}

QString PayloadFormat::printable(const QByteArray &bytes, int maxChars)
{
    QString out;
    const qsizetype n = qMin<qsizetype>(bytes.size(), maxChars);
    out.reserve(n);
    for (qsizetype i = 0; i < n; ++i) {
        const uchar b = uchar(bytes.at(i));
        out += (b >= 0x20 && b < 0x7f) ? QChar(QLatin1Char(char(b))) : QLatin1Char('.');
    }
    return out;
}
