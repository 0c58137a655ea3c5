// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "payloaddecoder.h"

#include "protofiles.h"
#include "shared_frames.h"

#include <QtCore/qtemporarydir.h>
#include <QtTest/qtest.h>

// Payloads as the messages of a .proto file the user names, per route.
class tst_PayloadDecoder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void decodesRequestsAndResponsesByRoute();
    void responsesUseTheRequestTypeWhenNoneIsGiven();
    void leavesOtherRoutesAndCancelsAlone();
    void reportsWhatCannotBeDecoded();
    void rejectsBrokenFilesAndUnknownTypes();

private:
    QTemporaryDir m_dir;
};

void tst_PayloadDecoder::initTestCase()
{
    QVERIFY(writeProtoFiles(m_dir.path()));
}

void tst_PayloadDecoder::decodesRequestsAndResponsesByRoute()
{
    PayloadDecoder decoder;
    QString error;
    QVERIFY2(decoder.loadProto(m_dir.filePath(QStringLiteral("reading.proto")), &error),
             qPrintable(error));
    QCOMPARE(decoder.messageTypes(),
             (QStringList {QStringLiteral("demo.Ack"), QStringLiteral("demo.Reading")}));
    QVERIFY(decoder.setRouteTypes(2, QStringLiteral("demo.Reading"), QStringLiteral("demo.Ack"),
                                  &error));

    QString type;
    const auto request = decoder.decode(makeFrame(1, Out, Request, 1, 2, readingBytes()), &type);
    QVERIFY(request);
    QCOMPARE(type, QStringLiteral("demo.Reading"));
    QCOMPARE(*request, QStringLiteral("temperature: 21.5\nunit: KELVIN\nsensor: \"t1\"\n"));
    const auto response
        = decoder.decode(makeFrame(1, In, Response, 1, 2, QByteArray::fromHex("0801")), &type);
    QVERIFY(response);
    QCOMPARE(type, QStringLiteral("demo.Ack"));
    QCOMPARE(*response, QStringLiteral("ok: true\n"));
}

void tst_PayloadDecoder::responsesUseTheRequestTypeWhenNoneIsGiven()
{
    PayloadDecoder decoder;
    QVERIFY(decoder.loadProto(m_dir.filePath(QStringLiteral("reading.proto"))));
    QVERIFY(decoder.setRouteTypes(5, QStringLiteral("demo.Reading"), QString()));
    const auto response = decoder.decode(makeFrame(1, In, Response, 1, 5, readingBytes()));
    QVERIFY(response);
    QVERIFY(response->contains(QStringLiteral("KELVIN")));
    const auto oneway = decoder.decode(makeFrame(1, Out, Oneway, 2, 5, readingBytes()));
    QVERIFY(oneway);
}

void tst_PayloadDecoder::leavesOtherRoutesAndCancelsAlone()
{
    PayloadDecoder decoder;
    QVERIFY(decoder.loadProto(m_dir.filePath(QStringLiteral("reading.proto"))));
    QVERIFY(decoder.setRouteTypes(2, QStringLiteral("demo.Reading"), QString()));
    QVERIFY(!decoder.decode(makeFrame(1, Out, Request, 1, 3, readingBytes())));
    QVERIFY(!decoder.decode(makeFrame(1, Out, Cancel, 1, 2)));
    decoder.clearRoute(2);
    QVERIFY(!decoder.decode(makeFrame(1, Out, Request, 1, 2, readingBytes())));
}

void tst_PayloadDecoder::reportsWhatCannotBeDecoded()
{
    PayloadDecoder decoder;
    QVERIFY(decoder.loadProto(m_dir.filePath(QStringLiteral("reading.proto"))));
    QVERIFY(decoder.setRouteTypes(2, QStringLiteral("demo.Reading"), QString()));
    QString error;
    QVERIFY(!decoder.decode(makeFrame(1, Out, Request, 1, 2, QByteArray::fromHex("0aff")), nullptr,
                            &error));
    QVERIFY(error.contains(QStringLiteral("demo.Reading")));
    FrameRecord cut = makeFrame(1, Out, Request, 1, 2, readingBytes().left(4));
    cut.payloadSize = 100;
    error.clear();
    QVERIFY(!decoder.decode(cut, nullptr, &error));
    QVERIFY(!error.isEmpty());
}

void tst_PayloadDecoder::rejectsBrokenFilesAndUnknownTypes()
{
    PayloadDecoder decoder;
    QString error;
    QVERIFY(!decoder.loadProto(m_dir.filePath(QStringLiteral("broken.proto")), &error));
    QVERIFY2(error.contains(QStringLiteral("broken.proto:2:")), qPrintable(error));
    QVERIFY(!decoder.loadProto(m_dir.filePath(QStringLiteral("missing.proto")), &error));
    QVERIFY(decoder.loadedFiles().isEmpty());
    QVERIFY(decoder.loadProto(m_dir.filePath(QStringLiteral("reading.proto"))));
    QVERIFY(!decoder.setRouteTypes(2, QStringLiteral("demo.Nope"), QString(), &error));
    QVERIFY(error.contains(QStringLiteral("demo.Nope")));
    QVERIFY(!decoder.hasRoute(2));
}

QTEST_GUILESS_MAIN(tst_PayloadDecoder)
#include "tst_payloaddecoder.moc"
