#include "qbimuxframe_p.h"

#include "bimux.pb.h"

#include <QtCore/qrandom.h>
#include <QtTest/qtest.h>

// The library's hand-written codec against the code protoc generates: the same bytes
// out, the same verdict and fields in.
class tst_QBiMuxFrame : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void encodesWhatLibprotobufReads_data();
    void encodesWhatLibprotobufReads();
    void randomFramesEncodeWhatLibprotobufReads();
    void mutatedBytesDecodeLikeLibprotobuf();
    void streamFramesEncodeWhatLibprotobufReads();
    void skipsUnknownFields();
    void rejectsBrokenInput_data();
    void rejectsBrokenInput();
    void statusCodeZeroMeansUnknown();
    void payloadIsWrittenLast();
    void trailingPayloadSharesTheMessage();
    void otherPayloadsAreCopied();

private:
    static QByteArray referenceEncode(const QBiMuxFrame &frame);
    static void compareWithReference(const QByteArray &bytes);
    // What libprotobuf makes of `bytes`, serialized again in its own field order.
    static QByteArray reencode(const QByteArray &bytes);
};

void tst_QBiMuxFrame::initTestCase()
{
    // libprotobuf logs every invalid UTF-8 string it meets; the mutations make many.
    google::protobuf::SetLogHandler(nullptr);
}

QByteArray tst_QBiMuxFrame::referenceEncode(const QBiMuxFrame &frame)
{
    bimux::Message message;
    message.set_number(frame.number);
    message.set_flag(static_cast<bimux::Flag>(frame.flag));
    message.set_route(frame.route);
    message.set_data(frame.data.toStdString());
    if (frame.isError()) {
        message.mutable_error()->set_code(int(frame.errorCode));
        message.mutable_error()->set_message(frame.errorMessage.toStdString());
    }
    message.set_timeout_ms(frame.timeoutMs);
    message.set_window(frame.window);
    message.set_from_acceptor(frame.fromAcceptor);
    return QByteArray::fromStdString(message.SerializeAsString());
}

QByteArray tst_QBiMuxFrame::reencode(const QByteArray &bytes)
{
    bimux::Message message;
    if (!message.ParseFromArray(bytes.constData(), int(bytes.size())))
        return QByteArrayLiteral("(libprotobuf cannot parse it)");
    return QByteArray::fromStdString(message.SerializeAsString());
}

// Decodes `bytes` with both and compares verdict and fields.
void tst_QBiMuxFrame::compareWithReference(const QByteArray &bytes)
{
    bimux::Message reference;
    const bool referenceOk = reference.ParseFromArray(bytes.constData(), int(bytes.size()))
        && bimux::Flag_IsValid(reference.flag());
    QString error;
    const std::optional<QBiMuxFrame> ours = QBiMuxFrame::decode(bytes, &error);
    QVERIFY2(referenceOk == ours.has_value(),
             (bytes.toHex() + (referenceOk ? " accepted" : " rejected") + " by libprotobuf")
                 .constData());
    if (!ours) {
        QVERIFY(!error.isEmpty());
        return;
    }
    QCOMPARE(ours->number, reference.number());
    QCOMPARE(int(ours->flag), int(reference.flag()));
    QCOMPARE(ours->route, reference.route());
    QCOMPARE(ours->data, QByteArray::fromStdString(reference.data()));
    QCOMPARE(ours->timeoutMs, reference.timeout_ms());
    QCOMPARE(ours->window, reference.window());
    QCOMPARE(ours->fromAcceptor, reference.from_acceptor());
    QCOMPARE(ours->isError(), reference.has_error());
    if (reference.has_error()) {
        const int code = reference.error().code();
        QCOMPARE(int(ours->errorCode), code == 0 ? int(QBiMux::StatusCode::Unknown) : code);
        QCOMPARE(ours->errorMessage, QString::fromStdString(reference.error().message()));
    }
}

