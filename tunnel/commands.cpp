// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

// The two commands of bimux-tunnel, wired to the library: the work is
// QBiMuxTunnelServer's and QBiMuxTunnelClient's.

#include "commands.h"
#include "report.h"

#include <QBiMuxClient>
#include <QBiMuxDialError>
#include <QBiMuxServer>
#include <QBiMuxSettings>
#include <QBiMuxTunnelClient>
#include <QBiMuxTunnelServer>
#include <QBiMuxer>

#include <QtCore/qcommandlineparser.h>
#include <QtCore/qcoreapplication.h>
#include <QtCore/qcryptographichash.h>
#include <QtCore/qfile.h>
#include <QtCore/qsysinfo.h>
#include <QtNetwork/qnetworkrequest.h>
#include <QtNetwork/qsslcertificate.h>
#include <QtNetwork/qsslconfiguration.h>
#include <QtNetwork/qsslkey.h>
#include <QtWebSockets/qwebsocket.h>

#include <cstdio>

using Commands::die;

void Commands::die(const QString &message)
{
    std::fprintf(stderr, "bimux-tunnel: %s\n", qPrintable(message));
    std::exit(2);
}

namespace {

// From --token, else --token-file, else $BIMUX_TUNNEL_TOKEN (which, unlike the command
// line, other users cannot read).
QByteArray token(const QCommandLineParser &parser)
{
    if (parser.isSet(QStringLiteral("token")))
        return parser.value(QStringLiteral("token")).toUtf8();
    if (parser.isSet(QStringLiteral("token-file"))) {
        QFile file(parser.value(QStringLiteral("token-file")));
        if (!file.open(QIODevice::ReadOnly))
            die(QStringLiteral("cannot read %1: %2").arg(file.fileName(), file.errorString()));
        return file.readAll().trimmed();
    }
    return qgetenv("BIMUX_TUNNEL_TOKEN");
}

// Compares digests, so that the time it takes says nothing about where the secrets
// differ, nor how long the expected one is.
bool sameSecret(const QByteArray &given, const QByteArray &expected)
{
    const QByteArray a = QCryptographicHash::hash(given, QCryptographicHash::Sha256);
    const QByteArray b = QCryptographicHash::hash(expected, QCryptographicHash::Sha256);
    unsigned char difference = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        difference |= static_cast<unsigned char>(a.at(i) ^ b.at(i));
    return difference == 0;
}

// --max-connections: each forwarded connection is a stream the other end opens toward
// this one, and what one may make this end hold is bounded (docs/tunnel.md, "Memory per
// forwarded connection"); their number bounds the total.
QBiMuxSettings withConnectionLimit(const QCommandLineParser &parser, QBiMuxSettings settings)
{
    if (!parser.isSet(QStringLiteral("max-connections")))
        return settings;
    bool ok = false;
    const int connections = parser.value(QStringLiteral("max-connections")).toInt(&ok);
    if (!ok || connections < 1)
        die(QStringLiteral("--max-connections needs a number of 1 or more"));
    return settings.setMaxIncomingStreams(connections);
}

} // namespace

