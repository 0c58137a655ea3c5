// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "muxerpair.h"
#include "testcertificates.h"

#include <QBiMuxAdmission>
#include <QBiMuxDialError>
#include <QBiMuxHandshake>
#include <QBiMuxServer>
#include <QBiMuxer>

#include <QtCore/qmutex.h>
#include <QtCore/qpromise.h>
#include <QtCore/qthread.h>
#include <QtNetwork/qnetworkrequest.h>
#include <QtNetwork/qtcpsocket.h>
#include <QtTest/qsignalspy.h>
#include <QtTest/qtest.h>
#include <QtWebSockets/qwebsocket.h>

using namespace std::chrono_literals;

// Who gets in. A rejected peer gets an HTTP error before its WebSocket opens, so none of
// its frames is read and no route is reachable; TLS protects the rest.
class tst_Admission : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void authenticatorSeesTheHandshake();
    void unauthenticatedPeerReachesNoRoute();
    void originAllowList();
    void connectionLimit();
    void silentPeerIsDroppedAfterTheHandshakeTimeout();
    void oversizedRequestHeadIsRefused();
    void tlsWithVerifiedCertificate();
    void tlsClientRejectsUnknownCertificate();
    void authenticatorAnswersLaterFromAnotherThread();
    void lateAnswersAreDropped();
    void authenticatorChoosesTheStatus();

private:
    // Dials `request` with a bare QWebSocket; returns its error text, empty if it opened.
    static QString dial(const QNetworkRequest &request, QWebSocket *socket);
};

QString tst_Admission::dial(const QNetworkRequest &request, QWebSocket *socket)
{
    QSignalSpy connected(socket, &QWebSocket::connected);
    QSignalSpy disconnected(socket, &QWebSocket::disconnected);
    socket->open(request);
    QDeadlineTimer deadline(10000);
    while (connected.isEmpty() && disconnected.isEmpty() && !deadline.hasExpired())
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
    if (connected.isEmpty() && disconnected.isEmpty())
        return QStringLiteral("neither connected nor disconnected in time");
    return connected.isEmpty() ? socket->errorString() : QString();
}

void tst_Admission::authenticatorSeesTheHandshake()
{
    QBiMuxServer server;
    QBiMuxHandshake seen;
    int asked = 0;
    server.setAuthenticator([&](const QBiMuxHandshake &handshake, QString *reason) {
        ++asked;
        seen = handshake;
        if (handshake.header("authorization") == "Bearer let-me-in")
            return true;
        *reason = QStringLiteral("bad token");
        return false;
    });
    QVERIFY(server.listen(QHostAddress::LocalHost));
    server.setRequestHandler(1, this, [](const QByteArray &data) { return data; });
    QSignalSpy accepted(&server, &QBiMuxServer::newConnection);

    QUrl url = server.serverUrl();
    url.setQuery(QStringLiteral("tenant=blue"));
    QNetworkRequest request(url);
    request.setRawHeader("Authorization", "Bearer let-me-in");
    QBiMuxer client;
    client.setId(QStringLiteral("device-9"));
    QSignalSpy connected(&client, &QBiMuxer::connected);
    client.open(request);
    QTRY_COMPARE_WITH_TIMEOUT(connected.count(), 1, 10000);
    QFuture<QByteArray> call = client.rpc(1, "in");
    QVERIFY(waitForFinished(call));
    QCOMPARE(call.result(), QByteArray("in"));

    QCOMPARE(asked, 1);
    QCOMPARE(seen.peerAddress(), QHostAddress(QHostAddress::LocalHost));
    QVERIFY(seen.peerPort() != 0);
    QCOMPARE(seen.requestUrl().path(), QStringLiteral("/mux"));
    QCOMPARE(seen.requestUrl().query(), QStringLiteral("tenant=blue"));
    QCOMPARE(seen.announcedId(), QStringLiteral("device-9"));
    QCOMPARE(seen.header("X-BIMUX-ID"), QByteArray("device-9"));
    QVERIFY(!seen.isSecure());
    QVERIFY(!seen.headers().isEmpty());
    QTRY_COMPARE(accepted.count(), 1);
    QCOMPARE(accepted.first().first().value<QBiMuxer *>()->id(), QStringLiteral("device-9"));
}

