// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "faultinjector.h"
#include "faultswidget.h"
#include "framemodel.h"
#include "inspectorsession.h"
#include "proxyconnection.h"
#include "proxyserver.h"

#include "muxerpair.h"

#include <QBiMuxClient>
#include <QtTest/qsignalspy.h>
#include <QtTest/qtest.h>
#include <QtWidgets/qcheckbox.h>
#include <QtWidgets/qcombobox.h>
#include <QtWidgets/qlineedit.h>
#include <QtWidgets/qpushbutton.h>
#include <QtWidgets/qspinbox.h>
#include <QtWidgets/qtableview.h>

using namespace std::chrono_literals;

// Fault injection in proxy mode, end to end: real peers on both sides of the proxy, and
// what the faults do to them.
class tst_FaultInjection : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void deadlineFiresUnderInjectedLatency();
    void latencyKeepsTheOrder();
    void latencyHoldsABoundedAmount();
    void dropAndCorruptOneDirection();
    void cutLinkMakesTheClientReconnect();
    void cutRuleFiresOnAMatchingFrame();
    void rulesFromTheTab();

private:
    const FrameRecord *lastFrame(QBiMux::FrameFlag flag, qint32 route) const;

    std::unique_ptr<InspectorSession> m_session;
    std::unique_ptr<QBiMuxServer> m_server;
    std::unique_ptr<ProxyServer> m_proxy;
    QList<QByteArray> m_messages; // oneways the server got, "route:payload"
};

void tst_FaultInjection::init()
{
    m_session = std::make_unique<InspectorSession>();
    m_server = std::make_unique<QBiMuxServer>();
    m_server->setRequestHandler(1, m_server.get(), [](const QByteArray &data) { return data; });
    for (qint32 route : {2, 3, 4, 7}) {
        m_server->setMessageHandler(route, m_server.get(), [this, route](const QByteArray &data) {
            m_messages.append(QByteArray::number(route) + ':' + data);
        });
    }
    QVERIFY(m_server->listen(QHostAddress::LocalHost, 0));
    m_proxy = std::make_unique<ProxyServer>(m_session.get());
    QVERIFY(m_proxy->listen(QHostAddress::LocalHost, 0, m_server->serverUrl()));
    m_proxy->faults()->setSeed(7);
    m_messages.clear();
}

void tst_FaultInjection::cleanup()
{
    m_proxy.reset();
    m_server.reset();
    m_session.reset();
}

const FrameRecord *tst_FaultInjection::lastFrame(QBiMux::FrameFlag flag, qint32 route) const
{
    m_session->flush();
    const FrameModel *frames = m_session->frames();
    for (int row = frames->rowCount() - 1; row >= 0; --row) {
        if (frames->frame(row).flag == flag && frames->frame(row).route == route)
            return &frames->frame(row);
    }
    return nullptr;
}

void tst_FaultInjection::deadlineFiresUnderInjectedLatency()
{
    QBiMuxer client;
    QSignalSpy connected(&client, &QBiMuxer::connected);
    client.open(m_proxy->url());
    QVERIFY(connected.wait(10000));
    QFuture<QByteArray> fast = client.rpc(1, "fast", QBiMuxCallOptions().setTimeout(5s));
    QVERIFY(waitForFinished(fast));
    QCOMPARE(fast.result(), QByteArray("fast"));

    FaultInjector::Rule slow;
    slow.direction = int(QBiMux::Direction::Outgoing); // the requests, to the server
    slow.routes = QStringLiteral("1");
    slow.delayMs = 1500;
    QVERIFY(m_proxy->faults()->addRule(slow));
    QElapsedTimer clock;
    clock.start();
    QFuture<QByteArray> late = client.rpc(1, "late", QBiMuxCallOptions().setTimeout(300ms));
    QVERIFY(waitForFinished(late));
    // The client's own deadline fired, long before the delayed request got through.
    QCOMPARE(errorOf(late).code(), QBiMux::StatusCode::DeadlineExceeded);
    QVERIFY(clock.elapsed() < 1500);
    const FrameRecord *request = lastFrame(QBiMux::FrameFlag::Request, 1);
    QVERIFY(request);
    QCOMPARE(request->payload, QByteArray("late"));
    QCOMPARE(request->faults, quint8(FrameRecord::Delayed));
    QCOMPARE(request->faultDelayMs, 1500u);

    // Switched off while traffic flows: the next call is quick again (its request waits
    // only behind what was delayed before it, as on a real link).
    m_proxy->faults()->setRuleEnabled(0, false);
    QFuture<QByteArray> again = client.rpc(1, "again", QBiMuxCallOptions().setTimeout(5s));
    QVERIFY(waitForFinished(again));
    QCOMPARE(again.result(), QByteArray("again"));
    QCOMPARE(lastFrame(QBiMux::FrameFlag::Request, 1)->faults, quint8(0));
}

