// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef QBIMUXER_H
#define QBIMUXER_H

#include "bimuxqt_global.h"
#include "qbimuxchannel.h"

#include <QtCore/qobject.h>
#include <QtCore/qurl.h>
#include <QtCore/qvariant.h>
#include <QtWebSockets/qwebsocketprotocol.h>

#include <chrono>

QT_BEGIN_NAMESPACE
class QNetworkRequest;
class QWebSocket;
QT_END_NAMESPACE

class QBiMuxerPrivate;

class BIMUXQT_EXPORT QBiMuxer : public QBiMuxChannel
{
    Q_OBJECT
    Q_PROPERTY(bool connected READ isConnected NOTIFY connectedChanged)
    Q_PROPERTY(bool congested READ isCongested NOTIFY congestedChanged)

public:
    enum class State { Opening, Open, Closed };
    Q_ENUM(State)

    // The muxer owns its own socket; call open() to dial.
    explicit QBiMuxer(QObject *parent = nullptr);
    // Takes over `socket` (open, or still opening), which becomes the muxer's child.
    explicit QBiMuxer(QWebSocket *socket, QObject *parent = nullptr);
    ~QBiMuxer() override;

    // Dials `url`; the id set with setId() is announced in the handshake.
    void open(const QUrl &url);
    void open(const QNetworkRequest &request);

    QWebSocket *socket() const;
    State state() const;

    // What QBiMuxServer's authenticator admitted the peer as (QBiMuxAdmission::admit());
    // null otherwise. Thread-safe.
    QVariant peerIdentity() const;

    // Backpressure (QBiMuxSettings::setHighWaterMark()). Thread-safe.
    bool isCongested() const;
    qint64 bytesToWrite() const;

    int pendingCallCount() const;
    int pendingRequestCount() const;

    // The streams open on this connection now, both ways (QBiMuxChannel::openStream()).
    // In the muxer's thread.
    QList<QBiMuxStream *> streams() const;

    // Graceful close: no new work, in-flight calls finish (up to drainTimeout), then
    // close with CloseCodeGoingAway and `reason`. Thread-safe.
    void shutdown(std::chrono::milliseconds drainTimeout, const QString &reason = QString());
    bool isShuttingDown() const;

Q_SIGNALS:
    void connectedChanged(bool connected);
    void congestedChanged(bool congested);
    // Bad input from the peer; the muxer closes with CloseCodeProtocolError right after.
    void protocolErrorOccurred(const QString &message);

protected:
    bool event(QEvent *event) override;

private:
    friend class QBiMuxIncomingRequests; // isSignalConnected()
    Q_DECLARE_PRIVATE(QBiMuxer)
    Q_DISABLE_COPY(QBiMuxer)
};

#endif // QBIMUXER_H