int Commands::serve(const QCommandLineParser &parser)
{
    const QString listen = parser.value(QStringLiteral("listen"));
    const qsizetype colon = listen.lastIndexOf(QLatin1Char(':'));
    QHostAddress address = QHostAddress::Any;
    if (colon > 0
        && !address.setAddress(
            listen.left(colon).remove(QLatin1Char('[')).remove(QLatin1Char(']')))) {
        die(QStringLiteral("--listen: \"%1\" is not an address").arg(listen.left(colon)));
    }
    bool ok = false;
    const uint port = listen.mid(colon + 1).toUInt(&ok);
    if (listen.isEmpty() || !ok || port > 65535)
        die(QStringLiteral("--listen needs [ADDR:]PORT"));

    auto *server = new QBiMuxServer(qApp);
    server->setSettings(withConnectionLimit(parser, server->settings()));
    auto *tunnels = new QBiMuxTunnelServer(server, qApp);
    QString error;
    if (!tunnels->setAllowedTargets(parser.values(QStringLiteral("allow-local"))
                                        .join(QLatin1Char(','))
                                        .split(QLatin1Char(','), Qt::SkipEmptyParts),
                                    &error)
        || !tunnels->setAllowedRemotePorts(parser.value(QStringLiteral("allow-remote")), &error)) {
        die(error);
    }
    tunnels->setGatewayPorts(parser.isSet(QStringLiteral("gateway-ports")));
    const QByteArray secret = token(parser);
    if (secret.isEmpty() && parser.isSet(QStringLiteral("allow-remote")))
        die(QStringLiteral("--allow-remote needs a token: remote forwards open ports here"));
    if (!secret.isEmpty()) {
        server->setAuthenticator([secret](const QBiMuxHandshake &handshake, QString *reason) {
            if (sameSecret(handshake.header("Authorization"), "Bearer " + secret))
                return true;
            *reason = QStringLiteral("missing or wrong token");
            Report::line(QStringLiteral("refused %1: missing or wrong token")
                             .arg(handshake.peerAddress().toString()));
            return false;
        });
    } else {
        Report::line(QStringLiteral("warning: no token; whoever reaches this port may forward "
                                    "to the allowed targets"));
    }
    if (parser.isSet(QStringLiteral("tls-cert"))) {
        QFile certificate(parser.value(QStringLiteral("tls-cert")));
        QFile key(parser.value(QStringLiteral("tls-key")));
        if (!certificate.open(QIODevice::ReadOnly) || !key.open(QIODevice::ReadOnly))
            die(QStringLiteral("--tls: cannot read the certificate or the key"));
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.setLocalCertificateChain(QSslCertificate::fromDevice(&certificate));
        const QByteArray pem = key.readAll();
        QSslKey privateKey(pem, QSsl::Rsa);
        if (privateKey.isNull())
            privateKey = QSslKey(pem, QSsl::Ec);
        if (tls.localCertificateChain().isEmpty() || privateKey.isNull())
            die(QStringLiteral("--tls: no PEM certificate or RSA/EC key found"));
        tls.setPrivateKey(privateKey);
        tls.setPeerVerifyMode(QSslSocket::VerifyNone);
        server->setSslConfiguration(tls);
    }

    QObject::connect(server, &QBiMuxServer::newConnection, server, [](QBiMuxer *link) {
        Report::line(QStringLiteral("link %1 up from %2")
                         .arg(link->id(), link->socket()->peerAddress().toString()));
    });
    QObject::connect(
        server, &QBiMuxServer::connectionClosed, server,
        [](QBiMuxer *link, QWebSocketProtocol::CloseCode code, const QString &why) {
            Report::line(
                QStringLiteral("link %1 down (%2 %3)").arg(link->id()).arg(int(code)).arg(why));
        });
    QObject::connect(tunnels, &QBiMuxTunnelServer::remoteForwardBound, tunnels,
                     [](const QBiMuxForward &forward, const QString &link) {
                         Report::line(QStringLiteral("[%1] %2 listening on port %3")
                                          .arg(link, Report::forward(forward))
                                          .arg(forward.bindPort()));
                     });
    QObject::connect(tunnels, &QBiMuxTunnelServer::remoteForwardClosed, tunnels,
                     [](const QBiMuxForward &forward, const QString &link) {
                         Report::line(
                             QStringLiteral("[%1] %2 closed").arg(link, Report::forward(forward)));
                     });
    QObject::connect(
        tunnels, &QBiMuxTunnelServer::remoteForwardRefused, tunnels,
        [](const QBiMuxForward &forward, const QString &link, const QBiMuxStatus &status) {
            Report::line(QStringLiteral("[%1] %2 refused: %3")
                             .arg(link, Report::forward(forward), status.message()));
        });
    QObject::connect(tunnels, &QBiMuxTunnelServer::connectionOpened, tunnels,
                     &Report::connectionOpened);
    QObject::connect(tunnels, &QBiMuxTunnelServer::connectionFinished, tunnels,
                     &Report::connectionFinished);

    if (!server->listen(address, quint16(port), parser.value(QStringLiteral("path"))))
        die(QStringLiteral("cannot listen on %1: %2").arg(listen, server->errorString()));
    Report::line(QStringLiteral("serving tunnels on %1 (local forwards to %2; remote forwards "
                                "on ports %3)")
                     .arg(server->serverUrl().toString(),
                          tunnels->allowedTargets().isEmpty()
                              ? QStringLiteral("loopback")
                              : tunnels->allowedTargets().join(QLatin1Char(',')),
                          tunnels->allowedRemotePorts().isEmpty() ? QStringLiteral("none")
                                                                  : tunnels->allowedRemotePorts()));
    return qApp->exec();
}

