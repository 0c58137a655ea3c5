// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "qbimuxcontextrelay_p.h"

QBiMuxContextRelay::QBiMuxContextRelay(const QObject *context)
{
    // Qt::AutoConnection: a direct call when emitted in the context's thread.
    QObject::connect(this, &QBiMuxContextRelay::deliver, context, [](const Task &task) { task(); });
}
