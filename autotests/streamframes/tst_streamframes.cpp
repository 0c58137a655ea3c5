// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

// How frames reach the wire: the chunks of a stream's write buffer go out without being
// copied, and outside the call lane the muxer writes their WebSocket frames itself
// (QBiMuxWire::writeStreamData()), masked on a client; so it does with call frames
// (QBiMuxWire::writeFrame()). The end-to-end transfers of tst_qbimuxstream and the calls
// of tst_qbimuxer check what arrives; these check what the shortcuts must not break.

#include "muxerpair.h"
#include "qbimuxstream_p.h"
#include "streamhelpers.h"
#include "testcertificates.h"

#include <QBiMuxObserver>
#include <QBiMuxStream>

#include <QtCore/qendian.h>
#include <QtCore/qscopeguard.h>
#include <QtNetwork/qsslsocket.h>
#include <QtNetwork/qtcpserver.h>
#include <QtNetwork/qtcpsocket.h>
#include <QtTest/qtest.h>
#include <QtWebSockets/qmaskgenerator.h>

namespace {
constexpr qint32 SinkRoute = 2;
constexpr qint32 EchoRoute = 3;

// Keeps the payload of every stream data frame its muxer writes, as an inspector would.
class PayloadKeeper : public QBiMuxObserver
{
public:
    void frameEvent(QBiMuxer *, const QBiMuxFrameInfo &frame) override
    {
        if (frame.direction == QBiMux::Direction::Outgoing
            && frame.flag == QBiMux::FrameFlag::StreamData) {
            payloads.append(frame.payload);
        }
    }
    QByteArray digest() const
    {
        QCryptographicHash hash(QCryptographicHash::Sha256);
        for (const QByteArray &payload : payloads)
            hash.addData(payload);
        return hash.result();
    }
    QList<QByteArray> payloads;
};

// A TCP relay between a client and a server that reads the WebSocket frames going each
// way after the upgrade and checks what RFC 6455 asks of them (5.1-5.2): FIN set and no
// RSV bits (QtWebSockets writes no fragments, and no extension was agreed), a known
// opcode, a length in the fewest bytes, masked from the client and unmasked from the
// server. Stricter than QtWebSockets' reader, which takes, for one, a client's unmasked
// frames.
class WireChecker : public QObject
{
public:
    struct Direction
    {
        bool fromClient = false;
        QByteArray pending;
        bool upgraded = false;
        int binaryFrames = 0;
        QStringList violations;
    };

    bool listen(quint16 targetPort)
    {
        m_targetPort = targetPort;
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *client = m_server.nextPendingConnection()) {
                client->setParent(this);
                auto *upstream = new QTcpSocket(this);
                upstream->connectToHost(QHostAddress::LocalHost, m_targetPort);
                relay(client, upstream, &up);
                relay(upstream, client, &down);
            }
        });
        up.fromClient = true;
        return m_server.listen(QHostAddress::LocalHost);
    }
    QUrl url() const
    {
        return QUrl(QStringLiteral("ws://127.0.0.1:%1/mux").arg(m_server.serverPort()));
    }

    Direction up; // client to server
    Direction down;

