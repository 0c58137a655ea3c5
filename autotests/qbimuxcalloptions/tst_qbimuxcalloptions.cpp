// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "muxerpair.h"
#include "qbimuxframe_p.h"

#include <QBiMuxCallOptions>
#include <QBiMuxClient>
#include <QBiMuxMessage>
#include <QBiMuxObserver>
#include <QBiMuxer>

#include <QtTest/qtest.h>

using namespace std::chrono_literals;

// QBiMuxCallOptions as a value, and what each option does to a call or a message: the
// timeout or deadline on the wire and locally, metadata to the peer's handlers, and the
// offline policy of a muxer that is still opening.
class tst_QBiMuxCallOptions : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void defaultsSayNothing();
    void timeoutAndDeadlineExcludeEachOther();
    void metadataAddsAndReplaces();
    void copiesShareAndDetach();
    void debugOutput();
    void metadataReachesRequestAndMessageHandlers();
    void metadataCountsTowardsTheMessageSize();
    void metadataKeyThatIsNotUtf8IsRefused();
    void metadataOverTheLimitsIsRefused();
    void timeoutTravelsAndExpires();
    void deadlineTravelsAsTheTimeLeft();
    void passedDeadlineFailsWithoutSending();
    void foreverDeadlineWaits();
    void failFastWhileOpening();
};

namespace {
// Records the requests' frames as they go out, with their timeout and metadata.
class FrameRecorder : public QBiMuxObserver
{
public:
    void frameEvent(QBiMuxer *, const QBiMuxFrameInfo &frame) override
    {
        if (frame.direction == QBiMux::Direction::Outgoing)
            frames.append(frame);
    }
    QList<QBiMuxFrameInfo> frames;
};
} // namespace

void tst_QBiMuxCallOptions::defaultsSayNothing()
{
    const QBiMuxCallOptions options;
    QVERIFY(!options.timeout());
    QVERIFY(!options.deadline());
    QVERIFY(options.metadata().isEmpty());
    QVERIFY(!options.offlinePolicy());
    QCOMPARE(options, QBiMuxCallOptions());
}

void tst_QBiMuxCallOptions::timeoutAndDeadlineExcludeEachOther()
{
    QBiMuxCallOptions options;
    options.setTimeout(5s);
    QCOMPARE(options.timeout(), std::optional(std::chrono::milliseconds(5s)));
    QVERIFY(!options.deadline());
    const QDeadlineTimer deadline(10s);
    options.setDeadline(deadline);
    QVERIFY(!options.timeout());
    QCOMPARE(*options.deadline(), deadline);
    options.setTimeout(1s);
    QVERIFY(!options.deadline());
    QCOMPARE(*options.timeout(), 1s);
}

void tst_QBiMuxCallOptions::metadataAddsAndReplaces()
{
    QBiMuxCallOptions options;
    options.addMetadata("a", "1").addMetadata("b", "2").addMetadata("a", "3");
    QCOMPARE(options.metadata(), (QBiMuxMetadata {{"a", "3"}, {"b", "2"}}));
    options.setMetadata({{"c", "4"}});
    QCOMPARE(options.metadata(), (QBiMuxMetadata {{"c", "4"}}));
    options.setOfflinePolicy(QBiMux::OfflinePolicy::FailFast);
    QCOMPARE(options.offlinePolicy(), std::optional(QBiMux::OfflinePolicy::FailFast));
}

void tst_QBiMuxCallOptions::copiesShareAndDetach()
{
    QBiMuxCallOptions first;
    first.setTimeout(2s).addMetadata("k", "v");
    QBiMuxCallOptions second = first;
    QCOMPARE(second, first);
    second.addMetadata("k", "changed");
    QCOMPARE(first.metadata().value("k"), QByteArray("v"));
    QVERIFY(second != first);
    QBiMuxCallOptions moved = std::move(second);
    QCOMPARE(moved.metadata().value("k"), QByteArray("changed"));
}

void tst_QBiMuxCallOptions::debugOutput()
{
    QString text;
    QDebug(&text) << QBiMuxCallOptions().setTimeout(250ms).setOfflinePolicy(
        QBiMux::OfflinePolicy::FailFast);
    QVERIFY2(text.startsWith(QStringLiteral("QBiMuxCallOptions(timeout=250ms, offlinePolicy=")),
             qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("FailFast")), qPrintable(text));
    text.clear();
    QDebug(&text) << QBiMuxCallOptions();
    QCOMPARE(text, QStringLiteral("QBiMuxCallOptions() "));
}