void tst_Admission::unauthenticatedPeerReachesNoRoute()
{
    QBiMuxServer server;
    server.setAuthenticator([](const QBiMuxHandshake &handshake, QString *reason) {
        *reason = QStringLiteral("who are you?");
        return handshake.header("Authorization") == "Bearer let-me-in";
    });
    int reached = 0;
    server.setRequestHandler(1, this, [&reached](const QByteArray &) {
        ++reached;
        return QByteArray("secret");
    });
    server.setMessageHandler(2, this, [&reached](const QByteArray &) { ++reached; });
    QVERIFY(server.listen(QHostAddress::LocalHost));
    QSignalSpy accepted(&server, &QBiMuxServer::newConnection);

    // A bimux client without credentials: turned away with 401 before any frame.
    QBiMuxer client;
    QSignalSpy disconnected(&client, &QBiMuxer::disconnected);
    QSignalSpy dialFailed(&client, &QBiMuxer::dialFailed);
    QFuture<QByteArray> call = client.rpc(1, "give me the secret");
    client.send(2, "and this");
    client.open(server.serverUrl());
    QTRY_COMPARE_WITH_TIMEOUT(disconnected.count(), 1, 10000);
    QVERIFY2(disconnected.first().at(1).toString().contains(QLatin1String("401")),
             qPrintable(disconnected.first().at(1).toString()));
    // Why, before disconnected(): the status and the server's reason.
    QCOMPARE(dialFailed.count(), 1);
    const auto why = dialFailed.first().first().value<QBiMuxDialError>();
    QCOMPARE(why.httpStatus(), 401);
    QCOMPARE(why.serverMessage(), QStringLiteral("who are you?"));
    QVERIFY(waitForFinished(call));
    QCOMPARE(errorOf(call).code(), QBiMux::StatusCode::Unavailable);

    // A raw client that pushes bytes right after its handshake gets no further.
    QTcpSocket raw;
    raw.connectToHost(QHostAddress::LocalHost, server.serverPort());
    QVERIFY(raw.waitForConnected(10000));
    raw.write("GET /mux HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
              "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
              "Sec-WebSocket-Version: 13\r\n\r\n");
    QByteArray answer;
    QTRY_VERIFY_WITH_TIMEOUT((answer += raw.readAll()).contains("who are you?"), 10000);
    QVERIFY2(answer.startsWith("HTTP/1.1 401 Unauthorized\r\n"), answer.constData());
    QTRY_COMPARE_WITH_TIMEOUT(raw.state(), QAbstractSocket::UnconnectedState, 10000);

    QCOMPARE(reached, 0);
    QCOMPARE(accepted.count(), 0);
    QCOMPARE(server.connectionCount(), 0);
}

void tst_Admission::originAllowList()
{
    QBiMuxServer server;
    server.setAllowedOrigins({QStringLiteral("https://app.example.com")});
    QCOMPARE(server.allowedOrigins().size(), 1);
    QVERIFY(server.listen(QHostAddress::LocalHost));

    QNetworkRequest foreign(server.serverUrl());
    foreign.setRawHeader("Origin", "https://evil.example.net");
    QWebSocket fromForeignPage;
    const QString refused = dial(foreign, &fromForeignPage);
    QVERIFY2(refused.contains(QLatin1String("403")), qPrintable(refused));

    QNetworkRequest allowed(server.serverUrl());
    allowed.setRawHeader("Origin", "https://app.example.com");
    QWebSocket fromApp;
    QCOMPARE(dial(allowed, &fromApp), QString());

    // Not a browser: no Origin header, not affected by the list.
    QWebSocket fromDevice;
    QCOMPARE(dial(QNetworkRequest(server.serverUrl()), &fromDevice), QString());
    QTRY_COMPARE(server.connectionCount(), 2);
}

