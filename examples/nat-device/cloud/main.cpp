// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

// The cloud: a public QBiMuxServer that devices behind NAT dial. The device cannot be
// reached from outside, so the cloud calls it back over the link the device opened, while
// the device keeps calling the cloud over the same link. The cloud exits once its device
// has hung up, or after --timeout seconds.
//
//   nat-cloud [--address 127.0.0.1] [--port 12000] [--timeout 20]
//
// Exits with 0 if everything went as the demo expects, 1 otherwise, and 2 if it cannot
// listen.

#include "routes.h"

#include <QBiMuxServer>
#include <QBiMuxer>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QTimer>
#include <QWebSocket>

using namespace std::chrono_literals;

class Cloud : public QObject
{
    Q_OBJECT

public:
    Cloud()
    {
        // Server-wide handlers serve every device, present and future. Telling the time
        // does not depend on who asks; telemetry and events do, and the request and the
        // message say which connection sent them (its id is what the device announced in
        // its handshake, X-BiMux-Id).
        m_server.setRequestHandler(Routes::FetchTime, this, [](const QByteArray &) {
            return QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toUtf8();
        });
        m_server.setRequestHandler(Routes::ReportTelemetry, this, [](const QBiMuxRequest &request) {
            say(tr("telemetry from %1: %2")
                    .arg(request.muxer()->id(), QString::fromUtf8(request.data())));
            request.reply(QByteArrayLiteral("ack"));
        });
        m_server.setMessageHandler(Routes::Event, this, [](const QBiMuxMessage &event) {
            say(tr("event from %1: %2").arg(event.muxer()->id(), QString::fromUtf8(event.data())));
        });
        connect(&m_server, &QBiMuxServer::newConnection, this, &Cloud::onNewConnection);
        connect(&m_server, &QBiMuxServer::connectionClosed, this, &Cloud::onConnectionClosed);
    }

    bool listen(const QHostAddress &address, quint16 port)
    {
        if (!m_server.listen(address, port)) {
            say(tr("cannot listen on %1:%2: %3")
                    .arg(address.toString())
                    .arg(port)
                    .arg(m_server.errorString()));
            return false;
        }
        say(tr("listening on %1").arg(m_server.serverUrl().toString()));
        return true;
    }

private:
    static void say(const QString &text) { qInfo().noquote() << "[cloud]" << text; }

    void onNewConnection(QBiMuxer *device)
    {
        say(tr("device %1 connected from %2")
                .arg(device->id(), device->socket()->peerAddress().toString()));
        readTemperature(device);
    }

    // What the cloud asks its device, one call after the other. Each continuation has
    // the device's muxer as context: it runs in the muxer's thread, and not at all once
    // the muxer is gone.
    void readTemperature(QBiMuxer *device)
    {
        device->rpc(Routes::ReadSensor, "temperature")
            .then(device,
                  [this, device](const QByteArray &value) {
                      say(tr("asked %1 for its temperature: %2 °C")
                              .arg(device->id(), QString::fromUtf8(value)));
                      readHumidity(device);
                  })
            .onFailed(device, [this, device](const QBiMuxError &error) { giveUp(device, error); });
    }

    void readHumidity(QBiMuxer *device)
    {
        // This device has no such sensor: its handler answers with a typed error.
        device->rpc(Routes::ReadSensor, "humidity")
            .then(device,
                  [this, device](const QByteArray &) {
                      giveUp(device,
                             QBiMuxError(QBiMux::StatusCode::Unknown,
                                         tr("humidity should not exist")));
                  })
            .onFailed(device, [this, device](const QBiMuxError &error) {
                if (error.code() != QBiMux::StatusCode::NotFound)
                    return giveUp(device, error);
                say(tr("asked %1 for its humidity: %2").arg(device->id(), describe(error)));
                setReportInterval(device);
            });
    }

    void setReportInterval(QBiMuxer *device)
    {
        device->rpc(Routes::SetConfig, "report_interval_ms=200")
            .then(device,
                  [this, device](const QByteArray &previous) {
                      say(tr("told %1 to report every 200 ms (it was %2 ms)")
                              .arg(device->id(), QString::fromUtf8(previous)));
                      calibrate(device);
                  })
            .onFailed(device, [this, device](const QBiMuxError &error) { giveUp(device, error); });
    }

