// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "composer.h"
#include "composewidget.h"
#include "inspectorsession.h"
#include "proxyserver.h"

#include "muxerpair.h"

#include <QtNetwork/qtcpserver.h>
#include <QtTest/qsignalspy.h>
#include <QtTest/qtest.h>
#include <QtWidgets/qcombobox.h>
#include <QtWidgets/qlineedit.h>
#include <QtWidgets/qplaintextedit.h>
#include <QtWidgets/qpushbutton.h>
#include <QtWidgets/qspinbox.h>

// Composing a call and a oneway message against a real server, from the inspector's own
// connection or injected into a connection of its proxy.
class tst_ComposeWidget : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void callWithHexPayloadShowsTheReply();
    void onewayReachesTheServer();
    void badHexIsRefused();
    void cancelEndsTheInspectorsCallAndTellsThePeer();
    void injectsIntoAProxiedConnectionBothWays();
    void failedDialSaysWhy();
    void lostConnectionSaysWhyAndOffersToConnect();
    void failuresNameTheirStatus();
    void replaysAFrameSeen();

private:
    void connectToServer();

    std::unique_ptr<QBiMuxServer> m_server;
    std::unique_ptr<InspectorSession> m_session;
    std::unique_ptr<ProxyServer> m_proxy;
    std::unique_ptr<Composer> m_composer;
    std::unique_ptr<ComposeWidget> m_widget;
};

void tst_ComposeWidget::init()
{
    m_server = std::make_unique<QBiMuxServer>();
    m_server->setRequestHandler(1, m_server.get(),
                                [](const QByteArray &data) { return "echo:" + data; });
    QVERIFY(m_server->listen(QHostAddress::LocalHost, 0));
    m_session = std::make_unique<InspectorSession>();
    m_proxy = std::make_unique<ProxyServer>(m_session.get());
    m_composer = std::make_unique<Composer>(m_session.get());
    m_composer->setProxy(m_proxy.get());
    m_widget = std::make_unique<ComposeWidget>(m_composer.get());
    m_widget->show();
}

void tst_ComposeWidget::cleanup()
{
    m_widget.reset();
    m_composer.reset();
    m_proxy.reset();
    m_session.reset();
    m_server.reset();
}

void tst_ComposeWidget::connectToServer()
{
    QVERIFY(!m_widget->sendButton()->isEnabled());
    QTest::keyClicks(m_widget->urlEdit(), m_server->serverUrl().toString());
    QSignalSpy connected(m_composer.get(), &Composer::connectedChanged);
    QTest::mouseClick(m_widget->connectButton(), Qt::LeftButton);
    QVERIFY(connected.wait(10000));
    QTRY_VERIFY(m_widget->sendButton()->isEnabled());
}

void tst_ComposeWidget::callWithHexPayloadShowsTheReply()
{
    connectToServer();
    m_widget->formatBox()->setCurrentIndex(ComposeWidget::Hex);
    QTest::keyClicks(m_widget->payloadEdit(), QStringLiteral("48 69"));
    QSignalSpy replied(m_composer.get(), &Composer::replied);
    QTest::mouseClick(m_widget->sendButton(), Qt::LeftButton);
    QVERIFY(replied.wait(10000));
    QCOMPARE(replied.first().at(1).toByteArray(), QByteArray("echo:Hi"));
    QVERIFY(m_widget->resultView()->toPlainText().contains(QStringLiteral("echo:Hi")));
    // The composer's own traffic is recorded.
    QTRY_COMPARE(m_session->frames()->rowCount(), 2);
    QCOMPARE(m_session->frames()->frame(0).payload, QByteArray("Hi"));
}

void tst_ComposeWidget::onewayReachesTheServer()
{
    QByteArray received;
    m_server->setMessageHandler(9, m_server.get(),
                                [&](const QByteArray &data) { received = data; });
    connectToServer();
    m_widget->kindBox()->setCurrentIndex(ComposeWidget::Oneway);
    QVERIFY(!m_widget->timeoutBox()->isEnabled());
    m_widget->routeBox()->setValue(9);
    QTest::keyClicks(m_widget->payloadEdit(), QStringLiteral("hello server"));
    QTest::mouseClick(m_widget->sendButton(), Qt::LeftButton);
    QTRY_COMPARE(received, QByteArray("hello server"));
}

