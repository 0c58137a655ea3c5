// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef QBIMUXMESSAGE_H
#define QBIMUXMESSAGE_H

#include "bimuxqt_global.h"
#include "qbimuxcalloptions.h"

#include <QtCore/qbytearray.h>
#include <QtCore/qmetatype.h>
#include <QtCore/qvariant.h>

#include <memory>

class QBiMuxer;
class QBiMuxLink;

// A oneway message from the peer, with the connection it came on: what message handlers
// taking `const QBiMuxMessage &` and QBiMuxChannel::messageReceived() get.
class BIMUXQT_EXPORT QBiMuxMessage
{
public:
    QBiMuxMessage() noexcept;
    QBIMUX_DECLARE_VALUE_MEMBERS(QBiMuxMessage)

    bool isValid() const noexcept { return bool(m_link); }
    qint32 route() const noexcept { return m_route; }
    QByteArray data() const { return m_data; }
    QBiMuxMetadata metadata() const { return m_metadata; }
    // The muxer the message arrived on, or nullptr once it is destroyed: use the pointer
    // in the muxer's thread. peerIdentity() may be read from any thread.
    QBiMuxer *muxer() const;
    // What the server's authenticator admitted the sender as (QBiMuxer::peerIdentity()).
    QVariant peerIdentity() const;

private:
    friend class QBiMuxIncomingRequests;
    QBiMuxMessage(qint32 route, QByteArray &&data, QBiMuxMetadata &&metadata,
                  std::shared_ptr<QBiMuxLink> link) noexcept;

    // No d-pointer: a message is made for every oneway frame, and these are moved in from
    // the frame without an allocation of their own.
    qint32 m_route = 0;
    QByteArray m_data;
    QBiMuxMetadata m_metadata;
    std::shared_ptr<QBiMuxLink> m_link;
};

Q_DECLARE_METATYPE(QBiMuxMessage)

#endif // QBIMUXMESSAGE_H
