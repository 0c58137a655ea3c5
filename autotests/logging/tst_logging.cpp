// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "muxerpair.h"

#include <QBiMuxClient>
#include <QBiMuxServer>
#include <QBiMuxer>

#include <QtCore/qloggingcategory.h>
#include <QtCore/qmutex.h>
#include <QtCore/qregularexpression.h>
#include <QtNetwork/qtcpserver.h>
#include <QtNetwork/qtcpsocket.h>
#include <QtTest/qsignalspy.h>
#include <QtTest/qtest.h>
#include <QtWebSockets/qwebsocket.h>

#include <memory>
#include <vector>

using namespace std::chrono_literals;

namespace {

// Every message of a bimuxqt category, kept instead of printed.
struct Message
{
    QtMsgType type;
    QString category;
    QString text;
};
QMutex messagesMutex;
QList<Message> messages;
QtMessageHandler previousHandler = nullptr;

void keepMessage(QtMsgType type, const QMessageLogContext &context, const QString &text)
{
    if (context.category && QByteArray(context.category).startsWith("bimuxqt.")) {
        QMutexLocker locker(&messagesMutex);
        messages.append({type, QString::fromLatin1(context.category), text});
        return;
    }
    previousHandler(type, context, text);
}

QList<Message> takeMessages()
{
    QMutexLocker locker(&messagesMutex);
    return std::exchange(messages, {});
}

// What QT_LOGGING_RULES="bimuxqt.*.debug=true" does, set from inside the test.
QLoggingCategory::CategoryFilter previousFilter = nullptr;
void enableBiMuxDebug(QLoggingCategory *category)
{
    // installFilter() runs the new filter on every category before it returns the old
    // one; the categories keep what they had then.
    if (previousFilter)
        previousFilter(category);
    if (QByteArray(category->categoryName()).startsWith("bimuxqt."))
        category->setEnabled(QtDebugMsg, true);
}

// A port nobody listens on.
quint16 unusedPort()
{
    QTcpServer probe;
    return probe.listen(QHostAddress::LocalHost) ? probe.serverPort() : 0;
}

// The same work each time: a client that cannot reach its server, whose queued work
// times out or is cancelled; a client that dials, both sides call, a call times out and
// its late answer is dropped, a call is cancelled, oneways nobody handles, a congested
// link, a peer that sends garbage, one that never sends its handshake, a dial to a
// wrong path, a request that outlives its muxer, a shutdown, and a client whose server
// goes away.
void runScenario()
{
    {
        QBiMuxClient offline;
        offline.setSettings(offline.settings().setDefaultTimeout(50ms));
        QSignalSpy scheduled(&offline, &QBiMuxClient::reconnectScheduled);
        offline.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/mux").arg(unusedPort())));
        QVERIFY(offline.send(5, "dropped"));
        QFuture<QByteArray> cancelled
            = offline.rpc(1, "cancelled", QBiMuxCallOptions().setTimeout(60s));
        cancelled.cancel();
        QTRY_COMPARE(offline.queuedCallCount(), 0);
        QTRY_COMPARE(offline.queuedMessageCount(), 0);
        QTRY_VERIFY(scheduled.count() >= 1);
    }

    QBiMuxServer server;
    server.setHandshakeTimeout(300ms);
    QVERIFY(server.listen(QHostAddress::LocalHost));
    server.setRequestHandler(1, &server, [](const QByteArray &data) { return data; });
    // One per connection; the client's is the first.
    std::vector<std::unique_ptr<RequestCollector>> collectors;
    QObject::connect(&server, &QBiMuxServer::newConnection, &server,
                     [&collectors](QBiMuxer *muxer) {
                         collectors.push_back(std::make_unique<RequestCollector>(muxer));
                     });
    const auto held = [&collectors] {
        return collectors.empty() ? nullptr : collectors.front().get();
    };

    QBiMuxClient client;
    client.setInitialReconnectDelay(50ms);
    client.setReconnectJitter(0);
    QSignalSpy connected(&client, &QBiMuxClient::connected);
    QFuture<QByteArray> queued = client.rpc(1, "queued");
    client.open(server.serverUrl());
    QVERIFY(connected.wait(10000) || connected.count() == 1);
    QVERIFY(waitForFinished(queued));
    QFuture<QByteArray> late = client.rpc(2, "late", QBiMuxCallOptions().setTimeout(50ms));
    QVERIFY(waitForFinished(late));
    QTRY_VERIFY(held() && !held()->isEmpty());
    held()->first().reply("too late");
    client.send(3, "nobody handles this");
    QFuture<QByteArray> answered = client.rpc(1, "x");
    QVERIFY(waitForFinished(answered));
    QBiMuxer *serverSide = server.connections().first();
    serverSide->send(4, "nobody handles this either");
    QFuture<QByteArray> cancelled = client.rpc(2, "cancelled");
    QTRY_COMPARE(held()->size(), 2);
    cancelled.cancel();
    QTRY_VERIFY(held()->last().isCancelled());
    // Congested: without the event loop nothing is written.
    client.currentMuxer()->setSettings(client.currentMuxer()->settings().setHighWaterMark(1024));
    while (client.send(3, QByteArray(512, 'x'))) { }
    QTRY_VERIFY(!client.currentMuxer()->isCongested());

    QTcpSocket silent; // dropped by the handshake timeout
    silent.connectToHost(QHostAddress::LocalHost, server.serverPort());
    QVERIFY(silent.waitForConnected(10000));
    QTRY_COMPARE_WITH_TIMEOUT(silent.state(), QAbstractSocket::UnconnectedState, 10000);

    QWebSocket garbage;
    QSignalSpy garbageGone(&garbage, &QWebSocket::disconnected);
    garbage.open(server.serverUrl());
    QTRY_COMPARE(server.connectionCount(), 2);
    // The server counts the connection once it answered the handshake; the socket here
    // reads that answer later, and drops what it is asked to send before.
    QTRY_COMPARE(garbage.state(), QAbstractSocket::ConnectedState);
    garbage.sendBinaryMessage(QByteArray("\xff\xff", 2));
    QTRY_COMPARE(garbageGone.count(), 1);

    QBiMuxer wrongPath;
    QSignalSpy wrongPathGone(&wrongPath, &QBiMuxer::disconnected);
    wrongPath.open(server.serverUrl().resolved(QUrl(QStringLiteral("/elsewhere"))));
    QTRY_COMPARE(wrongPathGone.count(), 1);

    {
        MuxerPair gone;
        QVERIFY(gone.connect());
        RequestCollector orphans(gone.serverSide);
        gone.client->rpc(1, "x");
        QTRY_COMPARE(orphans.size(), 1);
        gone.server.reset(); // the request outlives its muxer, which cancelled it
        QVERIFY(!orphans.first().reply("nobody to send it"));
    }

    QSignalSpy disconnected(&client, &QBiMuxClient::disconnected);
    QSignalSpy scheduled(&client, &QBiMuxClient::reconnectScheduled);
    server.shutdown(10s);
    QVERIFY(!serverSide->send(4, "shutting down"));
    QTRY_COMPARE(disconnected.count(), 1);
    QTRY_VERIFY(scheduled.count() >= 1);
    client.close();
}

} // namespace

