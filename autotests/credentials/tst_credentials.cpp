// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "muxerpair.h"
#include "testcertificates.h"

#include <QBiMuxAdmission>
#include <QBiMuxClient>
#include <QBiMuxDialError>
#include <QBiMuxServer>
#include <QBiMuxer>

#include <QtCore/qloggingcategory.h>
#include <QtCore/qmutex.h>
#include <QtCore/qpromise.h>
#include <QtCore/qtimer.h>
#include <QtCore/qtranslator.h>
#include <QtNetwork/qsslsocket.h>
#include <QtTest/qsignalspy.h>
#include <QtTest/qtest.h>

using namespace std::chrono_literals;

// A client's credentials: headers and its own TLS settings on every dial, a token made
// afresh for each dial, why a dial failed, no endless retries with credentials the server
// refused, and no credential in the log.
class tst_Credentials : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void bearerTokenCheckedByTheAuthenticator();
    void refusedCredentialsStopTheClient_data();
    void refusedCredentialsStopTheClient();
    void retryOnAuthenticationFailureWhenTold();
    void tokenRefreshedBetweenDials();
    void failingRequestFactoryIsADialFailure();
    void privateCaAndClientCertificate();
    void untrustedServerIsReportedWithItsTlsErrors();
    void refusalIsUnderstoodInAnyLanguage();
    void credentialsNeverReachTheLog();

private:
    // A server whose authenticator admits "Bearer <token>" for the current `validToken`
    // as the identity "device-<token>", answers route 1 with that identity, and records
    // every Authorization it was shown.
    struct TokenServer
    {
        QBiMuxServer server;
        QMutex mutex;
        QByteArray validToken = "good";
        int refusal = 401;
        QList<QByteArray> shown;

        bool listen()
        {
            server.setAuthenticator([this](const QBiMuxHandshake &handshake) {
                QMutexLocker locker(&mutex);
                const QByteArray authorization = handshake.header("Authorization");
                shown.append(authorization);
                if (authorization == "Bearer " + validToken) {
                    return QBiMuxAdmission::admit(QString::fromLatin1("device-" + validToken));
                }
                return QBiMuxAdmission::reject(refusal, QStringLiteral("bad token"));
            });
            server.setRequestHandler(1, nullptr, [](const QBiMuxRequest &request) {
                request.reply(request.muxer()->peerIdentity().toString().toUtf8());
            });
            return server.listen(QHostAddress::LocalHost);
        }
        int dials()
        {
            QMutexLocker locker(&mutex);
            return int(shown.size());
        }
    };

    static QNetworkRequest withToken(const QUrl &url, const QByteArray &token)
    {
        QNetworkRequest request(url);
        request.setRawHeader("Authorization", "Bearer " + token);
        return request;
    }

    static void fastBackoff(QBiMuxClient &client)
    {
        client.setInitialReconnectDelay(20ms);
        client.setMaxReconnectDelay(40ms);
        client.setReconnectJitter(0);
    }
};

void tst_Credentials::bearerTokenCheckedByTheAuthenticator()
{
    TokenServer server;
    QVERIFY(server.listen());
    QBiMuxClient client;
    QSignalSpy connected(&client, &QBiMuxClient::connected);
    client.open(withToken(server.server.serverUrl(), "good"));
    QCOMPARE(client.url(), server.server.serverUrl());
    QCOMPARE(client.request().rawHeader("Authorization"), QByteArray("Bearer good"));
    QTRY_COMPARE_WITH_TIMEOUT(connected.count(), 1, 10000);
    // The identity the authenticator admitted reaches the server's handler.
    QFuture<QByteArray> whoAmI = client.rpc(1, "who am I?");
    QVERIFY(waitForFinished(whoAmI));
    QCOMPARE(whoAmI.result(), QByteArray("device-good"));
}

void tst_Credentials::refusedCredentialsStopTheClient_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QBiMux::StatusCode>("callError");
    QTest::newRow("401") << 401 << QBiMux::StatusCode::Unauthenticated;
    QTest::newRow("403") << 403 << QBiMux::StatusCode::PermissionDenied;
}

