// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "muxerpair.h"

#include <QBiMuxClient>
#include <QBiMuxServer>
#include <QBiMuxSettings>
#include <QBiMuxer>

#include <QtCore/qthread.h>

#include <QtTest/qtest.h>
#include <QtWebSockets/qwebsocket.h>
#include <thread>

using namespace std::chrono_literals;

// QBiMuxSettings as a value (defaults, clamps, sharing), and as QBiMuxer, QBiMuxClient and
// QBiMuxServer take it: applied to the connections they have and to later ones.
class tst_QBiMuxSettings : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void defaults();
    void settersChainAndShare();
    void everyValueIsClamped();
    void debugOutput();
    void muxerAppliesItsSettingsFromAnyThread();
    void serverAppliesToLiveAndLaterConnections();
    void serverWorkersGetTheSettingsInTheirThreads();
    void clientAppliesToItsMuxerAndTheNextOnes();
};

void tst_QBiMuxSettings::defaults()
{
    const QBiMuxSettings settings;
    QCOMPARE(settings.defaultTimeout(), 30s);
    QCOMPARE(settings.heartbeatInterval(), 30s);
    QCOMPARE(settings.idleTimeout(), 90s);
    QCOMPARE(settings.maxMessageSize(), 64 * 1024 * 1024);
    QCOMPARE(settings.maxPendingCalls(), 65536);
    QCOMPARE(settings.maxConcurrentRequests(), 16384);
    QCOMPARE(settings.highWaterMark(), 16 * 1024 * 1024);
    QCOMPARE(settings.streamReceiveWindow(), 512 * 1024);
    QCOMPARE(settings.streamWriteBufferSize(), 512 * 1024);
    QCOMPARE(settings.maxIncomingStreams(), 128);
    // What the three take until told otherwise.
    QCOMPARE(QBiMuxer().settings(), settings);
    QCOMPARE(QBiMuxClient().settings(), settings);
    QCOMPARE(QBiMuxServer().settings(), settings);
}

void tst_QBiMuxSettings::settersChainAndShare()
{
    const QBiMuxSettings original;
    QBiMuxSettings changed = original;
    QCOMPARE(changed, original);
    changed.setDefaultTimeout(5s).setHeartbeat(10s, 40s).setMaxMessageSize(4096).setMaxPendingCalls(
        7);
    changed.setMaxConcurrentRequests(8).setHighWaterMark(9000);
    changed.setStreamReceiveWindow(1000).setStreamWriteBufferSize(2000).setMaxIncomingStreams(3);
    // The copy detached: the original says what it said.
    QCOMPARE(original.defaultTimeout(), 30s);
    QVERIFY(changed != original);
    QCOMPARE(changed.defaultTimeout(), 5s);
    QCOMPARE(changed.heartbeatInterval(), 10s);
    QCOMPARE(changed.idleTimeout(), 40s);
    QCOMPARE(changed.maxMessageSize(), 4096);
    QCOMPARE(changed.maxPendingCalls(), 7);
    QCOMPARE(changed.maxConcurrentRequests(), 8);
    QCOMPARE(changed.highWaterMark(), 9000);
    QCOMPARE(changed.streamReceiveWindow(), 1000);
    QCOMPARE(changed.streamWriteBufferSize(), 2000);
    QCOMPARE(changed.maxIncomingStreams(), 3);
    // Equal values compare equal, whatever their history.
    QBiMuxSettings again;
    again.setMaxConcurrentRequests(8).setHighWaterMark(9000).setDefaultTimeout(5s);
    again.setMaxPendingCalls(7).setMaxMessageSize(4096).setHeartbeat(10s, 40s);
    again.setMaxIncomingStreams(3).setStreamWriteBufferSize(2000);
    QVERIFY(again != changed); // the stream settings count too
    again.setStreamReceiveWindow(1000);
    QCOMPARE(again, changed);
    QBiMuxSettings moved = std::move(again);
    QCOMPARE(moved, changed);
    QBiMuxSettings swapped;
    swapped.swap(moved);
    QCOMPARE(swapped, changed);
    QCOMPARE(moved, original);
}

