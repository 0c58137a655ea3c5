// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef QBIMUXCHANNEL_H
#define QBIMUXCHANNEL_H

#include "bimuxqt_global.h"
#include "qbimuxcalloptions.h"
#include "qbimuxdialerror.h"
#include "qbimuxendpoint.h"
#include "qbimuxerror.h"
#include "qbimuxstatus.h"
#include "qbimuxstream.h"

#include <QtCore/qfuture.h>
#include <QtWebSockets/qwebsocketprotocol.h>

#include <functional>

class QBiMuxChannelPrivate;

// The call API of QBiMuxer (one connection) and QBiMuxClient (a connection kept up):
// whatever one can do, the other can.
class BIMUXQT_EXPORT QBiMuxChannel : public QBiMuxEndpoint
{
    Q_OBJECT
    Q_PROPERTY(QString id READ id WRITE setId NOTIFY idChanged)

public:
    // Announced in the handshake of a dial. Thread-safe.
    QString id() const;
    void setId(const QString &id);
    bool isConnected() const;

    // Thread-safe. The future ends exactly once: with the reply, with a QBiMuxError, or
    // cancelled by future.cancel() (which also tells the peer).
    QFuture<QByteArray> rpc(qint32 route, const QByteArray &data,
                            const QBiMuxCallOptions &options = QBiMuxCallOptions());
    // The callback form, without a QFuture (cheaper; cannot be cancelled): `onReply` runs
    // once in `context`'s thread with the reply and an Ok status, or the failure's status.
    using ReplyHandler = std::function<void(const QByteArray &reply, const QBiMuxStatus &status)>;
    void rpc(qint32 route, const QByteArray &data, const QBiMuxCallOptions &options,
             const QObject *context, ReplyHandler onReply);
    // Thread-safe. False if the message was not sent nor queued.
    bool send(qint32 route, const QByteArray &data,
              const QBiMuxCallOptions &options = QBiMuxCallOptions());
    // Opens a byte stream to the peer on `route` (docs/streams.md), in this object's
    // thread. Always returns a stream, a child of the connection's muxer; one that cannot
    // open fails with errorOccurred() from the event loop.
    QBiMuxStream *openStream(qint32 route);

public Q_SLOTS:
    void close(QWebSocketProtocol::CloseCode code = QWebSocketProtocol::CloseCodeNormal,
               const QString &reason = QString());

Q_SIGNALS:
    void connected();
    // A connection that was up ended.
    void disconnected(QWebSocketProtocol::CloseCode code, const QString &reason);
    // A dial failed: why (the server's HTTP answer, TLS errors, the socket's error).
    void dialFailed(const QBiMuxDialError &error);
    void idChanged(const QString &id);
    // Requests and messages for routes without a handler, if connected.
    void messageReceived(const QBiMuxMessage &message);
    void requestReceived(const QBiMuxRequest &request);
    // A stream the peer opened on a route without a stream handler, in the connection's
    // thread; its muxer owns it.
    void streamReceived(QBiMuxStream *stream);

protected:
    QBiMuxChannel(QBiMuxChannelPrivate &dd, QObject *parent);

private:
    Q_DECLARE_PRIVATE(QBiMuxChannel)
    Q_DISABLE_COPY(QBiMuxChannel)
};

#endif // QBIMUXCHANNEL_H