private:
    void relay(QTcpSocket *from, QTcpSocket *to, Direction *direction)
    {
        connect(from, &QTcpSocket::readyRead, this, [from, to, direction] {
            const QByteArray bytes = from->readAll();
            to->write(bytes);
            direction->pending += bytes;
            check(direction);
        });
        connect(from, &QTcpSocket::disconnected, to, &QTcpSocket::disconnectFromHost);
    }

    static void check(Direction *d)
    {
        if (!d->upgraded) {
            const qsizetype end = d->pending.indexOf("\r\n\r\n");
            if (end < 0)
                return;
            d->pending.remove(0, end + 4);
            d->upgraded = true;
        }
        for (;;) {
            const auto *p = reinterpret_cast<const uchar *>(d->pending.constData());
            const qsizetype available = d->pending.size();
            if (available < 2)
                return;
            const bool masked = p[1] & 0x80;
            quint64 length = p[1] & 0x7f;
            qsizetype header = 2;
            if (length == 126) {
                if (available < 4)
                    return;
                length = qFromBigEndian<quint16>(p + 2);
                header = 4;
                if (length <= 125)
                    d->violations << QStringLiteral("16-bit length %1").arg(length);
            } else if (length == 127) {
                if (available < 10)
                    return;
                length = qFromBigEndian<quint64>(p + 2);
                header = 10;
                if (length <= 0xffff)
                    d->violations << QStringLiteral("64-bit length %1").arg(length);
            }
            header += masked ? 4 : 0;
            if (quint64(available) < header + length)
                return;
            const int opcode = p[0] & 0x0f;
            if ((p[0] & 0xf0) != 0x80)
                d->violations << QStringLiteral("FIN/RSV bits %1").arg(p[0] >> 4, 0, 16);
            if (opcode != 2 && opcode != 8 && opcode != 9 && opcode != 10)
                d->violations << QStringLiteral("opcode %1").arg(opcode);
            if (masked != d->fromClient)
                d->violations << QStringLiteral("mask bit %1").arg(masked);
            if (opcode == 2)
                ++d->binaryFrames;
            d->pending.remove(0, header + qsizetype(length));
        }
    }

    QTcpServer m_server;
    quint16 m_targetPort = 0;
};

// Counts the masks it hands out.
class CountingMaskGenerator : public QMaskGenerator
{
public:
    bool seed() override { return true; }
    quint32 nextMask() override
    {
        ++masks;
        return 0x5a5a0000u + quint32(masks);
    }
    int masks = 0;
};
} // namespace

class tst_StreamFrames : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void chunksGoOutWithoutCopies();
    void observerKeepsWhatWasWritten_data();
    void observerKeepsWhatWasWritten();
    void clientMasksWithItsSocketsGenerator();
    void framesFollowRfc6455BothWays();
    void callFramesFollowRfc6455BothWays_data();
    void callFramesFollowRfc6455BothWays();
    void bothWaysOverTls();

private:
    bool connectPair();
    // A second client, `client`, connected to the pair's server through `checker`.
    bool connectThrough(WireChecker *checker, QBiMuxer *client);

    std::unique_ptr<MuxerPair> m_pair;
    QList<StreamReader *> m_readers;
};

void tst_StreamFrames::init()
{
    m_pair = std::make_unique<MuxerPair>();
    m_readers.clear();
}

void tst_StreamFrames::cleanup()
{
    m_pair.reset();
}

bool tst_StreamFrames::connectPair()
{
    // The server reads and hashes what comes, and sends as much back from its own side
    // when a test writes on the accepted stream.
    m_pair->server->setStreamHandler(SinkRoute, this, [this](QBiMuxStream *stream) {
        auto *reader = new StreamReader(stream);
        reader->setParent(stream);
        m_readers.append(reader);
    });
    return m_pair->connect();
}

bool tst_StreamFrames::connectThrough(WireChecker *checker, QBiMuxer *client)
{
    if (!checker->listen(m_pair->server->serverPort()))
        return false;
    QSignalSpy connected(client, &QBiMuxer::connected);
    client->open(checker->url());
    return connected.wait(10000);
}