void tst_QBiMuxFrame::encodesWhatLibprotobufReads_data()
{
    QTest::addColumn<quint64>("number");
    QTest::addColumn<int>("flag");
    QTest::addColumn<qint32>("route");
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<int>("errorCode");
    QTest::addColumn<QString>("errorMessage");
    QTest::addColumn<quint32>("timeoutMs");

    QTest::newRow("all zero") << quint64(0) << 0 << 0 << QByteArray() << 0 << QString() << 0u;
    QTest::newRow("request") << quint64(1) << 0 << 7 << QByteArray("ping") << 0 << QString()
                             << 30000u;
    QTest::newRow("response") << quint64(300) << 1 << 7 << QByteArray("pong") << 0 << QString()
                              << 0u;
    QTest::newRow("oneway, negative route")
        << quint64(2) << 2 << -1 << QByteArray(200, 'x') << 0 << QString() << 0u;
    QTest::newRow("cancel") << quint64(9) << 3 << 1 << QByteArray() << 0 << QString() << 0u;
    QTest::newRow("extremes") << std::numeric_limits<quint64>::max() << 1
                              << std::numeric_limits<qint32>::min() << QByteArray(70000, '\0') << 0
                              << QString() << std::numeric_limits<quint32>::max();
    QTest::newRow("error") << quint64(5) << 1 << 3 << QByteArray() << 12
                           << QStringLiteral("no handler for route 3") << 0u;
    QTest::newRow("error, no message, odd code")
        << quint64(5) << 1 << 3 << QByteArray() << -7 << QString() << 0u;
    QTest::newRow("error, unicode")
        << quint64(5) << 1 << 3 << QByteArray() << 14 << QStringLiteral("连接已断开 ✓") << 0u;
}

void tst_QBiMuxFrame::encodesWhatLibprotobufReads()
{
    QFETCH(quint64, number);
    QFETCH(int, flag);
    QFETCH(qint32, route);
    QFETCH(QByteArray, data);
    QFETCH(int, errorCode);
    QFETCH(QString, errorMessage);
    QFETCH(quint32, timeoutMs);

    QBiMuxFrame frame;
    frame.number = number;
    frame.flag = QBiMuxFrame::Flag(flag);
    frame.route = route;
    frame.data = data;
    frame.errorCode = QBiMux::StatusCode(errorCode);
    frame.errorMessage = errorMessage;
    frame.timeoutMs = timeoutMs;

    const QByteArray bytes = frame.encode();
    QCOMPARE(reencode(bytes).toHex(), referenceEncode(frame).toHex());
    QCOMPARE(bytes.size(), referenceEncode(frame).size());
    compareWithReference(bytes);
}

void tst_QBiMuxFrame::randomFramesEncodeWhatLibprotobufReads()
{
    QRandomGenerator random(20261124);
    for (int i = 0; i < 20000; ++i) {
        QBiMuxFrame frame;
        // Mostly small values, sometimes huge ones, to cover every varint length.
        frame.number = random.bounded(4) ? random.bounded(1000) : random.generate64();
        frame.flag = QBiMuxFrame::Flag(random.bounded(11));
        frame.route = qint32(random.bounded(3) ? random.bounded(100) : random.generate());
        frame.data = QByteArray(random.bounded(3) ? random.bounded(64) : random.bounded(5000),
                                char(random.bounded(256)));
        if (random.bounded(5) == 0) {
            frame.errorCode = QBiMux::StatusCode(int(random.bounded(17)) - 1);
            frame.errorMessage = QString::number(random.generate());
        }
        frame.timeoutMs = random.bounded(2) ? random.generate() : 0;
        frame.window = random.bounded(3) ? 0 : random.generate();
        frame.fromAcceptor = random.bounded(2);
        const QByteArray bytes = frame.encode();
        QCOMPARE(reencode(bytes), referenceEncode(frame));
        compareWithReference(bytes);
        if (QTest::currentTestFailed())
            return;
    }
}

void tst_QBiMuxFrame::mutatedBytesDecodeLikeLibprotobuf()
{
    // Bounded: a fixed seed and count, so a failure reproduces.
    QRandomGenerator random(42);
    for (int i = 0; i < 200000; ++i) {
        QBiMuxFrame frame;
        frame.number = random.bounded(100000);
        frame.flag = QBiMuxFrame::Flag(random.bounded(11));
        frame.route = qint32(random.bounded(1000)) - 10;
        frame.data = QByteArray(random.bounded(40), 'd');
        if (random.bounded(3) == 0) {
            frame.errorCode = QBiMux::StatusCode(random.bounded(17));
            frame.errorMessage = QStringLiteral("why");
        }
        frame.timeoutMs = random.bounded(2) * random.bounded(100000);
        frame.window = random.bounded(2) * random.bounded(1000000);
        frame.fromAcceptor = random.bounded(2);
        QByteArray bytes = frame.encode();
        const int mutations = 1 + int(random.bounded(3));
        for (int m = 0; m < mutations; ++m) {
            const int position = bytes.isEmpty() ? 0 : int(random.bounded(int(bytes.size())));
            switch (random.bounded(4)) {
            case 0: // flip a bit
                if (!bytes.isEmpty())
                    bytes[position] = char(bytes.at(position) ^ (1 << random.bounded(8)));
                break;
            case 1: // truncate
                bytes.truncate(position);
                break;
            case 2: // insert a random byte
                bytes.insert(position, char(random.bounded(256)));
                break;
            default: // append random bytes
                for (int n = int(random.bounded(6)); n > 0; --n)
                    bytes.append(char(random.bounded(256)));
                break;
            }
        }
        compareWithReference(bytes);
        if (QTest::currentTestFailed())
            return;
    }
}

