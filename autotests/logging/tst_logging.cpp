#include "muxerpair.h"

#include <QBiMuxClient>
#include <QBiMuxServer>
#include <QBiMuxer>

#include <QtCore/qloggingcategory.h>
#include <QtCore/qmutex.h>
#include <QtCore/qregularexpression.h>
#include <QtNetwork/qtcpsocket.h>
#include <QtTest/qsignalspy.h>
#include <QtTest/qtest.h>
#include <QtWebSockets/qwebsocket.h>

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

// The same work each time: a client dials, both sides call, a call times out and its late
// answer arrives, a oneway nobody handles, a peer that sends garbage, a dial to a wrong
// path, and a client whose server goes away.
void runScenario()
{
    QBiMuxServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    server.setRequestHandler(1, &server, [](const QByteArray &data) { return data; });
    RequestCollector *held = nullptr;
    QObject::connect(&server, &QBiMuxServer::newConnection, &server,
                     [&held](QBiMuxer *muxer) { held = new RequestCollector(muxer); });

    QBiMuxClient client;
    client.setInitialReconnectDelay(50ms);
    client.setReconnectJitter(0);
    QSignalSpy connected(&client, &QBiMuxClient::connected);
    QFuture<QByteArray> queued = client.rpc(1, "queued");
    client.open(server.serverUrl());
    QVERIFY(connected.wait(10000) || connected.count() == 1);
    QVERIFY(waitForFinished(queued));
    QFuture<QByteArray> late = client.rpc(2, "late", 50ms);
    QVERIFY(waitForFinished(late));
    QTRY_VERIFY(held && !held->isEmpty());
    held->first().reply("too late");
    client.send(3, "nobody handles this");
    QFuture<QByteArray> answered = client.rpc(1, "x");
    QVERIFY(waitForFinished(answered));

    QWebSocket garbage;
    QSignalSpy garbageGone(&garbage, &QWebSocket::disconnected);
    garbage.open(server.serverUrl());
    QTRY_COMPARE(server.connectionCount(), 2);
    garbage.sendBinaryMessage(QByteArray("\xff\xff", 2));
    QTRY_COMPARE(garbageGone.count(), 1);

    QBiMuxer wrongPath;
    QSignalSpy wrongPathGone(&wrongPath, &QBiMuxer::disconnected);
    wrongPath.open(server.serverUrl().resolved(QUrl(QStringLiteral("/elsewhere"))));
    QTRY_COMPARE(wrongPathGone.count(), 1);

    QSignalSpy disconnected(&client, &QBiMuxClient::disconnected);
    QSignalSpy scheduled(&client, &QBiMuxClient::reconnectScheduled);
    server.close();
    QTRY_COMPARE(disconnected.count(), 1);
    QTRY_VERIFY(scheduled.count() >= 1);
    client.close();
    delete held;
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
    // What README.md says each category is for.
    // The late answer is dropped by the callee if the cancel came first, else by the caller.
    const QList<std::pair<QString, QStringList>> expected {
        {QStringLiteral("bimuxqt.muxer"),
         {QStringLiteral("connected to"),
          QStringLiteral("dropping late response|answer to request \\d+ dropped"),
          QStringLiteral("protocol error"), QStringLiteral("closed:")}},
        {QStringLiteral("bimuxqt.wire"), {QStringLiteral("->"), QStringLiteral("<-")}},
        {QStringLiteral("bimuxqt.server"),
         {QStringLiteral("listening"), QStringLiteral("accepted"), QStringLiteral("rejecting"),
          QStringLiteral("closed:")}},
        {QStringLiteral("bimuxqt.client"),
         {QStringLiteral("dialing"), QStringLiteral("queued call"), QStringLiteral("disconnected:"),
          QStringLiteral("dialing again in")}},
    };
    for (const auto &[category, phrases] : expected) {
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