int Commands::connect(const QCommandLineParser &parser)
{
    const QUrl url(parser.positionalArguments().value(1));
    if (!url.isValid()
        || (url.scheme() != QLatin1String("ws") && url.scheme() != QLatin1String("wss")))
        die(QStringLiteral("connect needs a ws:// or wss:// URL"));
    QNetworkRequest request(url);
    if (const QByteArray secret = token(parser); !secret.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + secret);
    auto *client = new QBiMuxClient(qApp);
    client->setSettings(withConnectionLimit(parser, client->settings()));
    if (parser.isSet(QStringLiteral("ca"))) {
        const QList<QSslCertificate> cas
            = QSslCertificate::fromPath(parser.value(QStringLiteral("ca")));
        if (cas.isEmpty())
            die(QStringLiteral("--ca: no PEM certificate in %1")
                    .arg(parser.value(QStringLiteral("ca"))));
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.setCaCertificates(cas);
        client->setSslConfiguration(tls);
    }
    client->setId(parser.isSet(QStringLiteral("id")) ? parser.value(QStringLiteral("id"))
                                                     : QSysInfo::machineHostName());
    auto *tunnels = new QBiMuxTunnelClient(client, qApp);
    for (const auto kind : {QBiMuxForward::Kind::Local, QBiMuxForward::Kind::Remote}) {
        const QString option
            = kind == QBiMuxForward::Kind::Local ? QStringLiteral("L") : QStringLiteral("R");
        for (const QString &spec : parser.values(option)) {
            QString error;
            const auto forward = QBiMuxForward::fromString(kind, spec, &error);
            if (!forward)
                die(QStringLiteral("-%1: %2").arg(option, error));
            if (!tunnels->addForward(*forward))
                die(tunnels->errorString());
        }
    }
    if (tunnels->forwards().isEmpty())
        die(QStringLiteral("connect needs at least one -L or -R"));

    QObject::connect(tunnels, &QBiMuxTunnelClient::forwardReady, tunnels,
                     [](const QBiMuxForward &forward, quint16 port) {
                         Report::line(QStringLiteral("%1 listening on %2port %3")
                                          .arg(Report::forward(forward),
                                               forward.kind() == QBiMuxForward::Kind::Remote
                                                   ? QStringLiteral("the serve side's ")
                                                   : QString())
                                          .arg(port));
                     });
    QObject::connect(tunnels, &QBiMuxTunnelClient::forwardFailed, tunnels,
                     [](const QBiMuxForward &forward, const QBiMuxStatus &status) {
                         Report::line(QStringLiteral("%1 refused by the serve side: %2")
                                          .arg(Report::forward(forward), status.message()));
                     });
    QObject::connect(tunnels, &QBiMuxTunnelClient::connectionOpened, tunnels,
                     &Report::connectionOpened);
    QObject::connect(tunnels, &QBiMuxTunnelClient::connectionFinished, tunnels,
                     &Report::connectionFinished);
    QObject::connect(client, &QBiMuxClient::connected, client, [url] {
        Report::line(QStringLiteral("link up to %1").arg(url.toDisplayString()));
    });
    QObject::connect(client, &QBiMuxClient::disconnected, client,
                     [](QWebSocketProtocol::CloseCode code, const QString &why) {
                         Report::line(QStringLiteral("link down (%1 %2)").arg(int(code)).arg(why));
                     });
    // The client does not dial again with a token the serve side refused (it would be
    // refused again, and looks like an attack there): nothing is left to do but say so.
    QObject::connect(
        client, &QBiMuxClient::dialFailed, client, [client](const QBiMuxDialError &error) {
            Report::line(QStringLiteral("dial failed: %1").arg(error.errorString()));
            if (error.isAuthenticationFailure() && !client->retryOnAuthenticationFailure()) {
                Report::line(QStringLiteral("the serve side refused the token"));
                QCoreApplication::exit(1);
            }
        });
    QObject::connect(client, &QBiMuxClient::reconnectScheduled, client,
                     [](int attempt, std::chrono::milliseconds delay) {
                         Report::line(QStringLiteral("dialing again in %1 s (attempt %2)")
                                          .arg(double(delay.count()) / 1000.0, 0, 'f', 1)
                                          .arg(attempt));
                     });
    client->open(request);
    return qApp->exec();
}
