// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "wiredecoder.h"

#include "bimux.pb.h"

#include <QtTest/qtest.h>

// The inspector's own reader, held to libprotobuf's encoding of proto/bimux.proto.
class tst_WireDecoder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void decodesWhatLibprotobufWrites();
    void decodesErrorResponses();
    void presentErrorWithCodeZeroIsUnknown();
    void skipsUnknownFields();
    void rejectsGarbage_data();
    void rejectsGarbage();
    void encodeMatchesLibprotobuf();
    void streamFieldsBothWays();
};

static QByteArray serialize(const bimux::Message &message)
{
    std::string bytes;
    message.SerializeToString(&bytes);
    return QByteArray::fromStdString(bytes);
}

void tst_WireDecoder::decodesWhatLibprotobufWrites()
{
    bimux::Message m;
    m.set_number(1234567890123ULL);
    m.set_flag(bimux::request);
    m.set_route(-7);
    m.set_data(std::string("hello\0world", 11));
    m.set_timeout_ms(5000);
    const QByteArray bytes = serialize(m);

    FrameRecord f;
    QString error;
    QVERIFY2(WireDecoder::decode(bytes, &f, &error), qPrintable(error));
    QCOMPARE(f.number, 1234567890123ULL);
    QCOMPARE(f.flag, QBiMux::FrameFlag::Request);
    QCOMPARE(f.route, -7);
    QCOMPARE(f.payload, QByteArray("hello\0world", 11));
    QCOMPARE(f.timeoutMs, 5000u);
    QCOMPARE(f.status, QBiMux::StatusCode::Ok);
    QCOMPARE(f.wireSize, bytes.size());
}

void tst_WireDecoder::decodesErrorResponses()
{
    bimux::Message m;
    m.set_number(9);
    m.set_flag(bimux::response);
    m.set_route(3);
    m.mutable_error()->set_code(12);
    m.mutable_error()->set_message("no handler for route 3 – ü");
    FrameRecord f;
    QVERIFY(WireDecoder::decode(serialize(m), &f));
    QCOMPARE(f.flag, QBiMux::FrameFlag::Response);
    QCOMPARE(f.status, QBiMux::StatusCode::Unimplemented);
    QCOMPARE(f.errorMessage, QStringLiteral("no handler for route 3 – ü"));
    QVERIFY(f.payload.isEmpty());
}

void tst_WireDecoder::presentErrorWithCodeZeroIsUnknown()
{
    bimux::Message m;
    m.set_flag(bimux::response);
    m.mutable_error()->set_message("oops");
    FrameRecord f;
    QVERIFY(WireDecoder::decode(serialize(m), &f));
    QCOMPARE(f.status, QBiMux::StatusCode::Unknown);
}

void tst_WireDecoder::skipsUnknownFields()
{
    bimux::Message m;
    m.set_number(5);
    m.set_flag(bimux::oneway);
    m.set_route(20);
    QByteArray bytes = serialize(m);
    // Field 15 varint, field 16 length-delimited, field 17 fixed32, field 18 fixed64.
    bytes.append(QByteArray::fromHex("7801"
                                     "820102abcd"
                                     "8d0101020304"
                                     "91010102030405060708"));
    FrameRecord f;
    QString error;
    QVERIFY2(WireDecoder::decode(bytes, &f, &error), qPrintable(error));
    QCOMPARE(f.number, 5u);
    QCOMPARE(f.flag, QBiMux::FrameFlag::Oneway);
    QCOMPARE(f.route, 20);
}

void tst_WireDecoder::rejectsGarbage_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::newRow("truncated varint") << QByteArray::fromHex("08ff");
    QTest::newRow("length beyond end") << QByteArray::fromHex("2205ab");
    QTest::newRow("unknown flag") << QByteArray::fromHex("100b");
    QTest::newRow("field zero") << QByteArray::fromHex("0001");
    QTest::newRow("group wire type") << QByteArray::fromHex("0b");
    QTest::newRow("text") << QByteArray("{\"json\": true}");
}

void tst_WireDecoder::rejectsGarbage()
{
    QFETCH(QByteArray, bytes);
    FrameRecord f;
    QString error;
    QVERIFY(!WireDecoder::decode(bytes, &f, &error));
    QVERIFY(!error.isEmpty());
}

void tst_WireDecoder::encodeMatchesLibprotobuf()
{
    bimux::Message m;
    m.set_number(300);
    m.set_flag(bimux::response);
    m.set_route(-1);
    m.set_data("payload");
    m.mutable_error()->set_code(4);
    m.mutable_error()->set_message("late");
    m.set_timeout_ms(70000);

    FrameRecord f;
    f.number = 300;
    f.flag = QBiMux::FrameFlag::Response;
    f.route = -1;
    f.payload = "payload";
    f.status = QBiMux::StatusCode::DeadlineExceeded;
    f.errorMessage = QStringLiteral("late");
    f.timeoutMs = 70000;
    QCOMPARE(WireDecoder::encode(f).toHex(), serialize(m).toHex());
}

void tst_WireDecoder::streamFieldsBothWays()
{
    // An acceptor's window frame: the streams extension's fields 7 and 8.
    bimux::Message m;
    m.set_number(3);
    m.set_flag(bimux::stream_window);
    m.set_window(524288);
    m.set_from_acceptor(true);
    const QByteArray bytes = serialize(m);
    FrameRecord f;
    QString error;
    QVERIFY2(WireDecoder::decode(bytes, &f, &error), qPrintable(error));
    QCOMPARE(f.flag, QBiMux::FrameFlag::StreamWindow);
    QCOMPARE(f.number, 3u);
    QCOMPARE(f.window, 524288u);
    QCOMPARE(f.fromAcceptor, true);
    QCOMPARE(WireDecoder::encode(f).toHex(), bytes.toHex());
}

QTEST_GUILESS_MAIN(tst_WireDecoder)
#include "tst_wiredecoder.moc"
