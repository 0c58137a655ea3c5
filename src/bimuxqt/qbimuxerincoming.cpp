// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

// The peer's requests and messages are QBiMuxIncomingRequests' (qbimuxincomingrequests.cpp).

#include "qbimuxer_p.h"

int QBiMuxer::pendingRequestCount() const
{
    return int(d_func()->incoming.size());
}
