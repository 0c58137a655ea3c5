// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "muxerpair.h"

#include <QBiMuxClient>
#include <QBiMuxMessage>
#include <QBiMuxServer>
#include <QBiMuxer>

#include <QtCore/qthread.h>
#include <QtTest/qtest.h>

using namespace std::chrono_literals;

// A oneway message with its sender: server-wide message handlers learn which connection
// sent it and who the authenticator admitted, as request handlers do; so does
// messageReceived().
class tst_QBiMuxMessage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void defaultIsInvalid();
    void serverWideHandlerKnowsTheSender();
    void everyHandlerFormStillWorks();
    void messageReceivedCarriesTheMessage();
    void peerIdentityFromAnyThreadAndAfterTheMuxer();
};

namespace {
// A server whose authenticator admits each client as what its X-User header says.
void admitByHeader(QBiMuxServer *server)
{
    server->setAuthenticator([](const QBiMuxHandshake &handshake) {
        return QBiMuxAdmission::admit(QString::fromUtf8(handshake.header("X-User")));
    });
}

std::unique_ptr<QBiMuxer> dialAs(const QUrl &url, const QByteArray &user)
{
    auto muxer = std::make_unique<QBiMuxer>();
    QNetworkRequest request(url);
    request.setRawHeader("X-User", user);
    muxer->open(request);
    return muxer;
}
} // namespace

void tst_QBiMuxMessage::defaultIsInvalid()
{
    const QBiMuxMessage message;
    QVERIFY(!message.isValid());
    QCOMPARE(message.route(), 0);
    QVERIFY(message.data().isEmpty());
    QVERIFY(message.metadata().isEmpty());
    QVERIFY(!message.muxer());
    QVERIFY(!message.peerIdentity().isValid());
}

void tst_QBiMuxMessage::serverWideHandlerKnowsTheSender()
{
    QBiMuxServer server;
    admitByHeader(&server);
    // From a connection's thread (no context): answer the sender on its own connection.
    server.setMessageHandler(20, nullptr, [](const QBiMuxMessage &message) {
        QVERIFY(message.isValid());
        QCOMPARE(message.muxer()->thread(), QThread::currentThread());
        message.muxer()->send(
            21, "ack " + message.data() + " from " + message.peerIdentity().toString().toUtf8());
    });
    QVERIFY(server.listen(QHostAddress::LocalHost));
    const auto alice = dialAs(server.serverUrl(), "alice");
    const auto bob = dialAs(server.serverUrl(), "bob");
    QSignalSpy aliceAcks(alice.get(), &QBiMuxer::messageReceived);
    QSignalSpy bobAcks(bob.get(), &QBiMuxer::messageReceived);
    QTRY_VERIFY(alice->isConnected() && bob->isConnected());
    QVERIFY(alice->send(20, "a"));
    QVERIFY(bob->send(20, "b"));
    QTRY_COMPARE(aliceAcks.size(), 1);
    QTRY_COMPARE(bobAcks.size(), 1);
    QCOMPARE(aliceAcks.first().first().value<QBiMuxMessage>().data(),
             QByteArray("ack a from alice"));
    QCOMPARE(bobAcks.first().first().value<QBiMuxMessage>().data(), QByteArray("ack b from bob"));
}

void tst_QBiMuxMessage::everyHandlerFormStillWorks()
{
    MuxerPair pair;
    QVERIFY(pair.connect());
    QStringList seen;
    pair.serverSide->setMessageHandler(1, this, [&seen](const QByteArray &data) {
        seen.append(QStringLiteral("data ") + QString::fromUtf8(data));
    });
    pair.serverSide->setMessageHandler(2, this, [&seen](qint32 route, const QByteArray &data) {
        seen.append(QStringLiteral("route %1 ").arg(route) + QString::fromUtf8(data));
    });
    pair.serverSide->setMessageHandler(3, this, [&seen](const QBiMuxMessage &message) {
        seen.append(QStringLiteral("message %1 ").arg(message.route())
                    + QString::fromUtf8(message.data()));
    });
    QVERIFY(pair.client->send(1, "x"));
    QVERIFY(pair.client->send(2, "y"));
    QVERIFY(pair.client->send(3, "z"));
    QTRY_COMPARE(seen, (QStringList {"data x", "route 2 y", "message 3 z"}));
}

