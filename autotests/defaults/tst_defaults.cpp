// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "muxerpair.h"

#include <QBiMuxClient>
#include <QBiMuxServer>
#include <QBiMuxer>

#include <QtCore/qregularexpression.h>
#include <QtNetwork/qtcpserver.h>
#include <QtTest/qsignalspy.h>
#include <QtTest/qtest.h>
#include <QtWebSockets/qwebsocket.h>

using namespace std::chrono_literals;

namespace {
// The figures docs/guide.md and the class documentation give, written out here on purpose:
// a test that read the library's constants would follow them wherever they went.
constexpr qint64 MiB = 1024 * 1024;
constexpr qint64 MaxMessageSize = 64 * MiB;
constexpr qint64 HighWaterMark = 16 * MiB;
constexpr int MaxPendingCalls = 65536;
constexpr int MaxConcurrentRequests = 16384;
constexpr int MaxQueuedCalls = 1000;
constexpr int MaxQueuedMessages = 1000;

// A URL nobody listens on: a port taken from a server that is closed again.
QUrl deadUrl()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost))
        return {};
    return QUrl(QStringLiteral("ws://127.0.0.1:%1/mux").arg(probe.serverPort()));
}

// Checks the per-connection defaults of `muxer`.
void checkMuxerDefaults(const QBiMuxer *muxer)
{
    QCOMPARE(muxer->settings().defaultTimeout(), 30s);
    QCOMPARE(muxer->settings().heartbeatInterval(), 30s);
    QCOMPARE(muxer->settings().idleTimeout(), 90s);
    QCOMPARE(muxer->settings().maxMessageSize(), MaxMessageSize);
    // Qt's own limit (2 GiB) is not what a peer may make this side hold.
    QCOMPARE(muxer->socket()->maxAllowedIncomingMessageSize(), quint64(MaxMessageSize));
    QCOMPARE(muxer->settings().maxPendingCalls(), MaxPendingCalls);
    QCOMPARE(muxer->settings().maxConcurrentRequests(), MaxConcurrentRequests);
    QCOMPARE(muxer->settings().highWaterMark(), HighWaterMark);
}
} // namespace

// Every default the documentation states, on each class that has it, and on the muxers a
// server accepts and a client dials; where a default can be seen at work in a second or
// so, at work too.
class tst_Defaults : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void muxer();
    void acceptedAndDialedConnections();
    void server();
    void highWaterMarkAtWork();
    void maxMessageSizeAtWork();
    void clientSettings();
    void clientBackoffAtWork();
    void clientQueueLimitAtWork();
};

void tst_Defaults::initTestCase()
{
    qRegisterMetaType<std::chrono::milliseconds>();
}

void tst_Defaults::muxer()
{
    QBiMuxer muxer;
    checkMuxerDefaults(&muxer);
    QVERIFY(!muxer.isCongested());
}

void tst_Defaults::acceptedAndDialedConnections()
{
    MuxerPair pair;
    QVERIFY(pair.connect());
    checkMuxerDefaults(pair.serverSide);
    if (QTest::currentTestFailed())
        return;
    checkMuxerDefaults(pair.client.get());
    if (QTest::currentTestFailed())
        return;

    QBiMuxClient client;
    QSignalSpy connected(&client, &QBiMuxClient::connected);
    client.open(pair.server->serverUrl());
    QVERIFY(connected.wait(10000) || connected.count() == 1);
    QVERIFY(client.currentMuxer());
    checkMuxerDefaults(client.currentMuxer());
}

void tst_Defaults::server()
{
    QBiMuxServer server;
    QCOMPARE(server.handshakeTimeout(), 10s);
    QCOMPARE(server.maxConnections(), 0); // no limit
    QVERIFY(server.allowedOrigins().isEmpty()); // any origin
    QCOMPARE(server.workerThreadCount(), 0);
    QCOMPARE(server.settings().defaultTimeout(), 30s);
    QCOMPARE(server.settings().maxMessageSize(), MaxMessageSize);
    QCOMPARE(server.settings().maxPendingCalls(), MaxPendingCalls);
    QCOMPARE(server.settings().maxConcurrentRequests(), MaxConcurrentRequests);
    QVERIFY(server.listen(QHostAddress::LocalHost));
    QCOMPARE(server.path(), QStringLiteral("/mux"));
}

void tst_Defaults::highWaterMarkAtWork()
{
    // Without returning to the event loop the socket writes nothing: every message stays
    // queued, and the 16 MiB mark is passed with the 16th message of 1 MiB.
    MuxerPair pair;
    QVERIFY(pair.connect());
    int received = 0;
    pair.serverSide->setMessageHandler(2, this, [&received](const QByteArray &) { ++received; });
    const QByteArray chunk(MiB, 'x');
    int sent = 0;
    while (sent < 40 && pair.client->send(2, chunk))
        ++sent;
    QCOMPARE(sent, 16);
    QVERIFY(pair.client->isCongested());
    QVERIFY(pair.client->bytesToWrite() > HighWaterMark);
    QVERIFY(pair.client->bytesToWrite() < HighWaterMark + 2 * MiB);
    QFuture<QByteArray> refused = pair.client->rpc(1, "x");
    QVERIFY(refused.isFinished());
    QCOMPARE(errorOf(refused).code(), QBiMux::StatusCode::ResourceExhausted);
    // Every accepted message arrives once the queue drains.
    QTRY_COMPARE_WITH_TIMEOUT(received, sent, 30000);
    QTRY_VERIFY(!pair.client->isCongested());
}

