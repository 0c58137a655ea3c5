// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef QBIMUXCLOSEFRAME_P_H
#define QBIMUXCLOSEFRAME_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the BiMuxQt API. It may change from version to version
// without notice, or even be removed.
//

#include <QtCore/qbytearray.h>
#include <QtCore/qstring.h>
#include <QtWebSockets/qwebsocket.h>
#include <QtWebSockets/qwebsocketprotocol.h>

// A WebSocket close frame as QWebSocket reads and writes it. Header-only, so that the
// inspector's proxy, which relays close frames, reads and cuts them the library's way.
namespace QBiMuxCloseFrame {

// The code the peer closed with, as a number: a peer may send any code, 3000-4999 for
// applications, and a QWebSocketProtocol::CloseCode holding one is undefined behaviour
// (the enum's values end at 1015), so it never goes into a variable of that type.
inline int sentCode(const QWebSocket &socket)
{
    return int(socket.closeCode());
}

// `code` as a CloseCode QWebSocket::close() can send: an application's code (or any other
// the enum cannot hold) becomes a normal close.
inline QWebSocketProtocol::CloseCode closeCodeFor(int code)
{
    return code >= QWebSocketProtocol::CloseCodeNormal
            && code <= QWebSocketProtocol::CloseCodeTlsHandshakeFailed
        ? QWebSocketProtocol::CloseCode(code)
        : QWebSocketProtocol::CloseCodeNormal;
}

// `message` as a close reason: at most 123 bytes of UTF-8 (RFC 6455, 5.5). QWebSocket cuts
// a longer one at the byte, which may split a character, and the peer then fails the
// connection for invalid UTF-8 instead of reading the reason.
inline QString reasonFor(const QString &message)
{
    QByteArray utf8 = message.toUtf8();
    if (utf8.size() <= 123)
        return message;
    utf8.truncate(120);
    // Do not cut a multi-byte sequence in half: drop the last one if the cut fell inside
    // it (its lead byte says how long it is), and keep it if it is whole.
    qsizetype lead = utf8.size() - 1;
    while (lead > 0 && (quint8(utf8.at(lead)) & 0xC0) == 0x80)
        --lead;
    const quint8 first = quint8(utf8.at(lead));
    const qsizetype length = first >= 0xF0 ? 4 : first >= 0xE0 ? 3 : first >= 0xC0 ? 2 : 1;
    if (utf8.size() - lead < length)
        utf8.truncate(lead);
    return QString::fromUtf8(utf8) + QStringLiteral("...");
}

} // namespace QBiMuxCloseFrame

#endif // QBIMUXCLOSEFRAME_P_H
