// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "qbimuxadmission.h"

/*!
    \class QBiMuxAdmission
    \brief An authenticator's answer: admit the peer, or turn it away with an HTTP error.

    QBiMuxServer::setAuthenticator() takes a function that returns one, at once or later
    as a QFuture<QBiMuxAdmission>. admit() may carry what the authenticator found out
    about the peer (a user, a device record, its permissions) as a QVariant: the server
    hands it to the connection's QBiMuxer before newConnection(), where every handler
    reads it with QBiMuxer::peerIdentity(). reject() answers the WebSocket handshake with
    an HTTP error whose body is the reason; the peer never has an open WebSocket.

    A default-constructed QBiMuxAdmission admits nobody (HTTP 401), so that an answer
    that was never filled in keeps the peer out.
*/

class QBiMuxAdmissionPrivate : public QSharedData
{
public:
    int httpStatus = 401;
    QString reason;
    QVariant peerIdentity;
};

/*!
    Constructs an answer that admits nobody: HTTP 401 Unauthorized without a reason. Use
    admit() or reject() to make a real one.
*/
QBiMuxAdmission::QBiMuxAdmission()
    : d(new QBiMuxAdmissionPrivate)
{ }

QBIMUX_DEFINE_VALUE_MEMBERS(QBiMuxAdmission)

/*!
    Admits the peer. \a peerIdentity is what the connection's QBiMuxer::peerIdentity()
    returns: whatever the application wants its handlers to know about the peer.
*/
QBiMuxAdmission QBiMuxAdmission::admit(const QVariant &peerIdentity)
{
    QBiMuxAdmission admission;
    admission.d->httpStatus = 0;
    admission.d->peerIdentity = peerIdentity;
    return admission;
}

/*!
    Turns the peer away with \a httpStatus (401 Unauthorized unless given; 403 Forbidden
    for a peer that is known but not allowed; 503 Service Unavailable for "try again
    later") and \a reason as the body of the answer, one line of text for the client's
    QBiMuxDialError::serverMessage(). A status outside 400 to 599 becomes 401.

    QBiMuxClient stops dialing after a 401 or 403 unless told otherwise, and dials again
    after any other status.
*/
QBiMuxAdmission QBiMuxAdmission::reject(int httpStatus, const QString &reason)
{
    QBiMuxAdmission admission;
    admission.d->httpStatus = httpStatus >= 400 && httpStatus <= 599 ? httpStatus : 401;
    admission.d->reason = reason;
    return admission;
}

/*!
    Returns true if the answer admits the peer (made by admit()).
*/
bool QBiMuxAdmission::isAdmitted() const
{
    return d->httpStatus == 0;
}

/*!
    Returns the HTTP status the handshake is answered with: 0 for an admitted peer,
    otherwise 400 to 599 (401 for a default-constructed answer).
*/
int QBiMuxAdmission::httpStatus() const
{
    return d->httpStatus;
}

/*!
    Returns the reason given to reject(), the body of the HTTP answer; empty if there was
    none or the peer is admitted.
*/
QString QBiMuxAdmission::reason() const
{
    return d->reason;
}

/*!
    Returns the identity given to admit(), which becomes the connection's
    QBiMuxer::peerIdentity(); null for a rejection.
*/
QVariant QBiMuxAdmission::peerIdentity() const
{
    return d->peerIdentity;
}
