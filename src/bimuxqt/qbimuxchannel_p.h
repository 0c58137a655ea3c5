// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef QBIMUXCHANNEL_P_H
#define QBIMUXCHANNEL_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the BiMuxQt API. It may change from version to version
// without notice, or even be removed.
//

#include "qbimuxcallreply_p.h"
#include "qbimuxchannel.h"
#include "qbimuxendpoint_p.h"

// The call API's implementations: QBiMuxerPrivate's on its link, QBiMuxClientPrivate's
// through the current muxer or the offline queue.
class QBiMuxChannelPrivate : public QBiMuxEndpointPrivate
{
    Q_DECLARE_PUBLIC(QBiMuxChannel)

public:
    using QBiMuxEndpointPrivate::QBiMuxEndpointPrivate;

    // Either form of rpc(), ending through `reply`. A reply handler is as
    // bindReplyHandler() made it: it may be called in this object's thread.
    virtual void call(qint32 route, const QByteArray &data, const QBiMuxCallOptions &options,
                      QBiMuxCallReply &&reply)
        = 0;
    virtual bool send(qint32 route, const QByteArray &data, const QBiMuxCallOptions &options) = 0;
    // In this object's thread.
    virtual QBiMuxStream *openStream(qint32 route) = 0;
    virtual bool isConnected() const = 0;
    virtual void close(QWebSocketProtocol::CloseCode code, const QString &reason) = 0;

    // `onReply` to be called in `owner`'s thread, where it runs in `context`'s thread while
    // `context` lives: as is without a context, guarded in the same thread, relayed to
    // another thread through a QBiMuxContextRelay connected now, while the caller vouches
    // for the context.
    static QBiMuxChannel::ReplyHandler bindReplyHandler(const QObject *owner,
                                                        const QObject *context,
                                                        QBiMuxChannel::ReplyHandler onReply);

    // Guarded by `mutex`.
    QString id;
};

#endif // QBIMUXCHANNEL_P_H