void tst_FaultInjection::latencyKeepsTheOrder()
{
    QBiMuxer client;
    QSignalSpy connected(&client, &QBiMuxer::connected);
    client.open(m_proxy->url());
    QVERIFY(connected.wait(10000));
    FaultInjector::Rule slow;
    slow.routes = QStringLiteral("2");
    slow.delayMs = 300;
    QVERIFY(m_proxy->faults()->addRule(slow));
    client.send(2, "first, delayed");
    client.send(3, "second, not delayed");
    QTRY_COMPARE(m_messages.size(), 2);
    QCOMPARE(m_messages.at(0), QByteArray("2:first, delayed"));
    QCOMPARE(m_messages.at(1), QByteArray("3:second, not delayed"));
}

void tst_FaultInjection::latencyHoldsABoundedAmount()
{
    // A long delay and a fast sender: the proxy holds at most MaxDelayedBytes back, and
    // drops (and marks) the rest.
    QBiMuxer client;
    client.setSettings(client.settings().setHighWaterMark(256 * 1024 * 1024));
    QSignalSpy connected(&client, &QBiMuxer::connected);
    client.open(m_proxy->url());
    QVERIFY(connected.wait(10000));
    FaultInjector::Rule slow;
    slow.routes = QStringLiteral("2");
    slow.delayMs = 60000;
    QVERIFY(m_proxy->faults()->addRule(slow));
    const QByteArray block(1024 * 1024, 'x');
    constexpr int Blocks = 40;
    for (int i = 0; i < Blocks; ++i)
        QVERIFY(client.send(2, block));
    QTRY_COMPARE_WITH_TIMEOUT(m_session->frames()->totalFrames(), quint64(Blocks), 20000);
    m_session->flush();
    int delayed = 0;
    int dropped = 0;
    for (int row = 0; row < m_session->frames()->rowCount(); ++row) {
        const quint8 faults = m_session->frames()->frame(row).faults;
        delayed += faults == FrameRecord::Delayed;
        dropped += faults == FrameRecord::Dropped;
    }
    QCOMPARE(delayed + dropped, Blocks);
    QVERIFY(delayed * qint64(block.size()) <= ProxyConnection::MaxDelayedBytes);
    QVERIFY(dropped >= Blocks - ProxyConnection::MaxDelayedBytes / block.size());
    QVERIFY(m_proxy->connections().first()->delayedCount() == delayed);
}

void tst_FaultInjection::dropAndCorruptOneDirection()
{
    QBiMuxer client;
    QSignalSpy connected(&client, &QBiMuxer::connected);
    client.open(m_proxy->url());
    QVERIFY(connected.wait(10000));
    FaultInjector::Rule drop;
    drop.direction = int(QBiMux::Direction::Outgoing);
    drop.routes = QStringLiteral("3");
    drop.action = FaultInjector::Action::Drop;
    QVERIFY(m_proxy->faults()->addRule(drop));
    FaultInjector::Rule corrupt;
    corrupt.direction = int(QBiMux::Direction::Incoming); // the answers, to the client
    corrupt.routes = QStringLiteral("1");
    corrupt.action = FaultInjector::Action::Corrupt;
    QVERIFY(m_proxy->faults()->addRule(corrupt));

    client.send(3, "lost");
    client.send(4, "arrives");
    QTRY_COMPARE(m_messages.size(), 1);
    QCOMPARE(m_messages.first(), QByteArray("4:arrives")); // sent after the dropped one
    QCOMPARE(lastFrame(QBiMux::FrameFlag::Oneway, 3)->faults, quint8(FrameRecord::Dropped));
    QCOMPARE(lastFrame(QBiMux::FrameFlag::Oneway, 4)->faults, quint8(0));

    // The server echoes intact; the client reads damaged bytes in a valid frame.
    QFuture<QByteArray> call
        = client.rpc(1, "checksummed data", QBiMuxCallOptions().setTimeout(5s));
    QVERIFY(waitForFinished(call));
    QVERIFY(call.result() != QByteArray("checksummed data"));
    QCOMPARE(call.result().size(), qsizetype(16));
    const FrameRecord *response = lastFrame(QBiMux::FrameFlag::Response, 1);
    QCOMPARE(response->faults, quint8(FrameRecord::Corrupted));
    QCOMPARE(response->payload, QByteArray("checksummed data")); // as the proxy got it
    QCOMPARE(lastFrame(QBiMux::FrameFlag::Request, 1)->faults, quint8(0));
    QVERIFY(client.isConnected());
}

