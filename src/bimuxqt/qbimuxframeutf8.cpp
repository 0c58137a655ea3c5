// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "qbimuxframe_p.h"

// libprotobuf refuses a proto3 string that is not valid UTF-8 (no overlong forms, no
// surrogates, nothing above U+10FFFF), so the decoder has to as well.
bool QBiMuxFrame::isValidUtf8(const char *text, qsizetype size)
{
    const auto *p = reinterpret_cast<const quint8 *>(text);
    const auto *end = p + size;
    while (p < end) {
        const quint8 lead = *p++;
        if (lead < 0x80)
            continue;
        int continuation;
        quint32 codePoint;
        quint32 minimum;
        if ((lead & 0xe0) == 0xc0) {
            continuation = 1;
            codePoint = lead & 0x1f;
            minimum = 0x80;
        } else if ((lead & 0xf0) == 0xe0) {
            continuation = 2;
            codePoint = lead & 0x0f;
            minimum = 0x800;
        } else if ((lead & 0xf8) == 0xf0) {
            continuation = 3;
            codePoint = lead & 0x07;
            minimum = 0x10000;
        } else {
            return false;
        }
        if (end - p < continuation)
            return false;
        for (int i = 0; i < continuation; ++i) {
            if ((p[i] & 0xc0) != 0x80)
                return false;
            codePoint = (codePoint << 6) | (p[i] & 0x3f);
        }
        p += continuation;
        if (codePoint < minimum || codePoint > 0x10ffff
            || (codePoint >= 0xd800 && codePoint <= 0xdfff)) {
            return false;
        }
    }
    return true;
}
