// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "qbimuxframe_p.h"

#include "bimux.pb.h"
#include "metadatalimits.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

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
    void metadataEntriesReadAsLibprotobufReadsThem();
    void metadataOverTheLimitsIsRefused_data();
    void metadataOverTheLimitsIsRefused();
    void metadataLimitsOfWhatIsSent();
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

// libprotobuf's serialization with map entries in key order, so that two serializations of
// one message compare equal (libprotobuf writes a map in any order: compared re-encoded).
static QByteArray serialized(const bimux::Message &message)
{
    std::string bytes;
    {
        google::protobuf::io::StringOutputStream stream(&bytes);
        google::protobuf::io::CodedOutputStream coded(&stream);
        coded.SetSerializationDeterministic(true);
        message.SerializeToCodedStream(&coded);
    }
    return QByteArray::fromStdString(bytes);
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
    for (auto it = frame.metadata.cbegin(); it != frame.metadata.cend(); ++it)
        (*message.mutable_metadata())[it.key().toStdString()] = it.value().toStdString();
    return serialized(message);
}

QByteArray tst_QBiMuxFrame::reencode(const QByteArray &bytes)
{
    bimux::Message message;
    if (!message.ParseFromArray(bytes.constData(), int(bytes.size())))
        return QByteArrayLiteral("(libprotobuf cannot parse it)");
    return serialized(message);
}

