// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "attachreceiver.h"

#include "attachedprocess.h"
#include "inspectorlogging.h"

#include <QtNetwork/qtcpserver.h>
#include <QtNetwork/qtcpsocket.h>

AttachReceiver::AttachReceiver(InspectorSession *session, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_server(new QTcpServer(this))
{
    connect(m_server, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket *socket = m_server->nextPendingConnection()) {
            auto *process = new AttachedProcess(m_session, socket, this);
            m_processes.append(process);
            connect(process, &AttachedProcess::helloReceived, this,
                    &AttachReceiver::processesChanged);
            connect(process, &AttachedProcess::finished, this, [this, process] {
                m_processes.removeOne(process);
                process->deleteLater();
                emit processesChanged();
            });
        }
    });
}

AttachReceiver::~AttachReceiver()
{
    close();
}

bool AttachReceiver::listen(const QHostAddress &address, quint16 port)
{
    if (!m_server->listen(address, port))
        return false;
    qCInfo(lcAttach) << "waiting for processes on" << address << m_server->serverPort();
    return true;
}

void AttachReceiver::close()
{
    m_server->close();
    qDeleteAll(std::exchange(m_processes, {}));
    emit processesChanged();
}

bool AttachReceiver::isListening() const
{
    return m_server->isListening();
}

quint16 AttachReceiver::port() const
{
    return m_server->serverPort();
}

QString AttachReceiver::errorString() const
{
    return m_server->errorString();
}

QList<const AttachedProcess *> AttachReceiver::attachedProcesses() const
{
    QList<const AttachedProcess *> greeted;
    for (const AttachedProcess *process : m_processes) {
        if (process->isGreeted())
            greeted.append(process);
    }
    return greeted;
}

QStringList AttachReceiver::processes() const
{
    QStringList names;
    for (const AttachedProcess *process : m_processes) {
        if (process->isGreeted())
            names.append(process->name());
    }
    return names;
}