void tst_QBiMuxCallOptions::metadataReachesRequestAndMessageHandlers()
{
    MuxerPair pair;
    QVERIFY(pair.connect());
    QBiMuxMetadata seenByRequest;
    QBiMuxMetadata seenByMessage;
    pair.serverSide->setRequestHandler(1, nullptr, [&](const QBiMuxRequest &request) {
        seenByRequest = request.metadata();
        request.reply("ok");
    });
    pair.serverSide->setMessageHandler(
        2, nullptr, [&](const QBiMuxMessage &message) { seenByMessage = message.metadata(); });
    FrameRecorder recorder;
    pair.client->addObserver(&recorder);
    const QBiMuxMetadata metadata {{"trace-id", "4bf92f35"}, {"bytes", QByteArray("\0\xff", 2)}};
    QFuture<QByteArray> call = pair.client->rpc(1, "x", QBiMuxCallOptions().setMetadata(metadata));
    QVERIFY(pair.client->send(2, "m", QBiMuxCallOptions().setMetadata(metadata)));
    QVERIFY(waitForFinished(call));
    QCOMPARE(call.result(), QByteArray("ok"));
    QCOMPARE(seenByRequest, metadata);
    QTRY_COMPARE(seenByMessage, metadata);
    // Observers see it in the frames.
    QCOMPARE(recorder.frames.size(), 2);
    QCOMPARE(recorder.frames.at(0).metadata, metadata);
    QCOMPARE(recorder.frames.at(1).metadata, metadata);
    pair.client->removeObserver(&recorder);
    // Without options, none.
    QVERIFY(waitForFinished(pair.client->rpc(1, "y")));
    QVERIFY(seenByRequest.isEmpty());
}

void tst_QBiMuxCallOptions::metadataCountsTowardsTheMessageSize()
{
    MuxerPair pair;
    QVERIFY(pair.connect());
    pair.serverSide->setRequestHandler(1, nullptr, [](const QByteArray &data) { return data; });
    pair.client->setSettings(pair.client->settings().setMaxMessageSize(1024));
    const QByteArray payload(900, 'p');
    QFuture<QByteArray> fits = pair.client->rpc(1, payload);
    QVERIFY(waitForFinished(fits));
    QCOMPARE(errorOf(fits).code(), QBiMux::StatusCode::Ok);
    const QBiMuxCallOptions heavy = QBiMuxCallOptions().addMetadata("k", QByteArray(200, 'm'));
    QFuture<QByteArray> tooLarge = pair.client->rpc(1, payload, heavy);
    QVERIFY(tooLarge.isFinished());
    QCOMPARE(errorOf(tooLarge).code(), QBiMux::StatusCode::ResourceExhausted);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("larger than")));
    QVERIFY(!pair.client->send(1, payload, heavy));
}

void tst_QBiMuxCallOptions::metadataKeyThatIsNotUtf8IsRefused()
{
    // A protobuf peer would take such a frame for a broken one and close the link: the
    // call fails here instead, and nothing is sent.
    MuxerPair pair;
    QVERIFY(pair.connect());
    FrameRecorder recorder;
    pair.client->addObserver(&recorder);
    const QBiMuxCallOptions bad = QBiMuxCallOptions().addMetadata("\xc0\xaf", "v");
    QFuture<QByteArray> call = pair.client->rpc(1, "x", bad);
    QVERIFY(call.isFinished());
    QCOMPARE(errorOf(call).code(), QBiMux::StatusCode::InvalidArgument);
    QVERIFY2(errorOf(call).message().contains(QStringLiteral("UTF-8")),
             qPrintable(errorOf(call).message()));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("UTF-8")));
    QVERIFY(!pair.client->send(1, "x", bad));
    QVERIFY(pair.client->isConnected());
    QVERIFY(recorder.frames.isEmpty());
    pair.client->removeObserver(&recorder);
}

