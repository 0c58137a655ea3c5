// SPDX-License-Identifier: BSD-3-Clause
// The README's quick start, compiled and run by the test suite (the `quickstart` and
// `readme-quickstart` tests): the README quotes this file from its first include on.
#include <QBiMuxClient>
#include <QBiMuxServer>
#include <QBiMuxer>

#include <QCoreApplication>
#include <QTimer>

using namespace std::chrono_literals;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    int pending = 2; // the two calls below; the program ends once both are answered
    const auto done = [&pending] {
        if (--pending == 0)
            QCoreApplication::quit();
    };
    const auto fail = [](const QBiMuxError &error) {
        qWarning() << error.status();
        QCoreApplication::exit(1);
    };

    // The cloud: a public server. It serves route 1, hears route 20, and calls route 10
    // on every device that connects.
    QBiMuxServer cloud;
    cloud.setRequestHandler(1, &cloud, [](const QByteArray &data) { return "echo: " + data; });
    cloud.setMessageHandler(20, &cloud, [](const QBiMuxMessage &event) {
        qInfo() << event.muxer()->id() << "says" << event.data();
    });
    QObject::connect(&cloud, &QBiMuxServer::newConnection, &cloud, [=](QBiMuxer *device) {
        device->rpc(10, "temperature", QBiMuxCallOptions().setTimeout(2s))
            .then(device,
                  [=](const QByteArray &value) {
                      qInfo() << "the cloud reads" << value << "from" << device->id();
                      done();
                  })
            .onFailed(device, fail);
    });
    if (!cloud.listen(QHostAddress::LocalHost)) // any free port
        return 1;

    // The device, behind NAT: it dials out, announces its id, serves route 10, and keeps
    // the link, dialing again after every loss until close().
    QBiMuxClient device;
    device.setId(QStringLiteral("device-42"));
    device.setRequestHandler(10, &device, [](const QByteArray &) { return QByteArray("21.5"); });
    QObject::connect(&device, &QBiMuxClient::connected, &device, [&] {
        device.send(20, "booted");
        device.rpc(1, "hello")
            .then(&device,
                  [=](const QByteArray &reply) {
                      qInfo() << "the device hears" << reply;
                      done();
                  })
            .onFailed(&device, fail);
    });
    device.open(cloud.serverUrl());

    QTimer::singleShot(10s, &app, [] { QCoreApplication::exit(1); }); // whatever happens
    return app.exec();
}
