// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

// bimuxqt-relay: the baseline of tools/run-tunnel-bench.sh. One hop of a plain TCP relay:
// each connection accepted on --listen gets a TCP connection of its own to --to, and the
// bytes are copied both ways. Two of them in a row make the two-hop path that a tunnel's
// -L mapping makes (client -> connect side -> serve side -> target), without the
// multiplexing: one relay connection per client connection, no WebSocket, no frames.
//
// Built the way a Qt program would: QTcpServer and QTcpSocket in one event loop, each
// socket read only while the other side's write buffer is below a mark (as the tunnel
// reads its sockets only while its stream has room), so that memory stays bounded.
//
//   bimuxqt-relay --listen PORT --to HOST:PORT

#include <QtCore/qcommandlineparser.h>
#include <QtCore/qcoreapplication.h>
#include <QtNetwork/qtcpserver.h>
#include <QtNetwork/qtcpsocket.h>

#include <cstdio>

namespace {

// What a socket may hold unsent before its peer socket is read no more: the tunnel's
// stream write buffer (512 KiB).
constexpr qint64 HighWater = 512 * 1024;
constexpr qint64 Chunk = 64 * 1024;

void pump(QTcpSocket *from, QTcpSocket *to)
{
    char buffer[Chunk];
    while (from->bytesAvailable() > 0 && to->bytesToWrite() < HighWater) {
        const qint64 n = from->read(buffer, sizeof buffer);
        if (n <= 0)
            break;
        to->write(buffer, n);
    }
}

void join(QTcpSocket *a, QTcpSocket *b)
{
    for (auto [from, to] : {std::pair {a, b}, std::pair {b, a}}) {
        // The read buffer's bound makes Qt leave the rest in the kernel: TCP pushes back.
        from->setReadBufferSize(HighWater);
        from->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        QObject::connect(from, &QTcpSocket::readyRead, to, [from, to] { pump(from, to); });
        QObject::connect(to, &QTcpSocket::bytesWritten, from, [from, to] { pump(from, to); });
        QObject::connect(from, &QTcpSocket::disconnected, to, [from, to] {
            pump(from, to);
            to->disconnectFromHost();
            from->deleteLater();
        });
    }
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("One hop of a plain TCP relay."));
    parser.addHelpOption();
    parser.addOptions(
        {{QStringLiteral("listen"), QStringLiteral("Port on 127.0.0.1."), QStringLiteral("PORT")},
         {QStringLiteral("to"), QStringLiteral("Where to relay to."),
          QStringLiteral("HOST:PORT")}});
    parser.process(app);
    const QString to = parser.value(QStringLiteral("to"));
    const QString host = to.section(QLatin1Char(':'), 0, -2);
    const quint16 port = quint16(to.section(QLatin1Char(':'), -1).toUInt());

    QTcpServer server;
    QObject::connect(&server, &QTcpServer::newConnection, &server, [&] {
        while (QTcpSocket *client = server.nextPendingConnection()) {
            auto *upstream = new QTcpSocket;
            // What the client sends before the upstream is connected waits in the
            // client's socket (bounded) and is pumped once it is.
            join(client, upstream);
            QObject::connect(upstream, &QTcpSocket::connected, upstream, [client, upstream] {
                upstream->setProperty("up", true);
                pump(client, upstream);
            });
            QObject::connect(upstream, &QTcpSocket::errorOccurred, client,
                             [client, upstream](QAbstractSocket::SocketError) {
                                 // A failed connect; the end of a connection is
                                 // disconnected()'s.
                                 if (!upstream->property("up").toBool()) {
                                     client->abort();
                                     upstream->deleteLater();
                                 }
                             });
            upstream->connectToHost(host, port);
        }
    });
    if (!server.listen(QHostAddress::LocalHost,
                       quint16(parser.value(QStringLiteral("listen")).toUInt()))) {
        std::fprintf(stderr, "cannot listen: %s\n", qPrintable(server.errorString()));
        return 1;
    }
    std::fprintf(stderr, "relaying 127.0.0.1:%u to %s\n", unsigned(server.serverPort()),
                 qPrintable(to));
    return app.exec();
}