void tst_QBiMuxFrame::streamFramesEncodeWhatLibprotobufReads()
{
    // The streams extension's fields: window (7) and from_acceptor (8).
    QBiMuxFrame open {1, QBiMuxFrame::Flag::StreamOpen, 42};
    open.window = 512 * 1024;
    QBiMuxFrame data {65535, QBiMuxFrame::Flag::StreamData, 0, QByteArray(70000, 's')};
    data.fromAcceptor = true;
    QBiMuxFrame reset {3, QBiMuxFrame::Flag::StreamReset};
    reset.errorCode = QBiMux::StatusCode::PermissionDenied;
    reset.errorMessage = QStringLiteral("no");
    reset.fromAcceptor = true;
    for (const QBiMuxFrame &frame : {open, data, reset}) {
        const QByteArray bytes = frame.encode();
        QCOMPARE(reencode(bytes).toHex(), referenceEncode(frame).toHex());
        QCOMPARE(bytes.size(), referenceEncode(frame).size());
        compareWithReference(bytes);
    }
    // encodeAround() writes the same bytes around a payload already in its buffer, sharing
    // the buffer, and copies only when the room is too small for the header.
    for (const qsizetype room : {qsizetype(QBiMuxFrame::MaxOverhead), qsizetype(3)}) {
        QByteArray buffer = QByteArray(room, 'r') + data.data;
        const char *payload = buffer.constData() + room;
        QBiMuxFrame around = data;
        around.data.clear();
        const QByteArray bytes = around.encodeAround(std::move(buffer), room);
        QCOMPARE(bytes.toHex(), data.encode().toHex());
        QCOMPARE(bytes.constData() + bytes.size() - data.data.size() == payload,
                 room == QBiMuxFrame::MaxOverhead);
    }
    // The hello is the smallest frame a BiMuxQt side sends: two fields, four bytes.
    QCOMPARE(QBiMuxFrame({1, QBiMuxFrame::Flag::Hello}).encode().toHex(), QByteArray("08011004"));
}

void tst_QBiMuxFrame::skipsUnknownFields()
{
    // A frame from a newer peer: fields 11 (varint), 12 (fixed64), 13 (fixed32), 14 (bytes),
    // 15 (a group) around the known ones, and field 7 with another wire type than ours.
    QByteArray bytes = QBiMuxFrame {7, QBiMuxFrame::Flag::Oneway, 3, "data"}.encode();
    bytes += QByteArray::fromHex("58ff01"); // 11: varint 255
    bytes += QByteArray::fromHex("610102030405060708"); // 12: fixed64
    bytes += QByteArray::fromHex("6d01020304"); // 13: fixed32
    bytes += QByteArray::fromHex("7203616263"); // 14: "abc"
    bytes += QByteArray::fromHex("7b0801520178") + "\x7c"; // 15: group { 1: 1, 10: "x" }
    bytes += QByteArray::fromHex("3a0178"); // 7 as bytes: not the window
    compareWithReference(bytes);
    QString error;
    const std::optional<QBiMuxFrame> frame = QBiMuxFrame::decode(bytes, &error);
    QVERIFY2(frame, qPrintable(error));
    QCOMPARE(frame->number, 7u);
    QCOMPARE(frame->data, QByteArray("data"));
}

void tst_QBiMuxFrame::rejectsBrokenInput_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::newRow("field number 0") << QByteArray::fromHex("0001");
    QTest::newRow("varint cut off") << QByteArray::fromHex("08ff");
    QTest::newRow("eleven-byte varint") << QByteArray::fromHex("08ffffffffffffffffffff01");
    QTest::newRow("length past the end") << QByteArray::fromHex("220561");
    QTest::newRow("six-byte tag") << QByteArray::fromHex("80808080800100");
    QTest::newRow("six-byte length") << QByteArray::fromHex("22808080808000");
    QTest::newRow("end group alone") << QByteArray::fromHex("0c");
    QTest::newRow("wire type 7") << QByteArray::fromHex("0f");
    QTest::newRow("unknown flag") << QByteArray::fromHex("100b");
    QTest::newRow("negative flag") << QByteArray::fromHex("10ffffffffffffffffff01");
    QTest::newRow("broken status") << QByteArray::fromHex("2a0208");
    QTest::newRow("status message not UTF-8") << QByteArray::fromHex("2a0412"
                                                                     "02c0af");
    QTest::newRow("status message a surrogate") << QByteArray::fromHex("2a051203eda080");
}

