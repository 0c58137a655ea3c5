// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef DEMOTRAFFIC_H
#define DEMOTRAFFIC_H

#include <QtCore/qobject.h>
#include <QtCore/qtimer.h>
#include <QtCore/qurl.h>

class QBiMuxServer;
class QBiMuxer;

// Something to look at: a QBiMuxServer ("cloud") on 127.0.0.1 and a client ("device")
// that talk both ways a few dozen times a second, with slow calls, failures, a missing
// handler, timeouts and oneway telemetry; route 4 (report.build) answers after 10 s and
// is called by nobody, for trying Compose on. The device dials whatever URL it is given,
// typically the inspector's proxy in front of the server.
class DemoTraffic : public QObject
{
    Q_OBJECT

public:
    explicit DemoTraffic(QObject *parent = nullptr);
    ~DemoTraffic() override;

    // Starts the server; its ws:// URL, or an empty URL if it could not listen.
    QUrl startServer();
    // The device dials `url` and starts talking.
    void startDevice(const QUrl &url);
    void stop();

    // (route, name) of every route the demo uses.
    static QList<std::pair<qint32, QString>> routeNames();

private:
    void tick();

    QBiMuxServer *m_server = nullptr;
    QBiMuxer *m_device = nullptr;
    QTimer m_ticker;
    quint32 m_tick = 0;
};

#endif // DEMOTRAFFIC_H
