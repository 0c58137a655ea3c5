// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

// Must not compile: a user of BiMuxQt::BiMuxQt cannot reach the private headers.
#include "qbimuxer_p.h"
