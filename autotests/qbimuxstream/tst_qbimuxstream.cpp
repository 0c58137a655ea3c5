// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "muxerpair.h"
#include "qbimuxstreams_p.h"
#include "rawframes.h"
#include "streamhelpers.h"

#include <QBiMuxClient>
#include <QBiMuxObserver>
#include <QBiMuxStream>

#include <QtCore/qelapsedtimer.h>
#include <QtCore/qregularexpression.h>
#include <QtCore/qscopeguard.h>
#include <QtCore/qthread.h>
#include <QtTest/qtest.h>

#include <atomic>

using namespace std::chrono_literals;

namespace {
// Echoes what `stream` reads, reading no more than its write buffer takes: the sender's
// window then holds back what cannot be echoed yet (the tunnel's pattern). Ends its data
// once the peer ended its own and everything was echoed.
void echo(QBiMuxStream *stream)
{
    const auto pump = [stream] {
        const qint64 room = stream->writeBufferSize() - stream->bytesToWrite();
        if (room > 0 && stream->bytesAvailable() > 0)
            stream->write(stream->read(room));
        if (stream->atEnd() && stream->openMode() & QIODevice::WriteOnly)
            stream->closeWrite();
    };
    QObject::connect(stream, &QIODevice::readyRead, stream, pump);
    QObject::connect(stream, &QIODevice::bytesWritten, stream, pump);
    QObject::connect(stream, &QIODevice::readChannelFinished, stream, pump);
}

constexpr qint32 EchoRoute = 1;
constexpr qint32 SinkRoute = 2; // the server reads and hashes, never writes
constexpr qint32 HoldRoute = 3; // the server keeps the stream and reads nothing
constexpr qint32 CallRoute = 10;

// Records every stream event an observer gets.
class StreamEventLog : public QBiMuxObserver
{
public:
    void streamEvent(QBiMuxer *, const QBiMuxStreamInfo &info) override { events.append(info); }
    QList<QBiMuxStreamInfo> events;
};

// What the calls (requests, responses) one side writes find queued on the link ahead of
// them, and the sizes of the stream data frames it writes.
class LaneWatcher : public QBiMuxObserver
{
public:
    void frameEvent(QBiMuxer *muxer, const QBiMuxFrameInfo &frame) override
    {
        if (frame.direction != QBiMux::Direction::Outgoing)
            return;
        if (frame.flag == QBiMux::FrameFlag::Request || frame.flag == QBiMux::FrameFlag::Response) {
            ++calls;
            // Told before the frame is written: what is queued now goes out before it.
            maxAheadOfCalls = std::max(maxAheadOfCalls, muxer->bytesToWrite());
        } else if (frame.flag == QBiMux::FrameFlag::StreamData) {
            ++dataFrames;
            maxDataFrame = std::max(maxDataFrame, qint64(frame.payload.size()));
        }
    }
    void reset() { *this = LaneWatcher(); }

    int calls = 0;
    qint64 maxAheadOfCalls = 0;
    int dataFrames = 0;
    qint64 maxDataFrame = 0;
};
} // namespace

class tst_QBiMuxStream : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    // Basics
    void echoBothWays();
    void largeTransfersHashedBothWays();
    void readLineAcrossFrames();
    void halfCloseEachWay_data();
    void halfCloseEachWay();
    void writeLimitReportsWhatItTook();

    // Flow control
    void windowBoundsWhatTheReceiverHolds();
    void stalledReaderSlowsNeitherStreamsNorCalls();
    void largerWindowIsGrantedAtOnce();
    void callsGoAheadOfStreamData();

    // Ids
    void idFreeOnlyAfterBothSidesEnded();
    void idFreeAfterResetIsAnswered();
    void bothSidesOpenAtOnce();

    // Ending
    void abortCarriesItsCode();
    void deletingAnOpenStreamResetsThePeer();
    void linkLossEndsEveryStreamOnce();
    void streamOnClosedMuxerFails();
    void closeDropsWhatComesAndFinishes();
    void muxerDeletedFromAStreamSlot();
    void shutdownRefusesNewStreams();

    // Refusals and limits
    void noHandlerIsUnimplemented();
    void signalTakesStreamsWithoutHandler();
    void incomingStreamLimit();
    void peerIgnoringTheWindowIsCutOff();

    // Client, server, observers
    void clientOpensStreams();
    void clientForwardsStreamsWithoutHandler();
    void settingsApplyToNewStreams();
    void serverWorkerThreadsServeStreams();
    void observersSeeStreamEvents();

private:
    // A connected pair whose server serves EchoRoute, SinkRoute and HoldRoute for every
    // connection; accepted streams are collected in m_accepted.
    bool connectPair();

    std::unique_ptr<MuxerPair> m_pair;
    QList<QPointer<QBiMuxStream>> m_accepted;
    QList<StreamReader *> m_sinkReaders;
};

void tst_QBiMuxStream::initTestCase()
{
    qRegisterMetaType<QWebSocketProtocol::CloseCode>();
}

void tst_QBiMuxStream::init()
{
    m_pair = std::make_unique<MuxerPair>();
    m_accepted.clear();
    m_sinkReaders.clear();
}

void tst_QBiMuxStream::cleanup()
{
    m_pair.reset();
}

bool tst_QBiMuxStream::connectPair()
{
    QBiMuxServer *server = m_pair->server.get();
    server->setStreamHandler(EchoRoute, this, [this](QBiMuxStream *stream) {
        m_accepted.append(stream);
        echo(stream);
    });
    server->setStreamHandler(SinkRoute, this, [this](QBiMuxStream *stream) {
        m_accepted.append(stream);
        auto *reader = new StreamReader(stream);
        reader->setParent(stream);
        m_sinkReaders.append(reader);
        connect(stream, &QIODevice::readChannelFinished, stream,
                [stream] { stream->closeWrite(); });
    });
    server->setStreamHandler(HoldRoute, this,
                             [this](QBiMuxStream *stream) { m_accepted.append(stream); });
    server->setRequestHandler(CallRoute, this, [](const QByteArray &data) { return data; });
    return m_pair->connect();
}

