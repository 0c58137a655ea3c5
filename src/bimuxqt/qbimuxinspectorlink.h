// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef QBIMUXINSPECTORLINK_H
#define QBIMUXINSPECTORLINK_H

#include "bimuxqt_global.h"

#include <QtCore/qstring.h>

// Publishes the traffic of every QBiMuxer this process creates to a BiMux Inspector
// listening on a TCP port of this machine (docs/inspector.md), payloads included and
// unencrypted. Opt-in: call attach() once, or set BIMUXQT_INSPECT=127.0.0.1:PORT before
// the first QBiMuxer is created. Another machine only with HostPolicy::AllowRemote (or
// BIMUXQT_INSPECT_ALLOW_REMOTE=1).
class BIMUXQT_EXPORT QBiMuxInspectorLink
{
public:
    static constexpr quint16 DefaultPort = 7631;

    // Where the inspector may be: on this machine (a loopback address or "localhost"), or
    // anywhere, which sends every payload over the network in the clear.
    enum class HostPolicy { LoopbackOnly, AllowRemote };

    // Muxers created from now on publish their connections and frames to host:port.
    // Returns false if already attached (to any address), or if `host` is not this
    // machine and `policy` is LoopbackOnly. Never blocks.
    static bool attach(const QString &host = QStringLiteral("127.0.0.1"),
                       quint16 port = DefaultPort, HostPolicy policy = HostPolicy::LoopbackOnly);
    // Stops publishing, for the muxers attached so far too, and closes the connection to
    // the inspector. attach() may be called again; muxers created before do not publish
    // to the new attachment.
    static void detach();
    static bool isAttached();
    // Events dropped because the inspector was slow, absent or the queue was full, since
    // the last attach().
    static quint64 droppedEventCount();

private:
    QBiMuxInspectorLink() = delete;
};

#endif // QBIMUXINSPECTORLINK_H
