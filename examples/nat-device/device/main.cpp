// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

// The device: it sits behind NAT, so nobody can dial it. A QBiMuxClient dials the cloud,
// announces its id, and keeps the link, dialing again after every loss: over it the cloud
// calls the device's routes while the device calls the cloud's. It hangs up once it has
// done its own work and the cloud has said it has nothing more to ask.
//
//   nat-device [--url ws://127.0.0.1:12000/mux] [--id device-42] [--timeout 20]
//
// Exits with 0 if everything went as the demo expects, 1 otherwise.

#include "routes.h"

#include <QBiMuxClient>
#include <QBiMuxRequest>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QHash>
#include <QTimer>

using namespace std::chrono_literals;

class Device : public QObject
{
    Q_OBJECT

public:
    Device(const QString &id, const QUrl &cloudUrl)
        : m_cloudUrl(cloudUrl)
    {
        // Sent in the handshake of every dial as X-BiMux-Id; the cloud finds the device by
        // it.
        m_client.setId(id);
        // A device often comes up before its cloud: dial again soon, and not much later
        // than every 2 s (the defaults, 1 s growing to 60 s, suit a fleet better).
        m_client.setInitialReconnectDelay(500ms);
        m_client.setMaxReconnectDelay(2s);
        serve();
        connect(&m_client, &QBiMuxClient::connected, this, &Device::onConnected);
        connect(&m_client, &QBiMuxClient::disconnected, this, &Device::onDisconnected);
        // close() ends in Closed whether or not a connection was up.
        connect(&m_client, &QBiMuxClient::stateChanged, this, [this](QBiMuxClient::State state) {
            if (state == QBiMuxClient::State::Closed && m_hangingUp) {
                say(tr("disconnected"));
                QCoreApplication::exit(m_failed ? 1 : 0);
            }
        });
        connect(&m_client, &QBiMuxClient::dialFailed, this, [](const QBiMuxDialError &error) {
            say(tr("cannot reach the cloud yet (%1)").arg(error.errorString()));
        });
        connect(&m_client, &QBiMuxClient::reconnectScheduled, this,
                [](int attempt, std::chrono::milliseconds delay) {
                    say(tr("dialing again in %1 ms (attempt %2)").arg(delay.count()).arg(attempt));
                });
    }

    void start(std::chrono::milliseconds dialFor)
    {
        // Dials now, and again after every loss or failed dial until close().
        m_client.open(m_cloudUrl);
        QTimer::singleShot(dialFor, this, [this] {
            if (m_wasConnected)
                return;
            say(tr("the cloud did not answer; giving up"));
            m_client.close();
            QCoreApplication::exit(1);
        });
    }

private:
    static constexpr int ReportCount = 3;

    static void say(const QString &text) { qInfo().noquote() << "[device]" << text; }

    // The routes the cloud may call. Registered before open(): the cloud may call as soon
    // as the link is up. They serve every connection the client makes. With `this` as
    // context they run in this object's thread.
    void serve()
    {
        m_client.setRequestHandler(Routes::ReadSensor, this, [this](const QByteArray &name) {
            // A QBiMuxError thrown by a handler reaches the caller with its code.
            if (name != "temperature") {
                throw QBiMuxError(QBiMux::StatusCode::NotFound,
                                  tr("no sensor named \"%1\"").arg(QString::fromUtf8(name)));
            }
            const QByteArray value = QByteArray::number(m_temperature, 'f', 1);
            say(tr("the cloud reads the temperature: %1 °C").arg(QString::fromUtf8(value)));
            return value;
        });

        // Taking the request itself gives the handler fail() and reply(), now or later.
        m_client.setRequestHandler(Routes::SetConfig, this, [this](const QBiMuxRequest &request) {
            const QByteArray data = request.data();
            const qsizetype equals = data.indexOf('=');
            if (equals <= 0) {
                request.fail(QBiMux::StatusCode::InvalidArgument, tr("expected key=value"));
                return;
            }
            const QString key = QString::fromUtf8(data.left(equals));
            const QString value = QString::fromUtf8(data.mid(equals + 1));
            const QString previous = m_config.value(key);
            m_config.insert(key, value);
            say(tr("the cloud sets %1 = %2 (was %3)").arg(key, value, previous));
            request.reply(previous.toUtf8());
        });

        // A slow job answered later. If the caller gives up first, onCancelled() says so
        // and the work stops instead of producing an answer nobody waits for.
        m_client.setRequestHandler(Routes::Calibrate, this, [this](const QBiMuxRequest &request) {
            say(tr("calibrating; the cloud waits %1 ms for it")
                    .arg(request.deadline().remainingTime()));
            auto *work = new QTimer(this);
            work->setSingleShot(true);
            connect(work, &QTimer::timeout, this, [request, work] {
                request.reply("calibrated");
                work->deleteLater();
            });
            request.onCancelled(work, [work] {
                say(tr("the cloud cancelled the calibration; stopping it"));
                work->deleteLater();
            });
            work->start(1s);
        });

        m_client.setMessageHandler(Routes::Goodbye, this, [this](const QByteArray &) {
            say(tr("the cloud has nothing more to ask"));
            m_cloudDone = true;
            hangUpWhenDone();
        });
    }

