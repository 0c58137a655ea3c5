// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef QBIMUXINSPECTORLINK_P_H
#define QBIMUXINSPECTORLINK_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the BiMuxQt API. It may change from version to version
// without notice, or even be removed.
//

#include "qbimuxinspectorlink.h"
#include "qbimuxobserver.h"

#include <QtCore/qelapsedtimer.h>
#include <QtCore/qlist.h>
#include <QtCore/qmutex.h>

#include <atomic>
#include <variant>

QT_BEGIN_NAMESPACE
class QThread;
QT_END_NAMESPACE
class QBiMuxInspectorSender;

// The record types of the attach stream (docs/inspector.md, "Attach protocol").
namespace QBiMuxInspectorWire {
constexpr quint32 Magic = 0x424d5849; // "BMXI"
constexpr quint16 Version = 1;
enum RecordType { Hello = 1, Opened = 2, IdChanged = 3, Closed = 4, Frame = 5, Dropped = 6 };
// Payloads beyond this are cut; wireSize still tells the real size.
constexpr int MaxPayload = 64 * 1024;
} // namespace QBiMuxInspectorWire

// The observer every muxer of the process gets once attached. Observer calls come from
// any muxer's thread; they only copy the event into a bounded queue (dropping with a
// counter when it is full) and wake the sender thread, so a slow or absent inspector
// never holds up a muxer.
class QBiMuxInspectorLinkPrivate : public QBiMuxObserver
{
public:
    // What the sender thread serialises; QByteArray payloads are shared, not copied.
    struct OpenedEvent
    {
        quint64 muxer;
        QString id;
        QString peer;
        QString url;
        QString local; // host:port of this end, so that the inspector can pair both ends
    };
    struct IdEvent
    {
        quint64 muxer;
        QString id;
    };
    struct ClosedEvent
    {
        quint64 muxer;
        qint32 code;
        QString reason;
    };
    struct FrameEvent
    {
        quint64 muxer;
        qint64 monoNs;
        QBiMuxFrameInfo info;
    };
    using Event = std::variant<OpenedEvent, IdEvent, ClosedEvent, FrameEvent>;

    static constexpr int MaxQueuedEvents = 65536;
    static constexpr qint64 MaxQueuedBytes = 64 * 1024 * 1024;

    QBiMuxInspectorLinkPrivate(const QString &host, quint16 port);
    ~QBiMuxInspectorLinkPrivate() override;

    // Called by every QBiMuxer constructor: one atomic load when nobody attached.
    static void observeNewMuxer(QBiMuxer *muxer);
    static QBiMuxInspectorLinkPrivate *instance();

    void frameEvent(QBiMuxer *muxer, const QBiMuxFrameInfo &frame) override;
    void connectionOpened(QBiMuxer *muxer) override;
    void connectionClosed(QBiMuxer *muxer, QWebSocketProtocol::CloseCode code,
                          const QString &reason) override;

    // Ends the sender thread (at detach(), or before QCoreApplication goes); events are
    // not queued any more afterwards.
    void stop();

    // For the sender thread.
    QList<Event> takeEvents();
    void addDropped(quint64 count) { dropped.fetch_add(count, std::memory_order_relaxed); }

    std::atomic<quint64> dropped {0};
    // Checked before anything else by every event: a detached link costs its muxers one
    // atomic load per event.
    std::atomic<bool> stopped {false};

private:
    void enqueue(Event &&event, qint64 bytes);

    QMutex mutex;
    QList<Event> queue;
    qint64 queuedBytes = 0;
    QElapsedTimer clock;
    QThread *thread = nullptr;
    QBiMuxInspectorSender *sender = nullptr;
};

#endif // QBIMUXINSPECTORLINK_P_H
