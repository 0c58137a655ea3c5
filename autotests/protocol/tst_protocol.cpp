// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "bimux.pb.h"
#include "muxerpair.h"
#include "rawframes.h"

#include <QBiMuxServer>
#include <QBiMuxer>

#include <QtCore/qelapsedtimer.h>
#include <QtCore/qregularexpression.h>
#include <QtNetwork/qtcpsocket.h>
#include <QtTest/qsignalspy.h>
#include <QtTest/qtest.h>
#include <QtWebSockets/qwebsocket.h>

#include <limits>

using namespace std::chrono_literals;

namespace {

// A foreign peer: a bare QWebSocket connected to a QBiMuxServer, which sends bytes built
// by hand (rawframes.h) and reads what the muxer sends with libprotobuf's generated code,
// so that neither direction goes through the library's own codec.
class RawPeer : public QObject
{
public:
    explicit RawPeer(QBiMuxServer *server)
        : m_server(server)
    {
        connect(&socket, &QWebSocket::binaryMessageReceived, this, [this](const QByteArray &bytes) {
            bimux::Message message;
            // A frame libprotobuf cannot read fails the test where it is looked at.
            if (!message.ParseFromArray(bytes.constData(), int(bytes.size())))
                message.set_route(std::numeric_limits<qint32>::min());
            received.append(message);
        });
    }

    // Connects; `muxer` is the server's side of the connection.
    [[nodiscard]] bool open()
    {
        if (!m_server->isListening() && !m_server->listen(QHostAddress::LocalHost))
            return false;
        QSignalSpy accepted(m_server, &QBiMuxServer::newConnection);
        QSignalSpy connected(&socket, &QWebSocket::connected);
        socket.open(m_server->serverUrl());
        if (connected.isEmpty() && !connected.wait(10000))
            return false;
        if (accepted.isEmpty() && !accepted.wait(10000))
            return false;
        muxer = accepted.first().first().value<QBiMuxer *>();
        if (!muxer)
            return false;
        muxer->setRequestHandler(SyncRoute, muxer, [](const QByteArray &data) { return data; });
        return true;
    }

    // Waits until `count` frames have arrived.
    [[nodiscard]] bool waitForFrames(int count, int timeoutMs = 10000)
    {
        QDeadlineTimer deadline(timeoutMs);
        while (received.size() < count && !deadline.hasExpired())
            QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
        return received.size() >= count;
    }

    // Sends a request and waits for its answer: everything sent before it was handled.
    [[nodiscard]] bool roundTrip(quint64 number)
    {
        const int before = int(received.size());
        socket.sendBinaryMessage(RawFrames::message(number, RawFrames::Request, SyncRoute, "sync"));
        return waitForFrames(before + 1) && received.last().number() == number
            && received.last().flag() == bimux::response;
    }

    // The route roundTrip() uses, answered by the muxer at once.
    static constexpr qint32 SyncRoute = 99;
    QWebSocket socket;
    QPointer<QBiMuxer> muxer;
    QList<bimux::Message> received;

private:
    QBiMuxServer *m_server;
};

QByteArray response(quint64 number, const QByteArray &data)
{
    return RawFrames::message(number, RawFrames::Response, 1, data);
}

// A request with `entries` metadata entries (field 9), keys "0", "1", ..., each with
// `value`.
QByteArray requestWithMetadata(quint64 number, int entries, const QByteArray &value)
{
    QByteArray frame = RawFrames::message(number, RawFrames::Request, 5, "x");
    for (int i = 0; i < entries; ++i) {
        QByteArray entry;
        RawFrames::appendBytesField(entry, 1, QByteArray::number(i));
        RawFrames::appendBytesField(entry, 2, value);
        RawFrames::appendBytesField(frame, 9, entry);
    }
    return frame;
}

} // namespace

