#ifndef QBIMUXSERVER_P_H
#define QBIMUXSERVER_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the BiMuxQt API. It may change from version to version
// without notice, or even be removed.
//

#include "qbimuxer_p.h"
#include "qbimuxhandlerregistry_p.h"
#include "qbimuxserver.h"

#include <QtWebSockets/qwebsocketserver.h>

#include <memory>

class QBiMuxServerPrivate
{
    Q_DECLARE_PUBLIC(QBiMuxServer)

public:
    explicit QBiMuxServerPrivate(QBiMuxServer *q);

    void onPendingConnection();
    void adopt(QWebSocket *socket);
    static QString announcedId(const QWebSocket *socket);

    QBiMuxServer *q_ptr;
    QWebSocketServer webSocketServer;
    QString path;
    std::shared_ptr<QBiMuxHandlerRegistry> handlers;
    QList<QBiMuxer *> muxers;
    QList<QBiMuxObserver *> observers;
    qint64 maxMessageSize = QBiMuxerPrivate::DefaultMaxMessageSize;
    std::chrono::milliseconds defaultTimeout = QBiMuxerPrivate::DefaultTimeout;
};

#endif // QBIMUXSERVER_P_H
