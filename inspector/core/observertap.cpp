// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "observertap.h"

#include "inspectorsession.h"
#include "monoclock.h"

#include <QBiMuxer>
#include <QtWebSockets/qwebsocket.h>

ObserverTap::ObserverTap(InspectorSession *session, const QString &source)
    : m_session(session)
    , m_source(source)
{ }

ObserverTap::~ObserverTap() = default;

int ObserverTap::keyFor(QBiMuxer *muxer)
{
    const auto it = m_keys.constFind(muxer);
    if (it != m_keys.cend())
        return *it;
    QString peer;
    if (QWebSocket *socket = muxer->socket(); socket && !socket->peerAddress().isNull())
        peer = socket->peerAddress().toString() + QLatin1Char(':')
            + QString::number(socket->peerPort());
    const int key = m_session->openConnection(m_source, muxer->id(), peer, muxer->isConnected());
    m_keys.insert(muxer, key);
    return key;
}

void ObserverTap::frameEvent(QBiMuxer *muxer, const QBiMuxFrameInfo &info)
{
    if (!m_session)
        return;
    FrameRecord f;
    f.connection = keyFor(muxer);
    f.direction = info.direction;
    f.timestampMs = info.timestampMs;
    f.monoNs = MonoClock::nsecs();
    f.number = info.number;
    f.flag = info.flag;
    f.route = info.route;
    f.payload = info.payload;
    f.payloadSize = info.payload.size();
    f.wireSize = info.wireSize;
    f.status = info.status;
    f.errorMessage = info.errorMessage;
    f.timeoutMs = info.timeoutMs;
    f.window = info.window;
    f.fromAcceptor = info.fromAcceptor;
    m_session->addFrame(std::move(f));
}

void ObserverTap::connectionOpened(QBiMuxer *muxer)
{
    if (!m_session)
        return;
    const int key = keyFor(muxer);
    m_session->setConnectionOpen(key);
    m_session->setConnectionId(key, muxer->id());
}

void ObserverTap::connectionClosed(QBiMuxer *muxer, QWebSocketProtocol::CloseCode code,
                                   const QString &reason)
{
    if (!m_session)
        return;
    m_session->closeConnection(keyFor(muxer), int(code), reason);
    m_keys.remove(muxer);
}