// What docs/protocol.md promises about numbers, timeouts, cancels, responses, close
// reasons and sizes, held to a peer outside the library that speaks the wire format.
class tst_Protocol : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    // Numbering
    void numbersStartAtOneWithOneCounterForRequestsAndOneways();
    void answeredNumberMayComeAgain();
    void peerNumbersMayBeAnything();

    // Timeouts
    void timeoutTravelsCappedAtUint32Max();

    // What is not an error
    void strayCancelIsIgnored();
    void lateResponseIsDropped();
    void responseToAOnewaysNumberIsDropped();
    void unhandledOnewayIsDropped();

    // What is
    void badInputFailsEveryCallAtOnce_data();
    void badInputFailsEveryCallAtOnce();
    void closeReasonIsCutToWhatAFrameHolds_data();
    void closeReasonIsCutToWhatAFrameHolds();
    void messageAboveTheLimitClosesWith1009();
    void applicationCloseCodeIsANormalClose();
};

void tst_Protocol::initTestCase()
{
    qRegisterMetaType<QWebSocketProtocol::CloseCode>();
}

void tst_Protocol::numbersStartAtOneWithOneCounterForRequestsAndOneways()
{
    QBiMuxServer server;
    RawPeer peer(&server);
    QVERIFY(peer.open());
    QList<QFuture<QByteArray>> calls;
    calls.append(peer.muxer->rpc(1, "a"));
    QVERIFY(peer.muxer->send(2, "b"));
    QVERIFY(peer.muxer->send(2, "c"));
    calls.append(peer.muxer->rpc(1, "d"));
    calls.append(peer.muxer->rpc(1, "e"));
    QVERIFY(peer.muxer->send(2, "f"));
    // A call made from another thread takes its number from the same counter.
    std::unique_ptr<QThread> caller(
        QThread::create([&] { calls.append(peer.muxer->rpc(1, "g")); }));
    caller->start();
    QVERIFY(caller->wait(10000));

    QVERIFY(peer.waitForFrames(7));
    const QList<bimux::Flag> flags {bimux::request, bimux::oneway, bimux::oneway, bimux::request,
                                    bimux::request, bimux::oneway, bimux::request};
    for (int i = 0; i < 7; ++i) {
        QCOMPARE(peer.received.at(i).number(), quint64(i + 1));
        QCOMPARE(peer.received.at(i).flag(), flags.at(i));
        QCOMPARE(QByteArray::fromStdString(peer.received.at(i).data()),
                 QByteArray(1, char('a' + i)));
    }
    // The answers find their calls by these numbers.
    for (quint64 number : {1, 4, 5, 7})
        peer.socket.sendBinaryMessage(response(number, "re:" + QByteArray::number(number)));
    for (int i = 0; i < calls.size(); ++i) {
        QVERIFY(waitForFinished(calls.at(i)));
        QCOMPARE(calls.at(i).result(), "re:" + QByteArray::number(QList {1, 4, 5, 7}.at(i)));
    }
}

void tst_Protocol::answeredNumberMayComeAgain()
{
    QBiMuxServer server;
    RawPeer peer(&server);
    QVERIFY(peer.open());
    peer.muxer->setRequestHandler(1, this, [](const QByteArray &data) { return "re:" + data; });
    RequestCollector held(peer.muxer); // every other route
    QSignalSpy protocolErrors(peer.muxer, &QBiMuxer::protocolErrorOccurred);

    // Answered: its number is free again.
    peer.socket.sendBinaryMessage(RawFrames::message(5, RawFrames::Request, 1, "first"));
    QVERIFY(peer.waitForFrames(1));
    peer.socket.sendBinaryMessage(RawFrames::message(5, RawFrames::Request, 1, "second"));
    QVERIFY(peer.waitForFrames(2));
    for (int i = 0; i < 2; ++i) {
        QCOMPARE(peer.received.at(i).number(), 5u);
        QCOMPARE(peer.received.at(i).flag(), bimux::response);
        QVERIFY(!peer.received.at(i).has_error());
    }
    QCOMPARE(peer.received.at(0).data(), "re:first");
    QCOMPARE(peer.received.at(1).data(), "re:second");

    // Cancelled: free again too, and the new request is the one that gets answered.
    peer.socket.sendBinaryMessage(RawFrames::message(6, RawFrames::Request, 2, "held"));
    QTRY_COMPARE(held.size(), 1);
    peer.socket.sendBinaryMessage(RawFrames::message(6, RawFrames::Cancel, 2, {}));
    QTRY_VERIFY(held.first().isCancelled());
    peer.socket.sendBinaryMessage(RawFrames::message(6, RawFrames::Request, 2, "again"));
    QTRY_COMPARE(held.size(), 2);
    held.first().reply("to the cancelled one"); // dropped: its caller gave up
    QVERIFY(held.last().reply("to the new one"));
    QVERIFY(peer.roundTrip(9));
    QCOMPARE(peer.received.size(), 4);
    QCOMPARE(peer.received.at(2).number(), 6u);
    QCOMPARE(peer.received.at(2).data(), "to the new one");
    QCOMPARE(protocolErrors.count(), 0);
    QVERIFY(peer.muxer->isConnected());
}

