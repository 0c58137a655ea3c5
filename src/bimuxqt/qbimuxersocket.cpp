// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

// QBiMuxerPrivate and its QWebSocket: the socket's signals, and what the muxer does on
// each (opened, closed, failed, a message); writing and the write queue are QBiMuxWire's.

#include "qbimuxer_p.h"

#include "qbimuxcloseframe_p.h"
#include "qbimuxlogging_p.h"
#include "qbimuxredaction_p.h"

#include <QtCore/qmetaobject.h>
#include <QtWebSockets/qwebsocket.h>

void QBiMuxerPrivate::attach(QWebSocket *webSocket)
{
    Q_Q(QBiMuxer);
    Q_ASSERT(webSocket->thread() == q->thread());
    wire.setSocket(webSocket);
    webSocket->setParent(q);

    QObject::connect(webSocket, &QWebSocket::connected, q, [this] { onSocketConnected(); });
    QObject::connect(webSocket, &QWebSocket::disconnected, q, [this] { onSocketDisconnected(); });
    // Before onSocketError(), which may end the dial. QWebSocket::error() tells the
    // transport's error, not the one a refused handshake is reported with.
    const auto noteDialError = [this](QAbstractSocket::SocketError error) {
        if (dialTrace && lifecycle.state() == QBiMuxer::State::Opening)
            dialTrace->noteSocketError(error, socket()->errorString());
    };
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
    QObject::connect(webSocket, &QWebSocket::errorOccurred, q, noteDialError);
    QObject::connect(webSocket, &QWebSocket::errorOccurred, q, [this] { onSocketError(); });
#else
    QObject::connect(webSocket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), q,
                     noteDialError);
    QObject::connect(webSocket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), q,
                     [this] { onSocketError(); });
#endif
#ifndef QT_NO_SSL
    QObject::connect(webSocket, &QWebSocket::sslErrors, q, [this](const QList<QSslError> &errors) {
        if (dialTrace)
            dialTrace->noteSslErrors(errors);
    });
#endif
    QObject::connect(webSocket, &QWebSocket::binaryMessageReceived, q,
                     [this](const QByteArray &bytes) { onBinaryMessage(bytes); });
    QObject::connect(webSocket, &QWebSocket::pong, q, [this] { heartbeat.noteActivity(); });
    QObject::connect(webSocket, &QWebSocket::textMessageReceived, q, [this](const QString &text) {
        lifecycle.protocolError(
            QBiMuxer::tr("text message of %n character(s) received; bimux frames are "
                         "binary messages",
                         nullptr, int(text.size())));
    });
    // Fires for every socket, also one from the application's own QWebSocketServer, and
    // under TLS when encrypted bytes leave.
    QObject::connect(webSocket, &QWebSocket::bytesWritten, q, [this] {
        wire.updateFlowControl();
        streams.linkWritable();
    });

    lifecycle.setState(webSocket->state() == QAbstractSocket::ConnectedState
                           ? QBiMuxer::State::Open
                           : QBiMuxer::State::Opening);
    wire.applyIncomingLimits();
    if (lifecycle.isOpen()) {
        wire.findTransport();
        heartbeat.start();
        streams.linkOpened();
    }
}

void QBiMuxerPrivate::onSocketConnected()
{
    Q_Q(QBiMuxer);
    if (lifecycle.state() != QBiMuxer::State::Opening)
        return;
    lifecycle.setState(QBiMuxer::State::Open);
    dialTrace.reset();
    wire.applyIncomingLimits();
    qCDebug(lcMuxer) << q << "connected to" << qbimuxRedacted(socket()->requestUrl()) << "- writing"
                     << wire.backlogSize() << "frame(s) sent while opening";
    wire.findTransport();
    wire.flushBacklog();
    // After the backlog: stream data goes behind what was written while opening.
    streams.linkOpened();
    wire.updateFlowControl();
    heartbeat.start();
    observers.notifyOpened();
    emit q->connected();
    emit q->connectedChanged(true);
}

void QBiMuxerPrivate::onSocketDisconnected()
{
    QString reason = socket()->closeReason();
    // An application's code (3000-4999) is a normal close to the muxer.
    QWebSocketProtocol::CloseCode code
        = QBiMuxCloseFrame::closeCodeFor(QBiMuxCloseFrame::sentCode(*socket()));
    // Without a close frame Qt reports CloseCodeNormal; a socket error, or a dial that
    // never opened, says it was not.
    if (lifecycle.state() == QBiMuxer::State::Opening || (reason.isEmpty() && sawSocketError)) {
        code = QWebSocketProtocol::CloseCodeAbnormalDisconnection;
        reason = socket()->errorString();
    }
    if (lifecycle.state() == QBiMuxer::State::Opening && !reportDialFailure())
        return;
    if (reason.isEmpty())
        reason = QBiMuxer::tr("connection closed by the peer");
    teardown(code, reason);
}

void QBiMuxerPrivate::onSocketError()
{
    sawSocketError = true;
    qCDebug(lcMuxer) << q_func() << "socket error:" << socket()->errorString();
    // A dial that fails never emits disconnected(): the muxer ends here.
    if (lifecycle.state() == QBiMuxer::State::Opening
        && socket()->state() == QAbstractSocket::UnconnectedState) {
        if (reportDialFailure())
            teardown(QWebSocketProtocol::CloseCodeAbnormalDisconnection, socket()->errorString());
    }
}

bool QBiMuxerPrivate::reportDialFailure()
{
    if (!dialTrace)
        return true;
    const QBiMuxDialError error = dialTrace->error(socket());
    dialTrace.reset();
    qCDebug(lcMuxer) << q_func() << "dial failed:" << error.errorString();
    const QPointer<QBiMuxer> alive(q_func());
    emit q_func()->dialFailed(error);
    return !alive.isNull();
}

void QBiMuxerPrivate::onPeerSilent()
{
    const QString reason = QBiMuxer::tr("no sign of life from the peer for %1 ms")
                               .arg(heartbeat.idleTimeout().count());
    qCWarning(lcMuxer) << q_func() << reason;
    // Closed before the abort, so that the abort's disconnected() finds nothing to do.
    dropPeer(QWebSocketProtocol::CloseCodeAbnormalDisconnection, reason);
}

void QBiMuxerPrivate::onBinaryMessage(const QByteArray &bytes)
{
    // Frames read in the same go as the one that overflowed the write queue are not
    // handled: their answers would only be dropped.
    if (lifecycle.state() != QBiMuxer::State::Open || wire.isStalled())
        return;
    heartbeat.noteActivity();
    // Without the transport no read is seen (onTransportRead()); each message is.
    if (Q_UNLIKELY(!wire.hasTransport()))
        wire.updateFlowControl();
    QString error;
    std::optional<QBiMuxFrame> frame = QBiMuxFrame::decode(bytes, &error);
    if (!frame) {
        lifecycle.protocolError(error);
        return;
    }
    qCDebug(lcWire) << q_func() << "<-" << QBiMuxFrame::flagName(frame->flag) << frame->number
                    << "route" << frame->route << frame->data.size() << "bytes";
    if (Q_UNLIKELY(observers.isObserved()))
        observers.notifyFrame(QBiMux::Direction::Incoming, *frame, bytes.size());
    dispatch(std::move(*frame));
}
