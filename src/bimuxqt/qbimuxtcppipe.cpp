// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "qbimuxtcppipe_p.h"

#include "qbimuxlogging_p.h"
#include "qbimuxstream.h"
#include "qbimuxtcp_p.h"

#include <QtCore/qsocketnotifier.h>

#include <cerrno>

#include <sys/socket.h>

namespace {
// Reads from a socket per wake-up at most, so that one busy connection leaves the event
// loop to the others.
constexpr int MaxReadsPerWakeUp = 4;
} // namespace

QBiMuxTcpPipe::QBiMuxTcpPipe(qintptr descriptor, QBiMuxStream *stream, QObject *parent)
    : QObject(parent)
    , m_descriptor(descriptor)
    , m_stream(stream)
{
    m_age.start();
    stream->setParent(this);
    m_readNotifier = new QSocketNotifier(descriptor, QSocketNotifier::Read, this);
    m_writeNotifier = new QSocketNotifier(descriptor, QSocketNotifier::Write, this);
    m_writeNotifier->setEnabled(false);
    connect(m_readNotifier, &QSocketNotifier::activated, this, &QBiMuxTcpPipe::onReadable);
    connect(m_writeNotifier, &QSocketNotifier::activated, this, &QBiMuxTcpPipe::flushToSocket);
    // Room in the stream's write buffer again: read the socket again.
    connect(stream, &QIODevice::bytesWritten, this, [this] {
        if (m_descriptor >= 0 && !m_socketEnded)
            m_readNotifier->setEnabled(true);
    });
    connect(stream, &QIODevice::readyRead, this, &QBiMuxTcpPipe::flushToSocket);
    connect(stream, &QIODevice::readChannelFinished, this, &QBiMuxTcpPipe::flushToSocket);
    connect(stream, &QBiMuxStream::errorOccurred, this, &QBiMuxTcpPipe::onStreamError);
    connect(stream, &QBiMuxStream::finished, this, &QBiMuxTcpPipe::onStreamFinished);
    // What the stream holds already (the acceptor's side got data while it dialed).
    if (stream->bytesAvailable() > 0 || stream->atEnd())
        QMetaObject::invokeMethod(this, &QBiMuxTcpPipe::flushToSocket, Qt::QueuedConnection);
}

QBiMuxTcpPipe::~QBiMuxTcpPipe()
{
    closeSocket(true);
}

void QBiMuxTcpPipe::fail(const QBiMuxStatus &status)
{
    if (m_finished || !m_status.isOk())
        return;
    m_status = status;
    closeSocket(true);
    if (m_stream && !m_streamEnded)
        m_stream->abort(status.code(), status.message()); // finished() follows from the event loop
    checkDone();
}

void QBiMuxTcpPipe::onReadable()
{
    if (m_descriptor < 0)
        return;
    if (m_socketEnded || !m_stream) {
        m_readNotifier->setEnabled(false);
        return;
    }
    char buffer[MaxChunk];
    for (int i = 0; i < MaxReadsPerWakeUp; ++i) {
        const qint64 room = m_stream->writeBufferSize() - m_stream->bytesToWrite();
        if (room <= 0) {
            // The stream's bytesWritten() turns reading on again.
            m_readNotifier->setEnabled(false);
            return;
        }
        const ssize_t n = ::recv(int(m_descriptor), buffer, size_t(std::min(room, MaxChunk)), 0);
        if (n > 0) {
            m_fromSocket += n;
            if (m_stream->write(buffer, n) != n) {
                // Only a stream that ended takes less than its room; its signals follow.
                m_readNotifier->setEnabled(false);
                return;
            }
            continue;
        }
        if (n == 0) {
            m_socketEnded = true;
            m_readNotifier->setEnabled(false);
            m_stream->closeWrite();
            checkDone();
            return;
        }
        if (errno == EINTR)
            continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK)
            socketFailed(errno);
        return;
    }
}

void QBiMuxTcpPipe::flushToSocket()
{
    if (m_descriptor < 0 || m_shutdownSent || !m_stream)
        return;
    char buffer[MaxChunk];
    for (;;) {
        const char *data;
        qint64 size;
        if (!m_unsent.isEmpty()) {
            data = m_unsent.constData();
            size = m_unsent.size();
        } else {
            size = m_stream->read(buffer, MaxChunk);
            if (size <= 0)
                break;
            data = buffer;
        }
        const ssize_t n = ::send(int(m_descriptor), data, size_t(size), MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
            socketFailed(errno);
            return;
        }
        const qint64 sent = std::max<ssize_t>(n, 0);
        m_toSocket += sent;
        if (sent < size) {
            // The kernel's buffer is full: keep the rest, read no more from the stream
            // until the socket is writable again.
            m_unsent = data == buffer ? QByteArray(data + sent, qsizetype(size - sent))
                                      : m_unsent.mid(qsizetype(sent));
            m_writeNotifier->setEnabled(true);
            return;
        }
        m_unsent.clear();
    }
    m_writeNotifier->setEnabled(false);
    // atEnd(): read to the end and the peer ended its data (or the stream failed, which
    // onStreamError() handles).
    if (m_stream->atEnd() && m_stream->state() != QBiMux::StreamState::Failed) {
        m_shutdownSent = true;
        ::shutdown(int(m_descriptor), SHUT_WR);
        checkDone();
    }
}

void QBiMuxTcpPipe::onStreamError(const QBiMuxStatus &status)
{
    if (m_status.isOk())
        m_status = status;
    closeSocket(true);
}

void QBiMuxTcpPipe::onStreamFinished()
{
    m_streamEnded = true;
    // A clean end may leave bytes to write out; a failed one closed the socket already.
    flushToSocket();
    checkDone();
}

void QBiMuxTcpPipe::socketFailed(int error)
{
    const QString reason = tr("connection from %1 failed: %2")
                               .arg(QBiMuxTcp::peerName(m_descriptor), qt_error_string(error));
    qCDebug(lcTunnel) << this << reason;
    fail(QBiMuxStatus(QBiMux::StatusCode::Aborted, reason));
}

void QBiMuxTcpPipe::closeSocket(bool reset)
{
    if (m_descriptor < 0)
        return;
    // Later: this may run inside one of their activated() signals. Disabled, they watch
    // the descriptor no more, so it can be closed now.
    for (QSocketNotifier *notifier : {m_readNotifier, m_writeNotifier}) {
        notifier->setEnabled(false);
        notifier->deleteLater();
    }
    m_readNotifier = m_writeNotifier = nullptr;
    QBiMuxTcp::close(std::exchange(m_descriptor, -1), reset);
    m_unsent.clear();
}

void QBiMuxTcpPipe::checkDone()
{
    if (m_socketEnded && m_shutdownSent)
        closeSocket(false);
    if (m_finished || m_descriptor >= 0 || !m_streamEnded)
        return;
    m_finished = true;
    emit finished();
}