    void onConnected()
    {
        m_wasConnected = true;
        say(tr("connected to %1 as %2").arg(m_cloudUrl.toString(), m_client.id()));
        // A oneway message: no answer, nothing to wait for.
        m_client.send(Routes::Event, "booted");
        fetchTime();
    }

    void onDisconnected(QWebSocketProtocol::CloseCode code, const QString &reason)
    {
        if (m_hangingUp)
            return;
        // The client dials again by itself; the calls in flight have failed with
        // Unavailable (their continuations give up), and the ones made meanwhile wait.
        say(tr("lost the cloud (%1: %2); the client dials again").arg(int(code)).arg(reason));
    }

    // What the device asks the cloud, one call after the other.
    void fetchTime()
    {
        m_client.rpc(Routes::FetchTime, QByteArray())
            .then(this,
                  [this](const QByteArray &time) {
                      say(tr("the cloud's time is %1").arg(QString::fromUtf8(time)));
                      report(1);
                  })
            .onFailed(this, [this](const QBiMuxError &error) { giveUp(error); });
    }

    void report(int n)
    {
        if (n > ReportCount) {
            callNoSuchRoute();
            return;
        }
        m_temperature += 0.1;
        const QByteArray reading = "temperature=" + QByteArray::number(m_temperature, 'f', 1);
        m_client.rpc(Routes::ReportTelemetry, reading)
            .then(this,
                  [this, n](const QByteArray &answer) {
                      say(tr("report %1 of %2: the cloud answered \"%3\"")
                              .arg(n)
                              .arg(ReportCount)
                              .arg(QString::fromUtf8(answer)));
                      if (n == 2)
                          m_client.send(Routes::Event, "door opened");
                      // The interval is a setting the cloud may change meanwhile.
                      const int interval
                          = m_config.value(QStringLiteral("report_interval_ms")).toInt();
                      QTimer::singleShot(interval, this, [this, n] { report(n + 1); });
                  })
            .onFailed(this, [this](const QBiMuxError &error) { giveUp(error); });
    }

    void callNoSuchRoute()
    {
        m_client.rpc(Routes::NoSuchRoute, QByteArray())
            .then(this,
                  [this](const QByteArray &) {
                      giveUp(QBiMuxError(QBiMux::StatusCode::Unknown,
                                         tr("route %1 should not exist").arg(Routes::NoSuchRoute)));
                  })
            .onFailed(this, [this](const QBiMuxError &error) {
                if (error.code() != QBiMux::StatusCode::Unimplemented)
                    return giveUp(error);
                say(tr("called route %1 on the cloud: %2")
                        .arg(QString::number(Routes::NoSuchRoute), describe(error)));
                m_ownWorkDone = true;
                hangUpWhenDone();
            });
    }

    void hangUpWhenDone()
    {
        if (!m_ownWorkDone || !m_cloudDone || m_hangingUp)
            return;
        say(tr("all done; hanging up"));
        m_hangingUp = true;
        m_client.close(QWebSocketProtocol::CloseCodeNormal, tr("device done"));
    }

    void giveUp(const QBiMuxError &error)
    {
        say(tr("unexpected answer from the cloud: %1").arg(describe(error)));
        m_failed = true;
        m_hangingUp = true;
        m_client.close(QWebSocketProtocol::CloseCodeNormal, tr("the device gives up"));
    }

    const QUrl m_cloudUrl;
    QBiMuxClient m_client;
    double m_temperature = 21.5;
    QHash<QString, QString> m_config {
        {QStringLiteral("report_interval_ms"), QStringLiteral("1000")}};
    bool m_wasConnected = false;
    bool m_ownWorkDone = false;
    bool m_cloudDone = false;
    bool m_hangingUp = false;
    bool m_failed = false;
};

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("nat-device"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "Device", "The NAT'd end of the demo: dials the cloud and keeps the link."));
    parser.addHelpOption();
    const QCommandLineOption urlOption(
        QStringLiteral("url"), QCoreApplication::translate("Device", "The cloud to dial."),
        QStringLiteral("url"), QStringLiteral("ws://127.0.0.1:12000/mux"));
    const QCommandLineOption idOption(QStringLiteral("id"),
                                      QCoreApplication::translate("Device", "The id to announce."),
                                      QStringLiteral("id"), QStringLiteral("device-42"));
    const QCommandLineOption timeoutOption(
        QStringLiteral("timeout"),
        QCoreApplication::translate("Device", "Give up after this many seconds."),
        QStringLiteral("seconds"), QStringLiteral("20"));
    parser.addOptions({urlOption, idOption, timeoutOption});
    parser.process(app);

    const auto timeout = std::chrono::seconds(qMax(1, parser.value(timeoutOption).toInt()));
    Device device(parser.value(idOption), QUrl(parser.value(urlOption)));
    // Keep dialing for half the time: a device comes up before its cloud as often as not.
    device.start(timeout / 2);

    QTimer::singleShot(timeout, &app, [timeout] {
        qInfo().noquote() << "[device]"
                          << QCoreApplication::translate("Device",
                                                         "not done within %1 s; giving up")
                                 .arg(timeout.count());
        QCoreApplication::exit(1);
    });
    return app.exec();
}

#include "main.moc"