void tst_StreamFrames::chunksGoOutWithoutCopies()
{
    constexpr qsizetype Room = QBiMuxStreamPrivate::FrameRoom;
    constexpr qint64 Chunk = 1000;
    QBiMuxByteQueue queue(Room);
    QByteArray bytes(2500, '\0');
    for (int i = 0; i < bytes.size(); ++i)
        bytes[i] = char(i % 251);
    queue.append(bytes.constData(), bytes.size(), Chunk); // chunks of 1000, 1000, 500
    QCOMPARE(queue.size(), 2500);

    // A whole chunk is the chunk itself, behind its room.
    QByteArray first = queue.takeFront(4000);
    QCOMPARE(first.size(), Room + Chunk);
    QCOMPARE(first.mid(Room), bytes.left(Chunk));
    // Less than a chunk (a window cut it short) is copied ...
    QByteArray part = queue.takeFront(300);
    QCOMPARE(part.size(), Room + 300);
    QCOMPARE(part.mid(Room), bytes.mid(1000, 300));
    // ... and the rest of that chunk is the chunk again: what was taken of it is room, so
    // that the frames after a short one are not copied either.
    QByteArray rest = queue.takeFront(4000);
    QCOMPARE(rest.size(), Room + 700);
    QCOMPARE(rest.mid(Room), bytes.mid(1300, 700));
    QVERIFY(rest.isDetached());
    QVERIFY(rest.data_ptr().freeSpaceAtBegin() >= 300);
    QCOMPARE(queue.size(), 500);
    QCOMPARE(queue.takeFront(4000).mid(Room), bytes.mid(2000));
    QVERIFY(queue.isEmpty());
}

void tst_StreamFrames::observerKeepsWhatWasWritten_data()
{
    QTest::addColumn<bool>("fromClient");
    // The client masks what it writes, the server does not.
    QTest::newRow("client") << true;
    QTest::newRow("server") << false;
}

void tst_StreamFrames::observerKeepsWhatWasWritten()
{
    QFETCH(bool, fromClient);
    QVERIFY(connectPair());
    // An observer that keeps the payloads shares their buffers: framing them in place must
    // not change what it kept.
    PayloadKeeper keeper;
    QBiMuxer *writerSide = fromClient ? m_pair->client.get() : m_pair->serverSide;
    writerSide->addObserver(&keeper);
    QBiMuxStream *opened = m_pair->client->openStream(SinkRoute);
    StreamReader clientReader(opened);
    QTRY_COMPARE(m_readers.size(), 1);
    QBiMuxStream *writing = fromClient ? opened : m_readers.first()->stream.data();
    StreamReader *reading = fromClient ? m_readers.first() : &clientReader;
    constexpr qint64 Size = 2 * 1024 * 1024 + 17;
    StreamWriter writer(writing, Size, 7);
    writer.start();
    QTRY_COMPARE_WITH_TIMEOUT(reading->bytesRead, Size, 30000);
    QCOMPARE(reading->digest(), writer.digest());
    writerSide->removeObserver(&keeper);
    QVERIFY(keeper.payloads.size() > 1);
    QCOMPARE(keeper.digest(), writer.digest());
}

