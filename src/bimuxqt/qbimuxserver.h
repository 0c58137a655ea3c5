// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef QBIMUXSERVER_H
#define QBIMUXSERVER_H

#include "bimuxqt_global.h"
#include "qbimuxadmission.h"
#include "qbimuxcalloptions.h"
#include "qbimuxendpoint.h"
#include "qbimuxhandshake.h"

#include <QtCore/qobject.h>
#include <QtCore/qurl.h>
#include <QtNetwork/qhostaddress.h>
#include <QtWebSockets/qwebsocketprotocol.h>

#include <chrono>
#include <functional>

class QBiMuxer;
class QBiMuxServerPrivate;
QT_BEGIN_NAMESPACE
class QSslConfiguration;
QT_END_NAMESPACE

class BIMUXQT_EXPORT QBiMuxServer : public QBiMuxEndpoint
{
    Q_OBJECT

public:
    explicit QBiMuxServer(QObject *parent = nullptr);
    ~QBiMuxServer() override;

    // Before listen(): how many worker threads share the connections (0: none, all in
    // this thread). See the documentation in qbimuxserver.cpp for what runs where.
    void setWorkerThreadCount(int count);
    int workerThreadCount() const;

    // Accepts WebSocket connections on `address`:`port` (0: any free port) whose request
    // path is `path`.
    bool listen(const QHostAddress &address = QHostAddress::Any, quint16 port = 0,
                const QString &path = QStringLiteral("/mux"));
    // Graceful: stops accepting, lets calls in flight finish (up to drainTimeout), then
    // closes each connection with CloseCodeGoingAway; shutdownFinished() when all are.
    void shutdown(std::chrono::milliseconds drainTimeout);
    bool isShuttingDown() const;
    // Stops listening and closes every connection with `code`.
    void close(QWebSocketProtocol::CloseCode code = QWebSocketProtocol::CloseCodeGoingAway);

    bool isListening() const;
    QHostAddress serverAddress() const;
    quint16 serverPort() const;
    QString path() const;
    // The ws:// URL clients dial, e.g. ws://127.0.0.1:4242/mux.
    QUrl serverUrl() const;
    QString errorString() const;

    // Admission, checked on each handshake before it is answered (see the .cpp). The
    // authenticator takes the handshake and returns a QBiMuxAdmission, now or as a
    // QFuture<QBiMuxAdmission>; (handshake, QString *reason) -> bool works too.
    using Authenticator = QBiMuxDetail::Authenticator;
    template<typename Functor> void setAuthenticator(Functor &&authenticator)
    {
        setAuthenticatorImpl(QBiMuxDetail::makeAuthenticator(std::forward<Functor>(authenticator)));
    }
    // Browser origins allowed to connect; empty (the default) allows any.
    void setAllowedOrigins(const QStringList &origins);
    QStringList allowedOrigins() const;
    // Connections held at most; more are rejected with HTTP 503. 0: no limit.
    void setMaxConnections(int connections);
    int maxConnections() const;
    // For the TLS and WebSocket handshakes together, the authenticator's answer included;
    // 10 s unless set.
    void setHandshakeTimeout(std::chrono::milliseconds timeout);
    std::chrono::milliseconds handshakeTimeout() const;
    // Handshakes in progress at most, in all (512 unless set) and, once half of those
    // places are taken, from one peer address (32); more are turned away at once. 0: no
    // limit.
    void setMaxPendingHandshakes(int handshakes);
    int maxPendingHandshakes() const;
    void setMaxPendingHandshakesPerAddress(int handshakes);
    int maxPendingHandshakesPerAddress() const;
    int pendingHandshakeCount() const;
#ifndef QT_NO_SSL
    // Before listen(): serve wss:// with this certificate, key and settings.
    void setSslConfiguration(const QSslConfiguration &configuration);
#endif
    bool isSecure() const;

    QList<QBiMuxer *> connections() const;
    int connectionCount() const;
    // The newest live connection whose id is `id`, or nullptr.
    QBiMuxer *connection(const QString &id) const;
    // Sends a oneway message to every live connection (each in its own thread); returns
    // how many took it (QBiMuxChannel::send() returned true).
    int broadcast(qint32 route, const QByteArray &data,
                  const QBiMuxCallOptions &options = QBiMuxCallOptions());

    // Groups ("rooms") of connections, by name. A connection leaves all its groups when
    // it closes. Thread-safe.
    bool joinGroup(QBiMuxer *connection, const QString &group);
    bool leaveGroup(QBiMuxer *connection, const QString &group);
    QList<QBiMuxer *> groupMembers(const QString &group) const;
    QStringList groups(QBiMuxer *connection) const;
    // As broadcast(), to the members of `group`.
    int sendToGroup(const QString &group, qint32 route, const QByteArray &data,
                    const QBiMuxCallOptions &options = QBiMuxCallOptions());

Q_SIGNALS:
    // The muxer belongs to the server and is deleted (later) once it closed.
    void newConnection(QBiMuxer *muxer);
    void shutdownFinished();
    // Emitted for every connection that ends, whoever closed it (bimux's closeHook).
    void connectionClosed(QBiMuxer *muxer, QWebSocketProtocol::CloseCode code,
                          const QString &reason);

private:
    void setAuthenticatorImpl(Authenticator authenticator);

    Q_DECLARE_PRIVATE(QBiMuxServer)
    Q_DISABLE_COPY(QBiMuxServer)
};

#endif // QBIMUXSERVER_H
