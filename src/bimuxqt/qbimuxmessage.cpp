// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "qbimuxmessage.h"

#include "qbimuxer_p.h"

/*!
    \class QBiMuxMessage
    \brief A oneway message from the peer, with its metadata and the connection it came on.

    Message handlers that take \c{const QBiMuxMessage &} get one
    (QBiMuxEndpoint::setMessageHandler()), as do interceptors and
    QBiMuxChannel::messageReceived(). muxer() is the connection the message arrived on,
    which a server-wide handler needs to answer the sender or to find its groups;
    peerIdentity() is what the server's authenticator admitted the sender as.

    A cheap value: copies share the data.
*/

/*!
    Constructs an invalid message: no route, no data, no muxer.
*/
QBiMuxMessage::QBiMuxMessage() noexcept = default;

QBIMUX_DEFINE_VALUE_MEMBERS(QBiMuxMessage)

QBiMuxMessage::QBiMuxMessage(qint32 route, QByteArray &&data, QBiMuxMetadata &&metadata,
                             std::shared_ptr<QBiMuxLink> link) noexcept
    : m_route(route)
    , m_data(std::move(data))
    , m_metadata(std::move(metadata))
    , m_link(std::move(link))
{ }

/*!
    \fn bool QBiMuxMessage::isValid() const
    Returns true for a message that arrived on a connection.
*/

/*!
    \fn qint32 QBiMuxMessage::route() const
    Returns the route the message was sent on.
*/

/*!
    \fn QByteArray QBiMuxMessage::data() const
    Returns the message's payload.
*/

/*!
    \fn QBiMuxMetadata QBiMuxMessage::metadata() const
    Returns the metadata the sender sent with the message (QBiMuxCallOptions::metadata());
    empty from a plain bimux peer.
*/

/*!
    Returns the muxer the message arrived on, or nullptr once it is destroyed. Use the
    pointer in the muxer's thread (a handler registered without a context, or with the
    muxer as its context, runs there); in another thread it may be destroyed meanwhile.
*/
QBiMuxer *QBiMuxMessage::muxer() const
{
    return m_link ? m_link->muxer() : nullptr;
}

/*!
    Returns what the QBiMuxServer's authenticator admitted the sender as
    (QBiMuxer::peerIdentity()). Safe from any thread, also once the muxer is gone.
*/
QVariant QBiMuxMessage::peerIdentity() const
{
    return m_link ? m_link->peerIdentity() : QVariant();
}