void tst_Credentials::refusedCredentialsStopTheClient()
{
    QFETCH(int, status);
    QFETCH(QBiMux::StatusCode, callError);
    TokenServer server;
    server.refusal = status;
    QVERIFY(server.listen());
    QBiMuxClient client;
    fastBackoff(client);
    QSignalSpy failed(&client, &QBiMuxClient::dialFailed);
    QSignalSpy scheduled(&client, &QBiMuxClient::reconnectScheduled);
    QFuture<QByteArray> queued = client.rpc(1, "waiting for a connection");
    client.open(withToken(server.server.serverUrl(), "stolen"));

    QTRY_COMPARE_WITH_TIMEOUT(client.state(), QBiMuxClient::State::Closed, 10000);
    QCOMPARE(failed.count(), 1);
    const auto error = failed.first().first().value<QBiMuxDialError>();
    QCOMPARE(error.httpStatus(), status);
    QCOMPARE(error.httpReason(), QString::fromLatin1(status == 401 ? "Unauthorized" : "Forbidden"));
    QCOMPARE(error.serverMessage(), QStringLiteral("bad token"));
    QVERIFY(error.isAuthenticationFailure());
    QCOMPARE(error.socketError(), QAbstractSocket::ConnectionRefusedError);
    QVERIFY2(error.errorString().contains(QLatin1String("bad token")),
             qPrintable(error.errorString()));
    QCOMPARE(scheduled.count(), 0);
    QCOMPARE(server.dials(), 1);
    // The call waiting for a connection learns why there will be none.
    QVERIFY(waitForFinished(queued));
    QCOMPARE(errorOf(queued).code(), callError);
    QVERIFY2(errorOf(queued).message().contains(QLatin1String("bad token")),
             qPrintable(errorOf(queued).message()));

    // open() starts again, e.g. with new credentials.
    QSignalSpy connected(&client, &QBiMuxClient::connected);
    client.open(withToken(server.server.serverUrl(), "good"));
    QTRY_COMPARE_WITH_TIMEOUT(connected.count(), 1, 10000);
}

void tst_Credentials::retryOnAuthenticationFailureWhenTold()
{
    TokenServer server;
    QVERIFY(server.listen());
    QBiMuxClient client;
    fastBackoff(client);
    QVERIFY(!client.retryOnAuthenticationFailure());
    client.setRetryOnAuthenticationFailure(true);
    QVERIFY(client.retryOnAuthenticationFailure());
    QSignalSpy failed(&client, &QBiMuxClient::dialFailed);
    QSignalSpy connected(&client, &QBiMuxClient::connected);
    client.open(withToken(server.server.serverUrl(), "next"));
    QTRY_VERIFY_WITH_TIMEOUT(failed.count() >= 3, 10000);
    // Say the token becomes valid (an account is activated): the next dial gets in.
    {
        QMutexLocker locker(&server.mutex);
        server.validToken = "next";
    }
    QTRY_COMPARE_WITH_TIMEOUT(connected.count(), 1, 10000);
}

