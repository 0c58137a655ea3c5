// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "qbimuxinspectorlink.h"
#include "qbimuxinspectorlink_p.h"

#include "qbimuxer.h"
#include "qbimuxlogging_p.h"
#include "qbimuxredaction_p.h"

#include <QtCore/qcoreapplication.h>
#include <QtCore/qdatastream.h>
#include <QtCore/qthread.h>
#include <QtCore/qtimer.h>
#include <QtNetwork/qtcpsocket.h>
#include <QtWebSockets/qwebsocket.h>

using namespace std::chrono_literals;

/*!
    \class QBiMuxInspectorLink
    \brief Lets the BiMux Inspector watch every connection of this process.

    Once attach() was called, or when the environment variable \c BIMUXQT_INSPECT holds
    \c host:port (this machine only, see attach()) when the first QBiMuxer is created,
    every QBiMuxer created afterwards
    (including a QBiMuxServer's connections) gets an observer that publishes its
    connection events and frames to the inspector over a local TCP connection, in the
    format of docs/inspector.md. Muxers created before are not watched.

    Publishing never blocks a muxer: events go through a bounded queue to a thread of
    their own; when the inspector is absent or slower than the traffic, events are
    dropped and counted (droppedEventCount()). Muxers of a process that did not opt in
    pay one atomic load, in their constructor.
*/

namespace {
std::atomic<QBiMuxInspectorLinkPrivate *> g_link {nullptr};
QBasicMutex g_attachMutex;

// "address:port", or empty for a socket that has none (yet).
QString endpointString(const QHostAddress &address, quint16 port)
{
    if (address.isNull())
        return QString();
    return address.toString() + QLatin1Char(':') + QString::number(port);
}

void shutdownLink();

// "[::1]" as in a URL or BIMUXQT_INSPECT=[::1]:7631 is ::1.
QString withoutBrackets(const QString &host)
{
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
        return host.mid(1, host.size() - 2);
    return host;
}

bool isThisMachine(const QString &host)
{
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}
} // namespace

// Lives in the link's thread: owns the TCP socket and writes the queued events.
class QBiMuxInspectorSender : public QObject
{
public:
    QBiMuxInspectorSender(QBiMuxInspectorLinkPrivate *link, const QString &host, quint16 port)
        : m_link(link)
        , m_host(host)
        , m_port(port)
    { }

    void start()
    {
        m_socket = new QTcpSocket(this);
        m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        m_retry = new QTimer(this);
        m_retry->setSingleShot(true);
        m_retry->setInterval(1s);
        connect(m_retry, &QTimer::timeout, this, [this] { dial(); });
        connect(m_socket, &QTcpSocket::connected, this, [this] {
            qCDebug(lcMuxer) << "inspector link connected to" << m_host << m_port;
            writeHello();
            drain();
        });
        connect(m_socket, &QTcpSocket::bytesWritten, this, [this] { drain(); });
        connect(m_socket, &QTcpSocket::disconnected, this, [this] { m_retry->start(); });
        connect(m_socket, &QAbstractSocket::errorOccurred, this, [this] {
            drain(); // discards, counted, what waited for the connection
            if (!m_retry->isActive())
                m_retry->start();
        });
        dial();
    }

    void drain()
    {
        if (!m_socket)
            return;
        const auto state = m_socket->state();
        if (state == QAbstractSocket::ConnectingState || state == QAbstractSocket::HostLookupState)
            return; // keep queueing (bounded) until the inspector answers
        const QList<QBiMuxInspectorLinkPrivate::Event> events = m_link->takeEvents();
        if (state != QAbstractSocket::ConnectedState) {
            m_link->addDropped(quint64(events.size()));
            return;
        }
        QByteArray out;
        for (const auto &event : events)
            std::visit([&](const auto &e) { append(out, e); }, event);
        const quint64 dropped = m_link->dropped.load(std::memory_order_relaxed);
        if (dropped != m_reportedDropped) {
            m_reportedDropped = dropped;
            writeRecord(out, QBiMuxInspectorWire::Dropped, [&](QDataStream &s) { s << dropped; });
        }
        if (!out.isEmpty())
            m_socket->write(out);
    }

private:
    void dial()
    {
        if (m_socket->state() == QAbstractSocket::UnconnectedState)
            m_socket->connectToHost(m_host, m_port);
    }

