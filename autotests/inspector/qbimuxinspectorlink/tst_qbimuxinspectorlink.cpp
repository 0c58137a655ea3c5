#include "muxerpair.h"

#include <QBiMuxInspectorLink>
#include <QtCore/qelapsedtimer.h>
#include <QtNetwork/qtcpserver.h>
#include <QtTest/qtest.h>

using namespace std::chrono_literals;

// The library side of attach mode when no inspector answers: muxers go on at full speed
// and the link counts what it could not deliver.
class tst_QBiMuxInspectorLink : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void unattachedProcessPublishesNothing();
    void absentInspectorDropsAndCounts();
};

void tst_QBiMuxInspectorLink::unattachedProcessPublishesNothing()
{
    QVERIFY(qEnvironmentVariableIsEmpty("BIMUXQT_INSPECT"));
    MuxerPair pair;
    QVERIFY(pair.connect());
    QVERIFY(!QBiMuxInspectorLink::isAttached());
    QCOMPARE(QBiMuxInspectorLink::droppedEventCount(), 0u);
}

void tst_QBiMuxInspectorLink::absentInspectorDropsAndCounts()
{
    // A port nobody listens on.
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const quint16 deadPort = probe.serverPort();
    probe.close();
    QVERIFY(QBiMuxInspectorLink::attach(QStringLiteral("127.0.0.1"), deadPort));

    MuxerPair pair;
    QVERIFY(pair.connect());
    pair.serverSide->setRequestHandler(1, this, [](const QByteArray &data) { return data; });
    QElapsedTimer clock;
    clock.start();
    QList<QFuture<QByteArray>> calls;
    for (int i = 0; i < 2000; ++i)
        calls.append(pair.client->rpc(1, QByteArray::number(i), 10s));
    for (const QFuture<QByteArray> &call : std::as_const(calls))
        QVERIFY(waitForFinished(call));
    QCOMPARE(calls.last().result(), QByteArray("1999"));
    // 8,000 frame events and a few connection events, none delivered: all counted.
    QTRY_VERIFY(QBiMuxInspectorLink::droppedEventCount() >= 8000);
    qInfo("2000 calls in %lld ms with an absent inspector; %llu events dropped", clock.elapsed(),
          QBiMuxInspectorLink::droppedEventCount());
}

QTEST_GUILESS_MAIN(tst_QBiMuxInspectorLink)
#include "tst_qbimuxinspectorlink.moc"
