// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "inspectorcontext.h"
#include "inspectorsession.h"
#include "mainwindow.h"
#include "observertap.h"
#include "proxyserver.h"
#include "routemodel.h"
#include "sortrole.h"
#include "streammodel.h"

#include "echostream.h"
#include "muxerpair.h"
#include "settingsfile.h"

#include <QBiMuxStream>

#include <QtTest/qsignalspy.h>
#include <QtTest/qtest.h>
#include <QtWidgets/qtableview.h>
#include <QtWidgets/qtabwidget.h>

using namespace std::chrono_literals;

namespace {
constexpr qint32 EchoRoute = 7; // the server echoes and ends its data after the client's
constexpr qint32 HoldRoute = 8; // the server keeps the stream and reads nothing
constexpr qint32 NoRoute = 9; // no handler: refused

// The row of the stream on `route` (the newest, if several), or -1.
int rowOf(const QAbstractItemModel *model, qint32 route)
{
    for (int row = model->rowCount() - 1; row >= 0; --row) {
        if (model->index(row, StreamModel::RouteColumn).data(SortRole).toLongLong() == route)
            return row;
    }
    return -1;
}

QVariant cell(const QAbstractItemModel *model, qint32 route, int column, int role = SortRole)
{
    const int row = rowOf(model, route);
    return row < 0 ? QVariant() : model->index(row, column).data(role);
}

QString stateOf(const QAbstractItemModel *model, qint32 route)
{
    return cell(model, route, StreamModel::StateColumn, Qt::DisplayRole).toString();
}

void serveRoutes(QBiMuxServer *server, QList<QPointer<QBiMuxStream>> *held)
{
    server->setStreamHandler(EchoRoute, server, echoStream);
    server->setStreamHandler(HoldRoute, server,
                             [held](QBiMuxStream *stream) { held->append(stream); });
}
} // namespace

// The Streams tab (issue 15): one row per stream with its id, route, opener, state, bytes
// and windows each way and age, built from the stream frames real muxers exchange, through
// the proxy (the wire decoder) and through an observer in the process.
class tst_StreamsView : public QObject
{
    Q_OBJECT

private:
    SettingsFile m_settings;

private Q_SLOTS:
    void proxiedStreamsShowTheirLife();
    void acceptingSideSeesThePeersStreams();
};