void tst_Admission::connectionLimit()
{
    QBiMuxServer server;
    server.setMaxConnections(2);
    QCOMPARE(server.maxConnections(), 2);
    QVERIFY(server.listen(QHostAddress::LocalHost));

    QWebSocket first;
    QWebSocket second;
    QCOMPARE(dial(QNetworkRequest(server.serverUrl()), &first), QString());
    QCOMPARE(dial(QNetworkRequest(server.serverUrl()), &second), QString());
    QTRY_COMPARE(server.connectionCount(), 2);
    QWebSocket third;
    const QString refused = dial(QNetworkRequest(server.serverUrl()), &third);
    QVERIFY2(refused.contains(QLatin1String("503")), qPrintable(refused));

    // A place that frees up can be taken again.
    first.close();
    QTRY_COMPARE(server.connectionCount(), 1);
    QWebSocket fourth;
    QCOMPARE(dial(QNetworkRequest(server.serverUrl()), &fourth), QString());
}

void tst_Admission::silentPeerIsDroppedAfterTheHandshakeTimeout()
{
    QBiMuxServer server;
    server.setHandshakeTimeout(200ms);
    QCOMPARE(server.handshakeTimeout(), 200ms);
    QVERIFY(server.listen(QHostAddress::LocalHost));

    QTcpSocket silent;
    QTcpSocket halfway;
    silent.connectToHost(QHostAddress::LocalHost, server.serverPort());
    halfway.connectToHost(QHostAddress::LocalHost, server.serverPort());
    QVERIFY(silent.waitForConnected(10000));
    QVERIFY(halfway.waitForConnected(10000));
    halfway.write("GET /mux HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    QElapsedTimer elapsed;
    elapsed.start();
    QTRY_COMPARE_WITH_TIMEOUT(silent.state(), QAbstractSocket::UnconnectedState, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(halfway.state(), QAbstractSocket::UnconnectedState, 10000);
    // Dropped by the timeout (the server accepts only after elapsed started), not at once.
    QVERIFY2(elapsed.elapsed() >= 150 && elapsed.elapsed() < 5000,
             QByteArray::number(elapsed.elapsed()));
    QCOMPARE(server.connectionCount(), 0);
}

void tst_Admission::oversizedRequestHeadIsRefused()
{
    QBiMuxServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    QTcpSocket raw;
    raw.connectToHost(QHostAddress::LocalHost, server.serverPort());
    QVERIFY(raw.waitForConnected(10000));
    raw.write("GET /mux HTTP/1.1\r\nX-Padding: " + QByteArray(20000, 'p') + "\r\n\r\n");
    QByteArray answer;
    QTRY_VERIFY_WITH_TIMEOUT((answer += raw.readAll()).contains("\r\n\r\n"), 10000);
    QVERIFY2(answer.startsWith("HTTP/1.1 431 "), answer.constData());
}

void tst_Admission::tlsWithVerifiedCertificate()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("Qt has no TLS backend here");
    TestCertificates certificates;
    QVERIFY2(certificates.generate(), qPrintable(certificates.errorString()));

    QBiMuxServer server;
    server.setSslConfiguration(certificates.serverConfiguration());
    QVERIFY(server.isSecure());
    QBiMuxHandshake seen;
    server.setAuthenticator([&seen](const QBiMuxHandshake &handshake, QString *) {
        seen = handshake;
        return true;
    });
    QVERIFY(server.listen(QHostAddress::LocalHost));
    QCOMPARE(server.serverUrl().scheme(), QStringLiteral("wss"));
    server.setRequestHandler(1, this, [](const QByteArray &data) { return data + " over TLS"; });
    QSignalSpy accepted(&server, &QBiMuxServer::newConnection);

    QBiMuxer client;
    client.socket()->setSslConfiguration(certificates.clientConfiguration());
    QSignalSpy connected(&client, &QBiMuxer::connected);
    client.open(server.serverUrl());
    QTRY_COMPARE_WITH_TIMEOUT(connected.count(), 1, 10000);
    QFuture<QByteArray> call = client.rpc(1, "hello");
    QVERIFY(waitForFinished(call));
    QCOMPARE(call.result(), QByteArray("hello over TLS"));
    QVERIFY(seen.isSecure());

    // And the server calls back over the same encrypted link.
    QTRY_COMPARE(accepted.count(), 1);
    client.setRequestHandler(2, this, [](const QByteArray &) { return QByteArray("pong"); });
    QFuture<QByteArray> back = accepted.first().first().value<QBiMuxer *>()->rpc(2, "ping");
    QVERIFY(waitForFinished(back));
    QCOMPARE(back.result(), QByteArray("pong"));
}

void tst_Admission::tlsClientRejectsUnknownCertificate()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("Qt has no TLS backend here");
    TestCertificates certificates;
    QVERIFY2(certificates.generate(), qPrintable(certificates.errorString()));
    QBiMuxServer server;
    server.setSslConfiguration(certificates.serverConfiguration());
    QVERIFY(server.listen(QHostAddress::LocalHost));
    QSignalSpy accepted(&server, &QBiMuxServer::newConnection);

    // The system's CAs do not know the test CA: verification fails, nothing opens.
    QBiMuxer client;
    QSignalSpy disconnected(&client, &QBiMuxer::disconnected);
    client.open(server.serverUrl());
    QTRY_COMPARE_WITH_TIMEOUT(disconnected.count(), 1, 10000);
    QCOMPARE(client.state(), QBiMuxer::State::Closed);
    QCOMPARE(accepted.count(), 0);
}