void tst_QBiMuxStream::echoBothWays()
{
    QVERIFY(connectPair());
    QBiMuxStream *stream = m_pair->client->openStream(EchoRoute);
    QVERIFY(stream);
    QCOMPARE(stream->state(), QBiMux::StreamState::Opening);
    QCOMPARE(stream->direction(), QBiMux::Direction::Outgoing);
    QCOMPARE(stream->route(), EchoRoute);
    QCOMPARE(stream->parent(), m_pair->client.get());
    QSignalSpy opened(stream, &QBiMuxStream::opened);
    StreamReader reader(stream);
    reader.keep = true;
    // Written before the peer accepted: it waits in the stream.
    QCOMPARE(stream->write("hello, "), 7);
    QCOMPARE(stream->bytesToWrite(), 7);
    QVERIFY(opened.wait(5000));
    QCOMPARE(stream->state(), QBiMux::StreamState::Open);
    QCOMPARE(stream->write("stream"), 6);
    QTRY_COMPARE(reader.data, QByteArray("hello, stream"));
    QCOMPARE(m_accepted.size(), 1);
    QCOMPARE(m_accepted.first()->direction(), QBiMux::Direction::Incoming);
    QCOMPARE(m_accepted.first()->id(), stream->id());
    QCOMPARE(m_accepted.first()->parent(), m_pair->serverSide);

    stream->closeWrite();
    // closeWrite() made it read-only.
    QTest::ignoreMessage(QtWarningMsg, "QIODevice::write (QBiMuxStream): ReadOnly device");
    QCOMPARE(stream->write("late"), -1);
    QTRY_COMPARE(reader.finished, 1);
    QCOMPARE(reader.readFinished, 1);
    QCOMPARE(reader.errors, 0);
    QVERIFY(stream->atEnd());
    QCOMPARE(stream->state(), QBiMux::StreamState::Finished);
    QTRY_COMPARE(m_accepted.first()->state(), QBiMux::StreamState::Finished);
    QVERIFY(m_pair->client->streams().isEmpty());
    QTRY_VERIFY(m_pair->serverSide->streams().isEmpty());
}

void tst_QBiMuxStream::largeTransfersHashedBothWays()
{
    QVERIFY(connectPair());
    // Up and down at once, on two streams each way, checked end to end.
    constexpr qint64 Size = 6 * 1024 * 1024 + 123;
    QList<StreamWriter *> writers;
    QList<StreamReader *> readers;
    for (int i = 0; i < 2; ++i) {
        QBiMuxStream *up = m_pair->client->openStream(SinkRoute);
        writers.append(new StreamWriter(up, Size, quint32(i + 1)));
        writers.last()->setParent(up);
        writers.last()->start();
    }
    for (int i = 0; i < 2; ++i) {
        QBiMuxStream *down = m_pair->serverSide->openStream(SinkRoute);
        writers.append(new StreamWriter(down, Size, quint32(i + 10)));
        writers.last()->setParent(down);
        writers.last()->start();
    }
    // The client serves SinkRoute too, for the server's streams.
    QList<StreamReader *> clientSinks;
    m_pair->client->setStreamHandler(SinkRoute, this, [&](QBiMuxStream *stream) {
        auto *reader = new StreamReader(stream);
        reader->setParent(stream);
        clientSinks.append(reader);
        connect(stream, &QIODevice::readChannelFinished, stream,
                [stream] { stream->closeWrite(); });
    });
    QTRY_COMPARE_WITH_TIMEOUT(m_sinkReaders.size() + clientSinks.size(), 4, 10000);
    readers = m_sinkReaders + clientSinks;
    for (StreamReader *reader : std::as_const(readers))
        QTRY_COMPARE_WITH_TIMEOUT(reader->finished, 1, 60000);
    for (StreamWriter *writer : std::as_const(writers))
        QTRY_COMPARE(writer->stream->state(), QBiMux::StreamState::Finished);
    // Matched by their hashes: each reader's bytes are exactly one writer's.
    QList<QByteArray> written, read;
    for (StreamWriter *writer : std::as_const(writers))
        written.append(writer->digest());
    for (StreamReader *reader : std::as_const(readers)) {
        QCOMPARE(reader->bytesRead, Size);
        QCOMPARE(reader->errors, 0);
        read.append(reader->digest());
    }
    std::sort(written.begin(), written.end());
    std::sort(read.begin(), read.end());
    QCOMPARE(read, written);
}

void tst_QBiMuxStream::readLineAcrossFrames()
{
    QVERIFY(connectPair());
    QBiMuxStream *stream = m_pair->client->openStream(EchoRoute);
    QSignalSpy readyRead(stream, &QIODevice::readyRead);
    stream->write("first li");
    QVERIFY(readyRead.wait(5000));
    QVERIFY(!stream->canReadLine());
    stream->write("ne\nsecond\n");
    QTRY_VERIFY(stream->canReadLine());
    QTRY_COMPARE(stream->bytesAvailable(), qint64(18));
    QCOMPARE(stream->readLine(), QByteArray("first line\n"));
    QCOMPARE(stream->readLine(), QByteArray("second\n"));
    QVERIFY(!stream->canReadLine());
    QCOMPARE(stream->bytesAvailable(), 0);
}

void tst_QBiMuxStream::halfCloseEachWay_data()
{
    QTest::addColumn<bool>("clientFirst");
    QTest::newRow("client ends first") << true;
    QTest::newRow("server ends first") << false;
}