void tst_Protocol::peerNumbersMayBeAnything()
{
    // The peer numbers its requests as it likes: far apart, out of order, up to 2^64-1.
    // All in flight at once, each is answered and cancelled by its own number.
    QBiMuxServer server;
    RawPeer peer(&server);
    QVERIFY(peer.open());
    RequestCollector held(peer.muxer);
    const QList<quint64> numbers {std::numeric_limits<quint64>::max(),
                                  1,
                                  1u << 20,
                                  3,
                                  quint64(1) << 40,
                                  2,
                                  70000,
                                  1u << 20 | 1};
    for (quint64 number : numbers) {
        peer.socket.sendBinaryMessage(
            RawFrames::message(number, RawFrames::Request, 1, QByteArray::number(number)));
    }
    QTRY_COMPARE(held.size(), numbers.size());
    QCOMPARE(peer.muxer->pendingRequestCount(), numbers.size());
    // Every other one cancelled, the rest answered, in reverse order.
    for (qsizetype i = 0; i < numbers.size(); i += 2)
        peer.socket.sendBinaryMessage(RawFrames::message(numbers.at(i), RawFrames::Cancel, 1, {}));
    QTRY_COMPARE(peer.muxer->pendingRequestCount(), numbers.size() / 2);
    for (qsizetype i = numbers.size() - 1; i >= 0; --i) {
        QCOMPARE(held.at(i).number(), numbers.at(i));
        QCOMPARE(held.at(i).isCancelled(), i % 2 == 0);
        held.at(i).reply("re:" + held.at(i).data());
    }
    QVERIFY(peer.waitForFrames(int(numbers.size() / 2)));
    QVERIFY(peer.roundTrip(5));
    QCOMPARE(peer.received.size(), numbers.size() / 2 + 1);
    for (qsizetype i = 0; i < numbers.size() / 2; ++i) {
        const bimux::Message &answer = peer.received.at(i);
        const quint64 number = numbers.at(numbers.size() - 1 - 2 * i);
        QCOMPARE(answer.number(), number);
        QCOMPARE(QByteArray::fromStdString(answer.data()), "re:" + QByteArray::number(number));
    }
    QCOMPARE(peer.muxer->pendingRequestCount(), 0);
}

void tst_Protocol::timeoutTravelsCappedAtUint32Max()
{
    QBiMuxServer server;
    RawPeer peer(&server);
    QVERIFY(peer.open());
    constexpr qint64 Max = std::numeric_limits<quint32>::max(); // 49.7 days
    const QList<std::chrono::milliseconds> timeouts {
        1234ms,
        std::chrono::milliseconds(Max),
        std::chrono::milliseconds(Max + 1),
        std::chrono::hours(24 * 60),
        std::chrono::milliseconds(std::numeric_limits<qint64>::max()),
        0ms,
        -5ms};
    // 100 years or more is "as long as the link lives", and says nothing (docs/protocol.md).
    const QList<quint32> sent {1234, quint32(Max), quint32(Max), quint32(Max), 0, 0, 0};
    QList<QFuture<QByteArray>> calls;
    for (std::chrono::milliseconds timeout : timeouts)
        calls.append(peer.muxer->rpc(1, "x", QBiMuxCallOptions().setTimeout(timeout)));
    // Without a timeout of its own a call has the default, 30 s.
    calls.append(peer.muxer->rpc(1, "x"));
    QVERIFY(peer.waitForFrames(int(calls.size())));
    for (int i = 0; i < sent.size(); ++i) {
        QCOMPARE(peer.received.at(i).flag(), bimux::request); // no call timed out at once
        QCOMPARE(peer.received.at(i).timeout_ms(), sent.at(i));
    }
    QCOMPARE(peer.received.last().timeout_ms(), 30000u);
    for (const QFuture<QByteArray> &call : std::as_const(calls))
        QVERIFY(!call.isFinished());
}