class tst_Logging : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void debugOutputIsOffByDefault();
    void eachCategoryReportsWhenAskedTo();
};

void tst_Logging::initTestCase()
{
    qRegisterMetaType<std::chrono::milliseconds>();
    previousHandler = qInstallMessageHandler(keepMessage);
}

void tst_Logging::cleanupTestCase()
{
    qInstallMessageHandler(previousHandler);
}

void tst_Logging::debugOutputIsOffByDefault()
{
    // main() left no QT_LOGGING_RULES: this is what an application gets.
    runScenario();
    const QList<Message> seen = takeMessages();
    QVERIFY(!seen.isEmpty()); // warnings are on: the unhandled oneway, the garbage
    for (const Message &message : seen)
        QVERIFY2(message.type != QtDebugMsg, qPrintable(message.category + ": " + message.text));
}

void tst_Logging::eachCategoryReportsWhenAskedTo()
{
    previousFilter = QLoggingCategory::installFilter(enableBiMuxDebug);
    runScenario();
    QLoggingCategory::installFilter(previousFilter);
    const QList<Message> seen = takeMessages();
    // What docs/guide.md ("Logging") says each category is for.
    const QList<std::pair<QString, QStringList>> expected {
        {QStringLiteral("bimuxqt.muxer"),
         {QStringLiteral("connected to"), QStringLiteral("cancelled by the caller"),
          QStringLiteral("oneway message not sent: the peer is not keeping up"),
          QStringLiteral("draining"),
          QStringLiteral("oneway message not sent: the muxer is shutting down"),
          QStringLiteral("protocol error"), QStringLiteral("closed:")}},
        {QStringLiteral("bimuxqt.wire"), {QStringLiteral("->"), QStringLiteral("<-")}},
        {QStringLiteral("bimuxqt.server"),
         {QStringLiteral("listening"), QStringLiteral("accepted"), QStringLiteral("rejecting"),
          QStringLiteral("dropping"), QStringLiteral("shutting down"), QStringLiteral("closed:")}},
        {QStringLiteral("bimuxqt.client"),
         {QStringLiteral("dialing"), QStringLiteral("dial to .* failed"),
          QStringLiteral("dropped: no connection within"),
          QStringLiteral("queued call to route \\d+ cancelled"), QStringLiteral("queued call"),
          QStringLiteral("no handler for oneway message"), QStringLiteral("disconnected:"),
          QStringLiteral("dialing again in")}},
    };
    for (const auto &entry : expected) {
        // Not a structured binding: clang 14 cannot capture one in a lambda.
        const QString &category = entry.first;
        const QStringList &phrases = entry.second;
        const bool debugged = std::any_of(seen.begin(), seen.end(), [&](const Message &m) {
            return m.category == category && m.type == QtDebugMsg;
        });
        QVERIFY2(debugged, qPrintable(category + QStringLiteral(" said nothing at debug level")));
        for (const QString &phrase : phrases) {
            const QRegularExpression pattern(phrase);
            const bool found = std::any_of(seen.begin(), seen.end(), [&](const Message &m) {
                return m.category == category && pattern.match(m.text).hasMatch();
            });
            QVERIFY2(found, qPrintable(category + QStringLiteral(" never said: ") + phrase));
        }
    }
}

int main(int argc, char **argv)
{
    // The defaults an application gets, not the rule bimuxqt_add_test() sets for the
    // other tests.
    qunsetenv("QT_LOGGING_RULES");
    QCoreApplication app(argc, argv);
    tst_Logging test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_logging.moc"
