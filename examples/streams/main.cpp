// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

// Streams: a server and a client in one process, on 127.0.0.1. The client uploads a few
// MiB through a stream, as fast as the stream takes them, ends its data and reads what
// the server answers on the same stream: the SHA-256 of what it read. The program exits
// with 0 when that matches the client's own hash. See docs/streams.md.
//
//   streams-example [--mib 16]

#include <QBiMuxServer>
#include <QBiMuxStream>
#include <QBiMuxer>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QRandomGenerator>

namespace {
constexpr qint32 HashRoute = 1;

void say(const QString &text)
{
    qInfo().noquote() << "[streams]" << text;
}

// The server's side of one stream: hashes everything it reads and, once the client has
// ended its data, answers with the hash and ends its own.
void serveHash(QBiMuxStream *stream)
{
    auto *hash = new QCryptographicHash(QCryptographicHash::Sha256);
    QObject::connect(stream, &QIODevice::readyRead, stream,
                     [stream, hash] { hash->addData(stream->readAll()); });
    QObject::connect(stream, &QIODevice::readChannelFinished, stream, [stream, hash] {
        hash->addData(stream->readAll());
        stream->write(hash->result().toHex());
        stream->closeWrite();
    });
    // Streams belong to their muxer; this one is done with once it finished either way.
    QObject::connect(stream, &QBiMuxStream::finished, stream, [stream, hash] {
        delete hash;
        stream->deleteLater();
    });
}
} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Uploads bytes through a bimux stream."));
    parser.addHelpOption();
    const QCommandLineOption mibOption(QStringLiteral("mib"), QStringLiteral("MiB to upload."),
                                       QStringLiteral("n"), QStringLiteral("16"));
    parser.addOption(mibOption);
    parser.process(app);
    const qint64 total = qint64(std::max(1, parser.value(mibOption).toInt())) * 1024 * 1024;

    QBiMuxServer server;
    // For every connection: the stream handler runs in the connection's thread.
    server.setStreamHandler(HashRoute, nullptr, serveHash);
    if (!server.listen(QHostAddress::LocalHost)) {
        say(QStringLiteral("cannot listen: %1").arg(server.errorString()));
        return 2;
    }

    QBiMuxer client;
    QCryptographicHash sent(QCryptographicHash::Sha256);
    QByteArray answer;
    QByteArray chunk(256 * 1024, Qt::Uninitialized);
    qint64 left = total;
    qint64 offset = chunk.size(); // into `chunk`: what write() has not taken yet
    QElapsedTimer elapsed;

    QObject::connect(&client, &QBiMuxer::connected, &client, [&] {
        QBiMuxStream *stream = client.openStream(HashRoute);
        // write() takes what fits in the stream's buffer and says how much; the rest
        // waits for bytesWritten(). Nothing blocks, and memory stays bounded.
        auto writeMore = [&, stream] {
            while (left > 0) {
                if (offset == chunk.size()) {
                    QRandomGenerator::global()->fillRange(reinterpret_cast<quint32 *>(chunk.data()),
                                                          chunk.size() / 4);
                    sent.addData(chunk.left(qsizetype(std::min<qint64>(left, chunk.size()))));
                    offset = 0;
                }
                const qint64 n = stream->write(chunk.constData() + offset,
                                               std::min<qint64>(left, chunk.size() - offset));
                if (n <= 0)
                    return;
                offset += n;
                left -= n;
            }
            stream->closeWrite(); // once, after the last byte: the server's read ends there
        };
        QObject::connect(stream, &QIODevice::bytesWritten, stream, writeMore);
        QObject::connect(stream, &QIODevice::readyRead, stream,
                         [&, stream] { answer += stream->readAll(); });
        QObject::connect(stream, &QBiMuxStream::errorOccurred, stream,
                         [](const QBiMuxStatus &status) {
                             say(QStringLiteral("stream failed: %1").arg(status.message()));
                             QCoreApplication::exit(1);
                         });
        QObject::connect(stream, &QBiMuxStream::finished, stream, [&, stream] {
            if (stream->state() != QBiMux::StreamState::Finished)
                return; // errorOccurred() said why
            const double seconds = elapsed.nsecsElapsed() / 1e9;
            const bool match = answer == sent.result().toHex();
            say(QStringLiteral("uploaded %1 MiB in %2 s (%3 MB/s); the server's hash %4")
                    .arg(total / (1024 * 1024))
                    .arg(seconds, 0, 'f', 3)
                    .arg(total / seconds / 1e6, 0, 'f', 1)
                    .arg(match ? QStringLiteral("matches") : QStringLiteral("DIFFERS")));
            QCoreApplication::exit(match ? 0 : 1);
        });
        elapsed.start();
        writeMore();
    });
    QObject::connect(&client, &QBiMuxer::disconnected, &client,
                     [](QWebSocketProtocol::CloseCode, const QString &reason) {
                         say(QStringLiteral("disconnected: %1").arg(reason));
                         QCoreApplication::exit(1);
                     });
    client.open(server.serverUrl());
    const int code = app.exec();
    client.disconnect();
    return code;
}
