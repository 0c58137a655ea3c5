#include "capturefile.h"
#include "inspectorsession.h"

#include "shared_frames.h"

#include <QtCore/qfile.h>
#include <QtCore/qjsonarray.h>
#include <QtCore/qjsondocument.h>
#include <QtCore/qtemporarydir.h>
#include <QtTest/qtest.h>

class tst_CaptureFile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void saveThenLoadGivesTheSameSession();
    void eachLineIsJson();
    void exportsFramesAsAJsonArray();
    void rejectsOtherFiles_data();
    void rejectsOtherFiles();

private:
    QTemporaryDir m_dir;
};

static void fill(InspectorSession *session)
{
    const int a = session->openConnection(QStringLiteral("proxy"), QStringLiteral("dev"),
                                          QStringLiteral("127.0.0.1:5"));
    const int b
        = session->openConnection(QStringLiteral("attach: x (pid 1)"), QString(), QString());
    FrameRecord request = makeFrame(a, Out, Request, 18446744073709551615ULL, -3,
                                    QByteArray("\x00\xff bin", 6), 10);
    request.timeoutMs = 2500;
    session->addFrame(request);
    FrameRecord failed = makeFrame(a, In, Response, 18446744073709551615ULL, -3, {}, 5000010);
    failed.status = QBiMux::StatusCode::PermissionDenied;
    failed.errorMessage = QStringLiteral("nein – 不");
    session->addFrame(failed);
    session->addFrame(makeFrame(b, Out, Oneway, 1, 20, "telemetry"));
    session->closeConnection(b, 1001, QStringLiteral("going away"));
    session->flush();
}

void tst_CaptureFile::saveThenLoadGivesTheSameSession()
{
    InspectorSession original;
    fill(&original);
    const QString path = m_dir.filePath(QStringLiteral("a.bimuxcap"));
    QString error;
    QVERIFY2(CaptureFile::save(path, &original, &error), qPrintable(error));

    InspectorSession loaded;
    QVERIFY2(CaptureFile::load(path, &loaded, &error), qPrintable(error));
    QCOMPARE(loaded.connections()->rowCount(), 2);
    const ConnectionRecord &c0 = loaded.connections()->records().at(0);
    QCOMPARE(c0.source, QStringLiteral("proxy"));
    QCOMPARE(c0.id, QStringLiteral("dev"));
    QCOMPARE(c0.peer, QStringLiteral("127.0.0.1:5"));
    const ConnectionRecord &c1 = loaded.connections()->records().at(1);
    QCOMPARE(c1.state, ConnectionRecord::State::Closed);
    QCOMPARE(c1.closeCode, 1001);
    QCOMPARE(c1.closeReason, QStringLiteral("going away"));

    QCOMPARE(loaded.frames()->rowCount(), 3);
    for (int row = 0; row < 3; ++row) {
        const FrameRecord &a = original.frames()->frame(row);
        const FrameRecord &b = loaded.frames()->frame(row);
        QCOMPARE(b.number, a.number);
        QCOMPARE(b.flag, a.flag);
        QCOMPARE(b.direction, a.direction);
        QCOMPARE(b.route, a.route);
        QCOMPARE(b.payload, a.payload);
        QCOMPARE(b.wireSize, a.wireSize);
        QCOMPARE(b.status, a.status);
        QCOMPARE(b.errorMessage, a.errorMessage);
        QCOMPARE(b.timeoutMs, a.timeoutMs);
        QCOMPARE(b.timestampMs, a.timestampMs);
        QCOMPARE(b.connection, a.connection); // the file's numbers, kept
    }
    // Statistics are rebuilt from the frames.
    QCOMPARE(loaded.routes()->stats(-3, Out)->errors, 1);
}

void tst_CaptureFile::eachLineIsJson()
{
    InspectorSession session;
    fill(&session);
    const QString path = m_dir.filePath(QStringLiteral("b.bimuxcap"));
    QVERIFY(CaptureFile::save(path, &session));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = file.readAll().trimmed().split('\n');
    QCOMPARE(lines.size(), 1 + 2 + 3);
    const QJsonObject header = QJsonDocument::fromJson(lines.at(0)).object();
    QCOMPARE(header.value(QStringLiteral("format")).toString(),
             QStringLiteral("bimux-inspector-capture"));
    QCOMPARE(header.value(QStringLiteral("version")).toInt(), 1);
    const QJsonObject frame = QJsonDocument::fromJson(lines.at(3)).object();
    QCOMPARE(frame.value(QStringLiteral("type")).toString(), QStringLiteral("frame"));
    QCOMPARE(frame.value(QStringLiteral("number")).toString(),
             QStringLiteral("18446744073709551615"));
    QCOMPARE(frame.value(QStringLiteral("flag")).toString(), QStringLiteral("request"));
    QCOMPARE(frame.value(QStringLiteral("dir")).toString(), QStringLiteral("out"));
    QCOMPARE(frame.value(QStringLiteral("timeoutMs")).toInt(), 2500);
    QCOMPARE(QByteArray::fromBase64(frame.value(QStringLiteral("data")).toString().toLatin1()),
             QByteArray("\x00\xff bin", 6));
}

void tst_CaptureFile::exportsFramesAsAJsonArray()
{
    InspectorSession session;
    fill(&session);
    const QString path = m_dir.filePath(QStringLiteral("frames.json"));
    QList<FrameRecord> frames {session.frames()->frame(1), session.frames()->frame(2)};
    QVERIFY(CaptureFile::exportFrames(path, frames));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonArray array = QJsonDocument::fromJson(file.readAll()).array();
    QCOMPARE(array.size(), 2);
    QCOMPARE(array.at(0)[QStringLiteral("status")].toInt(),
             int(QBiMux::StatusCode::PermissionDenied));
    QCOMPARE(array.at(0)[QStringLiteral("error")].toString(), QStringLiteral("nein – 不"));
    QCOMPARE(array.at(1)[QStringLiteral("text")].toString(), QStringLiteral("telemetry"));
    QCOMPARE(array.at(1)[QStringLiteral("hex")].toString(),
             QStringLiteral("74 65 6c 65 6d 65 74 72 79"));
}

void tst_CaptureFile::rejectsOtherFiles_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("other json") << QByteArray("{\"format\":\"pcap\"}\n");
    QTest::newRow("newer version")
        << QByteArray("{\"format\":\"bimux-inspector-capture\",\"version\":99}\n");
    QTest::newRow("bad line") << QByteArray(
        "{\"format\":\"bimux-inspector-capture\",\"version\":1}\nnot json\n");
    QTest::newRow("unknown connection") << QByteArray(
        "{\"format\":\"bimux-inspector-capture\",\"version\":1}\n"
        "{\"type\":\"frame\",\"conn\":7,\"dir\":\"in\",\"flag\":\"oneway\",\"number\":\"1\"}\n");
}

void tst_CaptureFile::rejectsOtherFiles()
{
    QFETCH(QByteArray, content);
    const QString path = m_dir.filePath(QStringLiteral("bad"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(content);
    file.close();
    InspectorSession session;
    QString error;
    QVERIFY(!CaptureFile::load(path, &session, &error));
    QVERIFY(!error.isEmpty());
}

QTEST_GUILESS_MAIN(tst_CaptureFile)
#include "tst_capturefile.moc"
