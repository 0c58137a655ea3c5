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
// as in every gRPC-literate tool. A comment names what the library itself reports a code
// for; "handlers" marks the codes only handlers and interceptors answer with.
enum class StatusCode : int {
    Ok = 0, // an answered call; a QBiMuxError made with Ok becomes Unknown
    Cancelled = 1, // future.cancel(), or a handler's future cancelled
    Unknown = 2, // the peer's code 0, or one not in this enum
    InvalidArgument = 3, // metadata over a frame's limits, or a key not UTF-8
    DeadlineExceeded = 4, // the call's timeout or deadline passed
    NotFound = 5, // handlers
    AlreadyExists = 6, // handlers
    PermissionDenied = 7, // a QBiMuxClient's server answered 403
    ResourceExhausted = 8, // a limit: message size, calls in flight or queued, congestion
    FailedPrecondition = 9, // handlers
    Aborted = 10, // handlers
    OutOfRange = 11, // handlers
    Unimplemented = 12, // the peer has no handler for the route
    Internal = 13, // a handler threw something other than a QBiMuxError, or dropped the call
    Unavailable = 14, // no connection: closed, lost with the call in flight, shutting down
    DataLoss = 15, // handlers
    Unauthenticated = 16, // a QBiMuxClient's server answered 401
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
    Request = 0, // answered with a Response of the same number
    Response = 1, // a result, or an error status
    Oneway = 2, // not answered
    Cancel = 3, // the caller gave up on the Request of this number
    Hello = 4, // the features the sender speaks
    StreamOpen = 5, // number: the stream's id; window: the opener's receive window
    StreamData = 6, // data: the stream's next bytes
    StreamWindow = 7, // window: bytes more the receiver may send; the first one accepts
    StreamFin = 8, // the sender's data ends here
    StreamReset = 9, // aborted both ways, with a status
    StreamClose = 10, // the acceptor's last frame for the stream: its id may be reused
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