void tst_Protocol::strayCancelIsIgnored()
{
    QBiMuxServer server;
    RawPeer peer(&server);
    QVERIFY(peer.open());
    peer.muxer->setRequestHandler(1, this, [](const QByteArray &data) { return data; });
    RequestCollector held(peer.muxer);
    QSignalSpy protocolErrors(peer.muxer, &QBiMuxer::protocolErrorOccurred);

    // A request in flight, which none of the stray cancels may touch.
    peer.socket.sendBinaryMessage(RawFrames::message(3, RawFrames::Request, 2, "held"));
    QTRY_COMPARE(held.size(), 1);
    // A request answered already (the cancel crossed the answer), numbers never used, 0.
    QVERIFY(peer.roundTrip(7));
    for (quint64 number : {7, 99, 0, 4})
        peer.socket.sendBinaryMessage(RawFrames::message(number, RawFrames::Cancel, 1, {}));
    QVERIFY(peer.roundTrip(8));

    QCOMPARE(protocolErrors.count(), 0);
    QVERIFY(peer.muxer->isConnected());
    QVERIFY(!held.first().isCancelled());
    QCOMPARE(peer.muxer->pendingRequestCount(), 1);
    QVERIFY(held.first().reply("still wanted"));
    QVERIFY(peer.waitForFrames(3));
    QCOMPARE(peer.received.last().number(), 3u);
    QCOMPARE(peer.received.last().data(), "still wanted");
}

void tst_Protocol::lateResponseIsDropped()
{
    // A plain bimux peer knows no cancel: its answer comes after the call timed out.
    QBiMuxServer server;
    RawPeer peer(&server);
    QVERIFY(peer.open());
    QSignalSpy protocolErrors(peer.muxer, &QBiMuxer::protocolErrorOccurred);
    QFuture<QByteArray> call = peer.muxer->rpc(1, "slow", QBiMuxCallOptions().setTimeout(100ms));
    QVERIFY(waitForFinished(call));
    QCOMPARE(errorOf(call).code(), QBiMux::StatusCode::DeadlineExceeded);
    QVERIFY(peer.waitForFrames(2)); // the request, then the cancel
    QCOMPARE(peer.received.at(1).flag(), bimux::cancel);
    QCOMPARE(peer.received.at(1).number(), peer.received.at(0).number());

    QFuture<QByteArray> next = peer.muxer->rpc(1, "next", QBiMuxCallOptions().setTimeout(60s));
    QVERIFY(peer.waitForFrames(3));
    peer.socket.sendBinaryMessage(response(peer.received.at(0).number(), "too late"));
    peer.socket.sendBinaryMessage(response(peer.received.at(2).number(), "in time"));
    QVERIFY(waitForFinished(next));
    QCOMPARE(next.result(), QByteArray("in time"));
    QCOMPARE(protocolErrors.count(), 0);
    QVERIFY(peer.muxer->isConnected());
}