void tst_QBiMuxStream::halfCloseEachWay()
{
    QFETCH(bool, clientFirst);
    QVERIFY(connectPair());
    QBiMuxStream *client = m_pair->client->openStream(HoldRoute);
    StreamReader clientReader(client);
    clientReader.keep = true;
    client->write("up");
    QTRY_COMPARE(m_accepted.size(), 1);
    QBiMuxStream *server = m_accepted.first();
    StreamReader serverReader(server, false);
    serverReader.keep = true;
    serverReader.setReading(true);
    server->write("down");
    QTRY_COMPARE(clientReader.data, QByteArray("down"));
    QTRY_COMPARE(serverReader.data, QByteArray("up"));

    QBiMuxStream *first = clientFirst ? client : server;
    QBiMuxStream *second = clientFirst ? server : client;
    StreamReader &firstReader = clientFirst ? clientReader : serverReader;
    StreamReader &secondReader = clientFirst ? serverReader : clientReader;
    first->closeWrite();
    QTRY_COMPARE(secondReader.readFinished, 1);
    QTRY_COMPARE(first->state(), QBiMux::StreamState::HalfClosedLocal);
    QCOMPARE(second->state(), QBiMux::StreamState::HalfClosedRemote);
    // The other way still flows, after the first side ended its data.
    second->write(" and more");
    QTRY_VERIFY(firstReader.data.endsWith(" and more"));
    QCOMPARE(firstReader.readFinished, 0);
    QCOMPARE(firstReader.finished, 0);
    second->closeWrite();
    QTRY_COMPARE(firstReader.finished, 1);
    QTRY_COMPARE(secondReader.finished, 1);
    QCOMPARE(firstReader.readFinished, 1);
    QCOMPARE(firstReader.bytesAtReadFinished, firstReader.bytesRead);
    QCOMPARE(firstReader.errors + secondReader.errors, 0);
    QCOMPARE(client->state(), QBiMux::StreamState::Finished);
    QCOMPARE(server->state(), QBiMux::StreamState::Finished);
}

void tst_QBiMuxStream::writeLimitReportsWhatItTook()
{
    QVERIFY(connectPair());
    QBiMuxStream *stream = m_pair->client->openStream(HoldRoute);
    stream->setWriteBufferSize(1000);
    const QByteArray data(5000, 'x');
    // Nothing goes out before the peer accepted: the buffer holds the limit, no more.
    QCOMPARE(stream->write(data), 1000);
    QCOMPARE(stream->bytesToWrite(), 1000);
    QCOMPARE(stream->write(data), 0);
    QSignalSpy written(stream, &QIODevice::bytesWritten);
    QVERIFY(written.wait(5000));
    QCOMPARE(written.first().first().toLongLong(), 1000);
    QCOMPARE(stream->bytesToWrite(), 0);
    QCOMPARE(stream->write(data.constData(), 700), 700);
    // After a failure, bytesToWrite() says what never went out.
    QCOMPARE(stream->write(data), 300);
    stream->abort();
    QCOMPARE(stream->state(), QBiMux::StreamState::Failed);
    QCOMPARE(stream->bytesToWrite(), 1000);
    QCOMPARE(stream->write(data), -1);
}

void tst_QBiMuxStream::windowBoundsWhatTheReceiverHolds()
{
    constexpr qint64 Window = 100 * 1000;
    m_pair->server->setSettings(m_pair->server->settings().setStreamReceiveWindow(Window));
    QVERIFY(connectPair());
    QBiMuxStream *stream = m_pair->client->openStream(HoldRoute);
    StreamWriter writer(stream, 10 * Window);
    writer.start();
    QTRY_COMPARE(m_accepted.size(), 1);
    QBiMuxStream *held = m_accepted.first();
    QCOMPARE(held->receiveWindow(), Window);
    StreamReader reader(held, false);
    // The receiver reads nothing: exactly one window arrives, and the rest waits at the
    // sender, within its write buffer.
    QTRY_COMPARE(held->bytesAvailable(), Window);
    QTest::qWait(100);
    QCOMPARE(held->bytesAvailable(), Window);
    QCOMPARE(reader.maxAvailable, Window);
    QVERIFY(stream->bytesToWrite() > 0);
    QVERIFY(stream->bytesToWrite() <= stream->writeBufferSize());
    // Reading a quarter of the window lets the sender send that much more, and no more.
    QByteArray part = held->read(Window / 4);
    QCOMPARE(part.size(), Window / 4);
    QTRY_COMPARE(held->bytesAvailable(), Window);
    reader.setReading(true);
    QTRY_COMPARE_WITH_TIMEOUT(reader.readFinished, 1, 20000);
    QCOMPARE(reader.bytesRead + part.size(), 10 * Window);
    QVERIFY(reader.maxAvailable <= Window);
}

