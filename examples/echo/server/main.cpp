// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

// Echo server: answers every request on route 1 with the bytes it was sent.
//
//   echo-server [--address 127.0.0.1] [--port 12000] [--exit-after N]
//
// Exits with 2 when it cannot listen (the port is taken, say), so that a script can
// try another port.

#include <QBiMuxServer>
#include <QBiMuxer>

#include <QCommandLineParser>
#include <QCoreApplication>

namespace {
constexpr qint32 EchoRoute = 1;

// Gives the strings below a translation context without needing a QObject.
struct EchoServer
{
    Q_DECLARE_TR_FUNCTIONS(EchoServer)
};

// A client may announce an id (QBiMuxer::setId(), or ?id= in the URL); this one needs none.
QString nameOf(const QBiMuxer *client)
{
    return client->id().isEmpty() ? EchoServer::tr("(no id)") : client->id();
}

void say(const QString &text)
{
    qInfo().noquote() << "[echo-server]" << text;
}
} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("echo-server"));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        EchoServer::tr("Answers every bimux request on route 1 with its data."));
    parser.addHelpOption();
    const QCommandLineOption addressOption(QStringLiteral("address"),
                                           EchoServer::tr("Address to listen on."),
                                           EchoServer::tr("address"), QStringLiteral("127.0.0.1"));
    const QCommandLineOption portOption(QStringLiteral("port"),
                                        EchoServer::tr("Port to listen on; 0 picks a free one."),
                                        EchoServer::tr("port"), QStringLiteral("12000"));
    const QCommandLineOption exitAfterOption(
        QStringLiteral("exit-after"),
        EchoServer::tr("Quit once this many clients have disconnected; 0 runs until killed."),
        EchoServer::tr("count"), QStringLiteral("0"));
    parser.addOptions({addressOption, portOption, exitAfterOption});
    parser.process(app);

    const QHostAddress address(parser.value(addressOption));
    bool portOk = false;
    const uint port = parser.value(portOption).toUInt(&portOk);
    const int exitAfter = parser.value(exitAfterOption).toInt();
    if (address.isNull() || !portOk || port > 65535) {
        qCritical().noquote() << EchoServer::tr("invalid address or port");
        return 1;
    }

    QBiMuxServer server;
    // A server-wide handler serves every connection, present and future. Returning the
    // data answers the request; the context object (&server) picks the thread it runs in.
    server.setRequestHandler(EchoRoute, &server, [](const QByteArray &data) {
        say(EchoServer::tr("echoing %n byte(s)", nullptr, int(data.size())));
        return data;
    });

    int disconnected = 0;
    QObject::connect(&server, &QBiMuxServer::newConnection, &app, [](QBiMuxer *client) {
        say(EchoServer::tr("client %1 connected").arg(nameOf(client)));
    });
    QObject::connect(
        &server, &QBiMuxServer::connectionClosed, &app,
        [&](QBiMuxer *client, QWebSocketProtocol::CloseCode code, const QString &reason) {
            say(EchoServer::tr("client %1 disconnected (%2: %3)")
                    .arg(nameOf(client))
                    .arg(int(code))
                    .arg(reason));
            if (exitAfter > 0 && ++disconnected >= exitAfter)
                app.quit();
        });

    if (!server.listen(address, quint16(port))) {
        qCritical().noquote() << EchoServer::tr("cannot listen on %1:%2: %3")
                                     .arg(address.toString())
                                     .arg(port)
                                     .arg(server.errorString());
        return 2;
    }
    say(EchoServer::tr("listening on %1").arg(server.serverUrl().toString()));
    return app.exec();
}