void tst_Credentials::tokenRefreshedBetweenDials()
{
    TokenServer server;
    server.validToken = "token-1";
    QVERIFY(server.listen());
    QSignalSpy accepted(&server.server, &QBiMuxServer::newConnection);

    // Each dial asks for a fresh token, which comes later (as from an auth service).
    QBiMuxClient client;
    fastBackoff(client);
    int issued = 0;
    client.setRequestFactory([&issued](const QNetworkRequest &base) {
        QNetworkRequest request = base;
        request.setRawHeader("Authorization", "Bearer token-" + QByteArray::number(++issued));
        auto promise = std::make_shared<QPromise<QNetworkRequest>>();
        promise->start();
        QTimer::singleShot(10ms, [promise, request] {
            promise->addResult(request);
            promise->finish();
        });
        return promise->future();
    });
    QSignalSpy connected(&client, &QBiMuxClient::connected);
    QSignalSpy disconnected(&client, &QBiMuxClient::disconnected);
    client.open(QNetworkRequest(server.server.serverUrl()));
    QTRY_COMPARE_WITH_TIMEOUT(connected.count(), 1, 10000);
    QCOMPARE(issued, 1);
    QFuture<QByteArray> first = client.rpc(1, "who?");
    QVERIFY(waitForFinished(first));
    QCOMPARE(first.result(), QByteArray("device-token-1"));

    // token-1 expires; the server drops the connection. The next dial carries token-2.
    {
        QMutexLocker locker(&server.mutex);
        server.validToken = "token-2";
    }
    QTRY_COMPARE(accepted.count(), 1);
    accepted.first().first().value<QBiMuxer *>()->close(QWebSocketProtocol::CloseCodeNormal,
                                                        QStringLiteral("token expired"));
    QTRY_COMPARE_WITH_TIMEOUT(disconnected.count(), 1, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(connected.count(), 2, 10000);
    QCOMPARE(issued, 2);
    QFuture<QByteArray> second = client.rpc(1, "who?");
    QVERIFY(waitForFinished(second));
    QCOMPARE(second.result(), QByteArray("device-token-2"));
    QCOMPARE(server.shown, (QList<QByteArray> {"Bearer token-1", "Bearer token-2"}));
}

void tst_Credentials::failingRequestFactoryIsADialFailure()
{
    TokenServer server;
    QVERIFY(server.listen());
    QBiMuxClient client;
    fastBackoff(client);
    int asked = 0;
    client.setRequestFactory([&asked](const QNetworkRequest &base) {
        if (++asked == 1)
            throw std::runtime_error("auth service unreachable");
        return withToken(base.url(), "good");
    });
    QSignalSpy failed(&client, &QBiMuxClient::dialFailed);
    QSignalSpy connected(&client, &QBiMuxClient::connected);
    client.open(server.server.serverUrl());
    QTRY_COMPARE_WITH_TIMEOUT(connected.count(), 1, 10000);
    QCOMPARE(failed.count(), 1);
    const auto error = failed.first().first().value<QBiMuxDialError>();
    QVERIFY2(error.errorString().contains(QLatin1String("auth service unreachable")),
             qPrintable(error.errorString()));
    QCOMPARE(server.dials(), 1);
}

void tst_Credentials::privateCaAndClientCertificate()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("Qt has no TLS backend here");
    TestCertificates certificates;
    QVERIFY2(certificates.generate() && certificates.generateClientCertificate(),
             qPrintable(certificates.errorString()));
    QBiMuxServer server;
    server.setSslConfiguration(certificates.mutualServerConfiguration());
    // The client certificate names the device.
    server.setAuthenticator([](const QBiMuxHandshake &handshake) {
        const QStringList names
            = handshake.peerCertificate().subjectInfo(QSslCertificate::CommonName);
        if (names.isEmpty())
            return QBiMuxAdmission::reject(403, QStringLiteral("no client certificate"));
        return QBiMuxAdmission::admit(names.first());
    });
    server.setRequestHandler(1, nullptr, [](const QBiMuxRequest &request) {
        request.reply(request.muxer()->peerIdentity().toString().toUtf8());
    });
    QVERIFY(server.listen(QHostAddress::LocalHost));

    QBiMuxClient client;
    client.setSslConfiguration(certificates.clientWithCertificateConfiguration());
    QCOMPARE(client.sslConfiguration().localCertificate().subjectInfo(QSslCertificate::CommonName),
             QStringList {QStringLiteral("device-7")});
    QSignalSpy connected(&client, &QBiMuxClient::connected);
    client.open(server.serverUrl());
    QTRY_COMPARE_WITH_TIMEOUT(connected.count(), 1, 10000);
    QFuture<QByteArray> whoAmI = client.rpc(1, "who am I?");
    QVERIFY(waitForFinished(whoAmI));
    QCOMPARE(whoAmI.result(), QByteArray("device-7"));
    // The process-wide default never learned the private CA.
    QVERIFY(!QSslConfiguration::defaultConfiguration().caCertificates().contains(
        certificates.caCertificate()));
}

void tst_Credentials::untrustedServerIsReportedWithItsTlsErrors()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("Qt has no TLS backend here");
    TestCertificates certificates;
    QVERIFY2(certificates.generate(), qPrintable(certificates.errorString()));
    QBiMuxServer server;
    server.setSslConfiguration(certificates.serverConfiguration());
    QVERIFY(server.listen(QHostAddress::LocalHost));

    // No private CA configured: the server's certificate is not trusted. Not a matter of
    // credentials, so the client keeps trying (the server may get a proper certificate).
    QBiMuxClient client;
    fastBackoff(client);
    QSignalSpy failed(&client, &QBiMuxClient::dialFailed);
    QSignalSpy scheduled(&client, &QBiMuxClient::reconnectScheduled);
    client.open(server.serverUrl());
    QTRY_VERIFY_WITH_TIMEOUT(!failed.isEmpty() && !scheduled.isEmpty(), 10000);
    const auto error = failed.first().first().value<QBiMuxDialError>();
    QVERIFY(!error.sslErrors().isEmpty());
    QCOMPARE(error.httpStatus(), 0);
    QVERIFY(!error.isAuthenticationFailure());
    QVERIFY2(error.errorString().contains(error.sslErrors().first().errorString()),
             qPrintable(error.errorString()));
}

namespace {
// Qt's own messages in another language, as an application's translator would give them.
class QtInGerman : public QTranslator
{
public:
    QString translate(const char *context, const char *sourceText, const char *, int) const override
    {
        if (qstrcmp(context, "QWebSocket") == 0
            && QByteArray(sourceText).contains("Unhandled http status code")) {
            return QStringLiteral("Handshake: unerwarteter HTTP-Status %1 (%2).");
        }
        return QString();
    }
    bool isEmpty() const override { return false; }
};
} // namespace