void tst_ComposeWidget::badHexIsRefused()
{
    connectToServer();
    m_widget->formatBox()->setCurrentIndex(ComposeWidget::Hex);
    QTest::keyClicks(m_widget->payloadEdit(), QStringLiteral("4 zz"));
    QTest::mouseClick(m_widget->sendButton(), Qt::LeftButton);
    QVERIFY(m_widget->resultView()->toPlainText().contains(QStringLiteral("not hex")));
    m_session->flush();
    QCOMPARE(m_session->frames()->rowCount(), 0);
}

void tst_ComposeWidget::cancelEndsTheInspectorsCallAndTellsThePeer()
{
    // A server that holds route 5's requests, so that the call stays in flight.
    QList<QBiMuxRequest> held;
    QObject::connect(m_server.get(), &QBiMuxServer::newConnection, this, [&held](QBiMuxer *peer) {
        QObject::connect(peer, &QBiMuxer::requestReceived, peer,
                         [&held](const QBiMuxRequest &request) { held.append(request); });
    });
    connectToServer();
    QVERIFY(!m_widget->cancelButton()->isEnabled());
    m_widget->routeBox()->setValue(5);
    QTest::keyClicks(m_widget->payloadEdit(), QStringLiteral("wait for me"));
    QSignalSpy failed(m_composer.get(), &Composer::failed);
    QTest::mouseClick(m_widget->sendButton(), Qt::LeftButton);
    QTRY_COMPARE(held.size(), 1);
    QTRY_COMPARE(m_session->inflight()->rowCount(), 1);
    QVERIFY(m_widget->cancelButton()->isEnabled());

    QTest::mouseClick(m_widget->cancelButton(), Qt::LeftButton);
    QTRY_COMPARE(failed.count(), 1);
    QCOMPARE(failed.first().at(1).toInt(), int(QBiMux::StatusCode::Cancelled));
    QTRY_VERIFY(held.first().isCancelled()); // the peer heard of it
    QTRY_COMPARE(m_session->inflight()->rowCount(), 0);
    QTRY_VERIFY(!m_widget->cancelButton()->isEnabled());
    QVERIFY(m_composer->pendingCalls().isEmpty());
}

void tst_ComposeWidget::injectsIntoAProxiedConnectionBothWays()
{
    // A real client talks to the server through the proxy; it serves route 1 too.
    QVERIFY(m_proxy->listen(QHostAddress::LocalHost, 0, m_server->serverUrl()));
    QBiMuxer client;
    client.setId(QStringLiteral("device-9"));
    client.setRequestHandler(1, &client, [](const QByteArray &data) { return "client:" + data; });
    QSignalSpy clientErrors(&client, &QBiMuxer::protocolErrorOccurred);
    client.open(m_proxy->url());
    // Only open connections are offered, after the own one.
    QTRY_COMPARE(m_widget->targetBox()->count(), 2);
    QVERIFY(m_widget->targetBox()->itemText(1).contains(QStringLiteral("device-9")));
    QVERIFY(!m_widget->sideBox()->isEnabled());
    QVERIFY(!m_widget->sendButton()->isEnabled()); // the own connection is not dialed

    m_widget->targetBox()->setCurrentIndex(1);
    QCOMPARE(m_composer->targetConnection(), m_proxy->connections().first()->key());
    QVERIFY(!m_widget->urlEdit()->isEnabled());
    QVERIFY(!m_widget->connectButton()->isEnabled());
    QVERIFY(m_widget->sideBox()->isEnabled());
    QVERIFY(m_widget->sendButton()->isEnabled());
    QTest::keyClicks(m_widget->payloadEdit(), QStringLiteral("Hi"));
    QSignalSpy replied(m_composer.get(), &Composer::replied);
    QTest::mouseClick(m_widget->sendButton(), Qt::LeftButton);
    QVERIFY(replied.wait(10000));
    QCOMPARE(replied.last().at(1).toByteArray(), QByteArray("echo:Hi")); // the server's
    QVERIFY(m_widget->resultView()->toPlainText().contains(QStringLiteral("injected")));

    // Toward the client: the inspector stands in for the server.
    m_widget->sideBox()->setCurrentIndex(1);
    QCOMPARE(m_composer->targetSide(), ProxyConnection::Side::Client);
    QTest::mouseClick(m_widget->sendButton(), Qt::LeftButton);
    QVERIFY(replied.wait(10000));
    QCOMPARE(replied.last().at(1).toByteArray(), QByteArray("client:Hi"));
    QVERIFY(m_widget->resultView()->toPlainText().contains(QStringLiteral("client:Hi")));
    QVERIFY(clientErrors.isEmpty());

    // The connection goes: the choice falls back to the own connection.
    client.close();
    QTRY_COMPARE(m_widget->targetBox()->count(), 1);
    QCOMPARE(m_composer->targetConnection(), 0);
    QVERIFY(!m_widget->sendButton()->isEnabled());
    QVERIFY(m_widget->urlEdit()->isEnabled());
}

