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

// The Flag of a bimux Message (docs/protocol.md). Request, Response and Oneway are bimux's;
// the others are extensions: Cancel, the Hello that announces them, and the stream frames
// (docs/streams.md).
enum class FrameFlag {
    Request = 0,
    Response = 1,
    Oneway = 2,
    Cancel = 3,
    Hello = 4,
    StreamOpen = 5,
    StreamData = 6,
    StreamWindow = 7,
    StreamFin = 8,
    StreamReset = 9,
    StreamClose = 10,
};
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

// Where a QBiMuxStream is in its life (docs/streams.md).
enum class StreamState {
    Opening, // opened by this side, not accepted by the peer yet
    Open, // data flows both ways
    HalfClosedLocal, // this side ended its data (closeWrite()); the peer's still comes
    HalfClosedRemote, // the peer ended its data; this side may still write
    Finished, // both sides ended their data
    Failed, // reset by either side, refused, or lost with the link: see QBiMuxStream::status()
};
Q_ENUM_NS(StreamState)

// What happened to a stream, as QBiMuxObserver sees it.
enum class StreamEvent {
    Opened, // opened by this side, or accepted from the peer
    StateChanged, // accepted by the peer, or half-closed either way
    Progress, // data went out or came in, or the peer granted window
    Finished, // ended cleanly both ways
    Failed, // ended with an error
};
Q_ENUM_NS(StreamEvent)

} // namespace QBiMux

#endif // QBIMUXNAMESPACE_H
