// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "muxerpair.h"

#include <QBiMuxInspectorLink>
#include <QtCore/qdatastream.h>
#include <QtCore/qelapsedtimer.h>
#include <QtCore/qregularexpression.h>
#include <QtCore/qset.h>
#include <QtNetwork/qtcpserver.h>
#include <QtNetwork/qtcpsocket.h>
#include <QtTest/qtest.h>

using namespace std::chrono_literals;

// The library side of attach mode: only an inspector on this machine unless allowed
// otherwise, detaching, and when no inspector answers, muxers go on at full speed and the
// link counts what it could not deliver.
class tst_QBiMuxInspectorLink : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void remoteInspectorNeedsConsent();
    void detachStopsPublishing();
    void absentInspectorDropsAndCounts();

private:
    // The muxer keys of the records an attached process sent (docs/inspector.md).
    static QSet<quint64> muxersIn(const QByteArray &stream);
};

void tst_QBiMuxInspectorLink::initTestCase()
{
    // Read by the first muxer of the process: another machine, without consent.
    qputenv("BIMUXQT_INSPECT", "192.0.2.1:7631");
}

void tst_QBiMuxInspectorLink::remoteInspectorNeedsConsent()
{
    const QRegularExpression refused(QStringLiteral("not publishing .* not this machine"));
    QTest::ignoreMessage(QtWarningMsg, refused);
    MuxerPair pair;
    QVERIFY(pair.connect());
    QVERIFY(!QBiMuxInspectorLink::isAttached());
    QCOMPARE(QBiMuxInspectorLink::droppedEventCount(), 0u);

    QTest::ignoreMessage(QtWarningMsg, refused);
    QVERIFY(!QBiMuxInspectorLink::attach(QStringLiteral("192.0.2.1"), 7631));
    QTest::ignoreMessage(QtWarningMsg, refused);
    QVERIFY(!QBiMuxInspectorLink::attach(QStringLiteral("inspector.example.com"), 7631));
    QVERIFY(!QBiMuxInspectorLink::isAttached());
    // With consent it is allowed.
    QVERIFY(QBiMuxInspectorLink::attach(QStringLiteral("192.0.2.1"), 7631,
                                        QBiMuxInspectorLink::HostPolicy::AllowRemote));
    QVERIFY(QBiMuxInspectorLink::isAttached());
    QBiMuxInspectorLink::detach();
    QVERIFY(!QBiMuxInspectorLink::isAttached());
    // This machine, as an address in brackets too.
    QVERIFY(QBiMuxInspectorLink::attach(QStringLiteral("[::1]"), 7631));
    QBiMuxInspectorLink::detach();
}

QSet<quint64> tst_QBiMuxInspectorLink::muxersIn(const QByteArray &stream)
{
    QSet<quint64> muxers;
    QDataStream in(stream);
    in.setVersion(QDataStream::Qt_6_4);
    while (!in.atEnd()) {
        quint32 size = 0;
        in >> size;
        const QByteArray body = stream.mid(in.device()->pos(), size);
        in.skipRawData(int(size));
        QDataStream record(body);
        record.setVersion(QDataStream::Qt_6_4);
        quint8 type = 0;
        quint64 muxer = 0;
        record >> type >> muxer;
        if (type >= 2 && type <= 5) // Opened, IdChanged, Closed, Frame
            muxers.insert(muxer);
    }
    return muxers;
}

void tst_QBiMuxInspectorLink::detachStopsPublishing()
{
    QTcpServer inspector;
    QVERIFY(inspector.listen(QHostAddress::LocalHost, 0));
    QVERIFY(QBiMuxInspectorLink::attach(QStringLiteral("localhost"), inspector.serverPort()));
    QVERIFY(inspector.waitForNewConnection(10000));
    std::unique_ptr<QTcpSocket> first(inspector.nextPendingConnection());
    MuxerPair before;
    QVERIFY(before.connect());
    const auto beforeKey = quint64(quintptr(before.client.get()));
    QByteArray firstStream;
    QTRY_VERIFY_WITH_TIMEOUT(muxersIn(firstStream += first->readAll()).contains(beforeKey), 10000);

    // Detached: the inspector's connection closes; the muxers go on unobserved.
    QBiMuxInspectorLink::detach();
    QVERIFY(!QBiMuxInspectorLink::isAttached());
    QTRY_COMPARE_WITH_TIMEOUT(first->state(), QAbstractSocket::UnconnectedState, 10000);
    before.serverSide->setRequestHandler(1, this, [](const QByteArray &data) { return data; });
    QFuture<QByteArray> call = before.client->rpc(1, "still works");
    QVERIFY(waitForFinished(call));
    QCOMPARE(call.result(), QByteArray("still works"));

    // Attached anew: only muxers created from then on publish, and the earlier ones,
    // which make calls first, are not among them.
    QVERIFY(QBiMuxInspectorLink::attach(QStringLiteral("127.0.0.1"), inspector.serverPort()));
    QVERIFY(inspector.waitForNewConnection(10000));
    std::unique_ptr<QTcpSocket> second(inspector.nextPendingConnection());
    QFuture<QByteArray> oldCall = before.client->rpc(1, "unobserved");
    QVERIFY(waitForFinished(oldCall));
    MuxerPair after;
    QVERIFY(after.connect());
    const auto afterKey = quint64(quintptr(after.client.get()));
    QByteArray secondStream;
    QTRY_VERIFY_WITH_TIMEOUT(muxersIn(secondStream += second->readAll()).contains(afterKey), 10000);
    const QSet<quint64> published = muxersIn(secondStream);
    QVERIFY(!published.contains(beforeKey));
    QVERIFY(!published.contains(quint64(quintptr(before.serverSide))));
    QBiMuxInspectorLink::detach();
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
        calls.append(
            pair.client->rpc(1, QByteArray::number(i), QBiMuxCallOptions().setTimeout(10s)));
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
