// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef QBIMUXOBSERVER_H
#define QBIMUXOBSERVER_H

#include "bimuxqt_global.h"
#include "qbimuxcalloptions.h"
#include "qbimuxnamespace.h"

#include <QtCore/qbytearray.h>
#include <QtCore/qdeadlinetimer.h>
#include <QtCore/qobjectdefs.h>
#include <QtCore/qstring.h>
#include <QtWebSockets/qwebsocketprotocol.h>

class QBiMuxer;

// One frame as it went over the wire.
struct BIMUXQT_EXPORT QBiMuxFrameInfo
{
    Q_GADGET
public:
    QBiMux::Direction direction = QBiMux::Direction::Incoming;
    qint64 timestampMs = 0; // wall clock, milliseconds since the epoch
    quint64 number = 0;
    QBiMux::FrameFlag flag = QBiMux::FrameFlag::Request;
    qint32 route = 0;
    QByteArray payload;
    qint64 wireSize = 0; // the encoded Message, as the WebSocket carries it
    QBiMux::StatusCode status = QBiMux::StatusCode::Ok; // a failed response's code
    QString errorMessage;
    quint32 timeoutMs = 0; // a request's timeout extension, 0 if none
    QBiMuxMetadata metadata; // a request's or oneway's metadata extension
    quint32 window = 0; // stream frames: the window an open grants, or a window's credit
    bool fromAcceptor = false; // stream frames: sent by the side that accepted the stream
};

// A step in the life of one call. Outgoing calls are rpc()s this side made; incoming
// ones are requests the peer made.
struct BIMUXQT_EXPORT QBiMuxCallInfo
{
    Q_GADGET
public:
    QBiMux::Direction direction = QBiMux::Direction::Outgoing;
    QBiMux::CallEvent event = QBiMux::CallEvent::Started;
    quint64 number = 0; // the request's number on the wire
    qint32 route = 0;
    qint64 latencyNs = 0; // from Started to this event; 0 for Started
    QBiMux::StatusCode status = QBiMux::StatusCode::Ok;
    QString message;
    QDeadlineTimer deadline {QDeadlineTimer::Forever};
};

// A step in the life of one stream, with the stream's counters at that moment: what an
// inspector's Streams view shows (docs/streams.md). Outgoing streams are ones this side
// opened.
struct BIMUXQT_EXPORT QBiMuxStreamInfo
{
    Q_GADGET
public:
    QBiMux::StreamEvent event = QBiMux::StreamEvent::Opened;
    QBiMux::Direction direction = QBiMux::Direction::Outgoing;
    quint64 id = 0; // unique per direction while the stream is open
    qint32 route = 0;
    QBiMux::StreamState state = QBiMux::StreamState::Opening;
    qint64 bytesSent = 0; // data handed to the link
    qint64 bytesReceived = 0; // data that came from the peer
    qint64 bytesToWrite = 0; // written by the application, not sent yet
    qint64 bytesAvailable = 0; // received, not read by the application yet
    qint64 sendWindow = 0; // what the peer lets this side send now
    qint64 receiveWindow = 0; // this side's window (QBiMuxStream::receiveWindow())
    qint64 ageNs = 0; // since the stream was opened or accepted here
    QBiMux::StatusCode status = QBiMux::StatusCode::Ok; // Failed: why
    QString message;
};

class BIMUXQT_EXPORT QBiMuxObserver
{
public:
    virtual ~QBiMuxObserver();

    // Called in the muxer's thread, synchronously: keep them quick, and thread-safe if
    // one observer watches muxers in several threads.
    virtual void frameEvent(QBiMuxer *muxer, const QBiMuxFrameInfo &frame);
    virtual void callEvent(QBiMuxer *muxer, const QBiMuxCallInfo &call);
    // Progress events come for every data frame each way and every window granted to
    // this side.
    virtual void streamEvent(QBiMuxer *muxer, const QBiMuxStreamInfo &stream);
    virtual void connectionOpened(QBiMuxer *muxer);
    virtual void connectionClosed(QBiMuxer *muxer, QWebSocketProtocol::CloseCode code,
                                  const QString &reason);
};

Q_DECLARE_METATYPE(QBiMuxFrameInfo)
Q_DECLARE_METATYPE(QBiMuxCallInfo)
Q_DECLARE_METATYPE(QBiMuxStreamInfo)

#endif // QBIMUXOBSERVER_H
