// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef QBIMUXSETTINGS_P_H
#define QBIMUXSETTINGS_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the BiMuxQt API. It may change from version to version
// without notice, or even be removed.
//

#include <QtCore/qglobal.h>

// The clamps of the settings a single stream can change for itself (QBiMuxStream), so
// that the stream keeps the bounds QBiMuxSettings keeps (qbimuxsettings.cpp).
namespace QBiMuxSettingsBounds {
qint64 streamReceiveWindow(qint64 bytes);
qint64 streamWriteBufferSize(qint64 bytes);
} // namespace QBiMuxSettingsBounds

#endif // QBIMUXSETTINGS_P_H
