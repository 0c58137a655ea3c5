// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

// Tunnels: the NAT scenario of docs/tunnel.md in one process, on 127.0.0.1, without the
// bimux-tunnel program. A "device" runs a small line service (standing in for its SSH
// server) that nobody outside can dial; it dials the "cloud" and asks it, with a remote
// forward (ssh -R), to listen on a port for it. An operator on the cloud then connects to
// that port and talks to the device's service through the device's one outgoing link.
// The program exits with 0 once the operator got the service's answer and the forwarded
// connection ended.
//
//   tunnel-example

#include <QBiMuxClient>
#include <QBiMuxServer>
#include <QBiMuxTunnelClient>
#include <QBiMuxTunnelServer>

#include <QCoreApplication>
#include <QNetworkRequest>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

namespace {

void say(const QString &who, const QString &text)
{
    qInfo().noquote() << QStringLiteral("[%1]").arg(who) << text;
}

// The device's service: greets, then answers each line in capitals.
void serveLines(QTcpServer *service)
{
    QObject::connect(service, &QTcpServer::newConnection, service, [service] {
        while (QTcpSocket *socket = service->nextPendingConnection()) {
            QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            socket->write("SSH-2.0-ExampleService\r\n");
            QObject::connect(socket, &QTcpSocket::readyRead, socket, [socket] {
                while (socket->canReadLine())
                    socket->write(socket->readLine().toUpper());
            });
        }
    });
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QByteArray token = "example-token";

    // The cloud: a public QBiMuxServer that admits holders of the token and lets them
    // bind remote forwards on ports the system picks ("0").
    QBiMuxServer cloud;
    cloud.setAuthenticator([token](const QBiMuxHandshake &handshake, QString *reason) {
        *reason = QStringLiteral("wrong token");
        return handshake.header("Authorization") == "Bearer " + token;
    });
    QBiMuxTunnelServer cloudTunnels(&cloud);
    cloudTunnels.setAllowedRemotePorts(QStringLiteral("0"));
    bool answered = false;
    QObject::connect(&cloudTunnels, &QBiMuxTunnelServer::connectionFinished, &app,
                     [&answered](const QBiMuxTunnelConnectionInfo &info) {
                         say(QStringLiteral("cloud"),
                             QStringLiteral("forwarded connection %1 ended: %2 bytes to the "
                                            "device, %3 back")
                                 .arg(info.id)
                                 .arg(info.bytesToTarget)
                                 .arg(info.bytesFromTarget));
                         QCoreApplication::exit(answered ? 0 : 1);
                     });
    if (!cloud.listen(QHostAddress::LocalHost))
        return 1;

    // The device: a service on its own loopback, and a link to the cloud.
    QTcpServer service;
    serveLines(&service);
    service.listen(QHostAddress::LocalHost);
    QBiMuxClient link;
    link.setId(QStringLiteral("device-42"));
    QBiMuxTunnelClient deviceTunnels(&link);
    deviceTunnels.addForward(QBiMuxForward(QBiMuxForward::Kind::Remote, QString(), 0,
                                           QStringLiteral("127.0.0.1"), service.serverPort()));
    QNetworkRequest request(cloud.serverUrl());
    request.setRawHeader("Authorization", "Bearer " + token);
    link.open(request);

    // The operator, on the cloud: once the forward listens there, talks to the device.
    QTcpSocket operatorSocket;
    QObject::connect(&deviceTunnels, &QBiMuxTunnelClient::forwardReady, &app,
                     [&](const QBiMuxForward &forward, quint16 port) {
                         say(QStringLiteral("device"),
                             QStringLiteral("the cloud listens on port %1 for %2")
                                 .arg(port)
                                 .arg(forward.toString()));
                         operatorSocket.connectToHost(QHostAddress::LocalHost, port);
                         operatorSocket.write("hello from the cloud\n");
                     });
    QObject::connect(&operatorSocket, &QTcpSocket::readyRead, &app, [&] {
        while (operatorSocket.canReadLine()) {
            const QByteArray line = operatorSocket.readLine().trimmed();
            say(QStringLiteral("operator"), QStringLiteral("got: ") + QString::fromUtf8(line));
            if (line == "HELLO FROM THE CLOUD") {
                answered = true;
                // The device's service closes its end in turn, and the cloud reports the
                // forwarded connection's end, with its bytes: then the example exits.
                operatorSocket.disconnectFromHost();
            }
        }
    });
    QTimer::singleShot(10000, &app, [] {
        say(QStringLiteral("example"), QStringLiteral("no answer within 10 s"));
        QCoreApplication::exit(1);
    });
    return app.exec();
}
