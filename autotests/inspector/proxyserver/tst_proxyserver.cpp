// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "inspectorsession.h"
#include "proxyserver.h"

#include "muxerpair.h"

#include <QBiMuxServer>
#include <QBiMuxer>
#include <QtNetwork/qtcpserver.h>
#include <QtTest/qtest.h>

using namespace std::chrono_literals;

// Two BiMuxQt peers talk through the proxy; the models show exactly what went by.
class tst_ProxyServer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void callThroughTheProxy();
    void onewaysAndFailuresBothWays();
    void closeIsPassedOnAndRecorded();
    void unreachableUpstreamClosesTheClient();
    void rejectsNonWebSocketUpstreams();

private:
    bool connectThroughProxy(const QString &id = QString());

    std::unique_ptr<InspectorSession> m_session;
    std::unique_ptr<QBiMuxServer> m_server;
    std::unique_ptr<ProxyServer> m_proxy;
    std::unique_ptr<QBiMuxer> m_client;
    QBiMuxer *m_serverSide = nullptr;
};

void tst_ProxyServer::init()
{
    m_session = std::make_unique<InspectorSession>();
    m_server = std::make_unique<QBiMuxServer>();
    m_proxy = std::make_unique<ProxyServer>(m_session.get());
    m_client = std::make_unique<QBiMuxer>();
    m_serverSide = nullptr;
}

void tst_ProxyServer::cleanup()
{
    m_client.reset();
    m_proxy.reset();
    m_server.reset();
    m_session.reset();
}

bool tst_ProxyServer::connectThroughProxy(const QString &id)
{
    if (!m_server->listen(QHostAddress::LocalHost, 0))
        return false;
    if (!m_proxy->listen(QHostAddress::LocalHost, 0, m_server->serverUrl()))
        return false;
    QSignalSpy accepted(m_server.get(), &QBiMuxServer::newConnection);
    QSignalSpy connected(m_client.get(), &QBiMuxer::connected);
    m_client->setId(id);
    m_client->open(m_proxy->url());
    if (connected.isEmpty() && !connected.wait(10000))
        return false;
    if (accepted.isEmpty() && !accepted.wait(10000))
        return false;
    m_serverSide = accepted.first().first().value<QBiMuxer *>();
    return m_serverSide != nullptr;
}

void tst_ProxyServer::callThroughTheProxy()
{
    QVERIFY(connectThroughProxy(QStringLiteral("device-7")));
    QCOMPARE(m_serverSide->id(), QStringLiteral("device-7")); // the header got through
    QTRY_COMPARE(m_session->connections()->rowCount(), 1);
    const ConnectionRecord &c = m_session->connections()->records().first();
    QCOMPARE(c.id, QStringLiteral("device-7"));
    QTRY_COMPARE(m_session->connections()->records().first().state, ConnectionRecord::State::Open);

    RequestCollector requests(m_serverSide);
    QFuture<QByteArray> call = m_client->rpc(4, "question", QBiMuxCallOptions().setTimeout(7s));
    QTRY_COMPARE(requests.size(), 1);
    // The call is in flight: one request frame, one in-flight row.
    QTRY_COMPARE(m_session->inflight()->rowCount(), 1);
    QCOMPARE(m_session->frames()->rowCount(), 1);
    // A copy: the store may reallocate when later frames arrive.
    const FrameRecord request = m_session->frames()->frame(0);
    QCOMPARE(request.direction, QBiMux::Direction::Outgoing);
    QCOMPARE(request.flag, QBiMux::FrameFlag::Request);
    QCOMPARE(request.route, 4);
    QCOMPARE(request.payload, QByteArray("question"));
    QCOMPARE(request.timeoutMs, 7000u);
    QCOMPARE(request.connection, c.key);
    const InflightModel *inflight = m_session->inflight();
    QCOMPARE(inflight->index(0, InflightModel::NumberColumn).data().toULongLong(), request.number);
    QCOMPARE(inflight->index(0, InflightModel::RouteColumn).data().toInt(), 4);

    requests.first().reply("answer");
    QVERIFY(waitForFinished(call));
    QCOMPARE(call.result(), QByteArray("answer"));
    QTRY_COMPARE(m_session->frames()->rowCount(), 2);
    QTRY_COMPARE(m_session->inflight()->rowCount(), 0);
    const FrameRecord &response = m_session->frames()->frame(1);
    QCOMPARE(response.direction, QBiMux::Direction::Incoming);
    QCOMPARE(response.flag, QBiMux::FrameFlag::Response);
    QCOMPARE(response.number, request.number);
    QCOMPARE(response.payload, QByteArray("answer"));
    QCOMPARE(m_session->frames()->partnerRow(1), 0);

    m_session->routes()->refresh();
    const RouteModel::Stats *route = m_session->routes()->stats(4, QBiMux::Direction::Outgoing);
    QVERIFY(route);
    QCOMPARE(route->calls, 1);
    QCOMPARE(route->handler, RouteModel::Handler::Present);
    QVERIFY(route->p50 > 0);
    QCOMPARE(m_session->connections()->records().first().framesOut, 1);
    QCOMPARE(m_session->connections()->records().first().framesIn, 1);
}

