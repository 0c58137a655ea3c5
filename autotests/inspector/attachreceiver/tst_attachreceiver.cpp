// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "attachreceiver.h"
#include "inspectorsession.h"

#include "muxerpair.h"

#include <QBiMuxInspectorLink>
#include <QBiMuxStream>
#include <QtNetwork/qtcpsocket.h>
#include <QtTest/qtest.h>

using namespace std::chrono_literals;

// A process attached through BIMUXQT_INSPECT: its muxers publish to the receiver.
class tst_AttachReceiver : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void processIsListed();
    void callSeenFromBothMuxers();
    void closedConnectionsAreMarked();
    void streamSeenFromBothMuxers();
    void rejectsStrangers();

private:
    InspectorSession m_session;
    AttachReceiver m_receiver {&m_session};
};

void tst_AttachReceiver::initTestCase()
{
    QCoreApplication::setApplicationName(QStringLiteral("attachtest"));
    QVERIFY(m_receiver.listen(QHostAddress::LocalHost, 0));
    // Read by the first muxer of the process.
    qputenv("BIMUXQT_INSPECT", QByteArray("127.0.0.1:") + QByteArray::number(m_receiver.port()));
    QVERIFY(!QBiMuxInspectorLink::isAttached());
}

void tst_AttachReceiver::processIsListed()
{
    {
        QBiMuxer first; // attaches the process
        QVERIFY(QBiMuxInspectorLink::isAttached());
        QVERIFY(!QBiMuxInspectorLink::attach(QStringLiteral("127.0.0.1"), 1)); // once a process
        QTRY_COMPARE(m_receiver.processes().size(), 1);
        QCOMPARE(m_receiver.processes().first(),
                 QStringLiteral("attachtest (pid %1)").arg(QCoreApplication::applicationPid()));
    }
    // A muxer that never opened still ends: its connection is shown closed.
    QTRY_COMPARE(m_session.connections()->rowCount(), 1);
    QTRY_COMPARE(m_session.connections()->openCount(), 0);
}

void tst_AttachReceiver::callSeenFromBothMuxers()
{
    m_session.reset();
    MuxerPair pair;
    QVERIFY(pair.connect(QStringLiteral("sensor-3")));
    // The client and the server's side of it: two connections.
    QTRY_COMPARE(m_session.connections()->rowCount(), 2);
    QTRY_COMPARE(m_session.connections()->openCount(), 2);
    // The server's side learns the id after it opened, so its IdChanged record may come later.
    const auto ids = [this] {
        QStringList ids;
        for (const ConnectionRecord &c : m_session.connections()->records())
            ids.append(c.id);
        return ids;
    };
    QTRY_COMPARE(ids(), (QStringList {QStringLiteral("sensor-3"), QStringLiteral("sensor-3")}));
    // The two ends of one link, known as such.
    const QList<ConnectionRecord> &records = m_session.connections()->records();
    QTRY_COMPARE(records.at(0).otherEnds, QList<int> {records.at(1).key});
    QCOMPARE(records.at(1).otherEnds, QList<int> {records.at(0).key});
    QCOMPARE(m_session.connections()->index(0, ConnectionModel::OtherEndColumn).data().toString(),
             QStringLiteral("#%1").arg(records.at(1).key));

    RequestCollector requests(pair.serverSide);
    QFuture<QByteArray> call = pair.client->rpc(6, "attach me", QBiMuxCallOptions().setTimeout(9s));
    QTRY_COMPARE(requests.size(), 1);
    // Each side sees the call: outgoing at the client, incoming at the server.
    QTRY_COMPARE(m_session.inflight()->rowCount(), 2);
    QTRY_COMPARE(m_session.frames()->rowCount(), 2);
    QList<QBiMux::Direction> directions;
    for (int row = 0; row < 2; ++row) {
        const FrameRecord &f = m_session.frames()->frame(row);
        QCOMPARE(f.flag, QBiMux::FrameFlag::Request);
        QCOMPARE(f.route, 6);
        QCOMPARE(f.payload, QByteArray("attach me"));
        QCOMPARE(f.timeoutMs, 9000u);
        directions.append(f.direction);
    }
    QVERIFY(directions.contains(QBiMux::Direction::Outgoing));
    QVERIFY(directions.contains(QBiMux::Direction::Incoming));

    requests.first().reply("attached");
    QVERIFY(waitForFinished(call));
    QTRY_COMPARE(m_session.frames()->rowCount(), 4);
    QTRY_COMPARE(m_session.inflight()->rowCount(), 0);
    m_session.routes()->refresh();
    QCOMPARE(m_session.routes()->stats(6, QBiMux::Direction::Outgoing)->calls, 1);
    QCOMPARE(m_session.routes()->stats(6, QBiMux::Direction::Incoming)->calls, 1);
    QVERIFY(m_session.routes()->stats(6, QBiMux::Direction::Outgoing)->p50 > 0);
    QCOMPARE(QBiMuxInspectorLink::droppedEventCount(), 0u);
}