void tst_QBiMuxStream::stalledReaderSlowsNeitherStreamsNorCalls()
{
    QVERIFY(connectPair());
    // A stream whose reader never reads, filled to its window ...
    QBiMuxStream *stalled = m_pair->client->openStream(HoldRoute);
    StreamWriter stalledWriter(stalled, 64 * 1024 * 1024);
    stalledWriter.start();
    QTRY_COMPARE(m_accepted.size(), 1);
    QBiMuxStream *held = m_accepted.first();
    QTRY_COMPARE(held->bytesAvailable(), held->receiveWindow());

    // ... beside a busy stream and calls, which go on at full speed.
    constexpr qint64 Size = 16 * 1024 * 1024;
    QBiMuxStream *busy = m_pair->client->openStream(SinkRoute);
    StreamWriter busyWriter(busy, Size);
    busyWriter.start();
    int answered = 0;
    QElapsedTimer elapsed;
    elapsed.start();
    while (!busyWriter.isDone() || answered < 20) {
        QFuture<QByteArray> call
            = m_pair->client->rpc(CallRoute, "ping", QBiMuxCallOptions().setTimeout(10s));
        QVERIFY(waitForFinished(call));
        QCOMPARE(call.result(), QByteArray("ping"));
        ++answered;
        QVERIFY2(elapsed.elapsed() < 60000, "the busy stream did not finish");
    }
    QTRY_COMPARE(m_sinkReaders.size(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(m_sinkReaders.first()->finished, 1, 30000);
    QCOMPARE(m_sinkReaders.first()->bytesRead, Size);
    QCOMPARE(m_sinkReaders.first()->digest(), busyWriter.digest());
    // The stalled stream still holds exactly its window, and is still open.
    QCOMPARE(held->bytesAvailable(), held->receiveWindow());
    QCOMPARE(stalled->state(), QBiMux::StreamState::Open);
    QVERIFY(m_pair->client->isConnected());
}

void tst_QBiMuxStream::callsGoAheadOfStreamData()
{
    QVERIFY(connectPair());
    LaneWatcher client;
    LaneWatcher server;
    m_pair->client->addObserver(&client);
    m_pair->serverSide->addObserver(&server);
    const auto detach = qScopeGuard([&] {
        m_pair->client->removeObserver(&client);
        m_pair->serverSide->removeObserver(&server);
    });
    // Bulk data both ways: the client writes, the server echoes it back, neither ends
    // before the test does.
    QBiMuxStream *stream = m_pair->client->openStream(EchoRoute);
    StreamWriter writer(stream, qint64(1) << 40);
    StreamReader reader(stream);
    writer.start();

    // Without calls the streams fill the link in full frames, ...
    QTRY_VERIFY(client.dataFrames >= 16 && server.dataFrames >= 16);
    QCOMPARE(client.maxDataFrame, QBiMuxStreams::MaxChunk);
    QCOMPARE(server.maxDataFrame, QBiMuxStreams::MaxChunk);

    // ... and while calls go, each call and each answer waits behind one small frame at
    // most on its side: the first call finds the link as the streams left it.
    const auto call = [this] {
        QFuture<QByteArray> call
            = m_pair->client->rpc(CallRoute, "ping", QBiMuxCallOptions().setTimeout(10s));
        return waitForFinished(call) && call.result() == "ping";
    };
    QVERIFY(call());
    client.reset();
    server.reset();
    constexpr int Calls = 50;
    for (int i = 0; i < Calls; ++i)
        QVERIFY(call());
    constexpr qint64 OneLaneFrame = QBiMuxStreams::CallLaneChunk + 1024; // and its headers
    QCOMPARE(client.calls, Calls);
    QCOMPARE(server.calls, Calls);
    QVERIFY2(client.maxAheadOfCalls <= OneLaneFrame,
             QByteArray::number(client.maxAheadOfCalls).constData());
    QVERIFY2(server.maxAheadOfCalls <= OneLaneFrame,
             QByteArray::number(server.maxAheadOfCalls).constData());
    QCOMPARE_LE(client.maxDataFrame, QBiMuxStreams::CallLaneChunk);
    QCOMPARE_LE(server.maxDataFrame, QBiMuxStreams::CallLaneChunk);
    // The streams still moved meanwhile.
    QVERIFY(client.dataFrames > 0);
    QVERIFY(server.dataFrames > 0);

    // Once the calls stopped, full frames again.
    client.reset();
    server.reset();
    QTRY_COMPARE(client.maxDataFrame, QBiMuxStreams::MaxChunk);
    QTRY_COMPARE(server.maxDataFrame, QBiMuxStreams::MaxChunk);
    QCOMPARE(reader.errors, 0);
    QVERIFY(reader.bytesRead > 0);
    stream->abort();
}

void tst_QBiMuxStream::largerWindowIsGrantedAtOnce()
{
    m_pair->server->setSettings(m_pair->server->settings().setStreamReceiveWindow(64 * 1024));
    QVERIFY(connectPair());
    QBiMuxStream *stream = m_pair->client->openStream(HoldRoute);
    StreamWriter writer(stream, 1024 * 1024);
    writer.start();
    QTRY_COMPARE(m_accepted.size(), 1);
    QBiMuxStream *held = m_accepted.first();
    QTRY_COMPARE(held->bytesAvailable(), 64 * 1024);
    held->setReceiveWindow(256 * 1024);
    QTRY_COMPARE(held->bytesAvailable(), 256 * 1024);
    QTest::qWait(50);
    QCOMPARE(held->bytesAvailable(), 256 * 1024);
}

void tst_QBiMuxStream::idFreeOnlyAfterBothSidesEnded()
{
    QVERIFY(connectPair());
    QBiMuxStream *first = m_pair->client->openStream(HoldRoute);
    QVERIFY(QSignalSpy(first, &QBiMuxStream::opened).wait(5000));
    QCOMPARE(first->id(), quint64(1));
    QTRY_COMPARE(m_accepted.size(), 1);
    QBiMuxStream *peer = m_accepted.first();
    // This side ended its data, the peer has not: id 1 is still taken.
    first->closeWrite();
    QTRY_COMPARE(peer->state(), QBiMux::StreamState::HalfClosedRemote);
    QBiMuxStream *second = m_pair->client->openStream(HoldRoute);
    QCOMPARE(second->id(), quint64(2));
    QSignalSpy finished(first, &QBiMuxStream::finished);
    peer->closeWrite();
    QVERIFY(finished.wait(5000));
    QCOMPARE(first->state(), QBiMux::StreamState::Finished);
    // The peer's close came with its end (it had the client's end already): id 1 is free.
    QBiMuxStream *third = m_pair->client->openStream(HoldRoute);
    QCOMPARE(third->id(), quint64(1));
    QVERIFY(QSignalSpy(third, &QBiMuxStream::opened).wait(5000));
    // The reused id reaches a new stream on the peer, not the old one.
    QTRY_COMPARE(m_accepted.size(), 3);
    QCOMPARE(m_accepted.at(2)->id(), quint64(1));
    QVERIFY(m_accepted.at(2) != peer);
    third->write("fresh");
    QTRY_COMPARE(m_accepted.at(2)->bytesAvailable(), 5);
    QCOMPARE(peer->bytesAvailable(), 0);

    // Ending the other way round: the peer first, then this side; the peer's close then
    // comes as the answer to this side's end.
    QBiMuxStream *peerOfSecond = m_accepted.at(1);
    peerOfSecond->closeWrite();
    QTRY_COMPARE(second->state(), QBiMux::StreamState::HalfClosedRemote);
    QCOMPARE(m_pair->client->openStream(HoldRoute)->id(), quint64(3));
    second->closeWrite();
    QTRY_COMPARE(second->state(), QBiMux::StreamState::Finished);
    // The peer's close follows its answer to a call made now.
    QVERIFY(waitForFinished(m_pair->client->rpc(CallRoute, "after the close")));
    QCOMPARE(m_pair->client->openStream(HoldRoute)->id(), quint64(2));
}

void tst_QBiMuxStream::idFreeAfterResetIsAnswered()
{
    QVERIFY(connectPair());
    // Until the event loop runs, the peer has not answered this side's reset: the id
    // must not come back before it has.
    QBiMuxStream *first = m_pair->client->openStream(HoldRoute);
    QVERIFY(QSignalSpy(first, &QBiMuxStream::opened).wait(5000));
    first->abort();
    QCOMPARE(first->state(), QBiMux::StreamState::Failed);
    QBiMuxStream *second = m_pair->client->openStream(HoldRoute);
    QCOMPARE(second->id(), quint64(2));
    // Deleting it changes nothing either: the id waits for the peer's answer.
    delete first;
    QBiMuxStream *third = m_pair->client->openStream(HoldRoute);
    QCOMPARE(third->id(), quint64(3));
    QVERIFY(QSignalSpy(third, &QBiMuxStream::opened).wait(5000));
    // By now the peer's answer to the reset came (it was sent before the accept of 3).
    QBiMuxStream *fourth = m_pair->client->openStream(HoldRoute);
    QCOMPARE(fourth->id(), quint64(1));
}

void tst_QBiMuxStream::bothSidesOpenAtOnce()
{
    QVERIFY(connectPair());
    QList<StreamReader *> clientSide;
    m_pair->client->setStreamHandler(HoldRoute, this, [&](QBiMuxStream *stream) {
        clientSide.append(new StreamReader(stream));
        clientSide.last()->setParent(stream);
        clientSide.last()->keep = true;
    });
    // Both sides open their first stream in the same moment: both get id 1, each in its
    // own space.
    QBiMuxStream *fromClient = m_pair->client->openStream(HoldRoute);
    QBiMuxStream *fromServer = m_pair->serverSide->openStream(HoldRoute);
    QCOMPARE(fromClient->id(), quint64(1));
    QCOMPARE(fromServer->id(), quint64(1));
    fromClient->write("from the client");
    fromServer->write("from the server");
    StreamReader clientEcho(fromClient);
    clientEcho.keep = true;
    StreamReader serverEcho(fromServer);
    serverEcho.keep = true;
    QTRY_COMPARE(m_accepted.size(), 1);
    QTRY_COMPARE(clientSide.size(), 1);
    StreamReader serverSide(m_accepted.first(), false);
    serverSide.keep = true;
    serverSide.setReading(true);
    QTRY_COMPARE(serverSide.data, QByteArray("from the client"));
    QTRY_COMPARE(clientSide.first()->data, QByteArray("from the server"));
    // Answers go back on the right stream.
    m_accepted.first()->write("back to the client");
    clientSide.first()->stream->write("back to the server");
    QTRY_COMPARE(clientEcho.data, QByteArray("back to the client"));
    QTRY_COMPARE(serverEcho.data, QByteArray("back to the server"));
}

void tst_QBiMuxStream::abortCarriesItsCode()
{
    QVERIFY(connectPair());
    QBiMuxStream *stream = m_pair->client->openStream(HoldRoute);
    StreamReader local(stream);
    QTRY_COMPARE(m_accepted.size(), 1);
    StreamReader remote(m_accepted.first());
    stream->abort(QBiMux::StatusCode::PermissionDenied, QStringLiteral("not for you"));
    // This side's end comes from the event loop, not from inside abort().
    QCOMPARE(local.errors, 0);
    QTRY_COMPARE(local.finished, 1);
    QCOMPARE(local.errors, 1);
    QVERIFY(local.finishedAfterError);
    QCOMPARE(local.errorCode, QBiMux::StatusCode::PermissionDenied);
    QCOMPARE(local.errorOrigin, QBiMuxStatus::Origin::Local);
    QTRY_COMPARE(remote.finished, 1);
    QCOMPARE(remote.errors, 1);
    QCOMPARE(remote.errorCode, QBiMux::StatusCode::PermissionDenied);
    QCOMPARE(remote.errorMessage, QStringLiteral("not for you"));
    QCOMPARE(remote.errorOrigin, QBiMuxStatus::Origin::Remote);
    QCOMPARE(m_accepted.first()->state(), QBiMux::StreamState::Failed);
    QCOMPARE(m_accepted.first()->status().code(), QBiMux::StatusCode::PermissionDenied);
    // Once, and only once.
    stream->abort(QBiMux::StatusCode::Internal);
    QTest::qWait(50);
    QCOMPARE(local.errors + local.finished + remote.errors + remote.finished, 4);
}

void tst_QBiMuxStream::deletingAnOpenStreamResetsThePeer()
{
    QVERIFY(connectPair());
    QBiMuxStream *stream = m_pair->client->openStream(HoldRoute);
    QTRY_COMPARE(m_accepted.size(), 1);
    StreamReader remote(m_accepted.first());
    delete stream;
    QTRY_COMPARE(remote.finished, 1);
    QCOMPARE(remote.errorCode, QBiMux::StatusCode::Cancelled);
    // And the other way: the acceptor deletes its stream.
    QBiMuxStream *second = m_pair->client->openStream(HoldRoute);
    StreamReader local(second);
    QTRY_COMPARE(m_accepted.size(), 2);
    delete m_accepted.at(1);
    QTRY_COMPARE(local.finished, 1);
    QCOMPARE(local.errorCode, QBiMux::StatusCode::Cancelled);
    QCOMPARE(local.errorOrigin, QBiMuxStatus::Origin::Remote);
}

void tst_QBiMuxStream::linkLossEndsEveryStreamOnce()
{
    QVERIFY(connectPair());
    // Not the streams' children: the server deletes its streams with the connection.
    std::vector<std::unique_ptr<StreamReader>> readers;
    for (int i = 0; i < 5; ++i) {
        QBiMuxStream *stream = m_pair->client->openStream(i % 2 ? HoldRoute : SinkRoute);
        readers.push_back(std::make_unique<StreamReader>(stream));
        stream->write(QByteArray(1000, 'x'));
    }
    QTRY_COMPARE(m_accepted.size(), 5);
    for (QBiMuxStream *stream : std::as_const(m_accepted)) {
        if (stream->route() == HoldRoute)
            readers.push_back(std::make_unique<StreamReader>(stream));
    }
    // The server's side of the link goes away without a close frame.
    m_pair->serverSide->socket()->abort();
    for (const auto &reader : readers) {
        QTRY_COMPARE(reader->finished, 1);
        QCOMPARE(reader->errors, 1);
        QCOMPARE(reader->errorCode, QBiMux::StatusCode::Unavailable);
    }
    QTest::qWait(50);
    for (const auto &reader : readers)
        QCOMPARE(reader->errors + reader->finished, 2);
}

void tst_QBiMuxStream::streamOnClosedMuxerFails()
{
    QVERIFY(connectPair());
    m_pair->client->close();
    QBiMuxStream *stream = m_pair->client->openStream(EchoRoute);
    QCOMPARE(stream->state(), QBiMux::StreamState::Failed);
    QCOMPARE(stream->status().code(), QBiMux::StatusCode::Unavailable);
    StreamReader reader(stream);
    QTRY_COMPARE(reader.finished, 1);
    QCOMPARE(reader.errors, 1);
}

void tst_QBiMuxStream::closeDropsWhatComesAndFinishes()
{
    QVERIFY(connectPair());
    QBiMuxStream *stream = m_pair->client->openStream(HoldRoute);
    StreamReader reader(stream, false);
    QTRY_COMPARE(m_accepted.size(), 1);
    // The server sends far more than the client's window; the client reads a little and
    // closes: what still comes is dropped, and granted back, so the server finishes.
    StreamWriter writer(m_accepted.first(), 4 * stream->receiveWindow());
    StreamReader serverReader(m_accepted.first());
    writer.start();
    QTRY_COMPARE(stream->bytesAvailable(), stream->receiveWindow());
    QCOMPARE(stream->read(10).size(), 10);
    stream->close();
    QVERIFY(!stream->isOpen());
    QTRY_VERIFY(writer.isDone());
    QTRY_COMPARE(reader.finished, 1);
    QCOMPARE(reader.errors, 0);
    QCOMPARE(reader.readFinished, 0); // nobody reads a closed stream's end
    QCOMPARE(stream->state(), QBiMux::StreamState::Finished);
    QTRY_COMPARE(serverReader.finished, 1);
    QCOMPARE(serverReader.readFinished, 1);
    QCOMPARE(serverReader.errors, 0);
}

void tst_QBiMuxStream::muxerDeletedFromAStreamSlot()
{
    QVERIFY(connectPair());
    // The first stream to hear of the lost link deletes the muxer, and every stream with it.
    QBiMuxer *muxer = m_pair->client.release();
    QList<QPointer<QBiMuxStream>> streams;
    int errors = 0;
    for (int i = 0; i < 3; ++i) {
        streams.append(muxer->openStream(HoldRoute));
        connect(streams.last(), &QBiMuxStream::errorOccurred, this, [&, muxer] {
            if (++errors == 1)
                delete muxer;
        });
    }
    QTRY_COMPARE(m_accepted.size(), 3);
    QSignalSpy gone(muxer, &QObject::destroyed);
    // Not from inside the socket's own signal, where Qt does not take its deletion well:
    // close() ends every stream, and the first slot deletes the muxer with all of them.
    muxer->close();
    QCOMPARE(gone.count(), 1);
    QCOMPARE(errors, 1);
    for (const QPointer<QBiMuxStream> &stream : std::as_const(streams))
        QVERIFY(!stream);
}

void tst_QBiMuxStream::shutdownRefusesNewStreams()
{
    QVERIFY(connectPair());
    QBiMuxStream *before = m_pair->client->openStream(HoldRoute);
    QVERIFY(QSignalSpy(before, &QBiMuxStream::opened).wait(5000));
    QPointer<QBiMuxer> serverSide = m_pair->serverSide;
    QSignalSpy disconnected(m_pair->client.get(), &QBiMuxer::disconnected);
    serverSide->shutdown(10s, QStringLiteral("maintenance"));
    // The server takes no new stream, and opens none either ...
    QBiMuxStream *after = m_pair->client->openStream(HoldRoute);
    StreamReader refused(after);
    QTRY_COMPARE(refused.finished, 1);
    QCOMPARE(refused.errorCode, QBiMux::StatusCode::Unavailable);
    QVERIFY(serverSide);
    QCOMPARE(serverSide->openStream(HoldRoute)->status().code(), QBiMux::StatusCode::Unavailable);
    // ... while the open one still carries data: the drain waits for it ...
    QCOMPARE(before->state(), QBiMux::StreamState::Open);
    before->write("still here");
    QTRY_COMPARE(m_accepted.first()->bytesAvailable(), 10);
    QVERIFY(m_pair->client->isConnected());
    // ... and closes the connection once it ended both ways.
    before->closeWrite();
    m_accepted.first()->closeWrite();
    QVERIFY(disconnected.wait(5000));
    QCOMPARE(disconnected.first().first().value<QWebSocketProtocol::CloseCode>(),
             QWebSocketProtocol::CloseCodeGoingAway);
    QCOMPARE(disconnected.first().at(1).toString(), QStringLiteral("maintenance"));
    QCOMPARE(before->state(), QBiMux::StreamState::Finished);
}

void tst_QBiMuxStream::noHandlerIsUnimplemented()
{
    QVERIFY(connectPair());
    QBiMuxStream *stream = m_pair->client->openStream(99);
    StreamReader reader(stream);
    QTRY_COMPARE(reader.finished, 1);
    QCOMPARE(reader.errorCode, QBiMux::StatusCode::Unimplemented);
    QCOMPARE(reader.errorOrigin, QBiMuxStatus::Origin::Remote);
    QVERIFY2(reader.errorMessage.contains(QStringLiteral("route 99")),
             qPrintable(reader.errorMessage));
    // The refusal answers the open: the id is free again.
    QCOMPARE(m_pair->client->openStream(99)->id(), quint64(1));
}

void tst_QBiMuxStream::signalTakesStreamsWithoutHandler()
{
    QVERIFY(connectPair());
    QPointer<QBiMuxStream> received;
    connect(m_pair->client.get(), &QBiMuxChannel::streamReceived, this,
            [&](QBiMuxStream *stream) { received = stream; });
    QBiMuxStream *stream = m_pair->serverSide->openStream(42);
    QVERIFY(QSignalSpy(stream, &QBiMuxStream::opened).wait(5000));
    QVERIFY(received);
    QCOMPARE(received->route(), 42);
    QCOMPARE(received->parent(), m_pair->client.get());
}

void tst_QBiMuxStream::incomingStreamLimit()
{
    m_pair->server->setSettings(m_pair->server->settings().setMaxIncomingStreams(2));
    QVERIFY(connectPair());
    QBiMuxStream *a = m_pair->client->openStream(HoldRoute);
    QBiMuxStream *b = m_pair->client->openStream(HoldRoute);
    QBiMuxStream *c = m_pair->client->openStream(HoldRoute);
    StreamReader third(c);
    QTRY_COMPARE(third.finished, 1);
    QCOMPARE(third.errorCode, QBiMux::StatusCode::ResourceExhausted);
    QCOMPARE(a->state(), QBiMux::StreamState::Open);
    QCOMPARE(b->state(), QBiMux::StreamState::Open);
    // Once one ended on both sides, there is room again.
    a->abort();
    QBiMuxStream *d = m_pair->client->openStream(HoldRoute);
    QVERIFY(QSignalSpy(d, &QBiMuxStream::opened).wait(5000));
}

void tst_QBiMuxStream::peerIgnoringTheWindowIsCutOff()
{
    constexpr qint64 Window = 64 * 1024;
    m_pair->server->setSettings(m_pair->server->settings().setStreamReceiveWindow(Window));
    QVERIFY(connectPair());
    // A hostile client: it opens a stream, then sends more than it was granted.
    QWebSocket hostile;
    QList<RawFrames::Decoded> frames;
    connect(&hostile, &QWebSocket::binaryMessageReceived, this,
            [&](const QByteArray &message) { frames.append(RawFrames::decode(message)); });
    QSignalSpy connected(&hostile, &QWebSocket::connected);
    QSignalSpy disconnected(&hostile, &QWebSocket::disconnected);
    QSignalSpy accepted(m_pair->server.get(), &QBiMuxServer::newConnection);
    hostile.open(m_pair->server->serverUrl());
    QVERIFY(connected.wait(5000));
    QVERIFY(accepted.wait(5000) || accepted.count() == 1);
    QBiMuxer *victim = accepted.first().first().value<QBiMuxer *>();
    QSignalSpy protocolErrors(victim, &QBiMuxer::protocolErrorOccurred);

    QByteArray open = RawFrames::message(1, RawFrames::StreamOpen, HoldRoute, QByteArray());
    RawFrames::appendVarintField(open, RawFrames::Window, 1024);
    hostile.sendBinaryMessage(open);
    const auto isAccept = [](const RawFrames::Decoded &f) {
        return f.value(2) == RawFrames::StreamWindow && f.value(1) == 1;
    };
    QTRY_VERIFY(std::any_of(frames.cbegin(), frames.cend(), isAccept));
    const auto accept = *std::find_if(frames.cbegin(), frames.cend(), isAccept);
    QCOMPARE(accept.value(RawFrames::Window), quint64(Window));
    QCOMPARE(accept.value(RawFrames::FromAcceptor), quint64(1));
    QTRY_COMPARE(m_accepted.size(), 1);
    QPointer<QBiMuxStream> held = m_accepted.first();

    // Exactly the window is taken and held ...
    const QByteArray chunk(16 * 1024, 'h');
    for (int i = 0; i < Window / chunk.size(); ++i)
        hostile.sendBinaryMessage(RawFrames::message(1, RawFrames::StreamData, 0, chunk));
    QTRY_COMPARE(held->bytesAvailable(), Window);
    QCOMPARE(protocolErrors.count(), 0);
    // ... one byte more is a protocol error, and the connection is closed.
    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(QStringLiteral("protocol error.*beyond")));
    hostile.sendBinaryMessage(RawFrames::message(1, RawFrames::StreamData, 0, "!"));
    QTRY_COMPARE(protocolErrors.count(), 1);
    QVERIFY(protocolErrors.first().first().toString().contains(QStringLiteral("beyond")));
    QTRY_COMPARE(disconnected.count(), 1);
    QCOMPARE(hostile.closeCode(), QWebSocketProtocol::CloseCodeProtocolError);
    // The stream ended with the link, and never held more than its window.
    if (held)
        QCOMPARE(held->state(), QBiMux::StreamState::Failed);
}

void tst_QBiMuxStream::clientOpensStreams()
{
    QVERIFY(connectPair());
    QBiMuxClient client;
    // Offline: a stream that fails with Unavailable, from the event loop.
    QBiMuxStream *offline = client.openStream(EchoRoute);
    QVERIFY(offline);
    QCOMPARE(offline->status().code(), QBiMux::StatusCode::Unavailable);
    StreamReader offlineReader(offline);
    QTRY_COMPARE(offlineReader.finished, 1);

    // The client's stream handlers serve every connection it makes.
    QList<QPointer<QBiMuxStream>> served;
    client.setStreamHandler(HoldRoute, this, [&](QBiMuxStream *stream) { served.append(stream); });
    QSignalSpy connected(&client, &QBiMuxClient::connected);
    QSignalSpy accepted(m_pair->server.get(), &QBiMuxServer::newConnection);
    client.open(m_pair->server->serverUrl());
    QVERIFY(connected.wait(5000));
    QBiMuxStream *stream = client.openStream(EchoRoute);
    QCOMPARE(stream->parent(), client.currentMuxer());
    StreamReader reader(stream);
    reader.keep = true;
    stream->write("through the client");
    stream->closeWrite();
    QTRY_COMPARE(reader.finished, 1);
    QCOMPARE(reader.data, QByteArray("through the client"));

    QTRY_COMPARE(accepted.count(), 1);
    QBiMuxer *serverSide = accepted.first().first().value<QBiMuxer *>();
    QBiMuxStream *fromServer = serverSide->openStream(HoldRoute);
    QVERIFY(QSignalSpy(fromServer, &QBiMuxStream::opened).wait(5000));
    QCOMPARE(served.size(), 1);
}

void tst_QBiMuxStream::clientForwardsStreamsWithoutHandler()
{
    QVERIFY(connectPair());
    QBiMuxClient client;
    QSignalSpy connected(&client, &QBiMuxClient::connected);
    QSignalSpy accepted(m_pair->server.get(), &QBiMuxServer::newConnection);
    client.open(m_pair->server->serverUrl());
    QVERIFY(connected.wait(5000));
    QTRY_COMPARE(accepted.count(), 1);
    auto *serverSide = accepted.first().first().value<QBiMuxer *>();

    // Without a handler and without a slot on the client's streamReceived(): refused
    // with Unimplemented, as a muxer refuses it.
    StreamReader refused(serverSide->openStream(42));
    QTRY_COMPARE(refused.finished, 1);
    QCOMPARE(refused.errorCode, QBiMux::StatusCode::Unimplemented);
    QCOMPARE(refused.errorOrigin, QBiMuxStatus::Origin::Remote);

    // With a slot: the client hands the stream over, a child of its current muxer.
    QPointer<QBiMuxStream> received;
    connect(&client, &QBiMuxChannel::streamReceived, this,
            [&](QBiMuxStream *stream) { received = stream; });
    QBiMuxStream *stream = serverSide->openStream(42);
    QVERIFY(QSignalSpy(stream, &QBiMuxStream::opened).wait(5000));
    QTRY_VERIFY(received);
    QCOMPARE(received->route(), 42);
    QCOMPARE(received->parent(), client.currentMuxer());
    QCOMPARE(received->state(), QBiMux::StreamState::Open);
}

void tst_QBiMuxStream::settingsApplyToNewStreams()
{
    // The server's settings reach the streams of its connections.
    m_pair->server->setSettings(
        m_pair->server->settings().setStreamReceiveWindow(70000).setStreamWriteBufferSize(3000));
    QVERIFY(connectPair());
    QBiMuxStream *first = m_pair->client->openStream(HoldRoute);
    QCOMPARE(first->receiveWindow(), 512 * 1024);
    QCOMPARE(first->writeBufferSize(), 512 * 1024);
    QTRY_COMPARE(m_accepted.size(), 1);
    QCOMPARE(m_accepted.first()->receiveWindow(), 70000);
    QCOMPARE(m_accepted.first()->writeBufferSize(), 3000);

    // A muxer's change applies to the streams opened from then on; a stream keeps its own.
    m_pair->client->setSettings(
        m_pair->client->settings().setStreamReceiveWindow(5000).setStreamWriteBufferSize(1000));
    QCOMPARE(first->writeBufferSize(), 512 * 1024);
    QBiMuxStream *second = m_pair->client->openStream(HoldRoute);
    QCOMPARE(second->receiveWindow(), 5000);
    QCOMPARE(second->writeBufferSize(), 1000);
    QCOMPARE(second->write(QByteArray(5000, 'x')), 1000);
    // A stream's own values are clamped as the settings' are.
    second->setReceiveWindow(0);
    QCOMPARE(second->receiveWindow(), 1);
    second->setWriteBufferSize(qint64(1) << 40);
    QCOMPARE(second->writeBufferSize(),
             QBiMuxSettings().setStreamWriteBufferSize(qint64(1) << 40).streamWriteBufferSize());
}

void tst_QBiMuxStream::serverWorkerThreadsServeStreams()
{
    // Connections in worker threads: the stream handler runs there, the streams live there.
    m_pair->server->setWorkerThreadCount(2);
    std::atomic<int> inOtherThreads {0};
    m_pair->server->setStreamHandler(EchoRoute, nullptr, [&](QBiMuxStream *stream) {
        if (stream->thread() == QThread::currentThread()
            && stream->muxer()->thread() == QThread::currentThread()
            && QThread::currentThread() != thread()) {
            ++inOtherThreads;
        }
        echo(stream);
        QObject::connect(stream, &QBiMuxStream::finished, stream, &QObject::deleteLater);
    });
    QVERIFY(m_pair->connect());
    QList<StreamWriter *> writers;
    QList<StreamReader *> readers;
    for (int i = 0; i < 4; ++i) {
        QBiMuxStream *stream = m_pair->client->openStream(EchoRoute);
        writers.append(new StreamWriter(stream, 1024 * 1024, quint32(i + 1)));
        writers.last()->setParent(stream);
        readers.append(new StreamReader(stream));
        readers.last()->setParent(stream);
        writers.last()->start();
    }
    for (int i = 0; i < 4; ++i) {
        QTRY_COMPARE_WITH_TIMEOUT(readers.at(i)->finished, 1, 20000);
        QCOMPARE(readers.at(i)->errors, 0);
        QCOMPARE(readers.at(i)->bytesRead, 1024 * 1024);
        QCOMPARE(readers.at(i)->digest(), writers.at(i)->digest());
    }
    QCOMPARE(inOtherThreads.load(), 4);
}

void tst_QBiMuxStream::observersSeeStreamEvents()
{
    QVERIFY(connectPair());
    StreamEventLog log;
    m_pair->client->addObserver(&log);
    QBiMuxStream *stream = m_pair->client->openStream(EchoRoute);
    StreamReader reader(stream);
    stream->write(QByteArray(3000, 'o'));
    stream->closeWrite();
    QTRY_COMPARE(reader.finished, 1);
    m_pair->client->removeObserver(&log);

    QVERIFY(log.events.size() >= 4);
    const QBiMuxStreamInfo &opened = log.events.first();
    QCOMPARE(opened.event, QBiMux::StreamEvent::Opened);
    QCOMPARE(opened.direction, QBiMux::Direction::Outgoing);
    QCOMPARE(opened.id, stream->id());
    QCOMPARE(opened.route, EchoRoute);
    QCOMPARE(opened.state, QBiMux::StreamState::Opening);
    QCOMPARE(opened.receiveWindow, stream->receiveWindow());
    const QBiMuxStreamInfo &last = log.events.last();
    QCOMPARE(last.event, QBiMux::StreamEvent::Finished);
    QCOMPARE(last.state, QBiMux::StreamState::Finished);
    QCOMPARE(last.bytesSent, 3000);
    QCOMPARE(last.bytesReceived, 3000);
    QVERIFY(last.ageNs > 0);
    const bool sawAccept = std::any_of(log.events.cbegin(), log.events.cend(), [](const auto &e) {
        return e.event == QBiMux::StreamEvent::StateChanged && e.state == QBiMux::StreamState::Open;
    });
    QVERIFY(sawAccept);
}

QTEST_MAIN(tst_QBiMuxStream)
#include "tst_qbimuxstream.moc"