// Promises an authenticator made, to be kept by the test, from any thread.
class HeldAnswers
{
public:
    QFuture<QBiMuxAdmission> hold()
    {
        QPromise<QBiMuxAdmission> promise;
        promise.start();
        QFuture<QBiMuxAdmission> future = promise.future();
        QMutexLocker locker(&m_mutex);
        m_promises.push_back(std::move(promise));
        return future;
    }
    int count() const
    {
        QMutexLocker locker(&m_mutex);
        return int(m_promises.size());
    }
    void answerAll(const QBiMuxAdmission &admission)
    {
        QMutexLocker locker(&m_mutex);
        for (QPromise<QBiMuxAdmission> &promise : m_promises) {
            promise.addResult(admission);
            promise.finish();
        }
        m_promises.clear();
    }

private:
    mutable QMutex m_mutex;
    std::vector<QPromise<QBiMuxAdmission>> m_promises;
};

void tst_Admission::authenticatorAnswersLaterFromAnotherThread()
{
    // A slow check (a database, an auth service) answers through a future; meanwhile the
    // worker thread serves other peers, and what the answer admits the peer as reaches
    // every handler of its connection.
    QBiMuxServer server;
    server.setWorkerThreadCount(1);
    HeldAnswers held;
    server.setAuthenticator([&held](const QBiMuxHandshake &handshake) {
        if (handshake.header("Authorization") == "Bearer slow")
            return held.hold();
        return QtFuture::makeReadyFuture(QBiMuxAdmission::admit(QStringLiteral("quick")));
    });
    server.setRequestHandler(1, nullptr, [](const QBiMuxRequest &request) {
        request.reply(
            request.muxer()->peerIdentity().toMap().value(QStringLiteral("user")).toByteArray());
    });
    QVERIFY(server.listen(QHostAddress::LocalHost));
    QSignalSpy accepted(&server, &QBiMuxServer::newConnection);

    QNetworkRequest slowRequest(server.serverUrl());
    slowRequest.setRawHeader("Authorization", "Bearer slow");
    QBiMuxer slow;
    QSignalSpy slowConnected(&slow, &QBiMuxer::connected);
    slow.open(slowRequest);
    QTRY_COMPARE_WITH_TIMEOUT(held.count(), 1, 10000);
    QTRY_COMPARE(server.pendingHandshakeCount(), 1);

    QBiMuxer quick;
    QSignalSpy quickConnected(&quick, &QBiMuxer::connected);
    quick.open(server.serverUrl());
    QTRY_COMPARE_WITH_TIMEOUT(quickConnected.count(), 1, 10000);
    QCOMPARE(slowConnected.count(), 0);
    QTRY_COMPARE(accepted.count(), 1);
    QCOMPARE(accepted.first().first().value<QBiMuxer *>()->peerIdentity(),
             QVariant(QStringLiteral("quick")));

    // The decision comes from a thread of its own.
    std::unique_ptr<QThread> decider(QThread::create([&held] {
        held.answerAll(QBiMuxAdmission::admit(
            QVariantMap {{QStringLiteral("user"), QStringLiteral("alice")}}));
    }));
    decider->start();
    QVERIFY(decider->wait(10000));
    QTRY_COMPARE_WITH_TIMEOUT(slowConnected.count(), 1, 10000);
    QFuture<QByteArray> whoAmI = slow.rpc(1, "who am I?");
    QVERIFY(waitForFinished(whoAmI));
    QCOMPARE(whoAmI.result(), QByteArray("alice"));
    QTRY_COMPARE(server.pendingHandshakeCount(), 0);
}

