// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef PAYLOADFORMAT_H
#define PAYLOADFORMAT_H

#include <QtCore/qbytearray.h>
#include <QtCore/qstring.h>

#include <optional>

namespace PayloadFormat {
// "de ad be ef", "deadbeef", "0xde 0xad": whitespace and 0x prefixes are ignored.
// std::nullopt if anything else is in the way or a digit is missing.
std::optional<QByteArray> parseHex(const QString &text);
// 16 bytes a line: offset, hex, ASCII (dots for the unprintable).
QString hexDump(const QByteArray &bytes);
// The characters of one line of hexDump(), for sizing a view that shows it whole.
constexpr int HexDumpLineLength = 76;
// Printable ASCII kept, the rest as dots; for the frames table and text filters.
QString printable(const QByteArray &bytes, int maxChars = 64);
} // namespace PayloadFormat

#endif // PAYLOADFORMAT_H
