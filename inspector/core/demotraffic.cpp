// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "demotraffic.h"

#include <QBiMuxServer>
#include <QBiMuxer>
#include <QtCore/qpromise.h>
#include <QtCore/qrandom.h>

using namespace std::chrono_literals;

// Routes of the demo; the inspector's README lists them.
namespace {
enum Route : qint32 {
    Echo = 1,
    Sensor = 2,
    Firmware = 3,
    Report = 4,
    Telemetry = 20,
    DeviceStatus = 10,
    Missing = 99
};
}

DemoTraffic::DemoTraffic(QObject *parent)
    : QObject(parent)
{
    m_ticker.setInterval(40ms);
    connect(&m_ticker, &QTimer::timeout, this, &DemoTraffic::tick);
}

DemoTraffic::~DemoTraffic()
{
    stop();
}

QUrl DemoTraffic::startServer()
{
    m_server = new QBiMuxServer(this);
    m_server->setRequestHandler(Echo, this, [](const QByteArray &data) { return data; });
    // Slow and variable: the in-flight view and the percentiles have something to show.
    m_server->setRequestHandler(Sensor, this, [this](const QBiMuxRequest &request) {
        QBiMuxRequest r = request;
        QTimer::singleShot(int(QRandomGenerator::global()->bounded(20, 900)), this, [r]() mutable {
            r.reply(QByteArray("{\"temperature\": 21.")
                    + QByteArray::number(QRandomGenerator::global()->bounded(10)) + "}");
        });
    });
    m_server->setRequestHandler(Firmware, this, [](const QByteArray &) -> QByteArray {
        throw QBiMuxError(QBiMux::StatusCode::NotFound,
                          QStringLiteral("no firmware for this model"));
    });
    // Nobody in the demo calls it: a slow call to try Compose's injection and the
    // in-flight cancel on.
    m_server->setRequestHandler(Report, this, [this](const QBiMuxRequest &request) {
        QBiMuxRequest r = request;
        QTimer::singleShot(10s, this, [r]() mutable { r.reply("report: 42 pages"); });
    });
    m_server->setMessageHandler(Telemetry, this, [](const QByteArray &) {});
    connect(m_server, &QBiMuxServer::newConnection, this, [this](QBiMuxer *device) {
        // The cloud calls the device back now and then.
        auto *timer = new QTimer(device);
        connect(timer, &QTimer::timeout, device, [device] {
            device->rpc(DeviceStatus, "status?", QBiMuxCallOptions().setTimeout(2s));
        });
        timer->start(300ms);
    });
    if (!m_server->listen(QHostAddress::LocalHost, 0))
        return QUrl();
    return m_server->serverUrl();
}

void DemoTraffic::startDevice(const QUrl &url)
{
    m_device = new QBiMuxer(this);
    m_device->setId(QStringLiteral("demo-device"));
    m_device->setRequestHandler(DeviceStatus, this, [](const QByteArray &) {
        return QByteArray("battery=87%;uptime=3600");
    });
    m_device->open(url);
    m_ticker.start();
}

void DemoTraffic::stop()
{
    m_ticker.stop();
    delete m_device;
    m_device = nullptr;
    if (m_server)
        m_server->close();
}

QList<std::pair<qint32, QString>> DemoTraffic::routeNames()
{
    return {{Echo, QStringLiteral("echo")},
            {Sensor, QStringLiteral("sensor.read")},
            {Firmware, QStringLiteral("firmware.check")},
            {Report, QStringLiteral("report.build")},
            {Telemetry, QStringLiteral("telemetry")},
            {DeviceStatus, QStringLiteral("device.status")},
            {Missing, QStringLiteral("(unserved)")}};
}

void DemoTraffic::tick()
{
    if (!m_device || !m_device->isConnected())
        return;
    ++m_tick;
    m_device->send(Telemetry, "{\"rpm\": " + QByteArray::number(1200 + m_tick % 300) + "}");
    m_device->rpc(Echo, "ping " + QByteArray::number(m_tick), QBiMuxCallOptions().setTimeout(5s));
    if (m_tick % 3 == 0)
        m_device->rpc(Sensor, "temperature", QBiMuxCallOptions().setTimeout(2s));
    if (m_tick % 25 == 0)
        m_device->rpc(Firmware, "v2.1.0", QBiMuxCallOptions().setTimeout(5s));
    if (m_tick % 40 == 0)
        m_device->rpc(Missing, "anyone?", QBiMuxCallOptions().setTimeout(5s));
    if (m_tick % 50 == 0) {
        QFuture<QByteArray> slow
            = m_device->rpc(Sensor, "slow one", QBiMuxCallOptions().setTimeout(5s));
        QTimer::singleShot(30ms, this, [slow]() mutable { slow.cancel(); });
    }
}
