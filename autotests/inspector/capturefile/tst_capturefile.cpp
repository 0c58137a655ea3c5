// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "capturefile.h"
#include "inspectorsession.h"

#include "shared_frames.h"

#include <QtCore/qdatetime.h>
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
    void aBadFileLeavesNothingBehind();
    void keepsTheFilesConnectionNumbers();
    void connectionsOpenWhenSavedDoNotLookLive();
    void framesSeenStartAgainAfterClear();
    void routeNamesAndFaultsTravelWithTheFile();
    void streamsTravelWithTheFile();

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
    QCOMPARE(session.connections()->rowCount(), 0);
}

void tst_CaptureFile::aBadFileLeavesNothingBehind()
{
    // Good connections and frames, then a frame that is not one: nothing is used.
    const QString path = m_dir.filePath(QStringLiteral("half.bimuxcap"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(
        "{\"format\":\"bimux-inspector-capture\",\"version\":1}\n"
        "{\"type\":\"connection\",\"conn\":1}\n"
        "{\"type\":\"connection\",\"conn\":2}\n"
        "{\"type\":\"frame\",\"conn\":1,\"dir\":\"in\",\"flag\":\"oneway\",\"number\":\"1\"}\n"
        "{\"type\":\"frame\",\"conn\":2,\"dir\":\"up\",\"flag\":\"oneway\",\"number\":\"1\"}\n");
    file.close();
    CaptureFile::Capture capture;
    capture.createdMs = 42;
    QString error;
    QVERIFY(!CaptureFile::read(path, &capture, &error));
    QVERIFY2(error.contains(QStringLiteral("line 5")), qPrintable(error));
    QCOMPARE(capture.createdMs, 42); // untouched
    QVERIFY(capture.connections.isEmpty());
    InspectorSession session;
    QVERIFY(!CaptureFile::load(path, &session, &error));
    QCOMPARE(session.connections()->rowCount(), 0);
    QCOMPARE(session.frames()->rowCount() + session.frames()->pendingCount(), 0);
}

void tst_CaptureFile::keepsTheFilesConnectionNumbers()
{
    // Saved by a session that had seen other connections before: numbers 7 and 9.
    InspectorSession original;
    for (int key : {7, 9}) {
        ConnectionRecord c;
        c.key = key;
        c.source = QStringLiteral("proxy");
        QVERIFY(original.addConnection(c));
        original.addFrame(makeFrame(key, Out, Oneway, 1, 1, "x"));
    }
    const QString path = m_dir.filePath(QStringLiteral("numbers.bimuxcap"));
    QVERIFY(CaptureFile::save(path, &original));
    // Loaded twice, the same numbers as in the file: an export of it matches the file.
    for (int load = 0; load < 2; ++load) {
        InspectorSession loaded;
        QVERIFY(CaptureFile::load(path, &loaded));
        QList<int> keys;
        for (const ConnectionRecord &c : loaded.connections()->records())
            keys.append(c.key);
        QCOMPARE(keys, (QList<int> {7, 9}));
        QCOMPARE(loaded.frames()->frame(1).connection, 9);
        QCOMPARE(CaptureFile::frameToJson(loaded.frames()->frame(1))
                     .value(QStringLiteral("conn"))
                     .toInt(),
                 9);
    }
}

void tst_CaptureFile::connectionsOpenWhenSavedDoNotLookLive()
{
    InspectorSession original;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const int open
        = original.openConnection(QStringLiteral("proxy"), QString(), QString(), true, now - 75000);
    original.addFrame(makeFrame(open, Out, Request, 1, 5, "never answered"));
    const QString path = m_dir.filePath(QStringLiteral("open.bimuxcap"));
    QVERIFY(CaptureFile::save(path, &original));

    InspectorSession loaded;
    QVERIFY(CaptureFile::load(path, &loaded));
    QVERIFY(loaded.isCapture());
    ConnectionModel *connections = loaded.connections();
    const QModelIndex state = connections->index(0, ConnectionModel::StateColumn);
    QCOMPARE(state.data().toString(), QStringLiteral("open when saved"));
    QCOMPARE(connections->openCount(), 1);
    // The uptime ends when the file was saved: 1:15, now and later.
    const QModelIndex uptime = connections->index(0, ConnectionModel::UptimeColumn);
    QCOMPARE(uptime.data().toString(), QStringLiteral("1:15"));
    QVERIFY(loaded.captureEndMs() >= now && loaded.captureEndMs() < now + 60000);
    // The call still open then is shown as it was then.
    loaded.flush();
    QCOMPARE(loaded.inflight()->rowCount(), 1);
    const QString age = loaded.inflight()->index(0, InflightModel::AgeColumn).data().toString();
    QTest::qWait(1100);
    loaded.flush();
    QCOMPARE(uptime.data().toString(), QStringLiteral("1:15"));
    QCOMPARE(loaded.inflight()->index(0, InflightModel::AgeColumn).data().toString(), age);
}

void tst_CaptureFile::framesSeenStartAgainAfterClear()
{
    InspectorSession session;
    fill(&session);
    QCOMPARE(session.frames()->totalFrames(), 3u);
    session.clear();
    QCOMPARE(session.frames()->totalFrames(), 0u);
    QCOMPARE(session.frames()->evictedFrames(), 0u);
    const int c = session.openConnection(QStringLiteral("again"), QString(), QString());
    session.addFrame(makeFrame(c, Out, Oneway, 1, 1, "one"));
    session.flush();
    QCOMPARE(session.frames()->totalFrames(), 1u);
}

void tst_CaptureFile::routeNamesAndFaultsTravelWithTheFile()
{
    InspectorSession original;
    const int c = original.openConnection(QStringLiteral("proxy"), QString(), QString());
    original.routes()->setRouteName(5, QStringLiteral("sensor.read"));
    FrameRecord slow = makeFrame(c, Out, Request, 1, 5, "slow");
    slow.faults = FrameRecord::Delayed | FrameRecord::Corrupted;
    slow.faultDelayMs = 750;
    original.addFrame(slow);
    const QString path = m_dir.filePath(QStringLiteral("names.bimuxcap"));
    QVERIFY(CaptureFile::save(path, &original));
    InspectorSession loaded;
    QVERIFY(CaptureFile::load(path, &loaded));
    QCOMPARE(loaded.routes()->routeName(5), QStringLiteral("sensor.read"));
    QCOMPARE(loaded.frames()->frame(0).faults,
             quint8(FrameRecord::Delayed | FrameRecord::Corrupted));
    QCOMPARE(loaded.frames()->frame(0).faultDelayMs, 750u);
}

void tst_CaptureFile::streamsTravelWithTheFile()
{
    // A stream opened and accepted: the frames' window and from_acceptor make the
    // Streams view of the loaded file what it was live.
    InspectorSession original;
    const int c = original.openConnection(QStringLiteral("proxy"), QString(), QString());
    FrameRecord open = makeFrame(c, Out, QBiMux::FrameFlag::StreamOpen, 1, 7, {});
    open.window = 65536;
    original.addFrame(open);
    FrameRecord accept = makeFrame(c, In, QBiMux::FrameFlag::StreamWindow, 1, 0, {});
    accept.window = 1000;
    accept.fromAcceptor = true;
    original.addFrame(accept);
    original.addFrame(makeFrame(c, Out, QBiMux::FrameFlag::StreamData, 1, 0, "abc"));
    const QString path = m_dir.filePath(QStringLiteral("streams.bimuxcap"));
    QVERIFY(CaptureFile::save(path, &original));
    InspectorSession loaded;
    QVERIFY(CaptureFile::load(path, &loaded));
    QCOMPARE(loaded.frames()->frame(0).window, 65536u);
    QCOMPARE(loaded.frames()->frame(0).fromAcceptor, false);
    QCOMPARE(loaded.frames()->frame(1).window, 1000u);
    QCOMPARE(loaded.frames()->frame(1).fromAcceptor, true);
    loaded.flush();
    const StreamModel::Stream *stream = loaded.streams()->find({c, Out, 1});
    QVERIFY(stream);
    QCOMPARE(stream->state, StreamModel::State::Open);
    QCOMPARE(stream->route, 7);
    QCOMPARE(stream->bytesOut, 3);
    QCOMPARE(stream->windowOut, 1000 - 3);
    QCOMPARE(stream->windowIn, 65536);
}

QTEST_GUILESS_MAIN(tst_CaptureFile)
#include "tst_capturefile.moc"
