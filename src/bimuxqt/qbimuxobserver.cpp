// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "qbimuxobserver.h"

/*!
    \class QBiMuxObserver
    \brief Sees the frames and calls of the muxers it is added to.

    Add one with QBiMuxer::addObserver() or, for every connection of a server,
    QBiMuxServer::addObserver(). The inspector, logging and metrics are built on it.
    A muxer that nobody observes pays one branch per frame for this: it neither reads
    clocks nor builds these structures.

    The observer is not owned; remove it before destroying it.
*/

/*!
    \class QBiMuxFrameInfo
    \brief One frame as it went over the wire, as QBiMuxObserver::frameEvent() sees it.

    A plain value with public fields, filled in by the muxer for each frame it sends or
    receives, only when an observer is there. The extension fields (status, timeoutMs,
    metadata) are empty for a frame from a plain bimux peer.
*/

/*!
    \variable QBiMuxFrameInfo::direction
    Whether the frame was received (Incoming) or sent (Outgoing).
*/

/*!
    \variable QBiMuxFrameInfo::timestampMs
    When the frame was sent or received: wall-clock time, milliseconds since the epoch.
*/

/*!
    \variable QBiMuxFrameInfo::number
    The Message's \c number: a request and its response (or cancel) share it; 0 for most
    oneway messages.
*/

/*!
    \variable QBiMuxFrameInfo::flag
    What kind of frame it is: Request, Response, Oneway or Cancel.
*/

/*!
    \variable QBiMuxFrameInfo::route
    The Message's \c route.
*/

/*!
    \variable QBiMuxFrameInfo::payload
    The Message's \c data: the request, reply or message bytes (shared, not copied).
*/

/*!
    \variable QBiMuxFrameInfo::wireSize
    The size of the encoded Message, as the WebSocket message carries it, in bytes.
*/

/*!
    \variable QBiMuxFrameInfo::status
    A failed response's code (the \c error extension); Ok for every other frame.
*/

/*!
    \variable QBiMuxFrameInfo::errorMessage
    A failed response's message; empty for every other frame.
*/

/*!
    \variable QBiMuxFrameInfo::timeoutMs
    A request's timeout extension in milliseconds: how long the caller waits; 0 if it sent
    none.
*/

/*!
    \variable QBiMuxFrameInfo::metadata
    A request's or oneway message's metadata extension; empty if none was sent.
*/

/*!
    \variable QBiMuxFrameInfo::window
    A stream frame's window: the receive window a StreamOpen announces, or the bytes more
    a StreamWindow grants; 0 for every other frame.
*/

/*!
    \variable QBiMuxFrameInfo::fromAcceptor
    For a stream frame: true when its sender accepted the stream, so that \c number is an
    id of the receiver's; false when its sender opened it. False for every other frame.
*/

/*!
    \class QBiMuxStreamInfo
    \brief A step in the life of one stream, with its counters at that moment, as
    QBiMuxObserver::streamEvent() sees it.

    Outgoing streams are the ones this side opened (QBiMuxChannel::openStream());
    incoming ones the peer opened. An id is unique per direction while its stream lives.
    What an inspector's Streams view shows (docs/streams.md).
*/

/*!
    \variable QBiMuxStreamInfo::event
    What happened: opened, a state change, progress, or how the stream ended.
*/

/*!
    \variable QBiMuxStreamInfo::direction
    Outgoing for a stream this side opened, Incoming for the peer's.
*/

/*!
    \variable QBiMuxStreamInfo::id
    The stream's id, in the space of the side that opened it (QBiMuxStream::id()).
*/

/*!
    \variable QBiMuxStreamInfo::route
    The route the stream was opened on.
*/

/*!
    \variable QBiMuxStreamInfo::state
    The stream's state after this event (QBiMuxStream::state()).
*/

/*!
    \variable QBiMuxStreamInfo::bytesSent
    The stream's data this side handed to the link so far.
*/

/*!
    \variable QBiMuxStreamInfo::bytesReceived
    The stream's data that came from the peer so far.
*/