    template<typename Fill>
    static void writeRecord(QByteArray &out, QBiMuxInspectorWire::RecordType type, Fill &&fill)
    {
        QByteArray body;
        QDataStream stream(&body, QIODevice::WriteOnly);
        stream.setVersion(QDataStream::Qt_6_4);
        stream << quint8(type);
        fill(stream);
        QDataStream head(&out, QIODevice::WriteOnly | QIODevice::Append);
        head << quint32(body.size());
        out.append(body);
    }

    void writeHello()
    {
        QByteArray out;
        writeRecord(out, QBiMuxInspectorWire::Hello, [](QDataStream &s) {
            s << QBiMuxInspectorWire::Magic << QBiMuxInspectorWire::Version
              << qint64(QCoreApplication::applicationPid()) << QCoreApplication::applicationName();
        });
        m_socket->write(out);
    }

    static void append(QByteArray &out, const QBiMuxInspectorLinkPrivate::OpenedEvent &e)
    {
        writeRecord(out, QBiMuxInspectorWire::Opened,
                    [&](QDataStream &s) { s << e.muxer << e.id << e.peer << e.url << e.local; });
    }
    static void append(QByteArray &out, const QBiMuxInspectorLinkPrivate::IdEvent &e)
    {
        writeRecord(out, QBiMuxInspectorWire::IdChanged,
                    [&](QDataStream &s) { s << e.muxer << e.id; });
    }
    static void append(QByteArray &out, const QBiMuxInspectorLinkPrivate::ClosedEvent &e)
    {
        writeRecord(out, QBiMuxInspectorWire::Closed,
                    [&](QDataStream &s) { s << e.muxer << e.code << e.reason; });
    }
    static void append(QByteArray &out, const QBiMuxInspectorLinkPrivate::FrameEvent &e)
    {
        const QBiMuxFrameInfo &f = e.info;
        writeRecord(out, QBiMuxInspectorWire::Frame, [&](QDataStream &s) {
            s << e.muxer << quint8(f.direction) << f.timestampMs << e.monoNs << f.number
              << quint8(f.flag) << f.route << f.payload.left(QBiMuxInspectorWire::MaxPayload)
              << f.wireSize << qint32(f.status) << f.errorMessage
              << f.timeoutMs
              // Appended for streams: an older inspector ends its read before them.
              << f.window << f.fromAcceptor;
        });
    }

    QBiMuxInspectorLinkPrivate *m_link;
    QString m_host;
    quint16 m_port;
    QTcpSocket *m_socket = nullptr;
    QTimer *m_retry = nullptr;
    quint64 m_reportedDropped = 0;
};

namespace {
void shutdownLink()
{
    // Before QCoreApplication goes: the sender's thread must not outlive it. The link
    // itself stays, since muxers still alive may call it; nobody drains it any more.
    if (QBiMuxInspectorLinkPrivate *link = g_link.load())
        link->stop();
}
} // namespace

QBiMuxInspectorLinkPrivate::QBiMuxInspectorLinkPrivate(const QString &host, quint16 port)
{
    clock.start();
    thread = new QThread;
    thread->setObjectName(QStringLiteral("BiMuxInspectorLink"));
    sender = new QBiMuxInspectorSender(this, host, port);
    sender->moveToThread(thread);
    QObject::connect(thread, &QThread::started, sender, [s = sender] { s->start(); });
    QObject::connect(thread, &QThread::finished, sender, &QObject::deleteLater);
    thread->start();
}

QBiMuxInspectorLinkPrivate::~QBiMuxInspectorLinkPrivate()
{
    stop();
}

void QBiMuxInspectorLinkPrivate::stop()
{
    stopped = true;
    {
        QMutexLocker locker(&mutex);
        sender = nullptr;
        queue.clear();
        queuedBytes = 0;
    }
    if (!thread)
        return;
    thread->quit();
    thread->wait();
    delete thread;
    thread = nullptr;
}