void tst_QBiMuxSettings::everyValueIsClamped()
{
    QBiMuxSettings settings;
    // A frame needs its header and a byte; QWebSocket takes no more than its limits.
    QCOMPARE(settings.setMaxMessageSize(0).maxMessageSize(), 65);
    QCOMPARE(settings.setMaxMessageSize(-5).maxMessageSize(), 65);
    settings.setMaxMessageSize(std::numeric_limits<qint64>::max());
    QCOMPARE(quint64(settings.maxMessageSize()),
             std::min(QWebSocket::maxIncomingMessageSize(), QWebSocket::maxIncomingFrameSize()));
    // Counts and sizes of at least 1.
    QCOMPARE(settings.setMaxPendingCalls(0).maxPendingCalls(), 1);
    QCOMPARE(settings.setMaxPendingCalls(-9).maxPendingCalls(), 1);
    QCOMPARE(settings.setMaxConcurrentRequests(0).maxConcurrentRequests(), 1);
    QCOMPARE(settings.setHighWaterMark(0).highWaterMark(), 1);
    QCOMPARE(settings.setHighWaterMark(-1).highWaterMark(), 1);
    // The idle timeout gives a peer an interval to answer; nothing overflows.
    settings.setHeartbeat(100ms, 10ms);
    QCOMPARE(settings.heartbeatInterval(), 100ms);
    QCOMPARE(settings.idleTimeout(), 200ms);
    settings.setHeartbeat(-5ms, -5ms);
    QCOMPARE(settings.heartbeatInterval(), 0ms);
    QCOMPARE(settings.idleTimeout(), 0ms);
    settings.setHeartbeat(std::chrono::milliseconds::max(), 0ms);
    QVERIFY(settings.heartbeatInterval() >= std::chrono::hours(24 * 365 * 100));
    QVERIFY(settings.idleTimeout() >= 2 * settings.heartbeatInterval());
    QVERIFY(std::chrono::nanoseconds(settings.idleTimeout()).count() > 0);
    settings.setHeartbeat(20ms, std::chrono::milliseconds::max());
    QCOMPARE(settings.heartbeatInterval(), 20ms);
    QVERIFY(std::chrono::nanoseconds(settings.idleTimeout()).count() > 0);
    // A stream's window and write buffer: 1 byte to 1 GiB (a window frame carries 32 bits);
    // no streams of the peer at all is a choice.
    QCOMPARE(settings.setStreamReceiveWindow(0).streamReceiveWindow(), 1);
    QCOMPARE(settings.setStreamReceiveWindow(qint64(1) << 40).streamReceiveWindow(),
             1024 * 1024 * 1024);
    QCOMPARE(settings.setStreamWriteBufferSize(-1).streamWriteBufferSize(), 1);
    QCOMPARE(settings.setStreamWriteBufferSize(qint64(1) << 40).streamWriteBufferSize(),
             1024 * 1024 * 1024);
    QCOMPARE(settings.setMaxIncomingStreams(-3).maxIncomingStreams(), 0);
    // A default timeout has no clamp: zero or less, or 100 years or more, means none.
    QCOMPARE(settings.setDefaultTimeout(-1ms).defaultTimeout(), -1ms);
}

void tst_QBiMuxSettings::debugOutput()
{
    QString text;
    QDebug(&text) << QBiMuxSettings().setMaxMessageSize(4096);
    QCOMPARE(text,
             QStringLiteral("QBiMuxSettings(defaultTimeout=30000ms, heartbeat=30000ms/90000ms, "
                            "maxMessageSize=4096, maxPendingCalls=65536, "
                            "maxConcurrentRequests=16384, highWaterMark=16777216, "
                            "streamReceiveWindow=524288, streamWriteBufferSize=524288, "
                            "maxIncomingStreams=128) "));
}

void tst_QBiMuxSettings::muxerAppliesItsSettingsFromAnyThread()
{
    MuxerPair pair;
    QVERIFY(pair.connect());
    const QBiMuxSettings settings
        = QBiMuxSettings().setMaxMessageSize(1024).setDefaultTimeout(1234ms);
    std::thread other([&pair, settings] { pair.client->setSettings(settings); });
    other.join();
    // What a call checks holds at once; the socket's limit once the muxer's thread ran.
    QCOMPARE(pair.client->settings(), settings);
    QFuture<QByteArray> tooLarge = pair.client->rpc(1, QByteArray(2048, 'x'));
    QVERIFY(tooLarge.isFinished());
    QCOMPARE(errorOf(tooLarge).code(), QBiMux::StatusCode::ResourceExhausted);
    QTRY_COMPARE(pair.client->socket()->maxAllowedIncomingMessageSize(), 1024u);
}

