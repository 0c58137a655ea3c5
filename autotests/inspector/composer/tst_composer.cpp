// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "composer.h"
#include "inspectorsession.h"
#include "proxyserver.h"

#include "muxerpair.h"
#include "readframes.h"

#include <QBiMuxObserver>
#include <QtTest/qsignalspy.h>
#include <QtTest/qtest.h>

using namespace std::chrono_literals;

// The composer's two kinds of target, its own muxer and a proxied connection, and the
// in-flight rows it owns in both.
class tst_Composer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void injectedCallAnswersTheComposerOnly();
    void ownCallRowCancelsTheCall();
    void ownCallFailuresKeepTheirCode();
    void injectedRowCancelsOnlyTheInspectorsCall();
    void cancelAllCoversInjectedCalls();
    void injectedCallEndsOnceWhenTheConnectionCloses();
    void deletedComposerOwnsNoRows();
    void rowOfAnEndedCallDoesNotCountAsCancelled();
    void cancelEndsACallWhoseConnectionIsGone();

private:
    // The composer dials the server itself; m_held then collects the server's requests.
    bool openOwnConnection();
    int connectThroughProxy();
    int rowOf(const InflightModel::Key &key);

    ReadFrames m_clientRead;
    std::unique_ptr<InspectorSession> m_session;
    std::unique_ptr<QBiMuxServer> m_server;
    std::unique_ptr<ProxyServer> m_proxy;
    std::unique_ptr<Composer> m_composer;
    std::unique_ptr<QBiMuxer> m_client;
    QBiMuxer *m_serverSide = nullptr;
    std::unique_ptr<RequestCollector> m_held; // the server's requests on route 9
};

bool tst_Composer::openOwnConnection()
{
    QObject::connect(m_server.get(), &QBiMuxServer::newConnection, this,
                     [this](QBiMuxer *peer) { m_held = std::make_unique<RequestCollector>(peer); });
    QSignalSpy connected(m_composer.get(), &Composer::connectedChanged);
    m_composer->open(m_server->serverUrl());
    return connected.wait(10000) && QTest::qWaitFor([this] { return m_held != nullptr; }, 10000);
}

void tst_Composer::init()
{
    m_clientRead.frames.clear();
    m_session = std::make_unique<InspectorSession>();
    m_server = std::make_unique<QBiMuxServer>();
    m_server->setRequestHandler(8, m_server.get(),
                                [](const QByteArray &data) { return "answer:" + data; });
    QVERIFY(m_server->listen(QHostAddress::LocalHost, 0));
    m_proxy = std::make_unique<ProxyServer>(m_session.get());
    m_composer = std::make_unique<Composer>(m_session.get());
    m_composer->setProxy(m_proxy.get());
    m_client = std::make_unique<QBiMuxer>();
    m_client->addObserver(&m_clientRead);
    m_serverSide = nullptr;
}

void tst_Composer::cleanup()
{
    m_held.reset();
    m_client.reset();
    m_composer.reset();
    m_proxy.reset();
    m_server.reset();
    m_session.reset();
}

// The key of the proxied connection of m_client, or 0.
int tst_Composer::connectThroughProxy()
{
    if (!m_proxy->listen(QHostAddress::LocalHost, 0, m_server->serverUrl()))
        return 0;
    QSignalSpy accepted(m_server.get(), &QBiMuxServer::newConnection);
    m_client->open(m_proxy->url());
    if (accepted.isEmpty() && !accepted.wait(10000))
        return 0;
    m_serverSide = accepted.first().first().value<QBiMuxer *>();
    m_held = std::make_unique<RequestCollector>(m_serverSide);
    const bool open = QTest::qWaitFor(
        [this] {
            return m_client->isConnected() && m_proxy->connectionCount() == 1
                && m_proxy->connections().first()->isOpen();
        },
        10000);
    return open ? m_proxy->connections().first()->key() : 0;
}

int tst_Composer::rowOf(const InflightModel::Key &key)
{
    m_session->flush();
    for (int row = 0; row < m_session->inflight()->rowCount(); ++row) {
        if (m_session->inflight()->keyAt(row) == key)
            return row;
    }
    return -1;
}