// Decodes `bytes` with both and compares verdict and fields. The one difference allowed:
// decode() refuses metadata over a frame's limits, which libprotobuf takes.
void tst_QBiMuxFrame::compareWithReference(const QByteArray &bytes)
{
    bimux::Message reference;
    const bool referenceOk = reference.ParseFromArray(bytes.constData(), int(bytes.size()))
        && bimux::Flag_IsValid(reference.flag());
    const bool overLimits = referenceOk && metadataOverLimits(bytes);
    QString error;
    const std::optional<QBiMuxFrame> ours = QBiMuxFrame::decode(bytes, &error);
    QVERIFY2((referenceOk && !overLimits) == ours.has_value(),
             (bytes.toHex() + (referenceOk ? " accepted" : " rejected") + " by libprotobuf"
              + (overLimits ? ", metadata over the limits" : ""))
                 .constData());
    if (!ours) {
        QVERIFY(!error.isEmpty());
        if (overLimits)
            QVERIFY2(error.contains(QStringLiteral("metadata")), qPrintable(error));
        return;
    }
    QCOMPARE(ours->number, reference.number());
    QCOMPARE(int(ours->flag), int(reference.flag()));
    QCOMPARE(ours->route, reference.route());
    QCOMPARE(ours->data, QByteArray::fromStdString(reference.data()));
    QCOMPARE(ours->timeoutMs, reference.timeout_ms());
    QCOMPARE(ours->window, reference.window());
    QCOMPARE(ours->fromAcceptor, reference.from_acceptor());
    QBiMuxMetadata referenceMetadata;
    for (const auto &[key, value] : reference.metadata())
        referenceMetadata.insert(QByteArray::fromStdString(key), QByteArray::fromStdString(value));
    QCOMPARE(ours->metadata, referenceMetadata);
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
    QTest::addColumn<QBiMuxMetadata>("metadata");

    const QBiMuxMetadata none;
    QTest::newRow("all zero") << quint64(0) << 0 << 0 << QByteArray() << 0 << QString() << 0u
                              << none;
    QTest::newRow("request") << quint64(1) << 0 << 7 << QByteArray("ping") << 0 << QString()
                             << 30000u << none;
    QTest::newRow("response") << quint64(300) << 1 << 7 << QByteArray("pong") << 0 << QString()
                              << 0u << none;
    QTest::newRow("oneway, negative route")
        << quint64(2) << 2 << -1 << QByteArray(200, 'x') << 0 << QString() << 0u << none;
    QTest::newRow("cancel") << quint64(9) << 3 << 1 << QByteArray() << 0 << QString() << 0u << none;
    QTest::newRow("extremes") << std::numeric_limits<quint64>::max() << 1
                              << std::numeric_limits<qint32>::min() << QByteArray(70000, '\0') << 0
                              << QString() << std::numeric_limits<quint32>::max() << none;
    QTest::newRow("error") << quint64(5) << 1 << 3 << QByteArray() << 12
                           << QStringLiteral("no handler for route 3") << 0u << none;
    QTest::newRow("error, no message, odd code")
        << quint64(5) << 1 << 3 << QByteArray() << -7 << QString() << 0u << none;
    QTest::newRow("error, unicode") << quint64(5) << 1 << 3 << QByteArray() << 14
                                    << QStringLiteral("连接已断开 ✓") << 0u << none;
    QTest::newRow("request with metadata")
        << quint64(4) << 0 << 7 << QByteArray("ping") << 0 << QString() << 5000u
        << QBiMuxMetadata {{"trace-id", "4bf92f3577b34da6"}, {"token", QByteArray("\0\xff", 2)}};
    QTest::newRow("oneway, metadata with empty parts")
        << quint64(6) << 2 << 20 << QByteArray() << 0 << QString() << 0u
        << QBiMuxMetadata {{"", "no key"}, {"no value", ""}, {"ключ", QByteArray(300, 'v')}};
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
    QFETCH(QBiMuxMetadata, metadata);

    QBiMuxFrame frame;
    frame.number = number;
    frame.flag = QBiMuxFrame::Flag(flag);
    frame.route = route;
    frame.data = data;
    frame.errorCode = QBiMux::StatusCode(errorCode);
    frame.errorMessage = errorMessage;
    frame.timeoutMs = timeoutMs;
    frame.metadata = metadata;

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
        for (int entries = random.bounded(4) ? 0 : int(random.bounded(4)); entries > 0; --entries) {
            frame.metadata.insert(QByteArray::number(random.bounded(1000)),
                                  QByteArray(int(random.bounded(300)), char(random.bounded(256))));
        }
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
        if (random.bounded(3) == 0)
            frame.metadata.insert("key", QByteArray(random.bounded(8), 'v'));
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
    QTest::newRow("metadata key not UTF-8") << QByteArray::fromHex("4a060a02c0af1200");
    QTest::newRow("metadata entry cut off") << QByteArray::fromHex("4a040a056b6579");
    QTest::newRow("metadata entry ends a group") << QByteArray::fromHex("4a030a000c");
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

void tst_QBiMuxFrame::metadataEntriesReadAsLibprotobufReadsThem()
{
    // Entries as other encoders may write them: value before key, one half missing, a key
    // repeated (the last wins), unknown fields inside an entry, the field between others.
    const QByteArray bytes = QByteArray::fromHex("0801" // number 1
                                                 "4a061201760a016b" // {value "v", key "k"}
                                                 "4a030a0161" // {key "a"}
                                                 "4a0312017a" // {value "z"}
                                                 "4a0a0a016b1202763218ff01" // {"k", "v2", 3: 255}
                                                 "1802" // route 2
                                                 "2203646174"); // data "dat"
    compareWithReference(bytes);
    QString error;
    const std::optional<QBiMuxFrame> frame = QBiMuxFrame::decode(bytes, &error);
    QVERIFY2(frame, qPrintable(error));
    QCOMPARE(frame->metadata,
             (QBiMuxMetadata {{"k", "v2"}, {"a", QByteArray()}, {QByteArray(), "z"}}));
    QCOMPARE(frame->route, 2);
    QCOMPARE(frame->data, QByteArray("dat"));
    QBiMuxFrame withMetadataOnly;
    withMetadataOnly.metadata = frame->metadata;
    QCOMPARE(QBiMuxFrame::encodedSize(frame->metadata), withMetadataOnly.encode().size());
}

void tst_QBiMuxFrame::metadataOverTheLimitsIsRefused_data()
{
    QTest::addColumn<QBiMuxMetadata>("metadata");
    QTest::addColumn<QByteArray>("repeated");
    QTest::addColumn<bool>("accepted");
    constexpr int MaxEntries = QBiMuxFrame::MaxMetadataEntries;
    constexpr qint64 MaxBytes = QBiMuxFrame::MaxMetadataBytes;
    QBiMuxMetadata full;
    for (int i = 0; i < MaxEntries; ++i)
        full.insert(QByteArray::number(i), "v");
    QTest::newRow("64 entries") << full << QByteArray() << true;
    QBiMuxMetadata oneMore = full;
    oneMore.insert("another", QByteArray());
    QTest::newRow("65 entries") << oneMore << QByteArray() << false;
    // A repeated key leaves one map entry but is one more on the wire, and counts.
    QTest::newRow("64 entries, a key repeated")
        << full << QByteArray::fromHex("4a040a023130") << false;
    const QBiMuxMetadata atBytes {{"key", QByteArray(MaxBytes - 3 - 4, 'v')}, {"key2", {}}};
    QTest::newRow("8192 bytes of keys and values") << atBytes << QByteArray() << true;
    const QBiMuxMetadata overBytes {{"key", QByteArray(MaxBytes - 3 - 4, 'v')}, {"key2", "!"}};
    QTest::newRow("8193 bytes") << overBytes << QByteArray() << false;
    // The bytes of all the entries on the wire, repeated keys too.
    QTest::newRow("8192 bytes, then a key repeated")
        << atBytes << QByteArray::fromHex("4a060a046b657932") << false;
}

void tst_QBiMuxFrame::metadataOverTheLimitsIsRefused()
{
    QFETCH(QBiMuxMetadata, metadata);
    QFETCH(QByteArray, repeated);
    QFETCH(bool, accepted);
    QBiMuxFrame frame {5, QBiMuxFrame::Flag::Request, 1, "data"};
    frame.metadata = metadata;
    // The extra entry before the payload, which encode() writes last.
    QByteArray bytes = frame.encode();
    bytes.insert(bytes.size() - 6, repeated);
    compareWithReference(bytes);
    QString error;
    const std::optional<QBiMuxFrame> decoded = QBiMuxFrame::decode(bytes, &error);
    QCOMPARE(decoded.has_value(), accepted);
    if (accepted) {
        QCOMPARE(decoded->metadata, metadata);
    } else {
        QVERIFY2(error.contains(QStringLiteral("more metadata than a frame may")),
                 qPrintable(error));
        // libprotobuf takes it: only the limits refuse it.
        bimux::Message reference;
        QVERIFY(reference.ParseFromArray(bytes.constData(), int(bytes.size())));
    }
}

void tst_QBiMuxFrame::metadataLimitsOfWhatIsSent()
{
    QVERIFY(QBiMuxFrame::metadataOverLimits(64, 8192).isEmpty());
    QVERIFY(QBiMuxFrame::metadataOverLimits(65, 0).contains(QStringLiteral("65 entries")));
    QVERIFY(QBiMuxFrame::metadataOverLimits(1, 8193).contains(QStringLiteral("8193 bytes")));
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
    frame.metadata.insert("k", "v");
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