void tst_QBiMuxSettings::serverAppliesToLiveAndLaterConnections()
{
    MuxerPair pair;
    QVERIFY(pair.connect());
    RequestCollector held(pair.serverSide);
    // The live connection takes them in its thread; a call made after that sends the new
    // default timeout.
    pair.server->setSettings(QBiMuxSettings().setDefaultTimeout(1234ms).setMaxMessageSize(4096));
    QTRY_COMPARE(pair.serverSide->settings().maxMessageSize(), 4096);
    QCOMPARE(pair.serverSide->settings().defaultTimeout(), 1234ms);
    QTRY_COMPARE(pair.serverSide->socket()->maxAllowedIncomingMessageSize(), 4096u);

    // The server's limit is clamped too, and reaches a connection accepted later.
    pair.server->setSettings(pair.server->settings().setMaxMessageSize(1));
    QCOMPARE(pair.server->settings().maxMessageSize(), 65);
    QSignalSpy accepted(pair.server.get(), &QBiMuxServer::newConnection);
    QBiMuxer later;
    later.open(pair.server->serverUrl());
    QVERIFY(accepted.wait(10000));
    auto *laterSide = accepted.first().first().value<QBiMuxer *>();
    QCOMPARE(laterSide->settings().maxMessageSize(), 65);
    QCOMPARE(laterSide->settings().defaultTimeout(), 1234ms);
}

void tst_QBiMuxSettings::serverWorkersGetTheSettingsInTheirThreads()
{
    QBiMuxServer server;
    server.setWorkerThreadCount(2);
    QVERIFY(server.listen(QHostAddress::LocalHost));
    std::vector<std::unique_ptr<QBiMuxer>> clients;
    for (int i = 0; i < 4; ++i) {
        clients.push_back(std::make_unique<QBiMuxer>());
        clients.back()->open(server.serverUrl());
    }
    QTRY_COMPARE(server.connectionCount(), 4);
    for (const auto &client : clients)
        QTRY_VERIFY(client->isConnected());
    server.setSettings(QBiMuxSettings().setMaxConcurrentRequests(3));
    // Each connection's own view, read through a request it serves in its worker.
    server.setRequestHandler(1, nullptr, [](const QBiMuxRequest &request) {
        QBiMuxer *muxer = request.muxer();
        request.reply(QByteArray::number(muxer->settings().maxConcurrentRequests())
                      + (muxer->thread() == QThread::currentThread() ? " here" : " elsewhere"));
    });
    const auto ask = [](QBiMuxer *client) {
        QFuture<QByteArray> answer = client->rpc(1, "?");
        return waitForFinished(answer) && answer.resultCount() ? answer.result() : QByteArray();
    };
    // Applied in each worker as it gets to it.
    for (const auto &client : clients)
        QTRY_COMPARE(ask(client.get()), QByteArray("3 here"));
}

void tst_QBiMuxSettings::clientAppliesToItsMuxerAndTheNextOnes()
{
    QBiMuxServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    QBiMuxClient client;
    client.setInitialReconnectDelay(10ms);
    QSignalSpy connected(&client, &QBiMuxClient::connected);
    client.open(server.serverUrl());
    QVERIFY(connected.wait(10000));
    const QBiMuxSettings settings = QBiMuxSettings().setHeartbeat(1s, 3s).setMaxPendingCalls(77);
    client.setSettings(settings);
    QCOMPARE(client.settings(), settings);
    QCOMPARE(client.currentMuxer()->settings(), settings);
    // The next connection's muxer starts with them.
    client.currentMuxer()->socket()->abort();
    QVERIFY(connected.wait(10000));
    QCOMPARE(client.currentMuxer()->settings(), settings);
}

QTEST_MAIN(tst_QBiMuxSettings)
#include "tst_qbimuxsettings.moc"
