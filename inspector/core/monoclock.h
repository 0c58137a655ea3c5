// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef MONOCLOCK_H
#define MONOCLOCK_H

#include <QtCore/qglobal.h>

// The inspector's monotonic clock for frames it timestamps itself (proxy, own muxer):
// latencies are differences of two such readings.
namespace MonoClock {
qint64 nsecs();
}

#endif // MONOCLOCK_H