void tst_Protocol::responseToAOnewaysNumberIsDropped()
{
    QBiMuxServer server;
    RawPeer peer(&server);
    QVERIFY(peer.open());
    QSignalSpy protocolErrors(peer.muxer, &QBiMuxer::protocolErrorOccurred);
    QVERIFY(peer.muxer->send(2, "oneway"));
    QFuture<QByteArray> call = peer.muxer->rpc(1, "call");
    QVERIFY(peer.waitForFrames(2));
    QCOMPARE(peer.received.at(0).flag(), bimux::oneway);
    const quint64 onewayNumber = peer.received.at(0).number();
    const quint64 callNumber = peer.received.at(1).number();

    // A peer that answers the oneway (numbers are shared, so it is a number this side
    // used): dropped like a late answer, and the call in flight is not touched.
    peer.socket.sendBinaryMessage(response(onewayNumber, "to the oneway"));
    QVERIFY(peer.roundTrip(1));
    QCOMPARE(protocolErrors.count(), 0);
    QVERIFY(peer.muxer->isConnected());
    QVERIFY(!call.isFinished());
    QCOMPARE(peer.muxer->pendingCallCount(), 1);

    peer.socket.sendBinaryMessage(response(callNumber, "to the call"));
    QVERIFY(waitForFinished(call));
    QCOMPARE(call.result(), QByteArray("to the call"));
}

void tst_Protocol::unhandledOnewayIsDropped()
{
    QBiMuxServer server;
    RawPeer peer(&server);
    QVERIFY(peer.open());
    peer.muxer->setRequestHandler(1, this, [](const QByteArray &data) { return data; });
    QSignalSpy protocolErrors(peer.muxer, &QBiMuxer::protocolErrorOccurred);
    // No handler for route 42 and nothing connected to messageReceived(): a warning, and
    // the test fails if it is not printed.
    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(QStringLiteral("no handler for oneway message on "
                                                           "route 42 - dropped 7 bytes")));
    peer.socket.sendBinaryMessage(RawFrames::message(1, RawFrames::Oneway, 42, "dropped"));
    QVERIFY(peer.roundTrip(2));
    // Nothing but the round trip's answer came back: a oneway has no answer, not even
    // an error.
    QCOMPARE(peer.received.size(), 1);
    QCOMPARE(protocolErrors.count(), 0);
    QVERIFY(peer.muxer->isConnected());
}

void tst_Protocol::badInputFailsEveryCallAtOnce_data()
{
    QTest::addColumn<QByteArray>("binary");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expectedMessagePart");

    QTest::newRow("not protobuf") << QByteArray("\xff\xff\xff\xff garbage", 13) << QString()
                                  << QStringLiteral("not a bimux Message");
    QTest::newRow("text message") << QByteArray() << QStringLiteral("hello")
                                  << QStringLiteral("text message");
    // 0 is below every number in use here, so only the rule for 0 catches it.
    QTest::newRow("response to number 0")
        << response(0, "x") << QString() << QStringLiteral("request 0, which was never sent");
    QTest::newRow("response to a number never used")
        << response(4, "x") << QString() << QStringLiteral("request 4, which was never sent");
    QTest::newRow("unknown flag") << RawFrames::message(1, 11, 1, "x") << QString()
                                  << QStringLiteral("unknown flag 11");
    QTest::newRow("request number in flight")
        << RawFrames::message(1, RawFrames::Request, 5, "again") << QString()
        << QStringLiteral("same number");
    // Over the limits of docs/protocol.md: 64 entries, 8 KiB of keys and values.
    QTest::newRow("65 metadata entries") << requestWithMetadata(2, 65, QByteArray()) << QString()
                                         << QStringLiteral("more metadata than a frame may");
    QTest::newRow("metadata of 8 KiB + 1")
        << requestWithMetadata(2, 1, QByteArray(8192, 'v')) << QString()
        << QStringLiteral("more metadata than a frame may");
}

