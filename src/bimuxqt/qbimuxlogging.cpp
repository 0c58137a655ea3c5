// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "qbimuxlogging_p.h"

// Debug output is off by default, as for Qt's own categories: a library must not chat.
Q_LOGGING_CATEGORY(lcMuxer, "bimuxqt.muxer", QtInfoMsg)
Q_LOGGING_CATEGORY(lcWire, "bimuxqt.wire", QtInfoMsg)
Q_LOGGING_CATEGORY(lcServer, "bimuxqt.server", QtInfoMsg)
Q_LOGGING_CATEGORY(lcClient, "bimuxqt.client", QtInfoMsg)
Q_LOGGING_CATEGORY(lcStream, "bimuxqt.stream", QtInfoMsg)
Q_LOGGING_CATEGORY(lcTunnel, "bimuxqt.tunnel", QtInfoMsg)