QBiMuxInspectorLinkPrivate *QBiMuxInspectorLinkPrivate::instance()
{
    return g_link.load(std::memory_order_acquire);
}

void QBiMuxInspectorLinkPrivate::observeNewMuxer(QBiMuxer *muxer)
{
    // The environment is read once, by the first muxer of the process.
    static const bool fromEnvironment = [] {
        const QString spec = qEnvironmentVariable("BIMUXQT_INSPECT");
        if (spec.isEmpty())
            return false;
        const qsizetype colon = spec.lastIndexOf(QLatin1Char(':'));
        bool ok = false;
        const quint16 port = colon > 0 ? spec.mid(colon + 1).toUShort(&ok) : 0;
        if (!ok || port == 0) {
            qCWarning(lcMuxer) << "BIMUXQT_INSPECT must be host:port, not" << spec;
            return false;
        }
        const bool remote = qEnvironmentVariableIntValue("BIMUXQT_INSPECT_ALLOW_REMOTE") == 1;
        return QBiMuxInspectorLink::attach(spec.left(colon), port,
                                           remote ? QBiMuxInspectorLink::HostPolicy::AllowRemote
                                                  : QBiMuxInspectorLink::HostPolicy::LoopbackOnly);
    }();
    Q_UNUSED(fromEnvironment);
    QBiMuxInspectorLinkPrivate *link = g_link.load(std::memory_order_acquire);
    if (Q_LIKELY(!link))
        return;
    muxer->addObserver(link);
    const quint64 key = quint64(quintptr(muxer));
    QObject::connect(muxer, &QBiMuxer::idChanged, muxer, [link, key](const QString &id) {
        link->enqueue(IdEvent {key, id}, id.size());
    });
}

void QBiMuxInspectorLinkPrivate::enqueue(Event &&event, qint64 bytes)
{
    if (stopped.load(std::memory_order_relaxed))
        return;
    QBiMuxInspectorSender *wake = nullptr;
    {
        QMutexLocker locker(&mutex);
        if (stopped.load(std::memory_order_relaxed))
            return;
        if (queue.size() >= MaxQueuedEvents || queuedBytes + bytes > MaxQueuedBytes) {
            dropped.fetch_add(1, std::memory_order_relaxed);
            return;
        }
        // One wake-up per batch: the sender takes everything queued until then.
        if (queue.isEmpty())
            wake = sender;
        queue.append(std::move(event));
        queuedBytes += bytes;
        if (wake)
            QMetaObject::invokeMethod(
                wake, [wake] { wake->drain(); }, Qt::QueuedConnection);
    }
}

QList<QBiMuxInspectorLinkPrivate::Event> QBiMuxInspectorLinkPrivate::takeEvents()
{
    QMutexLocker locker(&mutex);
    queuedBytes = 0;
    return std::exchange(queue, {});
}

void QBiMuxInspectorLinkPrivate::frameEvent(QBiMuxer *muxer, const QBiMuxFrameInfo &frame)
{
    enqueue(FrameEvent {quint64(quintptr(muxer)), clock.nsecsElapsed(), frame},
            qMin<qint64>(frame.payload.size(), QBiMuxInspectorWire::MaxPayload) + 64);
}

void QBiMuxInspectorLinkPrivate::connectionOpened(QBiMuxer *muxer)
{
    QWebSocket *socket = muxer->socket();
    enqueue(
        OpenedEvent {quint64(quintptr(muxer)), muxer->id(),
                     socket ? endpointString(socket->peerAddress(), socket->peerPort()) : QString(),
                     socket ? qbimuxRedacted(socket->requestUrl()) : QString(),
                     socket ? endpointString(socket->localAddress(), socket->localPort())
                            : QString()},
        256);
}

void QBiMuxInspectorLinkPrivate::connectionClosed(QBiMuxer *muxer,
                                                  QWebSocketProtocol::CloseCode code,
                                                  const QString &reason)
{
    enqueue(ClosedEvent {quint64(quintptr(muxer)), qint32(code), reason}, reason.size() + 16);
}