void tst_Admission::lateAnswersAreDropped()
{
    QBiMuxServer server;
    server.setHandshakeTimeout(300ms);
    HeldAnswers held;
    server.setAuthenticator([&held](const QBiMuxHandshake &handshake) {
        if (handshake.header("Authorization") == "Bearer now")
            return QtFuture::makeReadyFuture(QBiMuxAdmission::admit());
        return held.hold();
    });
    QVERIFY(server.listen(QHostAddress::LocalHost));
    QSignalSpy accepted(&server, &QBiMuxServer::newConnection);

    // One peer waits for the answer until the timeout, and is told so.
    QWebSocket patient;
    const QString refused = dial(QNetworkRequest(server.serverUrl()), &patient);
    QVERIFY2(refused.contains(QLatin1String("503")), qPrintable(refused));

    // Another leaves while the authenticator thinks: its place is given back at once.
    QTcpSocket leaving;
    leaving.connectToHost(QHostAddress::LocalHost, server.serverPort());
    QVERIFY(leaving.waitForConnected(10000));
    leaving.write("GET /mux HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                  "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                  "Sec-WebSocket-Version: 13\r\n\r\n");
    QTRY_COMPARE_WITH_TIMEOUT(held.count(), 2, 10000);
    QTRY_COMPARE(server.pendingHandshakeCount(), 1);
    leaving.abort();
    QTRY_COMPARE_WITH_TIMEOUT(server.pendingHandshakeCount(), 0, 10000);

    // Their answers, late, admit nobody; a peer after them is admitted as usual.
    held.answerAll(QBiMuxAdmission::admit());
    QNetworkRequest now(server.serverUrl());
    now.setRawHeader("Authorization", "Bearer now");
    QWebSocket next;
    QCOMPARE(dial(now, &next), QString());
    QTRY_COMPARE(accepted.count(), 1);
    QCOMPARE(server.connectionCount(), 1);
    QTRY_COMPARE(server.pendingHandshakeCount(), 0);
}

void tst_Admission::authenticatorChoosesTheStatus()
{
    QBiMuxServer server;
    server.setAuthenticator([](const QBiMuxHandshake &handshake) {
        const QByteArray how = handshake.header("X-How");
        if (how == "revoked")
            return QtFuture::makeReadyFuture(
                QBiMuxAdmission::reject(403, QStringLiteral("device revoked")));
        if (how == "throw")
            throw std::runtime_error("database down");
        QPromise<QBiMuxAdmission> promise;
        promise.start();
        promise.setException(std::make_exception_ptr(std::runtime_error("lookup failed")));
        promise.finish();
        return promise.future();
    });
    QVERIFY(server.listen(QHostAddress::LocalHost));

    const auto answerTo = [&server](const QByteArray &how) {
        QTcpSocket raw;
        raw.connectToHost(QHostAddress::LocalHost, server.serverPort());
        raw.write("GET /mux HTTP/1.1\r\nHost: 127.0.0.1\r\nX-How: " + how
                  + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    "Sec-WebSocket-Version: 13\r\n\r\n");
        QByteArray answer;
        QDeadlineTimer deadline(10000);
        // The server runs in this thread: the event loop must run.
        do {
            QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
            answer += raw.readAll();
        } while (raw.state() != QAbstractSocket::UnconnectedState && !deadline.hasExpired());
        return answer;
    };
    const QByteArray revoked = answerTo("revoked");
    QVERIFY2(revoked.startsWith("HTTP/1.1 403 Forbidden\r\n"), revoked.constData());
    QVERIFY2(revoked.endsWith("\r\n\r\ndevice revoked\n"), revoked.constData());
    // A failing authenticator is the server's fault: 500, which a client tries again.
    const QByteArray thrown = answerTo("throw");
    QVERIFY2(thrown.startsWith("HTTP/1.1 500 "), thrown.constData());
    const QByteArray failed = answerTo("fail");
    QVERIFY2(failed.startsWith("HTTP/1.1 500 "), failed.constData());
}

QTEST_MAIN(tst_Admission)
#include "tst_admission.moc"