void tst_AttachReceiver::closedConnectionsAreMarked()
{
    m_session.reset();
    {
        MuxerPair pair;
        QVERIFY(pair.connect());
        QTRY_COMPARE(m_session.connections()->openCount(), 2);
        QSignalSpy gone(pair.serverSide, &QBiMuxer::disconnected);
        pair.client->close(QWebSocketProtocol::CloseCodeNormal, QStringLiteral("bye"));
        QVERIFY(gone.wait(10000));
    }
    QTRY_COMPARE(m_session.connections()->openCount(), 0);
    for (const ConnectionRecord &c : m_session.connections()->records())
        QCOMPARE(c.closeReason, QStringLiteral("bye"));
}

void tst_AttachReceiver::streamSeenFromBothMuxers()
{
    m_session.reset();
    MuxerPair pair;
    pair.server->setStreamHandler(4, pair.server.get(), [](QBiMuxStream *stream) {
        QObject::connect(stream, &QIODevice::readChannelFinished, stream,
                         [stream] { stream->closeWrite(); });
    });
    QVERIFY(pair.connect());
    QBiMuxStream *stream = pair.client->openStream(4);
    stream->write("abc");
    stream->closeWrite();
    QVERIFY(QSignalSpy(stream, &QBiMuxStream::finished).wait(10000));
    QCOMPARE(stream->state(), QBiMux::StreamState::Finished);
    // The stream frames come with their flags, windows and from_acceptor: one stream seen
    // from each end, opened by the client.
    const auto seen = [&](QBiMux::Direction opener) -> const StreamModel::Stream * {
        for (const ConnectionRecord &c : m_session.connections()->records()) {
            if (const StreamModel::Stream *s
                = m_session.streams()->find({c.key, opener, stream->id()}))
                return s;
        }
        return nullptr;
    };
    QTRY_VERIFY(seen(QBiMux::Direction::Outgoing) && seen(QBiMux::Direction::Incoming));
    QTRY_COMPARE(seen(QBiMux::Direction::Outgoing)->state, StreamModel::State::Finished);
    QTRY_COMPARE(seen(QBiMux::Direction::Incoming)->state, StreamModel::State::Finished);
    QCOMPARE(seen(QBiMux::Direction::Outgoing)->route, 4);
    QCOMPARE(seen(QBiMux::Direction::Outgoing)->bytesOut, 3);
    QCOMPARE(seen(QBiMux::Direction::Incoming)->bytesIn, 3);
    // The server's window, less what the client sent.
    QCOMPARE(seen(QBiMux::Direction::Outgoing)->windowOut,
             pair.serverSide->settings().streamReceiveWindow() - 3);
}

void tst_AttachReceiver::rejectsStrangers()
{
    QTcpSocket stranger;
    stranger.connectToHost(QHostAddress::LocalHost, m_receiver.port());
    QVERIFY(stranger.waitForConnected(5000));
    stranger.write("GET / HTTP/1.1\r\n\r\n");
    QSignalSpy closed(&stranger, &QTcpSocket::disconnected);
    QVERIFY(closed.wait(10000)); // dropped for not speaking the protocol
    QCOMPARE(m_receiver.processes().size(), 1);
}

QTEST_GUILESS_MAIN(tst_AttachReceiver)
#include "tst_attachreceiver.moc"