void tst_Composer::injectedCallAnswersTheComposerOnly()
{
    const int key = connectThroughProxy();
    QVERIFY(key);
    QSignalSpy clientErrors(m_client.get(), &QBiMuxer::protocolErrorOccurred);
    QVERIFY(!m_composer->canSend()); // its own muxer has not dialed
    m_composer->setTarget(key, ProxyConnection::Side::Upstream);
    QVERIFY(m_composer->canSend());
    QSignalSpy replied(m_composer.get(), &Composer::replied);
    const int call = m_composer->rpc(8, "injected", 10s);
    QCOMPARE(m_composer->pendingCalls(), QList<int> {call});
    QVERIFY(replied.wait(10000));
    QCOMPARE(replied.first().at(0).toInt(), call);
    QCOMPARE(replied.first().at(1).toByteArray(), QByteArray("answer:injected"));
    QVERIFY(replied.first().at(2).toLongLong() >= 0);
    QVERIFY(m_composer->pendingCalls().isEmpty());

    // The real client's traffic on the same link still flows, and it read nothing else.
    QFuture<QByteArray> own = m_client->rpc(8, "mine", QBiMuxCallOptions().setTimeout(10s));
    QVERIFY(waitForFinished(own));
    QCOMPARE(own.result(), QByteArray("answer:mine"));
    QCOMPARE(m_clientRead.frames.size(), 1);
    QCOMPARE(m_clientRead.frames.first().payload, QByteArray("answer:mine"));
    QVERIFY(clientErrors.isEmpty());
}

void tst_Composer::ownCallRowCancelsTheCall()
{
    QVERIFY(openOwnConnection());
    QSignalSpy failed(m_composer.get(), &Composer::failed);
    const int call = m_composer->rpc(9, "hold me", 10s);
    QTRY_COMPARE(m_held->size(), 1);
    m_session->flush();
    QCOMPARE(m_session->inflight()->rowCount(), 1);
    QVERIFY(m_session->inflight()->canCancel(0));

    QVERIFY(m_session->inflight()->cancel(0));
    QVERIFY(failed.wait(10000));
    QCOMPARE(failed.count(), 1);
    QCOMPARE(failed.first().at(0).toInt(), call);
    QCOMPARE(failed.first().at(1).toInt(), int(QBiMux::StatusCode::Cancelled));
    QTRY_VERIFY(m_held->first().isCancelled()); // the server heard of it
    QTRY_COMPARE(m_session->inflight()->rowCount(), 0);
    QVERIFY(m_composer->pendingCalls().isEmpty());
}

void tst_Composer::ownCallFailuresKeepTheirCode()
{
    // In Qt 6 a future that failed says isCanceled() too: a timeout is not a cancel.
    QVERIFY(openOwnConnection());
    QSignalSpy failed(m_composer.get(), &Composer::failed);
    const int call = m_composer->rpc(9, "too slow", 100ms);
    QVERIFY(failed.wait(10000));
    QCOMPARE(failed.count(), 1);
    QCOMPARE(failed.first().at(0).toInt(), call);
    QCOMPARE(failed.first().at(1).toInt(), int(QBiMux::StatusCode::DeadlineExceeded));
    // The connection's end, too.
    const int pending = m_composer->rpc(9, "never answered", 10s);
    QTRY_COMPARE(m_held->size(), 2);
    m_server->close();
    QVERIFY(failed.wait(10000));
    QCOMPARE(failed.count(), 2);
    QCOMPARE(failed.last().at(0).toInt(), pending);
    QCOMPARE(failed.last().at(1).toInt(), int(QBiMux::StatusCode::Unavailable));
}

