// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef QBIMUXNAMESPACE_H
#define QBIMUXNAMESPACE_H

#include "bimuxqt_global.h"

#include <QtCore/qobjectdefs.h>
#include <QtCore/qstring.h>

// The enums shared by the BiMuxQt classes. One header, because moc allows one
// Q_NAMESPACE per namespace.
namespace QBiMux {
Q_NAMESPACE_EXPORT(BIMUXQT_EXPORT)

// Numbered like gRPC status codes, so that the codes mean the same on the wire
// as in every gRPC-literate tool. Ok is never the code of a QBiMuxError.
enum class StatusCode : int {
    Ok = 0,
    Cancelled = 1,
    Unknown = 2,
    InvalidArgument = 3,
    DeadlineExceeded = 4,
    NotFound = 5,
    AlreadyExists = 6,
    PermissionDenied = 7,
    ResourceExhausted = 8,
    FailedPrecondition = 9,
    Aborted = 10,
    OutOfRange = 11,
    Unimplemented = 12,
    Internal = 13,
    Unavailable = 14,
    DataLoss = 15,
    Unauthenticated = 16,
};
Q_ENUM_NS(StatusCode)

// The code's name as in the enum ("NotFound"), or its number for a code outside it, for
// logs and messages; no QMetaEnum needed. qDebug() prints a code through Q_ENUM_NS.
BIMUXQT_EXPORT QString statusCodeName(StatusCode code);

// Whether a frame or call came from the peer or goes to it.
enum class Direction { Incoming, Outgoing };
Q_ENUM_NS(Direction)

// The Flag of a bimux Message (docs/protocol.md); Cancel is an extension.
enum class FrameFlag { Request = 0, Response = 1, Oneway = 2, Cancel = 3 };
Q_ENUM_NS(FrameFlag)

// What a call or message does while there is no connection to send it on: a
// QBiMuxClient's calls while it is offline, a QBiMuxer's while its socket is opening.
enum class OfflinePolicy {
    Queue, // wait for a connection, within the call's timeout and the queue's limits
    FailFast, // fail at once with Unavailable; a message is dropped (socket.io's "volatile")
};
Q_ENUM_NS(OfflinePolicy)

// What happened to a call, as QBiMuxObserver sees it.
enum class CallEvent { Started, Answered, Failed, Cancelled, TimedOut };
Q_ENUM_NS(CallEvent)

} // namespace QBiMux

#endif // QBIMUXNAMESPACE_H
