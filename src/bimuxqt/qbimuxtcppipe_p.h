// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef QBIMUXTCPPIPE_P_H
#define QBIMUXTCPPIPE_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the BiMuxQt API. It may change from version to version
// without notice, or even be removed.
//

#include "qbimuxnamespace.h"
#include "qbimuxstatus.h"

#include <QtCore/qelapsedtimer.h>
#include <QtCore/qobject.h>
#include <QtCore/qpointer.h>

QT_BEGIN_NAMESPACE
class QSocketNotifier;
QT_END_NAMESPACE

class QBiMuxStream;

// Joins a connected TCP descriptor to a QBiMuxStream, both ways, with flow control and
// half-close (docs/tunnel.md):
// - socket -> stream: the socket is read only while the stream's write buffer has room,
//   so a slow link pushes back on the TCP sender; its end of data becomes closeWrite().
// - stream -> socket: the stream is read only while the socket takes the bytes; what the
//   kernel does not take at once (at most one read, MaxChunk) waits here, and the rest
//   stays in the stream, whose window then pushes back on the peer. The stream's end
//   becomes shutdown(SHUT_WR) once everything before it is written.
// The socket is closed once both directions ended; a failure on either side resets the
// other (the stream with a code and a reason, the socket with a TCP reset). finished()
// comes once, after the stream ended too. What the pipe holds per connection is bounded:
// the stream's receive window and write buffer, and MaxChunk here.
class QBiMuxTcpPipe : public QObject
{
    Q_OBJECT

public:
    static constexpr qint64 MaxChunk = 64 * 1024;

    // Takes over `descriptor` (connected, non-blocking) and `stream`, which becomes the
    // pipe's child.
    QBiMuxTcpPipe(qintptr descriptor, QBiMuxStream *stream, QObject *parent = nullptr);
    // Resets what has not ended.
    ~QBiMuxTcpPipe() override;

    QBiMuxStream *stream() const { return m_stream; }
    // From the socket into the stream, and from the stream out to the socket.
    qint64 bytesFromSocket() const { return m_fromSocket; }
    qint64 bytesToSocket() const { return m_toSocket; }
    qint64 elapsedMs() const { return m_age.elapsed(); }
    bool isFinished() const { return m_finished; }
    // Ok once finished cleanly; otherwise why it failed, Remote if the failure came from
    // the other end of the stream.
    QBiMuxStatus status() const { return m_status; }

    // Ends both sides at once: the stream is reset with the status's code and message.
    void fail(const QBiMuxStatus &status);

Q_SIGNALS:
    void finished();

private:
    void onReadable();
    void flushToSocket();
    void onStreamError(const QBiMuxStatus &status);
    void onStreamFinished();
    void socketFailed(int error);
    void closeSocket(bool reset);
    void checkDone();

    qintptr m_descriptor;
    QPointer<QBiMuxStream> m_stream;
    QSocketNotifier *m_readNotifier = nullptr;
    QSocketNotifier *m_writeNotifier = nullptr;
    QByteArray m_unsent; // read from the stream, not taken by the kernel yet
    qint64 m_fromSocket = 0;
    qint64 m_toSocket = 0;
    QElapsedTimer m_age;
    bool m_socketEnded = false; // the socket's end of data went into the stream
    bool m_shutdownSent = false; // the stream's end went out to the socket
    bool m_streamEnded = false;
    bool m_finished = false;
    QBiMuxStatus m_status;
};

#endif // QBIMUXTCPPIPE_P_H