    void calibrate(QBiMuxer *device)
    {
        // The device needs a second; the cloud waits 300 ms. The timeout travels with the
        // request, and when it expires the device is told to stop (a cancel frame).
        device->rpc(Routes::Calibrate, QByteArray(), QBiMuxCallOptions().setTimeout(300ms))
            .then(device,
                  [this, device](const QByteArray &) {
                      giveUp(device,
                             QBiMuxError(QBiMux::StatusCode::Unknown,
                                         tr("calibration should time out")));
                  })
            .onFailed(device, [this, device](const QBiMuxError &error) {
                if (error.code() != QBiMux::StatusCode::DeadlineExceeded)
                    return giveUp(device, error);
                say(tr("gave %1 300 ms to calibrate: %2").arg(device->id(), describe(error)));
                callNoSuchRoute(device);
            });
    }

    void callNoSuchRoute(QBiMuxer *device)
    {
        device->rpc(Routes::NoSuchRoute, QByteArray())
            .then(device,
                  [this, device](const QByteArray &) {
                      giveUp(device,
                             QBiMuxError(QBiMux::StatusCode::Unknown,
                                         tr("route %1 should not exist").arg(Routes::NoSuchRoute)));
                  })
            .onFailed(device, [this, device](const QBiMuxError &error) {
                if (error.code() != QBiMux::StatusCode::Unimplemented)
                    return giveUp(device, error);
                say(tr("called route %1 on %2: %3")
                        .arg(QString::number(Routes::NoSuchRoute), device->id(), describe(error)));
                m_askedEverything = true;
                // A oneway message: no answer, nothing to wait for.
                device->send(Routes::Goodbye, QByteArray());
                say(tr("nothing more to ask %1; waiting for it to hang up").arg(device->id()));
            });
    }

    void giveUp(QBiMuxer *device, const QBiMuxError &error)
    {
        say(tr("unexpected answer from %1: %2").arg(device->id(), describe(error)));
        m_failed = true;
        device->close(QWebSocketProtocol::CloseCodeNormal, tr("the cloud gives up"));
    }

    void onConnectionClosed(QBiMuxer *device, QWebSocketProtocol::CloseCode code,
                            const QString &reason)
    {
        say(tr("device %1 disconnected (%2: %3)").arg(device->id()).arg(int(code)).arg(reason));
        const bool asExpected = m_askedEverything && code == QWebSocketProtocol::CloseCodeNormal;
        QCoreApplication::exit(asExpected && !m_failed ? 0 : 1);
    }

    QBiMuxServer m_server;
    bool m_askedEverything = false;
    bool m_failed = false;
};

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("nat-cloud"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "Cloud", "The public end of the NAT demo: waits for a device and calls it back."));
    parser.addHelpOption();
    const QCommandLineOption addressOption(
        QStringLiteral("address"), QCoreApplication::translate("Cloud", "Address to listen on."),
        QStringLiteral("address"), QStringLiteral("127.0.0.1"));
    const QCommandLineOption portOption(
        QStringLiteral("port"),
        QCoreApplication::translate("Cloud", "Port to listen on; 0 picks a free one."),
        QStringLiteral("port"), QStringLiteral("12000"));
    const QCommandLineOption timeoutOption(
        QStringLiteral("timeout"),
        QCoreApplication::translate("Cloud", "Give up after this many seconds."),
        QStringLiteral("seconds"), QStringLiteral("20"));
    parser.addOptions({addressOption, portOption, timeoutOption});
    parser.process(app);

    const QHostAddress address(parser.value(addressOption));
    bool portOk = false;
    const uint port = parser.value(portOption).toUInt(&portOk);
    if (address.isNull() || !portOk || port > 65535)
        parser.showHelp(1);

    Cloud cloud;
    if (!cloud.listen(address, quint16(port)))
        return 2;

    // However the device behaves, the demo ends.
    const auto timeout = std::chrono::seconds(qMax(1, parser.value(timeoutOption).toInt()));
    QTimer::singleShot(timeout, &app, [timeout] {
        qInfo().noquote() << "[cloud]"
                          << QCoreApplication::translate("Cloud",
                                                         "no device hung up within %1 s; "
                                                         "giving up")
                                 .arg(timeout.count());
        QCoreApplication::exit(1);
    });
    return app.exec();
}

#include "main.moc"