void tst_Composer::injectedRowCancelsOnlyTheInspectorsCall()
{
    const int key = connectThroughProxy();
    QVERIFY(key);
    // One call of the real client and one of the inspector, both held by the server.
    QFuture<QByteArray> clientCall
        = m_client->rpc(9, "client's", QBiMuxCallOptions().setTimeout(10s));
    m_composer->setTarget(key, ProxyConnection::Side::Upstream);
    QSignalSpy failed(m_composer.get(), &Composer::failed);
    m_composer->rpc(9, "inspector's", 10s);
    QTRY_COMPARE(m_held->size(), 2);
    const QBiMuxRequest clientRequest
        = m_held->at(0).data() == "client's" ? m_held->at(0) : m_held->at(1);
    const QBiMuxRequest injectedRequest
        = m_held->at(0).data() == "client's" ? m_held->at(1) : m_held->at(0);
    QTRY_COMPARE(m_session->inflight()->rowCount(), 2);
    const int clientRow = rowOf({key, QBiMux::Direction::Outgoing, 1});
    QVERIFY(clientRow >= 0);
    const int injectedRow = 1 - clientRow;

    QVERIFY(!m_session->inflight()->canCancel(clientRow));
    QVERIFY(!m_session->inflight()->cancel(clientRow));
    QVERIFY(m_session->inflight()->canCancel(injectedRow));
    QVERIFY(m_session->inflight()->cancel(injectedRow));
    QCOMPARE(failed.count(), 1);
    QCOMPARE(failed.first().at(1).toInt(), int(QBiMux::StatusCode::Cancelled));
    QTRY_VERIFY(injectedRequest.isCancelled());
    QVERIFY(!clientRequest.isCancelled());
    // The client's call goes on to its answer.
    QBiMuxRequest(clientRequest).reply("done");
    QVERIFY(waitForFinished(clientCall));
    QCOMPARE(clientCall.result(), QByteArray("done"));
}

void tst_Composer::cancelAllCoversInjectedCalls()
{
    const int key = connectThroughProxy();
    QVERIFY(key);
    m_composer->setTarget(key, ProxyConnection::Side::Upstream);
    QSignalSpy failed(m_composer.get(), &Composer::failed);
    m_composer->rpc(9, "one", 10s);
    m_composer->rpc(9, "two", 10s);
    QTRY_COMPARE(m_held->size(), 2);
    QCOMPARE(m_composer->pendingCalls().size(), 2);
    m_composer->cancelAll();
    QCOMPARE(failed.count(), 2);
    QVERIFY(m_composer->pendingCalls().isEmpty());
    QTRY_VERIFY(m_held->at(0).isCancelled() && m_held->at(1).isCancelled());
}

void tst_Composer::injectedCallEndsOnceWhenTheConnectionCloses()
{
    const int key = connectThroughProxy();
    QVERIFY(key);
    m_composer->setTarget(key, ProxyConnection::Side::Upstream);
    QSignalSpy failed(m_composer.get(), &Composer::failed);
    const int call = m_composer->rpc(9, "never answered", 60s);
    QTRY_COMPARE(m_held->size(), 1);
    m_client->close();
    QTRY_COMPARE(m_proxy->connectionCount(), 0);
    QCOMPARE(failed.count(), 1);
    QCOMPARE(failed.first().at(0).toInt(), call);
    QCOMPARE(failed.first().at(1).toInt(), int(QBiMux::StatusCode::Unavailable));
    QVERIFY(failed.first().at(2).toString().contains(QStringLiteral("disconnected")));
    QVERIFY(!m_composer->canSend());
    // A call to a target that is gone fails at once, and is not pending.
    m_composer->rpc(8, "nobody there", 1s);
    QCOMPARE(failed.count(), 2);
    QCOMPARE(failed.last().at(1).toInt(), int(QBiMux::StatusCode::Unavailable));
    QVERIFY(m_composer->pendingCalls().isEmpty());
}

