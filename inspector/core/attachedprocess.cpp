// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "attachedprocess.h"

#include "framerecord.h"
#include "inspectorlogging.h"
#include "inspectorsession.h"

#include <QtCore/qdatastream.h>
#include <QtCore/qdatetime.h>
#include <QtCore/qelapsedtimer.h>
#include <QtNetwork/qtcpsocket.h>

#include <qbimuxinspectorlink_p.h>

namespace {
// docs/inspector.md, "Attach protocol": the record types and the greeting are the
// library's (it writes them).
using namespace QBiMuxInspectorWire;
constexpr quint32 MaxRecord = 128 * 1024 * 1024;
// What one turn of the event loop may spend on records, and read ahead of them.
constexpr qint64 BudgetNs = 4000000;
constexpr qint64 ReadAhead = 512 * 1024;
} // namespace

AttachedProcess::AttachedProcess(InspectorSession *session, QTcpSocket *socket, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_socket(socket)
    , m_address(socket->peerAddress().toString() + QLatin1Char(':')
                + QString::number(socket->peerPort()))
    , m_connectedSinceMs(QDateTime::currentMSecsSinceEpoch())
{
    m_socket->setParent(this);
    m_socket->setReadBufferSize(ReadAhead);
    connect(m_socket, &QTcpSocket::readyRead, this, &AttachedProcess::onReadyRead);
    connect(m_socket, &QTcpSocket::disconnected, this, [this] {
        closeAll(tr("the process detached"));
        emit finished();
    });
}

AttachedProcess::~AttachedProcess()
{
    m_socket->disconnect(this);
    closeAll(tr("the inspector stopped listening"));
}

QString AttachedProcess::name() const
{
    return tr("%1 (pid %2)").arg(m_appName.isEmpty() ? tr("unnamed") : m_appName).arg(m_pid);
}

QString AttachedProcess::sourceName() const
{
    return tr("attach: %1").arg(name());
}

void AttachedProcess::onReadyRead()
{
    m_continuing = false;
    QElapsedTimer budget;
    budget.start();
    for (;;) {
        const qsizetype available = m_buffer.size() - m_parsed;
        quint32 length = 0;
        if (available >= 4) {
            const uchar *p = reinterpret_cast<const uchar *>(m_buffer.constData() + m_parsed);
            length = (quint32(p[0]) << 24) | (quint32(p[1]) << 16) | (quint32(p[2]) << 8)
                | quint32(p[3]);
            if (length == 0 || length > MaxRecord) {
                qCWarning(lcAttach) << "bad record length" << length << "- dropping the process";
                m_socket->abort();
                return;
            }
        }
        if (available < 4 || available - 4 < qsizetype(length)) {
            // No whole record left: read some more, if there is more.
            if (m_socket->bytesAvailable() <= 0) {
                m_buffer.remove(0, m_parsed);
                m_parsed = 0;
                return; // the rest comes with the next readyRead()
            }
            m_buffer.remove(0, m_parsed);
            m_parsed = 0;
            m_buffer.append(m_socket->read(qMax<qint64>(ReadAhead, qint64(length) + 4)));
            continue;
        }
        if (!handleRecord(QByteArray::fromRawData(m_buffer.constData() + m_parsed + 4, length))) {
            m_socket->abort();
            return;
        }
        m_parsed += 4 + length;
        if (budget.nsecsElapsed() > BudgetNs) {
            // The rest after the events that wait: input, painting, the views' flush.
            if (!m_continuing) {
                m_continuing = true;
                QMetaObject::invokeMethod(this, &AttachedProcess::onReadyRead,
                                          Qt::QueuedConnection);
            }
            return;
        }
    }
}

int AttachedProcess::connectionFor(quint64 muxer)
{
    const auto it = m_connections.constFind(muxer);
    if (it != m_connections.cend())
        return *it;
    // A frame before the opened event: the muxer was still dialing.
    const int key = m_session->openConnection(sourceName(), QString(), QString(), false);
    m_connections.insert(muxer, key);
    return key;
}

bool AttachedProcess::handleRecord(const QByteArray &record)
{
    if (!m_session)
        return false;
    QDataStream in(record);
    in.setVersion(QDataStream::Qt_6_4);
    quint8 type = 0;
    in >> type;
    if (!m_greeted && type != Hello) {
        qCWarning(lcAttach) << "a process spoke before saying hello";
        return false;
    }
    switch (type) {
    case Hello: {
        quint32 magic = 0;
        quint16 version = 0;
        in >> magic >> version >> m_pid >> m_appName;
        if (magic != Magic || version != Version) {
            qCWarning(lcAttach) << "not a BiMuxQt inspector link, or another version:" << version;
            return false;
        }
        m_greeted = true;
        qCInfo(lcAttach) << "attached:" << name();
        emit helloReceived();
        break;
    }
    case Opened: {
        quint64 muxer = 0;
        QString id, peer, url, local;
        in >> muxer >> id >> peer >> url;
        // Added later: a process of an older BiMuxQt ends the record before it.
        if (!in.atEnd())
            in >> local;
        const int key = connectionFor(muxer);
        m_session->setConnectionOpen(key);
        m_session->setConnectionId(key, id);
        if (ConnectionRecord *c = m_session->connections()->find(key))
            c->peer = peer.isEmpty() ? url : peer;
        if (!local.isEmpty() && !peer.isEmpty())
            m_session->setConnectionSockets(key, {{local, peer}});
        break;
    }
    case IdChanged: {
        quint64 muxer = 0;
        QString id;
        in >> muxer >> id;
        m_session->setConnectionId(connectionFor(muxer), id);
        break;
    }
    case Closed: {
        quint64 muxer = 0;
        qint32 code = 0;
        QString reason;
        in >> muxer >> code >> reason;
        m_session->closeConnection(connectionFor(muxer), code, reason);
        // The muxer's address may be reused by the next one.
        m_connections.remove(muxer);
        break;
    }
    case Frame: {
        quint64 muxer = 0;
        quint8 direction = 0, flag = 0;
        qint32 status = 0;
        FrameRecord f;
        in >> muxer >> direction >> f.timestampMs >> f.monoNs >> f.number >> flag >> f.route
            >> f.payload >> f.wireSize >> status >> f.errorMessage >> f.timeoutMs;
        // Added with streams: a process of an older BiMuxQt ends the record before them.
        if (!in.atEnd())
            in >> f.window >> f.fromAcceptor;
        f.direction = QBiMux::Direction(direction);
        // A flag this inspector does not know is shown as such, not as another one.
        if (flag <= quint8(QBiMux::FrameFlag::StreamClose)) {
            f.flag = QBiMux::FrameFlag(flag);
        } else {
            f.malformed = true;
            f.errorMessage = tr("unknown flag %1").arg(flag);
        }
        f.status = QBiMux::StatusCode(status);
        f.payloadSize = f.payload.size();
        f.connection = connectionFor(muxer);
        if (in.status() != QDataStream::Ok)
            return false;
        m_session->addFrame(std::move(f));
        break;
    }
    case Dropped: {
        quint64 dropped = 0;
        in >> dropped;
        m_dropped = dropped;
        m_session->setSourceDropped(name(), dropped);
        break;
    }
    default:
        qCDebug(lcAttach) << "skipping record type" << type;
        break;
    }
    return in.status() == QDataStream::Ok;
}

void AttachedProcess::closeAll(const QString &reason)
{
    if (!m_session)
        return;
    for (int key : std::as_const(m_connections))
        m_session->closeConnection(key, int(1001), reason);
    m_connections.clear();
}
