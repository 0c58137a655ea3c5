// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

// QBiMuxServer's broadcasts and groups ("rooms") of connections.

#include "qbimuxserver.h"
#include "qbimuxserver_p.h"

#include "qbimuxlogging_p.h"

std::vector<std::shared_ptr<QBiMuxLink>>
QBiMuxServerPrivate::linksOf(const QList<QBiMuxer *> &connections)
{
    std::vector<std::shared_ptr<QBiMuxLink>> links;
    links.reserve(size_t(connections.size()));
    for (QBiMuxer *muxer : connections)
        links.push_back(QBiMuxerPrivate::get(muxer)->link);
    return links;
}

int QBiMuxServerPrivate::sendToEach(const std::vector<std::shared_ptr<QBiMuxLink>> &links,
                                    qint32 route, const QByteArray &data,
                                    const QBiMuxCallOptions &options)
{
    // Counted where each send() decides, in the connection's thread; the wait returns once
    // every task has run or was dropped with its connection (which then took nothing).
    const auto taken = std::make_shared<std::atomic<int>>(0);
    const auto wait = std::make_shared<QBiMuxControlWait>();
    const QBiMuxControlEvent::Task task = [taken, route, data, options](QBiMuxerPrivate *muxer) {
        if (muxer->send(route, data, options))
            taken->fetch_add(1, std::memory_order_relaxed);
    };
    for (const std::shared_ptr<QBiMuxLink> &link : links)
        link->postControl(task, wait);
    wait->wait();
    return taken->load(std::memory_order_relaxed);
}

/*!
    Sends a oneway message on \a route with \a data and \a options to every live
    connection, each in its own thread, and returns how many connections took it: those
    whose QBiMuxChannel::send() returned true (not one that is closing or shutting down,
    congested, or that an interceptor made refuse it). Connections in worker threads are
    sent to in their threads, and this waits until each has decided (from any thread,
    handlers in several workers at once included: while one waits, it runs what the
    others ask of its connections).
*/
int QBiMuxServer::broadcast(qint32 route, const QByteArray &data, const QBiMuxCallOptions &options)
{
    return QBiMuxServerPrivate::sendToEach(d_func()->connectionLinks(), route, data, options);
}

/*!
    Adds \a connection, one of this server's live connections, to \a group, which exists
    while it has members. Returns false if the connection is not (or no longer) one of
    this server's, or is in the group already. A connection leaves all its groups when it
    closes. Thread-safe.
*/
bool QBiMuxServer::joinGroup(QBiMuxer *connection, const QString &group)
{
    Q_D(QBiMuxServer);
    QMutexLocker locker(&d->mutex);
    // Pointers are compared, never followed: a connection in another thread may be gone.
    const auto it = d->groupsOf.find(connection);
    if (it == d->groupsOf.end() || it->contains(group))
        return false;
    it->append(group);
    d->groupMembers[group].append(connection);
    return true;
}

/*!
    Takes \a connection out of \a group. Returns false if it was not in it. Thread-safe.
*/
bool QBiMuxServer::leaveGroup(QBiMuxer *connection, const QString &group)
{
    Q_D(QBiMuxServer);
    QMutexLocker locker(&d->mutex);
    const auto it = d->groupsOf.find(connection);
    if (it == d->groupsOf.end() || !it->removeOne(group))
        return false;
    QList<QBiMuxer *> &members = d->groupMembers[group];
    members.removeOne(connection);
    if (members.isEmpty())
        d->groupMembers.remove(group);
    return true;
}

/*!
    Returns the connections in \a group, in the order they joined. Thread-safe; use the
    pointers as connections() says.
*/
QList<QBiMuxer *> QBiMuxServer::groupMembers(const QString &group) const
{
    Q_D(const QBiMuxServer);
    QMutexLocker locker(&d->mutex);
    return d->groupMembers.value(group);
}

/*!
    Returns the groups \a connection is in. Thread-safe.
*/
QStringList QBiMuxServer::groups(QBiMuxer *connection) const
{
    Q_D(const QBiMuxServer);
    QMutexLocker locker(&d->mutex);
    return d->groupsOf.value(connection);
}

/*!
    Sends a oneway message on \a route with \a data and \a options to every member of
    \a group, as broadcast() does to all, and returns how many took it.
*/
int QBiMuxServer::sendToGroup(const QString &group, qint32 route, const QByteArray &data,
                              const QBiMuxCallOptions &options)
{
    Q_D(QBiMuxServer);
    std::vector<std::shared_ptr<QBiMuxLink>> links;
    {
        QMutexLocker locker(&d->mutex);
        links = QBiMuxServerPrivate::linksOf(d->groupMembers.value(group));
    }
    return QBiMuxServerPrivate::sendToEach(links, route, data, options);
}