void tst_Composer::deletedComposerOwnsNoRows()
{
    QVERIFY(openOwnConnection());
    // Usually the end of the composer's connection takes its rows along. Not once the
    // session forgot the connection (reset(), as opening a capture file does): the
    // composer's calls still get rows, and its end reaches no connection.
    m_session->reset();
    m_composer->rpc(9, "hold me", 10s);
    QTRY_COMPARE(m_held->size(), 1);
    m_session->flush();
    QCOMPARE(m_session->inflight()->rowCount(), 1);
    const InflightModel::Key key = *m_session->inflight()->keyAt(0);
    QVERIFY(m_session->inflight()->canCancel(0));

    m_composer.reset();
    // Nobody can cancel the call any more, and the view must not offer it.
    QVERIFY(!m_session->inflight()->isOwned(key));
    m_session->flush();
    for (int row = 0; row < m_session->inflight()->rowCount(); ++row) {
        QVERIFY(!m_session->inflight()->canCancel(row));
        QVERIFY(!m_session->inflight()->index(row, 0).data(InflightModel::OwnedRole).toBool());
        QVERIFY(m_session->inflight()
                    ->index(row, InflightModel::OwnerColumn)
                    .data()
                    .toString()
                    .isEmpty());
    }
}

void tst_Composer::rowOfAnEndedCallDoesNotCountAsCancelled()
{
    QVERIFY(openOwnConnection());
    // A connection the session no longer knows keeps its row after the end (see
    // deletedComposerOwnsNoRows()).
    m_session->reset();
    QSignalSpy failed(m_composer.get(), &Composer::failed);
    const int call = m_composer->rpc(9, "hold me", 10s);
    QTRY_COMPARE(m_held->size(), 1);
    m_session->flush();
    QCOMPARE(m_session->inflight()->rowCount(), 1);
    QVERIFY(m_session->inflight()->canCancel(0));

    // The call fails now; the composer hears of it from the event loop.
    m_composer->close();
    QVERIFY(failed.isEmpty());
    // The row ends with its connection, also one the session had forgotten, before the
    // composer hears of the end: nothing is left to cancel either way.
    QVERIFY(!m_session->inflight()->canCancel(0));
    QVERIFY(!m_composer->cancel(call)); // ended already
    QVERIFY(!m_session->inflight()->cancel(0));
    QVERIFY(failed.wait(10000));
    QCOMPARE(failed.count(), 1);
    QCOMPARE(failed.first().at(0).toInt(), call);
    QCOMPARE(failed.first().at(1).toInt(), int(QBiMux::StatusCode::Unavailable));
    QVERIFY(!m_session->inflight()->canCancel(0));
}

void tst_Composer::cancelEndsACallWhoseConnectionIsGone()
{
    const int key = connectThroughProxy();
    QVERIFY(key);
    m_composer->setTarget(key, ProxyConnection::Side::Upstream);
    QSignalSpy failed(m_composer.get(), &Composer::failed);
    const int call = m_composer->rpc(9, "never answered", 60s);
    const int other = m_composer->rpc(9, "never answered either", 60s);
    QTRY_COMPARE(m_held->size(), 2);
    // The connection goes without its word reaching the composer (a connection ends its
    // calls as it goes, so it is cut here): the calls must not stay pending for ever.
    ProxyConnection *connection = m_proxy->connection(key);
    QVERIFY(QObject::disconnect(connection, &ProxyConnection::injectedCallEnded, m_composer.get(),
                                nullptr));
    QSignalSpy destroyed(connection, &QObject::destroyed);
    m_client->close();
    QVERIFY(destroyed.wait(10000));
    QCOMPARE(m_composer->pendingCalls().size(), 2);
    QVERIFY(failed.isEmpty());

    QVERIFY(m_composer->cancel(call));
    QCOMPARE(failed.count(), 1);
    QCOMPARE(failed.first().at(0).toInt(), call);
    QCOMPARE(failed.first().at(1).toInt(), int(QBiMux::StatusCode::Unavailable));
    QVERIFY(failed.first().at(2).toString().contains(QStringLiteral("disconnected")));
    QCOMPARE(m_composer->pendingCalls(), QList<int> {other});
    QVERIFY(!m_composer->cancel(call)); // once
    m_composer->cancelAll();
    QCOMPARE(failed.count(), 2);
    QCOMPARE(failed.last().at(0).toInt(), other);
    QVERIFY(m_composer->pendingCalls().isEmpty());
    m_composer->cancelAll();
    QCOMPARE(failed.count(), 2);
}

QTEST_GUILESS_MAIN(tst_Composer)
#include "tst_composer.moc"