void tst_Defaults::maxMessageSizeAtWork()
{
    // Refused before anything is written, in the caller's thread.
    MuxerPair pair;
    QVERIFY(pair.connect());
    QSignalSpy requests(pair.serverSide, &QBiMuxer::requestReceived);
    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(QStringLiteral("larger than the maximum")));
    const QByteArray tooLarge(MaxMessageSize, 'x');
    QFuture<QByteArray> call = pair.client->rpc(1, tooLarge);
    QVERIFY(call.isFinished());
    QCOMPARE(errorOf(call).code(), QBiMux::StatusCode::ResourceExhausted);
    QVERIFY(errorOf(call).message().contains(QString::number(MaxMessageSize)));
    QVERIFY(!pair.client->send(1, tooLarge));
    QCOMPARE(pair.client->bytesToWrite(), 0);
    QVERIFY(pair.client->isConnected());
}

void tst_Defaults::clientSettings()
{
    QBiMuxClient client;
    QCOMPARE(client.state(), QBiMuxClient::State::Disconnected);
    QCOMPARE(client.initialReconnectDelay(), 1s);
    QCOMPARE(client.reconnectMultiplier(), 1.6);
    QCOMPARE(client.maxReconnectDelay(), 60s);
    QCOMPARE(client.reconnectJitter(), 0.2);
    QCOMPARE(client.stableConnectionTime(), 10s);
    QCOMPARE(client.offlinePolicy(), QBiMux::OfflinePolicy::Queue);
    QCOMPARE(client.maxQueuedCalls(), MaxQueuedCalls);
    QCOMPARE(client.maxQueuedMessages(), MaxQueuedMessages);
    QCOMPARE(client.settings().defaultTimeout(), 30s);
    QCOMPARE(client.settings().heartbeatInterval(), 30s);
    QCOMPARE(client.settings().idleTimeout(), 90s);
    QCOMPARE(client.settings().maxMessageSize(), MaxMessageSize);
    QCOMPARE(client.settings().maxPendingCalls(), MaxPendingCalls);
    QCOMPARE(client.settings().maxConcurrentRequests(), MaxConcurrentRequests);
    QCOMPARE(client.settings().highWaterMark(), HighWaterMark);
}

void tst_Defaults::clientBackoffAtWork()
{
    // Nobody listens: the first wait is 1 s, the second 1.6 s, each within +-20 %.
    const QUrl url = deadUrl();
    QVERIFY(url.isValid());
    QBiMuxClient client;
    QSignalSpy scheduled(&client, &QBiMuxClient::reconnectScheduled);
    client.open(url);
    QTRY_COMPARE_WITH_TIMEOUT(scheduled.count(), 2, 20000);
    client.close();
    const QList<std::pair<int, std::chrono::milliseconds>> expected {{1, 1000ms}, {2, 1600ms}};
    for (int i = 0; i < 2; ++i) {
        QCOMPARE(scheduled.at(i).at(0).toInt(), expected.at(i).first);
        const auto delay = scheduled.at(i).at(1).value<std::chrono::milliseconds>();
        const auto nominal = expected.at(i).second;
        QVERIFY2(delay >= nominal * 0.8 - 1ms && delay <= nominal * 1.2 + 1ms,
                 QByteArray::number(qint64(delay.count())));
    }
}

void tst_Defaults::clientQueueLimitAtWork()
{
    // Offline, calls wait in the queue (the default policy) up to 1000 of them, and so do
    // oneway messages in theirs; the next is refused at once.
    const QUrl url = deadUrl();
    QVERIFY(url.isValid());
    QBiMuxClient client;
    client.open(url);
    QList<QFuture<QByteArray>> queued;
    for (int i = 0; i < MaxQueuedCalls; ++i)
        queued.append(client.rpc(1, "x", QBiMuxCallOptions().setTimeout(0ms)));
    QCOMPARE(client.queuedCallCount(), MaxQueuedCalls);
    for (const QFuture<QByteArray> &call : std::as_const(queued))
        QVERIFY(!call.isFinished());
    QFuture<QByteArray> refused
        = client.rpc(1, "one too many", QBiMuxCallOptions().setTimeout(0ms));
    QVERIFY(refused.isFinished());
    QCOMPARE(errorOf(refused).code(), QBiMux::StatusCode::ResourceExhausted);

    // Oneway messages have a queue of their own, of 1000 too: the calls did not fill it,
    // and they cannot fill the calls'.
    for (int i = 0; i < MaxQueuedMessages; ++i)
        QVERIFY(client.send(2, "m"));
    QCOMPARE(client.queuedMessageCount(), MaxQueuedMessages);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("not queued")));
    QVERIFY(!client.send(2, "one too many"));

    // Each queued call still ends once, when the client is closed.
    client.close();
    for (const QFuture<QByteArray> &call : std::as_const(queued)) {
        QVERIFY(waitForFinished(call));
        QCOMPARE(errorOf(call).code(), QBiMux::StatusCode::Unavailable);
    }
}

QTEST_MAIN(tst_Defaults)
#include "tst_defaults.moc"
