// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef ATTACHRECEIVER_H
#define ATTACHRECEIVER_H

#include <QtCore/qobject.h>
#include <QtNetwork/qhostaddress.h>

class InspectorSession;
class AttachedProcess;
QT_BEGIN_NAMESPACE
class QTcpServer;
QT_END_NAMESPACE

// Attach mode: listens on a local TCP port for processes whose muxers publish their
// events (QBiMuxInspectorLink, BIMUXQT_INSPECT=127.0.0.1:PORT) and feeds the session.
// Each process is one TCP connection; each of its muxers one inspector connection.
class AttachReceiver : public QObject
{
    Q_OBJECT

public:
    explicit AttachReceiver(InspectorSession *session, QObject *parent = nullptr);
    ~AttachReceiver() override;

    bool listen(const QHostAddress &address = QHostAddress::LocalHost, quint16 port = 0);
    void close();
    bool isListening() const;
    quint16 port() const;
    QString errorString() const;

    // "name (pid N)" of every attached process that said hello.
    QStringList processes() const;
    // The attached processes that said hello, in the order they came.
    QList<const AttachedProcess *> attachedProcesses() const;

Q_SIGNALS:
    // A process said hello or left.
    void processesChanged();

private:
    InspectorSession *m_session;
    QTcpServer *m_server;
    QList<AttachedProcess *> m_processes;
};

#endif // ATTACHRECEIVER_H
