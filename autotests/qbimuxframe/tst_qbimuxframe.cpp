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
    void encodesLikeLibprotobuf_data();
    void encodesLikeLibprotobuf();
    void randomFramesEncodeLikeLibprotobuf();
    void mutatedBytesDecodeLikeLibprotobuf();
    void skipsUnknownFields();
    void rejectsBrokenInput_data();
    void rejectsBrokenInput();
    void statusCodeZeroMeansUnknown();

private:
    static QByteArray referenceEncode(const QBiMuxFrame &frame);
    static void compareWithReference(const QByteArray &bytes);
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
    QCOMPARE(ours->isError(), reference.has_error());
    if (reference.has_error()) {
        const int code = reference.error().code();
        QCOMPARE(int(ours->errorCode), code == 0 ? int(QBiMux::StatusCode::Unknown) : code);
        QCOMPARE(ours->errorMessage, QString::fromStdString(reference.error().message()));
    }
}

void tst_QBiMuxFrame::encodesLikeLibprotobuf_data()
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

void tst_QBiMuxFrame::encodesLikeLibprotobuf()
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
    QCOMPARE(bytes.toHex(), referenceEncode(frame).toHex());
    compareWithReference(bytes);
}

void tst_QBiMuxFrame::randomFramesEncodeLikeLibprotobuf()
{
    QRandomGenerator random(20261124);
    for (int i = 0; i < 20000; ++i) {
        QBiMuxFrame frame;
        // Mostly small values, sometimes huge ones, to cover every varint length.
        frame.number = random.bounded(4) ? random.bounded(1000) : random.generate64();
        frame.flag = QBiMuxFrame::Flag(random.bounded(4));
        frame.route = qint32(random.bounded(3) ? random.bounded(100) : random.generate());
        frame.data = QByteArray(random.bounded(3) ? random.bounded(64) : random.bounded(5000),
                                char(random.bounded(256)));
        if (random.bounded(5) == 0) {
            frame.errorCode = QBiMux::StatusCode(int(random.bounded(17)) - 1);
            frame.errorMessage = QString::number(random.generate());
        }
        frame.timeoutMs = random.bounded(2) ? random.generate() : 0;
        const QByteArray bytes = frame.encode();
        QCOMPARE(bytes, referenceEncode(frame));
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
        frame.flag = QBiMuxFrame::Flag(random.bounded(4));
        frame.route = qint32(random.bounded(1000)) - 10;
        frame.data = QByteArray(random.bounded(40), 'd');
        if (random.bounded(3) == 0) {
            frame.errorCode = QBiMux::StatusCode(random.bounded(17));
            frame.errorMessage = QStringLiteral("why");
        }
        frame.timeoutMs = random.bounded(2) * random.bounded(100000);
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

void tst_QBiMuxFrame::skipsUnknownFields()
{
    // A frame from a newer peer: fields 7 (varint), 8 (fixed64), 9 (fixed32), 10 (bytes),
    // 11 (a group) around the known ones.
    QByteArray bytes = QBiMuxFrame {7, QBiMuxFrame::Flag::Oneway, 3, "data"}.encode();
    bytes += QByteArray::fromHex("38ff01"); // 7: varint 255
    bytes += QByteArray::fromHex("410102030405060708"); // 8: fixed64
    bytes += QByteArray::fromHex("4d01020304"); // 9: fixed32
    bytes += QByteArray::fromHex("5203616263"); // 10: "abc"
    bytes += QByteArray::fromHex("5b0801520178") + "\x5c"; // 11: group { 1: 1, 10: "x" }
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
    QTest::newRow("unknown flag") << QByteArray::fromHex("1004");
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

QTEST_MAIN(tst_QBiMuxFrame)
#include "tst_qbimuxframe.moc"
