// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "qbimuxtunnelconnection_p.h"

#include "qbimuxlogging_p.h"
#include "qbimuxstream.h"
#include "qbimuxtcppipe_p.h"
#include "qbimuxtunnel_p.h"

QBiMuxTunnelConnection::QBiMuxTunnelConnection(QBiMuxStream *stream,
                                               const QBiMuxTunnelConnectionInfo &info,
                                               QObject *parent)
    : QObject(parent)
    , m_stream(stream)
    , m_info(info)
{
    m_age.start();
    stream->setParent(this);
}

QBiMuxTunnelConnection::~QBiMuxTunnelConnection()
{
    if (m_onDestroyed)
        m_onDestroyed();
}

QBiMuxTunnelConnection *QBiMuxTunnelConnection::fromListener(qintptr descriptor,
                                                             QBiMuxStream *stream,
                                                             const QJsonObject &header,
                                                             const QBiMuxTunnelConnectionInfo &info,
                                                             QObject *parent)
{
    auto *connection = new QBiMuxTunnelConnection(stream, info, parent);
    connection->m_listening = true;
    // The header goes first; what the client sends follows it in the same stream. A
    // stream that could not open takes nothing and fails from the event loop.
    stream->write(QBiMuxTunnelProtocol::encodeHeader(header));
    connection->startPipe(descriptor);
    // From the event loop, as the dialing end's: the caller connects first. A stream that
    // could not open may fail before this runs; finish() announces it first then.
    QMetaObject::invokeMethod(
        connection, [connection] { connection->announceOpened(); }, Qt::QueuedConnection);
    return connection;
}

QBiMuxTunnelConnection *QBiMuxTunnelConnection::fromStream(QBiMuxStream *stream, Resolver resolver,
                                                           std::chrono::milliseconds connectTimeout,
                                                           const QBiMuxTunnelConnectionInfo &info,
                                                           QObject *parent)
{
    auto *connection = new QBiMuxTunnelConnection(stream, info, parent);
    connection->m_resolver = std::move(resolver);
    connection->m_connectTimeout = connectTimeout;
    connect(stream, &QIODevice::readyRead, connection, &QBiMuxTunnelConnection::readHeader);
    connect(stream, &QIODevice::readChannelFinished, connection,
            &QBiMuxTunnelConnection::readHeader);
    connect(stream, &QBiMuxStream::finished, connection, &QBiMuxTunnelConnection::onStreamEnded);
    QMetaObject::invokeMethod(connection, &QBiMuxTunnelConnection::readHeader,
                              Qt::QueuedConnection);
    return connection;
}

QBiMuxTunnelConnectionInfo QBiMuxTunnelConnection::info() const
{
    QBiMuxTunnelConnectionInfo info = m_info;
    info.duration = std::chrono::milliseconds(m_age.elapsed());
    if (m_pipe) {
        info.bytesToTarget = m_listening ? m_pipe->bytesFromSocket() : m_pipe->bytesToSocket();
        info.bytesFromTarget = m_listening ? m_pipe->bytesToSocket() : m_pipe->bytesFromSocket();
    }
    return info;
}

void QBiMuxTunnelConnection::readHeader()
{
    if (!m_stream || m_connector || m_pipe || m_finished)
        return;
    if (!m_stream->canReadLine()) {
        if (m_stream->bytesAvailable() > QBiMuxTunnelProtocol::MaxHeaderSize || m_stream->atEnd()) {
            refuse(QBiMuxStatus(QBiMux::StatusCode::InvalidArgument,
                                tr("the tunnel stream does not start with a header line")));
        }
        return;
    }
    const QByteArray line = m_stream->readLine(QBiMuxTunnelProtocol::MaxHeaderSize + 1);
    const QJsonObject header = QBiMuxTunnelProtocol::decodeHeader(line);
    if (header.isEmpty()) {
        refuse(QBiMuxStatus(QBiMux::StatusCode::InvalidArgument,
                            tr("the tunnel stream's header is not JSON")));
        return;
    }
    m_info.origin = header.value(QStringLiteral("from")).toString();
    const Target target = m_resolver(header);
    m_info.target = QBiMuxTcp::joinHostPort(target.host, target.port);
    if (!target.refusal.isOk()) {
        refuse(target.refusal);
        return;
    }
    m_connector = new QBiMuxTcpConnector(this);
    connect(m_connector, &QBiMuxTcpConnector::connected, this, &QBiMuxTunnelConnection::onDialed);
    connect(m_connector, &QBiMuxTcpConnector::failed, this, &QBiMuxTunnelConnection::onDialFailed);
    m_connector->connectToHost(target.host, target.port, m_connectTimeout, target.filter);
}

void QBiMuxTunnelConnection::onDialed()
{
    const qintptr descriptor = m_connector->takeDescriptor();
    m_connector->deleteLater();
    m_connector = nullptr;
    if (!m_stream || m_finished) {
        QBiMuxTcp::close(descriptor, true);
        return;
    }
    disconnect(m_stream, nullptr, this, nullptr);
    startPipe(descriptor);
    announceOpened();
}

void QBiMuxTunnelConnection::announceOpened()
{
    if (m_opened || m_finished)
        return;
    m_opened = true;
    emit opened(info());
}

void QBiMuxTunnelConnection::onDialFailed(const QBiMuxStatus &status)
{
    m_connector->deleteLater();
    m_connector = nullptr;
    refuse(status);
}

void QBiMuxTunnelConnection::startPipe(qintptr descriptor)
{
    m_pipe = new QBiMuxTcpPipe(descriptor, m_stream, this);
    connect(m_pipe, &QBiMuxTcpPipe::finished, this, [this] { finish(m_pipe->status()); });
}

void QBiMuxTunnelConnection::refuse(const QBiMuxStatus &status)
{
    qCDebug(lcTunnel) << "refusing tunnel connection" << m_info.id << "to" << m_info.target << ":"
                      << status;
    if (m_stream)
        m_stream->abort(status.code(), status.message());
    finish(status);
}

void QBiMuxTunnelConnection::onStreamEnded()
{
    if (m_pipe || m_finished)
        return;
    // The listening end gave up (or its link went) before this end dialed. A stream that
    // ended without a failure ended before its header was read.
    const QBiMuxStatus status = m_stream ? m_stream->status() : QBiMuxStatus();
    if (status.isOk() || status.message().isEmpty()) {
        finish(QBiMuxStatus(status.isOk() ? QBiMux::StatusCode::Cancelled : status.code(),
                            tr("the other end closed the connection"), status.origin()));
        return;
    }
    finish(status);
}

void QBiMuxTunnelConnection::finish(const QBiMuxStatus &status)
{
    if (m_finished)
        return;
    // A log reads the listening end's connection as opened, then ended, whatever ended it.
    if (m_listening)
        announceOpened();
    m_finished = true;
    delete std::exchange(m_connector, nullptr);
    m_info.status = status;
    const QBiMuxTunnelConnectionInfo ended = info();
    deleteLater();
    emit finished(ended);
}
