// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef INSPECTORLOGGING_H
#define INSPECTORLOGGING_H

#include <QtCore/qloggingcategory.h>

Q_DECLARE_LOGGING_CATEGORY(lcProxy) // bimuxqt.inspector.proxy: proxied connections
Q_DECLARE_LOGGING_CATEGORY(lcAttach) // bimuxqt.inspector.attach: attached processes
Q_DECLARE_LOGGING_CATEGORY(lcCapture) // bimuxqt.inspector.capture: capture files

#endif // INSPECTORLOGGING_H