void tst_QBiMuxCallOptions::metadataOverTheLimitsIsRefused()
{
    // The peer would close the link on such a frame (1002): the call fails here, at once,
    // and nothing is sent. At the limits, it goes through.
    MuxerPair pair;
    QVERIFY(pair.connect());
    QBiMuxMetadata seen;
    pair.serverSide->setRequestHandler(1, nullptr, [&](const QBiMuxRequest &request) {
        seen = request.metadata();
        request.reply("ok");
    });
    QBiMuxMetadata atLimits;
    for (int i = 0; i < QBiMuxFrame::MaxMetadataEntries - 1; ++i)
        atLimits.insert(QByteArray::number(i), QByteArray());
    qint64 bytes = 0;
    for (auto it = atLimits.cbegin(); it != atLimits.cend(); ++it)
        bytes += it.key().size();
    atLimits.insert("last", QByteArray(QBiMuxFrame::MaxMetadataBytes - bytes - 4, 'v'));
    QFuture<QByteArray> fits = pair.client->rpc(1, "x", QBiMuxCallOptions().setMetadata(atLimits));
    QVERIFY(waitForFinished(fits));
    QCOMPARE(errorOf(fits).code(), QBiMux::StatusCode::Ok);
    QCOMPARE(seen, atLimits);

    FrameRecorder recorder;
    pair.client->addObserver(&recorder);
    QBiMuxMetadata tooMany = atLimits;
    tooMany["last"] = QByteArray();
    tooMany.insert("one more", QByteArray());
    QBiMuxMetadata tooLarge = atLimits;
    tooLarge["last"] += 'v';
    for (const QBiMuxMetadata &metadata : {tooMany, tooLarge}) {
        const QBiMuxCallOptions options = QBiMuxCallOptions().setMetadata(metadata);
        QFuture<QByteArray> call = pair.client->rpc(1, "x", options);
        QVERIFY(call.isFinished());
        QCOMPARE(errorOf(call).code(), QBiMux::StatusCode::InvalidArgument);
        QVERIFY2(errorOf(call).message().contains(QStringLiteral("more than a frame may carry")),
                 qPrintable(errorOf(call).message()));
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("more than a frame")));
        QVERIFY(!pair.client->send(1, "x", options));
    }
    QVERIFY(pair.client->isConnected());
    QVERIFY(recorder.frames.isEmpty());
    pair.client->removeObserver(&recorder);

    // A client that is offline refuses it at once too, instead of when it is connected.
    QBiMuxClient client;
    QFuture<QByteArray> queued
        = client.rpc(1, "x", QBiMuxCallOptions().setMetadata(tooMany).setTimeout(60s));
    QVERIFY(queued.isFinished());
    QCOMPARE(errorOf(queued).code(), QBiMux::StatusCode::InvalidArgument);
}

void tst_QBiMuxCallOptions::timeoutTravelsAndExpires()
{
    MuxerPair pair;
    QVERIFY(pair.connect());
    RequestCollector held(pair.serverSide);
    FrameRecorder recorder;
    pair.client->addObserver(&recorder);
    QFuture<QByteArray> call = pair.client->rpc(1, "x", QBiMuxCallOptions().setTimeout(150ms));
    QTRY_COMPARE(held.size(), 1);
    QCOMPARE(recorder.frames.first().timeoutMs, 150u);
    QVERIFY(held.first().deadline().remainingTime() <= 150);
    QVERIFY(waitForFinished(call));
    QCOMPARE(errorOf(call).code(), QBiMux::StatusCode::DeadlineExceeded);
    // The settings' default is the timeout of a call whose options name none.
    pair.client->setSettings(pair.client->settings().setDefaultTimeout(4321ms));
    QFuture<QByteArray> second = pair.client->rpc(1, "y");
    QTRY_COMPARE(held.size(), 2);
    QCOMPARE(recorder.frames.last().timeoutMs, 4321u);
    pair.client->removeObserver(&recorder);
    held.last().reply("done");
    QVERIFY(waitForFinished(second));
}