void tst_Protocol::badInputFailsEveryCallAtOnce()
{
    QFETCH(QByteArray, binary);
    QFETCH(QString, text);
    QFETCH(QString, expectedMessagePart);

    QBiMuxServer server;
    RawPeer peer(&server);
    QVERIFY(peer.open());
    RequestCollector held(peer.muxer);
    QSignalSpy protocolErrors(peer.muxer, &QBiMuxer::protocolErrorOccurred);
    QSignalSpy peerGone(&peer.socket, &QWebSocket::disconnected);
    // Three calls in flight, numbers 1-3, waiting a minute each; one request of the peer's
    // in flight, number 1.
    QList<QFuture<QByteArray>> calls;
    for (int i = 0; i < 3; ++i)
        calls.append(peer.muxer->rpc(1, "x", QBiMuxCallOptions().setTimeout(60s)));
    QVERIFY(peer.waitForFrames(3));
    peer.socket.sendBinaryMessage(RawFrames::message(1, RawFrames::Request, 5, "held"));
    QTRY_COMPARE(held.size(), 1);

    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("protocol error")));
    QElapsedTimer elapsed;
    elapsed.start();
    if (text.isEmpty())
        peer.socket.sendBinaryMessage(binary);
    else
        peer.socket.sendTextMessage(text);
    QTRY_COMPARE(protocolErrors.count(), 1);
    const QString message = protocolErrors.first().first().toString();
    QVERIFY2(message.contains(expectedMessagePart), qPrintable(message));
    // Every call ended with the error, not after its minute; the peer's request with them.
    for (const QFuture<QByteArray> &call : std::as_const(calls)) {
        QVERIFY(call.isFinished());
        const QBiMuxStatus error = errorOf(call);
        QCOMPARE(error.code(), QBiMux::StatusCode::Unavailable);
        QVERIFY2(error.message().contains(expectedMessagePart), qPrintable(error.message()));
    }
    QVERIFY2(elapsed.elapsed() < 30000, QByteArray::number(elapsed.elapsed()));
    QVERIFY(held.first().isCancelled());
    // The peer hears why, with 1002.
    QTRY_COMPARE(peerGone.count(), 1);
    QCOMPARE(peer.socket.closeCode(), QWebSocketProtocol::CloseCodeProtocolError);
    QVERIFY(peer.socket.closeReason().contains(expectedMessagePart));
}

void tst_Protocol::closeReasonIsCutToWhatAFrameHolds_data()
{
    QTest::addColumn<QString>("reason");
    QTest::addColumn<QString>("expected");

    const QString fits = QString(123, QLatin1Char('a'));
    QTest::newRow("123 bytes, unchanged") << fits << fits;
    QTest::newRow("124 bytes") << fits + QLatin1Char('b') << QString(120, QLatin1Char('a')) + "...";
    // 119 ASCII bytes, then two-byte characters: the 120-byte cut falls inside the
    // second one, which goes whole.
    const QString umlauts = QString(119, QLatin1Char('a')) + QString(10, QChar(0xFC));
    QTest::newRow("cut inside a 2-byte character")
        << umlauts << QString(119, QLatin1Char('a')) + "...";
    // Three-byte characters only: 40 of them are 120 bytes, and all fit.
    const QString euros(60, QChar(0x20AC));
    QTest::newRow("3-byte characters") << euros << QString(40, QChar(0x20AC)) + "...";
    const QString shifted = QLatin1String("ab") + euros;
    QTest::newRow("3-byte characters, cut inside one")
        << shifted << QLatin1String("ab") + QString(39, QChar(0x20AC)) + "...";
    // Four-byte characters (two QChars each): 1 + 29 * 4 bytes fit, the 30th does not.
    QString emoji = QStringLiteral("a");
    for (int i = 0; i < 40; ++i)
        emoji += QString::fromUcs4(U"\U0001F600", 1);
    QTest::newRow("4-byte characters, cut inside one") << emoji << emoji.left(1 + 29 * 2) + "...";
}

void tst_Protocol::closeReasonIsCutToWhatAFrameHolds()
{
    // RFC 6455 5.5: a control frame holds 125 bytes, 2 of them the code; a longer reason
    // would make Qt send none at all. The muxer cuts it on a character boundary.
    QFETCH(QString, reason);
    QFETCH(QString, expected);
    QBiMuxServer server;
    RawPeer peer(&server);
    QVERIFY(peer.open());
    QSignalSpy peerGone(&peer.socket, &QWebSocket::disconnected);
    QSignalSpy closed(peer.muxer, &QBiMuxer::disconnected);
    peer.muxer->close(QWebSocketProtocol::CloseCodeGoingAway, reason);
    QTRY_COMPARE(peerGone.count(), 1);
    QCOMPARE(peer.socket.closeCode(), QWebSocketProtocol::CloseCodeGoingAway);
    QVERIFY(peer.socket.closeReason().toUtf8().size() <= 123);
    QCOMPARE(peer.socket.closeReason(), expected);
    // This side keeps the whole reason.
    QCOMPARE(closed.count(), 1);
    QCOMPARE(closed.first().at(1).toString(), reason);
}