void tst_ProxyServer::onewaysAndFailuresBothWays()
{
    QVERIFY(connectThroughProxy());
    QSignalSpy received(m_client.get(), &QBiMuxer::messageReceived);
    m_serverSide->send(30, "from the server");
    QVERIFY(received.wait(10000));
    QFuture<QByteArray> call
        = m_serverSide->rpc(31, "nobody serves this", QBiMuxCallOptions().setTimeout(5s));
    QVERIFY(waitForFinished(call));
    QCOMPARE(errorOf(call).code(), QBiMux::StatusCode::Unimplemented);
    QTRY_COMPARE(m_session->frames()->rowCount(), 3);
    m_session->flush();
    const FrameModel *frames = m_session->frames();
    QCOMPARE(frames->frame(0).flag, QBiMux::FrameFlag::Oneway);
    QCOMPARE(frames->frame(0).direction, QBiMux::Direction::Incoming);
    QCOMPARE(frames->frame(1).flag, QBiMux::FrameFlag::Request);
    QCOMPARE(frames->frame(1).direction, QBiMux::Direction::Incoming);
    QCOMPARE(frames->frame(2).flag, QBiMux::FrameFlag::Response);
    QCOMPARE(frames->frame(2).direction, QBiMux::Direction::Outgoing);
    QCOMPARE(frames->frame(2).status, QBiMux::StatusCode::Unimplemented);
    const RouteModel::Stats *route = m_session->routes()->stats(31, QBiMux::Direction::Incoming);
    QVERIFY(route);
    QCOMPARE(route->errors, 1);
    QCOMPARE(route->handler, RouteModel::Handler::Missing);
    QCOMPARE(m_session->inflight()->rowCount(), 0);
}

void tst_ProxyServer::closeIsPassedOnAndRecorded()
{
    QVERIFY(connectThroughProxy());
    RequestCollector requests(m_serverSide);
    QFuture<QByteArray> call
        = m_client->rpc(4, "never answered", QBiMuxCallOptions().setTimeout(0ms));
    QTRY_COMPARE(m_session->inflight()->rowCount(), 1);
    QSignalSpy serverGone(m_serverSide, &QBiMuxer::disconnected);
    m_client->close(QWebSocketProtocol::CloseCodeNormal, QStringLiteral("done here"));
    QVERIFY(serverGone.wait(10000));
    QCOMPARE(serverGone.first().at(1).toString(), QStringLiteral("done here"));
    QTRY_COMPARE(m_session->connections()->records().first().state,
                 ConnectionRecord::State::Closed);
    QCOMPARE(m_session->connections()->records().first().closeReason, QStringLiteral("done here"));
    QTRY_COMPARE(m_session->inflight()->rowCount(), 0);
    QTRY_COMPARE(m_proxy->connectionCount(), 0);
}

void tst_ProxyServer::unreachableUpstreamClosesTheClient()
{
    // A port nobody listens on: take one, then free it.
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const quint16 deadPort = probe.serverPort();
    probe.close();
    QVERIFY(m_proxy->listen(QHostAddress::LocalHost, 0,
                            QUrl(QStringLiteral("ws://127.0.0.1:%1/mux").arg(deadPort))));
    QSignalSpy disconnected(m_client.get(), &QBiMuxer::disconnected);
    m_client->open(m_proxy->url());
    QVERIFY(disconnected.wait(10000));
    QTRY_COMPARE(m_session->connections()->rowCount(), 1);
    QTRY_COMPARE(m_session->connections()->records().first().state,
                 ConnectionRecord::State::Closed);
    QVERIFY(m_session->connections()->records().first().closeReason.contains(
        QStringLiteral("upstream")));
}

void tst_ProxyServer::rejectsNonWebSocketUpstreams()
{
    QVERIFY(
        !m_proxy->listen(QHostAddress::LocalHost, 0, QUrl(QStringLiteral("http://127.0.0.1:1/"))));
    QVERIFY(!m_proxy->isListening());
}

QTEST_GUILESS_MAIN(tst_ProxyServer)
#include "tst_proxyserver.moc"