void tst_StreamsView::proxiedStreamsShowTheirLife()
{
    InspectorContext context;
    MainWindow window(&context);
    window.show();
    QBiMuxServer server;
    // The held stream's window: what the client may send it before the server reads.
    constexpr qint64 ServerWindow = 64 * 1024;
    server.setSettings(server.settings().setStreamReceiveWindow(ServerWindow));
    QList<QPointer<QBiMuxStream>> held;
    serveRoutes(&server, &held);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    QVERIFY(window.startProxy(0, server.serverUrl()));
    QBiMuxer client;
    QSignalSpy connected(&client, &QBiMuxer::connected);
    client.open(context.proxy()->url());
    QVERIFY(connected.wait(10000));

    // There and back: 100,000 bytes each way, both sides end their data. The first stream
    // of the link, opened as soon as the proxy accepted the client, before it has dialed
    // the server: the proxy's QWebSocket answers the client's pings itself, but the probe
    // is answered by the server (docs/streams.md, "Behind a WebSocket proxy").
    QBiMuxStream *echo = client.openStream(EchoRoute);
    QByteArray echoed;
    connect(echo, &QIODevice::readyRead, this, [&] { echoed += echo->readAll(); });
    QCOMPARE(echo->write(QByteArray(100000, 'e')), 100000);
    echo->closeWrite();
    QSignalSpy echoFinished(echo, &QBiMuxStream::finished);
    QVERIFY(echoFinished.wait(10000));
    QVERIFY2(echo->status().isOk(), qPrintable(echo->errorString()));
    QCOMPARE(echoed.size(), 100000);
    // Before it, the client asked the server whether it speaks streams: the routes table
    // names that call.
    const RouteModel *routes = context.session()->routes();
    QTRY_VERIFY(routes->rowOf(RouteModel::StreamsProbeRoute, QBiMux::Direction::Outgoing) >= 0);
    QCOMPARE(routes
                 ->index(routes->rowOf(RouteModel::StreamsProbeRoute, QBiMux::Direction::Outgoing),
                         RouteModel::NameColumn)
                 .data()
                 .toString(),
             QStringLiteral("(streams probe)"));

    // A stream whose reader reads nothing: one window of the client's data crosses.
    QBiMuxStream *stalled = client.openStream(HoldRoute);
    QCOMPARE(stalled->write(QByteArray(200000, 'h')), 200000);
    QTRY_COMPARE(held.size(), 1);
    QTRY_COMPARE(held.first()->bytesAvailable(), ServerWindow);

    // No handler on the server: refused.
    QBiMuxStream *refused = client.openStream(NoRoute);
    QVERIFY(QSignalSpy(refused, &QBiMuxStream::finished).wait(10000));

    const QAbstractItemModel *model = window.streamsView()->model();
    QTRY_COMPARE(model->rowCount(), 3);
    // The proxy's out side is the client's: it opened all three.
    for (qint32 route : {EchoRoute, HoldRoute, NoRoute}) {
        QCOMPARE(cell(model, route, StreamModel::OpenerColumn).toInt(),
                 int(QBiMux::Direction::Outgoing));
        QCOMPARE(cell(model, route, StreamModel::ConnectionColumn).toInt(), 1);
    }
    QCOMPARE(cell(model, EchoRoute, StreamModel::IdColumn).toULongLong(), echo->id());
    QCOMPARE(cell(model, HoldRoute, StreamModel::IdColumn).toULongLong(), stalled->id());

    QTRY_COMPARE(stateOf(model, EchoRoute), QStringLiteral("finished"));
    QCOMPARE(cell(model, EchoRoute, StreamModel::BytesOutColumn).toLongLong(), 100000);
    QCOMPARE(cell(model, EchoRoute, StreamModel::BytesInColumn).toLongLong(), 100000);

    QTRY_COMPARE(cell(model, HoldRoute, StreamModel::BytesOutColumn).toLongLong(), ServerWindow);
    QCOMPARE(stateOf(model, HoldRoute), QStringLiteral("open"));
    QCOMPARE(cell(model, HoldRoute, StreamModel::BytesInColumn).toLongLong(), 0);
    // The client used the server's whole window; the server may send the client's.
    QCOMPARE(cell(model, HoldRoute, StreamModel::WindowOutColumn).toLongLong(), 0);
    QCOMPARE(cell(model, HoldRoute, StreamModel::WindowInColumn).toLongLong(),
             stalled->receiveWindow());
    QCOMPARE(cell(model, HoldRoute, StreamModel::WindowOutColumn, Qt::DisplayRole).toString(),
             QLocale().formattedDataSize(0));

    QCOMPARE(stateOf(model, NoRoute), QStringLiteral("refused (UNIMPLEMENTED)"));
    QVERIFY(cell(model, NoRoute, StreamModel::StateColumn, Qt::ToolTipRole)
                .toString()
                .contains(QStringLiteral("no stream handler for route 9")));

    const QTabWidget *tabs = window.tabs();
    QTRY_COMPARE(tabs->tabText(tabs->indexOf(window.streamsView())),
                 QStringLiteral("Streams (1 open)"));

    // Reading lets more of the client's data cross: the counters follow.
    held.first()->read(ServerWindow);
    QTRY_VERIFY(cell(model, HoldRoute, StreamModel::BytesOutColumn).toLongLong() > ServerWindow);

    // The server aborts it with a code: the row says so.
    held.first()->abort(QBiMux::StatusCode::PermissionDenied, QStringLiteral("enough"));
    QTRY_COMPARE(stateOf(model, HoldRoute), QStringLiteral("reset (PERMISSION_DENIED)"));
    QCOMPARE(cell(model, HoldRoute, StreamModel::StateColumn, Qt::ToolTipRole).toString(),
             QStringLiteral("PERMISSION_DENIED: enough"));
    // An ended stream's age stops.
    const qint64 age = cell(model, HoldRoute, StreamModel::AgeColumn).toLongLong();
    QTest::qWait(50);
    context.session()->flush();
    QCOMPARE(cell(model, HoldRoute, StreamModel::AgeColumn).toLongLong(), age);

    // A stream open when the link goes ends with it.
    QBiMuxStream *last = client.openStream(HoldRoute);
    QVERIFY(QSignalSpy(last, &QBiMuxStream::opened).wait(10000));
    QTRY_COMPARE(tabs->tabText(tabs->indexOf(window.streamsView())),
                 QStringLiteral("Streams (1 open)"));
    client.close();
    QTRY_COMPARE(stateOf(model, HoldRoute), QStringLiteral("lost with the link"));
    QCOMPARE(model->rowCount(), 4);
    QTRY_COMPARE(tabs->tabText(tabs->indexOf(window.streamsView())),
                 QStringLiteral("Streams (0 open)"));
}

void tst_StreamsView::acceptingSideSeesThePeersStreams()
{
    // An observer on the server's end of the link (as in attach mode): the client's
    // stream is the peer's, and what the client sends comes in.
    MuxerPair pair;
    QList<QPointer<QBiMuxStream>> held;
    serveRoutes(pair.server.get(), &held);
    QVERIFY(pair.connect());
    InspectorSession session;
    ObserverTap tap(&session, QStringLiteral("test"));
    pair.serverSide->addObserver(&tap);
    QBiMuxStream *stream = pair.client->openStream(EchoRoute);
    stream->write("hello");
    stream->closeWrite();
    QVERIFY(QSignalSpy(stream, &QBiMuxStream::finished).wait(10000));

    session.flush();
    const StreamModel *model = session.streams();
    QCOMPARE(model->rowCount(), 1);
    QCOMPARE(cell(model, EchoRoute, StreamModel::OpenerColumn).toInt(),
             int(QBiMux::Direction::Incoming));
    QCOMPARE(cell(model, EchoRoute, StreamModel::BytesInColumn).toLongLong(), 5);
    QCOMPARE(cell(model, EchoRoute, StreamModel::BytesOutColumn).toLongLong(), 5);
    QCOMPARE(stateOf(model, EchoRoute), QStringLiteral("finished"));
    pair.serverSide->removeObserver(&tap);
}

QTEST_MAIN(tst_StreamsView)
#include "tst_streamsview.moc"