void tst_Protocol::messageAboveTheLimitClosesWith1009()
{
    QBiMuxServer server;
    server.setSettings(server.settings().setMaxMessageSize(4096));
    RawPeer peer(&server);
    QVERIFY(peer.open());
    QCOMPARE(peer.muxer->settings().maxMessageSize(), 4096);
    peer.muxer->setRequestHandler(1, this, [](const QByteArray &data) { return data; });
    QFuture<QByteArray> call = peer.muxer->rpc(1, "in flight", QBiMuxCallOptions().setTimeout(60s));
    QSignalSpy closed(peer.muxer, &QBiMuxer::disconnected);
    QSignalSpy peerGone(&peer.socket, &QWebSocket::disconnected);

    // Just below the limit: answered.
    const QByteArray below = RawFrames::message(1, RawFrames::Request, 1, QByteArray(4000, 'b'));
    QVERIFY(below.size() <= 4096);
    peer.socket.sendBinaryMessage(below);
    QVERIFY(peer.waitForFrames(2)); // the call's request, the answer
    QCOMPARE(peer.received.last().data().size(), 4000u);

    // Above it: refused as a whole, with 1009, and the call in flight fails at once.
    peer.socket.sendBinaryMessage(
        RawFrames::message(2, RawFrames::Request, 1, QByteArray(8192, 'a')));
    QTRY_COMPARE(peerGone.count(), 1);
    QCOMPARE(peer.socket.closeCode(), QWebSocketProtocol::CloseCodeTooMuchData);
    QTRY_COMPARE(closed.count(), 1);
    QCOMPARE(closed.first().at(0).value<QWebSocketProtocol::CloseCode>(),
             QWebSocketProtocol::CloseCodeTooMuchData);
    QVERIFY(call.isFinished());
    QCOMPARE(errorOf(call).code(), QBiMux::StatusCode::Unavailable);
    QCOMPARE(peer.received.size(), 2); // the large request reached no handler
}

void tst_Protocol::applicationCloseCodeIsANormalClose()
{
    // Codes 3000-4999 are the applications' (RFC 6455, 7.4.2); QWebSocketProtocol::CloseCode
    // has no room for them, and disconnected() must not pass one on as if it had (found
    // by fuzz_dialer: undefined behaviour under UBSan).
    QBiMuxServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    QSignalSpy accepted(&server, &QBiMuxServer::newConnection);
    QTcpSocket raw;
    raw.connectToHost(QHostAddress::LocalHost, server.serverPort());
    QVERIFY(raw.waitForConnected(10000));
    raw.write("GET /mux HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
              "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
              "Sec-WebSocket-Version: 13\r\n\r\n");
    QTRY_COMPARE_WITH_TIMEOUT(accepted.count(), 1, 10000);
    auto *muxer = accepted.first().first().value<QBiMuxer *>();
    QSignalSpy closed(muxer, &QBiMuxer::disconnected);
    // A masked close frame (the key 0 leaves the payload as it is): code 4000, "app".
    raw.write(QByteArray::fromHex("888500000000") + QByteArray::fromHex("0fa0") + "app");
    QTRY_COMPARE_WITH_TIMEOUT(closed.count(), 1, 10000);
    QCOMPARE(closed.first().at(0).value<QWebSocketProtocol::CloseCode>(),
             QWebSocketProtocol::CloseCodeNormal);
    QCOMPARE(closed.first().at(1).toString(), QStringLiteral("app"));
}

QTEST_MAIN(tst_Protocol)
#include "tst_protocol.moc"
