// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef QBIMUXINTERCEPTOR_H
#define QBIMUXINTERCEPTOR_H

#include "bimuxqt_global.h"
#include "qbimuxcalloptions.h"
#include "qbimuxstatus.h"

#include <chrono>

class QBiMuxer;
class QBiMuxMessage;
class QBiMuxRequest;

// Hooks that see the requests and messages of the endpoints they are installed on
// (QBiMuxEndpoint::addInterceptor()) before their handlers, and the calls and messages
// they send before they leave. Every hook does nothing unless overridden.
class BIMUXQT_EXPORT QBiMuxInterceptor
{
public:
    virtual ~QBiMuxInterceptor();

    // In the connection's thread, before the handler: a status other than Ok answers the
    // request with it instead.
    virtual QBiMuxStatus interceptRequest(const QBiMuxRequest &request);
    // In the connection's thread, once for every request interceptRequest() saw: answered,
    // refused, cancelled by the peer or lost with the connection.
    virtual void requestFinished(const QBiMuxRequest &request, const QBiMuxStatus &status,
                                 std::chrono::nanoseconds elapsed);
    // In the connection's thread, before the handler: false drops the message.
    virtual bool interceptMessage(const QBiMuxMessage &message);
    // In the thread that calls rpc() or send(), before the call or message is numbered:
    // may change `options` (add metadata); a status other than Ok refuses it.
    virtual QBiMuxStatus interceptCall(QBiMuxer *muxer, qint32 route, const QByteArray &data,
                                       QBiMuxCallOptions &options);
    virtual QBiMuxStatus interceptSend(QBiMuxer *muxer, qint32 route, const QByteArray &data,
                                       QBiMuxCallOptions &options);
};

#endif // QBIMUXINTERCEPTOR_H