void tst_FaultInjection::cutLinkMakesTheClientReconnect()
{
    QBiMuxClient client;
    client.setInitialReconnectDelay(50ms);
    client.setMaxReconnectDelay(200ms);
    QSignalSpy connected(&client, &QBiMuxClient::connected);
    QSignalSpy disconnected(&client, &QBiMuxClient::disconnected);
    QSignalSpy accepted(m_server.get(), &QBiMuxServer::newConnection);
    client.open(m_proxy->url());
    QVERIFY(connected.wait(10000));
    QTRY_COMPARE(m_proxy->connectionCount(), 1);
    const int first = m_proxy->connections().first()->key();

    QCOMPARE(m_proxy->cutLinks(), 1);
    // An abnormal end, as from a broken network, and the client dials again by itself.
    QTRY_COMPARE(disconnected.size(), 1);
    QCOMPARE(disconnected.first().first().value<QWebSocketProtocol::CloseCode>(),
             QWebSocketProtocol::CloseCodeAbnormalDisconnection);
    QTRY_COMPARE_WITH_TIMEOUT(connected.size(), 2, 10000);
    QTRY_COMPARE(accepted.size(), 2);
    QFuture<QByteArray> call = client.rpc(1, "after the cut", QBiMuxCallOptions().setTimeout(5s));
    QVERIFY(waitForFinished(call));
    QCOMPARE(call.result(), QByteArray("after the cut"));
    const ConnectionRecord *cut = m_session->connections()->find(first);
    QCOMPARE(cut->state, ConnectionRecord::State::Closed);
    QCOMPARE(cut->closeCode, int(QWebSocketProtocol::CloseCodeAbnormalDisconnection));
}

void tst_FaultInjection::cutRuleFiresOnAMatchingFrame()
{
    QBiMuxer client;
    QSignalSpy connected(&client, &QBiMuxer::connected);
    QSignalSpy disconnected(&client, &QBiMuxer::disconnected);
    client.open(m_proxy->url());
    QVERIFY(connected.wait(10000));
    FaultInjector::Rule cut;
    cut.routes = QStringLiteral("7");
    cut.action = FaultInjector::Action::Cut;
    QVERIFY(m_proxy->faults()->addRule(cut));
    client.send(4, "fine");
    QTRY_COMPARE(m_messages.size(), 1);
    QVERIFY(client.isConnected());
    QFuture<QByteArray> pending
        = client.rpc(1, "in flight when the link goes", QBiMuxCallOptions().setTimeout(5s));
    client.send(7, "the last straw");
    QVERIFY(disconnected.wait(10000));
    QVERIFY(waitForFinished(pending));
    QCOMPARE(errorOf(pending).code(), QBiMux::StatusCode::Unavailable);
    QCOMPARE(lastFrame(QBiMux::FrameFlag::Oneway, 7)->faults, quint8(FrameRecord::Cut));
    QCOMPARE(m_messages.size(), 1);
}

void tst_FaultInjection::rulesFromTheTab()
{
    FaultsWidget widget(m_proxy.get());
    widget.show();
    QVERIFY(!widget.cutButton()->isEnabled()); // nothing to cut yet
    widget.directionBox()->setCurrentIndex(1); // out
    QTest::keyClicks(widget.routesEdit(), QStringLiteral("2-3"));
    widget.actionBox()->setCurrentIndex(
        widget.actionBox()->findData(int(FaultInjector::Action::Drop)));
    widget.shareBox()->setValue(100);
    QVERIFY(!widget.delayBox()->isEnabled()); // a drop has no latency
    QTest::mouseClick(widget.addButton(), Qt::LeftButton);
    FaultInjector *faults = m_proxy->faults();
    QCOMPARE(faults->rowCount(), 1);
    QCOMPARE(faults->rules().first().routes, QStringLiteral("2-3"));
    QCOMPARE(faults->rules().first().action, FaultInjector::Action::Drop);
    // Unreadable routes: refused, and said so.
    widget.routesEdit()->setText(QStringLiteral("x-"));
    QTest::mouseClick(widget.addButton(), Qt::LeftButton);
    QCOMPARE(faults->rowCount(), 1);

    QBiMuxer client;
    QSignalSpy connected(&client, &QBiMuxer::connected);
    client.open(m_proxy->url());
    QVERIFY(connected.wait(10000));
    client.send(2, "dropped");
    client.send(4, "kept");
    QTRY_COMPARE(m_messages.size(), 1);
    // Switched off from its checkbox while the link is up: frames pass.
    QVERIFY(faults->setData(faults->index(0, FaultInjector::EnabledColumn), Qt::Unchecked,
                            Qt::CheckStateRole));
    client.send(2, "passes");
    QTRY_COMPARE(m_messages.size(), 2);
    QCOMPARE(m_messages.last(), QByteArray("2:passes"));
    // And all rules off at once.
    faults->setRuleEnabled(0, true);
    widget.activeBox()->setChecked(false);
    client.send(3, "passes too");
    QTRY_COMPARE(m_messages.size(), 3);
    QTRY_VERIFY(widget.cutButton()->isEnabled());
    QSignalSpy gone(&client, &QBiMuxer::disconnected);
    QTest::mouseClick(widget.cutButton(), Qt::LeftButton);
    QVERIFY(gone.wait(10000));
}

QTEST_MAIN(tst_FaultInjection)
#include "tst_faultinjection.moc"
