// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "inspectorlogging.h"

Q_LOGGING_CATEGORY(lcProxy, "bimuxqt.inspector.proxy", QtInfoMsg)
Q_LOGGING_CATEGORY(lcAttach, "bimuxqt.inspector.attach", QtInfoMsg)
Q_LOGGING_CATEGORY(lcCapture, "bimuxqt.inspector.capture", QtInfoMsg)
