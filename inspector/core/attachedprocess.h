// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef ATTACHEDPROCESS_H
#define ATTACHEDPROCESS_H

#include <QtCore/qhash.h>
#include <QtCore/qobject.h>
#include <QtCore/qpointer.h>

class InspectorSession;
QT_BEGIN_NAMESPACE
class QTcpSocket;
class QDataStream;
QT_END_NAMESPACE

// One attached process: reads its length-prefixed records (docs/inspector.md, "Attach
// protocol") and turns them into session connections and frames.
//
// A few milliseconds of records at a time: a busy process can write much faster than the
// inspector takes frames, and reading all it sent in one go would keep the window from
// reacting for as long. What is not read waits in the socket (its read buffer is bounded
// too), so the process's link notices, and the event loop turns in between.
class AttachedProcess : public QObject
{
    Q_OBJECT

public:
    AttachedProcess(InspectorSession *session, QTcpSocket *socket, QObject *parent = nullptr);
    ~AttachedProcess() override;

    QString name() const; // "app (pid 42)", once the hello arrived
    qint64 pid() const { return m_pid; }
    QString appName() const { return m_appName; }
    // host:port of the process's end of the attach connection.
    QString address() const { return m_address; }
    // Its muxers that are open or opening now.
    int connectionCount() const { return int(m_connections.size()); }
    // Events the process dropped so far (its queue was full), as it last said.
    quint64 droppedEvents() const { return m_dropped; }
    // When the process connected, ms since the epoch.
    qint64 connectedSinceMs() const { return m_connectedSinceMs; }
    // Said hello as a BiMuxQt inspector link.
    bool isGreeted() const { return m_greeted; }

Q_SIGNALS:
    void helloReceived();
    void finished();

private:
    void onReadyRead();
    bool handleRecord(const QByteArray &record);
    int connectionFor(quint64 muxer);
    void closeAll(const QString &reason);
    QString sourceName() const;

    QPointer<InspectorSession> m_session;
    QTcpSocket *m_socket;
    QByteArray m_buffer;
    qsizetype m_parsed = 0; // bytes of m_buffer handled already
    bool m_continuing = false;
    bool m_greeted = false;
    qint64 m_pid = 0;
    QString m_appName;
    QString m_address;
    quint64 m_dropped = 0;
    qint64 m_connectedSinceMs = 0;
    // The muxer's key in the process -> the session's connection key.
    QHash<quint64, int> m_connections;
};

#endif // ATTACHEDPROCESS_H