void tst_Credentials::refusalIsUnderstoodInAnyLanguage()
{
    // QWebSocket reports a refused handshake only in its (translated) error string.
    QtInGerman german;
    QVERIFY(QCoreApplication::installTranslator(&german));
    const auto uninstall = qScopeGuard([&german] { QCoreApplication::removeTranslator(&german); });
    TokenServer server;
    QVERIFY(server.listen());
    QBiMuxer muxer;
    QSignalSpy failed(&muxer, &QBiMuxer::dialFailed);
    muxer.open(withToken(server.server.serverUrl(), "stolen"));
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 10000);
    const auto error = failed.first().first().value<QBiMuxDialError>();
    QCOMPARE(error.httpStatus(), 401);
    QCOMPARE(error.httpReason(), QStringLiteral("Unauthorized"));
    QCOMPARE(error.serverMessage(), QStringLiteral("bad token"));
}

namespace {
QMutex g_logMutex;
QStringList g_log;
QtMessageHandler g_previousHandler = nullptr;
QLoggingCategory::CategoryFilter g_previousFilter = nullptr;

void captureLog(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    {
        QMutexLocker locker(&g_logMutex);
        g_log.append(QString::fromLatin1(context.category) + QLatin1String(": ") + message);
    }
    if (type != QtDebugMsg)
        g_previousHandler(type, context, message);
}

// The library's debug output on, whatever QT_LOGGING_RULES says (ctest turns it off).
void libraryDebugOn(QLoggingCategory *category)
{
    g_previousFilter(category);
    const QByteArray name = category->categoryName();
    if (name.startsWith("bimuxqt.") && name != "bimuxqt.wire")
        category->setEnabled(QtDebugMsg, true);
}
} // namespace

void tst_Credentials::credentialsNeverReachTheLog()
{
    // Every debug line of the library, while a client dials with a token in the query, a
    // password in the URL and a bearer token in a header, is refused, dials again, gets
    // in, and a plain QBiMuxer does the same.
    g_previousHandler = qInstallMessageHandler(captureLog);
    // installFilter() calls the new filter at once, so the old one must be known first.
    g_previousFilter = QLoggingCategory::installFilter(nullptr);
    QLoggingCategory::installFilter(libraryDebugOn);
    const auto restore = qScopeGuard([] {
        QLoggingCategory::installFilter(g_previousFilter);
        qInstallMessageHandler(g_previousHandler);
    });

    TokenServer server;
    QVERIFY(server.listen());
    QUrl url = server.server.serverUrl();
    url.setUserName(QStringLiteral("device"));
    url.setPassword(QStringLiteral("SECRET-PASSWORD"));
    url.setQuery(QStringLiteral("id=device-1&token=SECRET-QUERY"));

    QBiMuxClient client;
    fastBackoff(client);
    client.setRetryOnAuthenticationFailure(true);
    QNetworkRequest refused(url);
    refused.setRawHeader("Authorization", "Bearer SECRET-HEADER");
    client.setRequestFactory([&server, refused](const QNetworkRequest &base) {
        // Refused once, then admitted.
        return server.dials() == 0 ? refused : withToken(base.url(), "good");
    });
    QSignalSpy connected(&client, &QBiMuxClient::connected);
    client.open(url);
    QTRY_COMPARE_WITH_TIMEOUT(connected.count(), 1, 10000);

    QBiMuxer muxer;
    QSignalSpy muxerConnected(&muxer, &QBiMuxer::connected);
    QNetworkRequest plain(url);
    plain.setRawHeader("Authorization", "Bearer good");
    muxer.open(plain);
    QTRY_COMPARE_WITH_TIMEOUT(muxerConnected.count(), 1, 10000);
    client.close();
    muxer.close();

    QMutexLocker locker(&g_logMutex);
    const QString all = g_log.join(QLatin1Char('\n'));
    QVERIFY2(!all.contains(QLatin1String("SECRET")), qPrintable(all));
    // Yet the log says what happened, with the URL.
    QVERIFY2(all.contains(QLatin1String("dialing")), qPrintable(all));
    QVERIFY2(all.contains(QLatin1String("id=device-1&token=redacted")), qPrintable(all));
    QVERIFY2(all.contains(QLatin1String("bad token")), qPrintable(all));
}

QTEST_MAIN(tst_Credentials)
#include "tst_credentials.moc"