void tst_StreamFrames::clientMasksWithItsSocketsGenerator()
{
    QVERIFY(connectPair());
    // As QWebSocket's own frames do (QWebSocket::setMaskGenerator()); the server reads
    // them with the masks they carry.
    CountingMaskGenerator generator;
    m_pair->client->socket()->setMaskGenerator(&generator);
    // The muxer's close frame, in cleanup(), must not find it gone.
    const auto restore
        = qScopeGuard([this] { m_pair->client->socket()->setMaskGenerator(nullptr); });
    PayloadKeeper frames;
    m_pair->client->addObserver(&frames);
    QBiMuxStream *stream = m_pair->client->openStream(SinkRoute);
    constexpr qint64 Size = 1024 * 1024;
    StreamWriter writer(stream, Size, 3);
    writer.start();
    QTRY_COMPARE(m_readers.size(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(m_readers.first()->bytesRead, Size, 30000);
    QCOMPARE(m_readers.first()->digest(), writer.digest());
    m_pair->client->removeObserver(&frames);
    QVERIFY(generator.masks >= frames.payloads.size());
}

void tst_StreamFrames::framesFollowRfc6455BothWays()
{
    // Both ends' data frames written by the muxer itself (no calls, so no call lane),
    // seen on the wire between them.
    QVERIFY(connectPair());
    WireChecker checker;
    QBiMuxer client;
    QVERIFY(connectThrough(&checker, &client));
    QBiMuxStream *stream = client.openStream(SinkRoute);
    StreamReader clientReader(stream);
    constexpr qint64 Size = 1024 * 1024 + 5;
    StreamWriter up(stream, Size, 11);
    up.start();
    QTRY_COMPARE(m_readers.size(), 1);
    StreamWriter down(m_readers.first()->stream, Size, 13);
    down.start();
    QTRY_COMPARE_WITH_TIMEOUT(m_readers.first()->bytesRead, Size, 30000);
    QTRY_COMPARE_WITH_TIMEOUT(clientReader.bytesRead, Size, 30000);
    QCOMPARE(m_readers.first()->digest(), up.digest());
    QCOMPARE(clientReader.digest(), down.digest());
    QCOMPARE(checker.up.violations, QStringList());
    QCOMPARE(checker.down.violations, QStringList());
    // 63 KiB frames, and a few more for the opening and the windows.
    QVERIFY(checker.up.binaryFrames >= Size / (63 * 1024));
    QVERIFY(checker.down.binaryFrames >= Size / (63 * 1024));
}

void tst_StreamFrames::callFramesFollowRfc6455BothWays_data()
{
    QTest::addColumn<int>("size");
    // The payload of a call; encoded, the frame's length takes 7, 16 or 64 bits.
    QTest::newRow("empty") << 0;
    QTest::newRow("7-bit length") << 100;
    QTest::newRow("16-bit length") << 1000;
    QTest::newRow("64-bit length") << 70000;
    QTest::newRow("64-bit length, large") << 400 * 1024;
}

void tst_StreamFrames::callFramesFollowRfc6455BothWays()
{
    QFETCH(int, size);
    m_pair->server->setRequestHandler(EchoRoute, this, [](const QByteArray &data) { return data; });
    QVERIFY(connectPair());
    WireChecker checker;
    QBiMuxer client;
    QVERIFY(connectThrough(&checker, &client));
    QByteArray payload(size, Qt::Uninitialized);
    for (int i = 0; i < size; ++i)
        payload[i] = char(i * 7 + i / 251);
    const QFuture<QByteArray> answer = client.rpc(EchoRoute, payload);
    QTRY_VERIFY_WITH_TIMEOUT(answer.isFinished(), 10000);
    QCOMPARE(answer.result(), payload);
    QCOMPARE(checker.up.violations, QStringList());
    QCOMPARE(checker.down.violations, QStringList());
    QVERIFY(checker.up.binaryFrames >= 1);
    QVERIFY(checker.down.binaryFrames >= 1);
}

void tst_StreamFrames::bothWaysOverTls()
{
    // The frames the muxer writes itself go into the TLS socket, as QWebSocket's do, and
    // what TLS has encrypted but not sent counts in the link's queue.
    if (!QSslSocket::supportsSsl())
        QSKIP("Qt has no TLS backend here");
    TestCertificates certificates;
    QVERIFY2(certificates.generate(), qPrintable(certificates.errorString()));
    m_pair->server->setSslConfiguration(certificates.serverConfiguration());
    m_pair->client->socket()->setSslConfiguration(certificates.clientConfiguration());
    QVERIFY(connectPair());
    QVERIFY(m_pair->client->socket()->requestUrl().scheme() == QLatin1String("wss"));
    QBiMuxStream *stream = m_pair->client->openStream(SinkRoute);
    StreamReader clientReader(stream);
    constexpr qint64 Size = 1024 * 1024 + 9;
    StreamWriter up(stream, Size, 17);
    up.start();
    QTRY_COMPARE(m_readers.size(), 1);
    StreamWriter down(m_readers.first()->stream, Size, 19);
    down.start();
    QTRY_COMPARE_WITH_TIMEOUT(m_readers.first()->bytesRead, Size, 30000);
    QTRY_COMPARE_WITH_TIMEOUT(clientReader.bytesRead, Size, 30000);
    QCOMPARE(m_readers.first()->digest(), up.digest());
    QCOMPARE(clientReader.digest(), down.digest());
}

QTEST_MAIN(tst_StreamFrames)
#include "tst_streamframes.moc"
