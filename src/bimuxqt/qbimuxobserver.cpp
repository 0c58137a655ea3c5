#include "qbimuxobserver.h"

/*!
    \class QBiMuxObserver
    \brief Sees the frames and calls of the muxers it is added to.

    Add one with QBiMuxer::addObserver() or, for every connection of a server,
    QBiMuxServer::addObserver(). The inspector, logging and metrics are built on it.
    A muxer that nobody observes pays one branch per frame for this: it neither reads
    clocks nor builds these structures.

    The observer is not owned; remove it before destroying it.
*/

QBiMuxObserver::~QBiMuxObserver() = default;

void QBiMuxObserver::frameEvent(QBiMuxer *, const QBiMuxFrameInfo &) { }

void QBiMuxObserver::callEvent(QBiMuxer *, const QBiMuxCallInfo &) { }

void QBiMuxObserver::streamEvent(QBiMuxer *, const QBiMuxStreamInfo &) { }

void QBiMuxObserver::connectionOpened(QBiMuxer *) { }

void QBiMuxObserver::connectionClosed(QBiMuxer *, QWebSocketProtocol::CloseCode, const QString &) {
}
