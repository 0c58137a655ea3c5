// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef QBIMUXLOGGING_P_H
#define QBIMUXLOGGING_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the BiMuxQt API. It may change from version to version
// without notice, or even be removed.
//

#include <QtCore/qloggingcategory.h>

// Enable with QT_LOGGING_RULES="bimuxqt.*.debug=true".
Q_DECLARE_LOGGING_CATEGORY(lcMuxer) // bimuxqt.muxer: connection state, protocol errors
Q_DECLARE_LOGGING_CATEGORY(lcWire) // bimuxqt.wire: every frame in and out (debug only)
Q_DECLARE_LOGGING_CATEGORY(lcServer) // bimuxqt.server: listening, accepted and closed peers
Q_DECLARE_LOGGING_CATEGORY(lcClient) // bimuxqt.client: dials, losses, backoff, queued calls
Q_DECLARE_LOGGING_CATEGORY(lcStream) // bimuxqt.stream: streams refused, reset, the peer's support
Q_DECLARE_LOGGING_CATEGORY(lcTunnel) // bimuxqt.tunnel: forwards, forwarded connections

#endif // QBIMUXLOGGING_P_H
