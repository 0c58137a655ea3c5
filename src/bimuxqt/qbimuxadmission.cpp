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

QBiMuxAdmission::QBiMuxAdmission()
    : d(new QBiMuxAdmissionPrivate)
{ }

QBiMuxAdmission::QBiMuxAdmission(const QBiMuxAdmission &other) = default;
QBiMuxAdmission::QBiMuxAdmission(QBiMuxAdmission &&other) noexcept = default;
QBiMuxAdmission &QBiMuxAdmission::operator=(const QBiMuxAdmission &other) = default;
QBiMuxAdmission &QBiMuxAdmission::operator=(QBiMuxAdmission &&other) noexcept = default;
QBiMuxAdmission::~QBiMuxAdmission() = default;

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

bool QBiMuxAdmission::isAdmitted() const
{
    return d->httpStatus == 0;
}

int QBiMuxAdmission::httpStatus() const
{
    return d->httpStatus;
}

QString QBiMuxAdmission::reason() const
{
    return d->reason;
}

QVariant QBiMuxAdmission::peerIdentity() const
{
    return d->peerIdentity;
}
