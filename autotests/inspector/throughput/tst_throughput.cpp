// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "framesview.h"
#include "inspectorcontext.h"
#include "inspectorsession.h"
#include "mainwindow.h"

#include "shared_frames.h"

#include <QtCore/qelapsedtimer.h>
#include <QtCore/qfile.h>
#include <QtTest/qtest.h>
#include <QtWidgets/qtableview.h>

// 20,000 frames/s into a shown window: every frame is counted, memory stays at the
// limit, and the GUI thread never stalls for long. Prints what it measured.
class tst_Throughput : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void twentyThousandFramesPerSecond();
    void asFastAsPossible();
    void memoryStaysAtTheLimit();
};

// Resident memory of this process, in bytes; 0 where /proc is not there.
static qint64 residentBytes()
{
    QFile statm(QStringLiteral("/proc/self/statm"));
    if (!statm.open(QIODevice::ReadOnly))
        return 0;
    const QList<QByteArray> fields = statm.readAll().split(' ');
    return fields.size() > 1 ? fields.at(1).toLongLong() * 4096 : 0;
}

// Feeds `rate` frames/s for `seconds` from the GUI thread (as the proxy and the attach
// receiver do), while a probe timer measures how late the event loop gets.
struct Load
{
    quint64 fed = 0;
    qint64 worstStallMs = 0;
};

static Load feed(InspectorSession *session, int rate, int seconds)
{
    const int connection = session->openConnection(QStringLiteral("load"), QString(), QString());
    Load load;
    QElapsedTimer clock;
    clock.start();
    QTimer feeder;
    feeder.setTimerType(Qt::PreciseTimer);
    quint64 number = 0;
    QObject::connect(&feeder, &QTimer::timeout, &feeder, [&] {
        // Catch up with the clock: the rate holds even when a tick comes late.
        const quint64 due = quint64(clock.elapsed()) * quint64(rate) / 1000;
        while (load.fed < due) {
            ++number;
            const bool request = number % 2;
            session->addFrame(makeFrame(
                connection, request ? Out : In, request ? Request : Response, (number + 1) / 2,
                qint32(number % 16), "payload of a typical size", clock.nsecsElapsed()));
            ++load.fed;
        }
    });
    QTimer probe;
    probe.setTimerType(Qt::PreciseTimer);
    qint64 lastProbe = 0;
    QObject::connect(&probe, &QTimer::timeout, &probe, [&] {
        const qint64 now = clock.elapsed();
        load.worstStallMs = qMax(load.worstStallMs, now - lastProbe - 10);
        lastProbe = now;
    });
    feeder.start(5);
    probe.start(10);
    while (clock.elapsed() < seconds * 1000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    return load;
}

void tst_Throughput::twentyThousandFramesPerSecond()
{
    InspectorContext context;
    MainWindow window(&context);
    window.setFrameLimit(50000);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    InspectorSession *session = context.session();

    const Load load = feed(session, 20000, 4);
    session->flush();
    const FrameModel *frames = session->frames();
    qInfo("fed %llu frames in 4 s (%llu/s); worst GUI stall %lld ms; kept %d (limit %d)", load.fed,
          load.fed / 4, load.worstStallMs, frames->rowCount(), frames->frameLimit());
    QVERIFY(load.fed >= 79000); // the feeder kept up: 20,000/s
    QCOMPARE(frames->totalFrames(), load.fed);
    QCOMPARE(frames->rowCount(), 50000); // bounded by the limit
    QCOMPARE(frames->evictedFrames(), load.fed - 50000);
    QCOMPARE(window.framesView()->table()->model()->rowCount(), 50000);
    // Responsive: no stall a user would notice as a frozen window (generous for Debug
    // builds on a loaded CI machine).
    QVERIFY2(load.worstStallMs < 400, qPrintable(QString::number(load.worstStallMs)));
}

void tst_Throughput::asFastAsPossible()
{
    InspectorContext context;
    MainWindow window(&context);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    InspectorSession *session = context.session();
    const int connection = session->openConnection(QStringLiteral("load"), QString(), QString());
    QElapsedTimer clock;
    clock.start();
    quint64 fed = 0;
    // Batches of 1,000 with the event loop (flushes, painting) run in between.
    while (clock.elapsed() < 3000) {
        for (int i = 0; i < 1000; ++i, ++fed)
            session->addFrame(
                makeFrame(connection, Out, Oneway, fed, 1, "payload of a typical size"));
        QCoreApplication::processEvents();
    }
    session->flush();
    const double perSecond = double(fed) * 1000.0 / double(clock.elapsed());
    qInfo("saturated: %.0f frames/s through session, models and a shown window", perSecond);
    QCOMPARE(session->frames()->totalFrames(), fed);
    QVERIFY(perSecond > 20000);
}

void tst_Throughput::memoryStaysAtTheLimit()
{
    if (residentBytes() == 0)
        QSKIP("needs /proc/self/statm");
    InspectorSession session;
    constexpr int Limit = 100000;
    session.frames()->setFrameLimit(Limit);
    const int connection = session.openConnection(QStringLiteral("load"), QString(), QString());
    const QByteArray payload(100, 'p');
    quint64 number = 0;
    auto feedFrames = [&](int count) {
        for (int i = 0; i < count; ++i) {
            // A payload of its own per frame, as from the network.
            session.addFrame(makeFrame(connection, Out, Oneway, ++number, 1,
                                       QByteArray(payload.constData(), payload.size())));
            if (i % 5000 == 0)
                session.flush();
        }
        session.flush();
    };
    const qint64 before = residentBytes();
    feedFrames(Limit); // the ring fills up
    const qint64 full = residentBytes();
    feedFrames(4 * Limit); // and turns over four times
    const qint64 after = residentBytes();
    qInfo("frame limit %d, 100-byte payloads: %.1f MiB to fill (%lld bytes/frame); "
          "%.1f MiB more after 400,000 more frames",
          Limit, double(full - before) / (1 << 20), (full - before) / Limit,
          double(after - full) / (1 << 20));
    QCOMPARE(session.frames()->rowCount(), Limit);
    QVERIFY((full - before) / Limit < 1024); // well under 1 KiB a frame
    QVERIFY2(after - full < (full - before) / 5, "memory grows past the limit");
}

QTEST_MAIN(tst_Throughput)
#include "tst_throughput.moc"