void tst_QBiMuxMessage::messageReceivedCarriesTheMessage()
{
    QBiMuxServer server;
    admitByHeader(&server);
    QVERIFY(server.listen(QHostAddress::LocalHost));
    QSignalSpy accepted(&server, &QBiMuxServer::newConnection);
    const auto carol = dialAs(server.serverUrl(), "carol");
    QVERIFY(accepted.wait(10000));
    auto *carolSide = accepted.first().first().value<QBiMuxer *>();
    QSignalSpy received(carolSide, &QBiMuxer::messageReceived);
    QTRY_VERIFY(carol->isConnected());
    QVERIFY(carol->send(9, "hello", QBiMuxCallOptions().addMetadata("k", "v")));
    QVERIFY(received.wait(10000));
    const auto message = received.first().first().value<QBiMuxMessage>();
    QCOMPARE(message.route(), 9);
    QCOMPARE(message.data(), QByteArray("hello"));
    QCOMPARE(message.metadata(), (QBiMuxMetadata {{"k", "v"}}));
    QCOMPARE(message.muxer(), carolSide);
    QCOMPARE(message.peerIdentity(), QVariant(QStringLiteral("carol")));

    // Through a client too.
    QBiMuxClient client;
    QSignalSpy clientReceived(&client, &QBiMuxClient::messageReceived);
    client.open(server.serverUrl());
    QTRY_COMPARE(accepted.size(), 2);
    QTRY_VERIFY(client.isConnected());
    accepted.last().first().value<QBiMuxer *>()->send(4, "to the client");
    QVERIFY(clientReceived.wait(10000));
    const auto fromServer = clientReceived.first().first().value<QBiMuxMessage>();
    QCOMPARE(fromServer.data(), QByteArray("to the client"));
    QCOMPARE(fromServer.muxer(), client.currentMuxer());
}

void tst_QBiMuxMessage::peerIdentityFromAnyThreadAndAfterTheMuxer()
{
    // A handler in another thread than the connection's cannot use muxer(); the identity
    // it needs is on the request and the message themselves.
    QBiMuxServer server;
    server.setWorkerThreadCount(1);
    admitByHeader(&server);
    QThread handlerThread;
    auto *context = new QObject;
    context->moveToThread(&handlerThread);
    connect(&handlerThread, &QThread::finished, context, &QObject::deleteLater);
    handlerThread.start();
    QList<QBiMuxRequest> requests;
    QMutex mutex;
    QVariant messageIdentity;
    server.setRequestHandler(1, context, [&](const QBiMuxRequest &request) {
        QMutexLocker locker(&mutex);
        requests.append(request);
    });
    server.setMessageHandler(2, context, [&](const QBiMuxMessage &message) {
        QMutexLocker locker(&mutex);
        messageIdentity = message.peerIdentity();
    });
    QVERIFY(server.listen(QHostAddress::LocalHost));
    const auto dave = dialAs(server.serverUrl(), "dave");
    QTRY_VERIFY(dave->isConnected());
    QFuture<QByteArray> call = dave->rpc(1, "who am I");
    QVERIFY(dave->send(2, "me"));
    QTRY_VERIFY([&] {
        QMutexLocker locker(&mutex);
        return requests.size() == 1 && messageIdentity.isValid();
    }());
    QCOMPARE(messageIdentity, QVariant(QStringLiteral("dave")));
    // The connection goes, and with it its muxer: the request still says who asked.
    dave->close();
    QTRY_COMPARE(server.connectionCount(), 0);
    QMutexLocker locker(&mutex);
    QTRY_VERIFY(!requests.first().muxer());
    QCOMPARE(requests.first().peerIdentity(), QVariant(QStringLiteral("dave")));
    locker.unlock();
    QVERIFY(waitForFinished(call));
    handlerThread.quit();
    handlerThread.wait();
}

QTEST_MAIN(tst_QBiMuxMessage)
#include "tst_qbimuxmessage.moc"