void tst_QBiMuxCallOptions::deadlineTravelsAsTheTimeLeft()
{
    MuxerPair pair;
    QVERIFY(pair.connect());
    RequestCollector held(pair.serverSide);
    FrameRecorder recorder;
    pair.client->addObserver(&recorder);
    const QDeadlineTimer deadline(400ms);
    QFuture<QByteArray> call = pair.client->rpc(1, "x", QBiMuxCallOptions().setDeadline(deadline));
    QTRY_COMPARE(held.size(), 1);
    const quint32 sent = recorder.frames.first().timeoutMs;
    QVERIFY2(sent > 0 && sent <= 400, QByteArray::number(sent));
    QVERIFY(waitForFinished(call));
    QCOMPARE(errorOf(call).code(), QBiMux::StatusCode::DeadlineExceeded);
    // It ends at the deadline, not later.
    QVERIFY2(deadline.hasExpired(), QByteArray::number(deadline.remainingTime()));
    pair.client->removeObserver(&recorder);
}

void tst_QBiMuxCallOptions::passedDeadlineFailsWithoutSending()
{
    MuxerPair pair;
    QVERIFY(pair.connect());
    FrameRecorder recorder;
    pair.client->addObserver(&recorder);
    QDeadlineTimer passed(0ms);
    QFuture<QByteArray> call = pair.client->rpc(1, "x", QBiMuxCallOptions().setDeadline(passed));
    QVERIFY(call.isFinished());
    QCOMPARE(errorOf(call).code(), QBiMux::StatusCode::DeadlineExceeded);
    QCOMPARE(errorOf(call).origin(), QBiMuxStatus::Origin::Local);
    bool handled = false;
    pair.client->rpc(1, "x", QBiMuxCallOptions().setDeadline(passed), this,
                     [&handled](const QByteArray &, const QBiMuxStatus &status) {
                         handled = status.code() == QBiMux::StatusCode::DeadlineExceeded;
                     });
    QTRY_VERIFY(handled);
    QCOMPARE(pair.client->pendingCallCount(), 0);
    QVERIFY(recorder.frames.isEmpty());
    pair.client->removeObserver(&recorder);
}

void tst_QBiMuxCallOptions::foreverDeadlineWaits()
{
    MuxerPair pair;
    QVERIFY(pair.connect());
    RequestCollector held(pair.serverSide);
    pair.client->setSettings(pair.client->settings().setDefaultTimeout(50ms));
    QFuture<QByteArray> call = pair.client->rpc(
        1, "x", QBiMuxCallOptions().setDeadline(QDeadlineTimer(QDeadlineTimer::Forever)));
    QTRY_COMPARE(held.size(), 1);
    QVERIFY(held.first().deadline().isForever());
    // Longer than the default timeout, which does not apply.
    QTest::qWait(150);
    QVERIFY(!call.isFinished());
    held.first().reply("eventually");
    QVERIFY(waitForFinished(call));
    QCOMPARE(call.result(), QByteArray("eventually"));
}

void tst_QBiMuxCallOptions::failFastWhileOpening()
{
    QBiMuxServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    QByteArrayList arrived;
    server.setMessageHandler(2, &server,
                             [&arrived](const QByteArray &data) { arrived.append(data); });
    server.setRequestHandler(1, &server, [](const QByteArray &data) { return data; });
    QBiMuxer muxer;
    QSignalSpy connected(&muxer, &QBiMuxer::connected);
    muxer.open(server.serverUrl());
    QCOMPARE(muxer.state(), QBiMuxer::State::Opening);
    const QBiMuxCallOptions failFast
        = QBiMuxCallOptions().setOfflinePolicy(QBiMux::OfflinePolicy::FailFast);
    // Refused while the socket opens...
    QVERIFY(!muxer.send(2, "volatile", failFast));
    QFuture<QByteArray> refused = muxer.rpc(1, "volatile", failFast);
    QVERIFY(refused.isFinished());
    QCOMPARE(errorOf(refused).code(), QBiMux::StatusCode::Unavailable);
    // ...while the default waits in the backlog and goes out once it is open.
    QVERIFY(muxer.send(2, "queued"));
    QFuture<QByteArray> queued = muxer.rpc(1, "queued");
    QVERIFY(connected.wait(10000));
    QVERIFY(waitForFinished(queued));
    QCOMPARE(queued.result(), QByteArray("queued"));
    QVERIFY(muxer.send(2, "open", failFast));
    QTRY_COMPARE(arrived, (QByteArrayList {"queued", "open"}));
}

QTEST_MAIN(tst_QBiMuxCallOptions)
#include "tst_qbimuxcalloptions.moc"