void tst_ComposeWidget::failedDialSaysWhy()
{
    // A port nobody listens on.
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const quint16 port = probe.serverPort();
    probe.close();
    QTest::keyClicks(m_widget->urlEdit(), QStringLiteral("ws://127.0.0.1:%1/mux").arg(port));
    QCOMPARE(m_widget->connectButton()->text(), QStringLiteral("Connect"));
    QSignalSpy state(m_composer.get(), &Composer::stateChanged);
    QTest::mouseClick(m_widget->connectButton(), Qt::LeftButton);
    QCOMPARE(m_widget->connectButton()->text(), QStringLiteral("Cancel")); // while dialing
    QTRY_COMPARE(m_composer->state(), Composer::State::Disconnected);
    const QString log = m_widget->resultView()->toPlainText();
    QVERIFY2(log.contains(QStringLiteral("Could not connect")), qPrintable(log));
    QVERIFY2(log.contains(QStringLiteral("refused"), Qt::CaseInsensitive), qPrintable(log));
    // Ready to dial again, with the URL as it was.
    QCOMPARE(m_widget->connectButton()->text(), QStringLiteral("Connect"));
    QVERIFY(m_widget->urlEdit()->isEnabled());
    QCOMPARE(m_widget->urlEdit()->text(), QStringLiteral("ws://127.0.0.1:%1/mux").arg(port));
    QVERIFY(!m_widget->sendButton()->isEnabled());
}

void tst_ComposeWidget::lostConnectionSaysWhyAndOffersToConnect()
{
    connectToServer();
    QCOMPARE(m_widget->connectButton()->text(), QStringLiteral("Disconnect"));
    QTRY_COMPARE(m_server->connectionCount(), 1);
    const QList<QBiMuxer *> peers = m_server->findChildren<QBiMuxer *>();
    QVERIFY(!peers.isEmpty());
    peers.first()->close(QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("go away"));
    QTRY_COMPARE(m_composer->state(), Composer::State::Disconnected);
    const QString log = m_widget->resultView()->toPlainText();
    QVERIFY2(log.contains(QStringLiteral("go away")), qPrintable(log));
    QCOMPARE(m_widget->connectButton()->text(), QStringLiteral("Connect"));
    // And it dials again.
    QSignalSpy connected(m_composer.get(), &Composer::connectedChanged);
    QTest::mouseClick(m_widget->connectButton(), Qt::LeftButton);
    QTRY_COMPARE(m_composer->state(), Composer::State::Connected);
}

void tst_ComposeWidget::failuresNameTheirStatus()
{
    connectToServer();
    m_widget->routeBox()->setValue(77); // nobody serves it
    QSignalSpy failed(m_composer.get(), &Composer::failed);
    QTest::mouseClick(m_widget->sendButton(), Qt::LeftButton);
    QVERIFY(failed.wait(10000));
    const QString log = m_widget->resultView()->toPlainText();
    QVERIFY2(log.contains(QStringLiteral("UNIMPLEMENTED")), qPrintable(log));
    QVERIFY(!log.contains(QStringLiteral("code 12")));
}

void tst_ComposeWidget::replaysAFrameSeen()
{
    connectToServer();
    m_widget->formatBox()->setCurrentIndex(ComposeWidget::Text);
    QTest::keyClicks(m_widget->payloadEdit(), QStringLiteral("again"));
    QSignalSpy replied(m_composer.get(), &Composer::replied);
    QTest::mouseClick(m_widget->sendButton(), Qt::LeftButton);
    QVERIFY(replied.wait(10000));
    m_session->flush();
    const FrameRecord request = m_session->frames()->frame(0);
    QCOMPARE(request.flag, QBiMux::FrameFlag::Request);
    QVERIFY(m_composer->replayTarget(request).has_value());
    QVERIFY(!m_composer->replayTarget(m_session->frames()->frame(1))); // a response: no
    m_widget->payloadEdit()->clear();
    QVERIFY(m_widget->replay(request));
    QVERIFY(replied.wait(10000));
    QCOMPARE(replied.last().at(1).toByteArray(), QByteArray("echo:again"));
    QCOMPARE(m_widget->payloadEdit()->toPlainText(), QStringLiteral("again"));
    QTRY_COMPARE(m_session->frames()->rowCount(), 4);
}

QTEST_MAIN(tst_ComposeWidget)
#include "tst_composewidget.moc"