void tst_QBiMuxFrame::rejectsBrokenInput()
{
    QFETCH(QByteArray, bytes);
    compareWithReference(bytes);
    QString error;
    QVERIFY(!QBiMuxFrame::decode(bytes, &error));
    QVERIFY(!error.isEmpty());
}

void tst_QBiMuxFrame::statusCodeZeroMeansUnknown()
{
    // An error field that is present but says 0 still means the call failed.
    QString error;
    const std::optional<QBiMuxFrame> frame
        = QBiMuxFrame::decode(QByteArray::fromHex("080110012a021200"), &error);
    QVERIFY(frame);
    QCOMPARE(frame->errorCode, QBiMux::StatusCode::Unknown);
}

void tst_QBiMuxFrame::payloadIsWrittenLast()
{
    QBiMuxFrame frame;
    frame.number = 3;
    frame.route = 4;
    frame.data = "payload";
    frame.errorCode = QBiMux::StatusCode::NotFound;
    frame.errorMessage = QStringLiteral("gone");
    frame.timeoutMs = 500;
    const QByteArray bytes = frame.encode();
    QVERIFY(bytes.endsWith(QByteArray("\x22\x07payload"))); // field 4, length 7
}

void tst_QBiMuxFrame::trailingPayloadSharesTheMessage()
{
    QBiMuxFrame frame;
    frame.number = 8;
    frame.timeoutMs = 30000;
    frame.data = QByteArray(16384, 'p');
    QByteArray bytes = frame.encode();
    QString error;
    std::optional<QBiMuxFrame> decoded = QBiMuxFrame::decode(bytes, &error);
    QVERIFY(decoded);
    QCOMPARE(decoded->data, frame.data);
    // No copy: the payload points into the message...
    QCOMPARE(decoded->data.constData(), bytes.constData() + bytes.size() - frame.data.size());
    // ...and is terminated like any QByteArray that owns its buffer.
    QCOMPARE(decoded->data.constData()[decoded->data.size()], '\0');

    // The payload outlives the message it came in and stays its own on a write.
    bytes = QByteArray();
    QCOMPARE(decoded->data, QByteArray(16384, 'p'));
    QByteArray written = decoded->data;
    written[0] = 'w';
    QCOMPARE(decoded->data.at(0), 'p');
    decoded->data.append("tail");
    QVERIFY(decoded->data.endsWith("ptail"));
    QCOMPARE(decoded->data.size(), 16388);
}

void tst_QBiMuxFrame::otherPayloadsAreCopied()
{
    // libprotobuf's field order puts the timeout (field 6) after the payload: sharing the
    // payload would leave it unterminated, so it is copied.
    bimux::Message message;
    message.set_number(1);
    message.set_data("abc");
    message.set_timeout_ms(100);
    const QByteArray bytes = QByteArray::fromStdString(message.SerializeAsString());
    QString error;
    std::optional<QBiMuxFrame> decoded = QBiMuxFrame::decode(bytes, &error);
    QVERIFY(decoded);
    QCOMPARE(decoded->data, QByteArray("abc"));
    QVERIFY(decoded->data.constData() < bytes.constData()
            || decoded->data.constData() >= bytes.constData() + bytes.size());
    QCOMPARE(decoded->data.constData()[3], '\0');

    // Borrowed bytes may go away after decode(): the payload must not point into them.
    QBiMuxFrame frame;
    frame.number = 2;
    frame.data = "borrowed";
    const QByteArray owned = frame.encode();
    decoded = QBiMuxFrame::decode(QByteArray::fromRawData(owned.constData(), owned.size()), &error);
    QVERIFY(decoded);
    QCOMPARE(decoded->data, QByteArray("borrowed"));
    QVERIFY(decoded->data.constData() < owned.constData()
            || decoded->data.constData() >= owned.constData() + owned.size());
}

QTEST_MAIN(tst_QBiMuxFrame)
#include "tst_qbimuxframe.moc"