/*!
    \variable QBiMuxStreamInfo::bytesToWrite
    Data the application wrote that has not gone out yet (QBiMuxStream::bytesToWrite()).
*/

/*!
    \variable QBiMuxStreamInfo::bytesAvailable
    Data received that the application has not read yet.
*/

/*!
    \variable QBiMuxStreamInfo::sendWindow
    What the peer lets this side send now: its grants less what was sent.
*/

/*!
    \variable QBiMuxStreamInfo::receiveWindow
    This side's receive window for the stream (QBiMuxStream::receiveWindow()).
*/

/*!
    \variable QBiMuxStreamInfo::ageNs
    Nanoseconds since the stream was opened or accepted here, on a monotonic clock.
*/

/*!
    \variable QBiMuxStreamInfo::status
    Why a stream Failed; Ok otherwise.
*/

/*!
    \variable QBiMuxStreamInfo::message
    The failure's message; empty otherwise.
*/

/*!
    \class QBiMuxCallInfo
    \brief A step in the life of one call, as QBiMuxObserver::callEvent() sees it.

    Outgoing calls are the rpc()s this side made; incoming ones the requests the peer made.
    Each call is reported Started once and then ends with exactly one of Answered,
    Failed, Cancelled or TimedOut.
*/

/*!
    \variable QBiMuxCallInfo::direction
    Outgoing for a call this side made, Incoming for the peer's request.
*/

/*!
    \variable QBiMuxCallInfo::event
    What happened: Started, or how the call ended.
*/

/*!
    \variable QBiMuxCallInfo::number
    The call's number on its connection, as in its frames (QBiMuxFrameInfo::number).
*/

/*!
    \variable QBiMuxCallInfo::route
    The route called.
*/

/*!
    \variable QBiMuxCallInfo::latencyNs
    Nanoseconds from Started to this event, on a monotonic clock; 0 for Started.
*/

/*!
    \variable QBiMuxCallInfo::status
    How the call ended: Ok when Answered, the error's code when Failed, Cancelled or
    TimedOut.
*/

/*!
    \variable QBiMuxCallInfo::message
    The error's message when the call failed; empty otherwise.
*/

/*!
    \variable QBiMuxCallInfo::deadline
    When the caller stops waiting for this call; QDeadlineTimer::Forever if never.
*/

/*!
    Destroys the observer. Remove it from every muxer, client or server it was added to
    first (QBiMuxEndpoint::removeObserver()): they do not own it and do not know it is
    gone.
*/
QBiMuxObserver::~QBiMuxObserver() = default;

/*!
    Called for each \a frame that \a muxer sends or receives, right after it was written
    or decoded, in the muxer's thread and synchronously: keep it quick, and thread-safe if
    the observer watches muxers in several threads (a server's worker threads). Does
    nothing unless reimplemented.
*/
void QBiMuxObserver::frameEvent(QBiMuxer *, const QBiMuxFrameInfo &) { }

/*!
    Called for each step in the life of a \a call on \a muxer, in the muxer's thread and
    synchronously, as frameEvent() is. Does nothing unless reimplemented.
*/
void QBiMuxObserver::callEvent(QBiMuxer *, const QBiMuxCallInfo &) { }

/*!
    Called for each step in the life of a stream on \a muxer (QBiMuxStreamInfo: opened,
    accepted or half-closed, data or window moved, finished, failed), in the muxer's
    thread and synchronously, as frameEvent() is. Progress comes for every data frame each
    way and every window granted to this side. Does nothing unless reimplemented.
*/
void QBiMuxObserver::streamEvent(QBiMuxer *, const QBiMuxStreamInfo &) { }

/*!
    Called when \a muxer's connection opened, or, for a connection already open, when the
    observer was added. In the muxer's thread. Does nothing unless reimplemented.
*/
void QBiMuxObserver::connectionOpened(QBiMuxer *) { }

/*!
    Called when \a muxer's connection ended, with the close \a code and \a reason, in the
    muxer's thread; after it, the muxer reports nothing more. Does nothing unless
    reimplemented.
*/
void QBiMuxObserver::connectionClosed(QBiMuxer *, QWebSocketProtocol::CloseCode, const QString &) {
}
