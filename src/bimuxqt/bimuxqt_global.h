// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef BIMUXQT_GLOBAL_H
#define BIMUXQT_GLOBAL_H

#include <QtCore/qglobal.h>

#include "bimuxqt_export.h"
#include "bimuxqtversion.h"

#endif // BIMUXQT_GLOBAL_H
