#include "muxerpair.h"

#include <QtTest/qtest.h>

using namespace std::chrono_literals;

class tst_QBiMuxer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rpcBothDirections();
};

void tst_QBiMuxer::rpcBothDirections()
{
    MuxerPair pair;
    QVERIFY(pair.connect());
    pair.serverSide->setRequestHandler(1, this, [](const QByteArray &data) { return "server:" + data; });
    pair.client->setRequestHandler(2, this, [](const QByteArray &data) { return "client:" + data; });

    QFuture<QByteArray> toServer = pair.client->rpc(1, "ping");
    QFuture<QByteArray> toClient = pair.serverSide->rpc(2, "pong");
    QVERIFY(waitForFinished(toServer));
    QVERIFY(waitForFinished(toClient));
    QCOMPARE(toServer.result(), QByteArray("server:ping"));
    QCOMPARE(toClient.result(), QByteArray("client:pong"));
}

QTEST_MAIN(tst_QBiMuxer)
#include "tst_qbimuxer.moc"