/*!
    \variable QBiMuxInspectorLink::DefaultPort
    The port the BiMux Inspector listens on for attaching processes unless told
    otherwise: 7631.
*/

/*!
    \enum QBiMuxInspectorLink::HostPolicy
    Where attach() lets the inspector be. The link is plain TCP and carries every payload,
    so the default keeps it on this machine.
    \value LoopbackOnly The inspector must be on this machine: a loopback address or
        \c localhost.
    \value AllowRemote Any host: every payload of every connection then crosses the
        network in the clear. Only on a trusted network, or through a tunnel.
*/

/*!
    Makes every QBiMuxer created from now on publish to the inspector at \a host:\a port.
    Does not wait for the inspector: events are queued until it answers, and dropped if
    it does not.

    The link is plain TCP and carries every payload of every connection, so by default
    \a host must be this machine: a loopback address (127.0.0.1, ::1) or \c localhost.
    Another host needs \a policy HostPolicy::AllowRemote (for BIMUXQT_INSPECT, the
    environment variable BIMUXQT_INSPECT_ALLOW_REMOTE=1): use it only on a network where
    anyone who can listen may see the traffic, or through a tunnel.

    Returns false, and publishes nothing, if the process is attached already or if \a
    host is not allowed.
*/
bool QBiMuxInspectorLink::attach(const QString &host, quint16 port, HostPolicy policy)
{
    const QString target = withoutBrackets(host);
    if (policy == HostPolicy::LoopbackOnly && !isThisMachine(target)) {
        qCWarning(lcMuxer) << "not publishing to the BiMux Inspector at" << host
                           << "- it is not this machine, and the link carries every payload "
                              "unencrypted; allow it with HostPolicy::AllowRemote or "
                              "BIMUXQT_INSPECT_ALLOW_REMOTE=1";
        return false;
    }
    QMutexLocker locker(&g_attachMutex);
    if (g_link.load())
        return false;
    // Never deleted, even by detach(): muxers keep a pointer to it until they die, which
    // may be after main() returned. Its thread ends at detach() or before
    // QCoreApplication does.
    auto *link = new QBiMuxInspectorLinkPrivate(target, port);
    g_link.store(link, std::memory_order_release);
    static const bool postRoutineAdded = [] {
        qAddPostRoutine(shutdownLink);
        return true;
    }();
    Q_UNUSED(postRoutineAdded);
    qCInfo(lcMuxer) << "publishing new connections to the BiMux Inspector at" << host << port;
    return true;
}

/*!
    Stops publishing: the connection to the inspector is closed, events still queued are
    discarded, and the muxers attached so far publish nothing more (each event costs them
    one atomic load from now on). Muxers created afterwards are not observed at all.
    attach() may be called again; the muxers of an earlier attachment stay silent.
*/
void QBiMuxInspectorLink::detach()
{
    QMutexLocker locker(&g_attachMutex);
    QBiMuxInspectorLinkPrivate *link = g_link.exchange(nullptr);
    if (!link)
        return;
    link->stop();
    // Kept, and reachable, for the muxers that still point to it.
    static auto *const retired = new QList<QBiMuxInspectorLinkPrivate *>;
    retired->append(link);
    qCInfo(lcMuxer) << "no longer publishing to the BiMux Inspector";
}

/*!
    Returns true between a successful attach() (or BIMUXQT_INSPECT taking effect) and
    detach(), whether or not the inspector has answered. Thread-safe.
*/
bool QBiMuxInspectorLink::isAttached()
{
    return g_link.load() != nullptr;
}

/*!
    Returns how many events were dropped since the last attach() because the inspector was
    absent, slow, or the bounded queue was full; 0 when not attached. Thread-safe.
*/
quint64 QBiMuxInspectorLink::droppedEventCount()
{
    QBiMuxInspectorLinkPrivate *link = g_link.load();
    return link ? link->dropped.load(std::memory_order_relaxed) : 0;
}
