// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef ECHOSTREAM_H
#define ECHOSTREAM_H

#include <QBiMuxStream>

// A stream handler for tests: echoes what the stream reads, and ends its data after the
// peer's.
inline void echoStream(QBiMuxStream *stream)
{
    const auto pump = [stream] {
        stream->write(stream->readAll());
        if (stream->atEnd() && (stream->openMode() & QIODevice::WriteOnly))
            stream->closeWrite();
    };
    QObject::connect(stream, &QIODevice::readyRead, stream, pump);
    QObject::connect(stream, &QIODevice::readChannelFinished, stream, pump);
}

#endif // ECHOSTREAM_H
