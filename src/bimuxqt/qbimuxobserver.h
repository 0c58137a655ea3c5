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
};

// A step in the life of one call. Outgoing calls are rpc()s this side made; incoming
// ones are requests the peer made.
struct BIMUXQT_EXPORT QBiMuxCallInfo
{
    Q_GADGET
public:
    QBiMux::Direction direction = QBiMux::Direction::Outgoing;
    QBiMux::CallEvent event = QBiMux::CallEvent::Started;
    quint64 number = 0;
    qint32 route = 0;
    qint64 latencyNs = 0; // from Started to this event; 0 for Started
    QBiMux::StatusCode status = QBiMux::StatusCode::Ok;
    QString message;
    QDeadlineTimer deadline {QDeadlineTimer::Forever};
};

class BIMUXQT_EXPORT QBiMuxObserver
{
public:
    virtual ~QBiMuxObserver();

    // Called in the muxer's thread, synchronously: keep them quick, and thread-safe if
    // one observer watches muxers in several threads.
    virtual void frameEvent(QBiMuxer *muxer, const QBiMuxFrameInfo &frame);
    virtual void callEvent(QBiMuxer *muxer, const QBiMuxCallInfo &call);
    virtual void connectionOpened(QBiMuxer *muxer);
    virtual void connectionClosed(QBiMuxer *muxer, QWebSocketProtocol::CloseCode code,
                                  const QString &reason);
};

Q_DECLARE_METATYPE(QBiMuxFrameInfo)
Q_DECLARE_METATYPE(QBiMuxCallInfo)

#endif // QBIMUXOBSERVER_H
