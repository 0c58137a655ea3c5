// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

// bimux-inspector-latency: how long the inspector's window takes to react to a key while
// frames pour in. The real window (WindowHost, the live context) listens for apps; an
// AttachFeeder thread attaches and writes frames at the rate asked for through a TCP
// socket; every 100-200 ms a key press is posted to a text field of the window (the
// frames' text filter, or Compose's payload), and the time from posting it to the end
// of its processing (the field's own handling and what it sets off, e.g. filtering the
// frames) is its latency. Prints the latencies, the worst stall of the event loop and the
// frames per second the window really took. The baseline, in the same run: first, for
// --idle-seconds, the same keys with no frames coming (the latency of the window and the
// machine themselves); the result gives the latencies under load as a ratio of those.
// docs/inspector.md, "Bounded memory, and speed", has the figures and how they were taken.
//
//   bimux-inspector-latency [--rate 300000] [--seconds 10] [--idle-seconds 3]
//                           [--field filter|compose] [--frame-limit 100000] [--json]

#include "attachfeeder.h"
#include "attachreceiver.h"
#include "composewidget.h"
#include "framesview.h"
#include "inspectorcontext.h"
#include "inspectorsession.h"
#include "mainwindow.h"
#include "windowhost.h"

#include <QtCore/qcommandlineparser.h>
#include <QtCore/qelapsedtimer.h>
#include <QtCore/qjsondocument.h>
#include <QtCore/qjsonobject.h>
#include <QtCore/qrandom.h>
#include <QtCore/qtimer.h>
#include <QtGui/qevent.h>
#include <QtGui/qinputdevice.h>
#include <QtWidgets/qapplication.h>
#include <QtWidgets/qlineedit.h>
#include <QtWidgets/qplaintextedit.h>

#include <QtCore/qmutex.h>
#include <QtCore/qthread.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <thread>

namespace {
QElapsedTimer g_clock;

// Times the key presses it posted, from posting to the end of their processing.
class KeyTimer : public QObject
{
public:
    explicit KeyTimer(QObject *target)
        : m_target(target)
        // Made here, in the GUI thread: the typist thread must not make Qt's keyboard.
        , m_keyboard(QInputDevice::primaryKeyboard())
    {
        target->installEventFilter(this);
    }

    // Thread-safe: a thread of its own types, as a keyboard would, whatever the GUI
    // thread is doing.
    void post()
    {
        QMutexLocker locker(&m_mutex);
        // Type a few letters, then take them back: the text keeps changing.
        static const int keys[] = {Qt::Key_A,         Qt::Key_B,         Qt::Key_C,
                                   Qt::Key_Backspace, Qt::Key_Backspace, Qt::Key_Backspace};
        const int key = keys[m_posted % 6];
        const QString text
            = key == Qt::Key_Backspace ? QString() : QString(QChar(u'a' + key - Qt::Key_A));
        m_postedAt.append(g_clock.nsecsElapsed());
        m_latencies.append(-1);
        // The sample's index rides in the native virtual key.
        QCoreApplication::postEvent(m_target,
                                    new QKeyEvent(QEvent::KeyPress, key, Qt::NoModifier, 0,
                                                  quint32(m_posted), 0, text, false, 1,
                                                  m_keyboard));
        QCoreApplication::postEvent(m_target,
                                    new QKeyEvent(QEvent::KeyRelease, key, Qt::NoModifier, 0,
                                                  quint32(m_posted), 0, text, false, 1,
                                                  m_keyboard));
        ++m_posted;
    }

    int posted() const
    {
        QMutexLocker locker(&m_mutex);
        return m_posted;
    }

    // The keys posted from `first` to before `end`: their latency, or for a key still
    // waiting at the end, how long it waited so far (a lower bound). `waiting` is set to how
    // many still waited.
    QList<double> latenciesMs(qsizetype first, qsizetype end, int *waiting) const
    {
        QMutexLocker locker(&m_mutex);
        QList<double> all;
        *waiting = 0;
        const qint64 now = g_clock.nsecsElapsed();
        for (qsizetype i = first; i < qMin(end, m_postedAt.size()); ++i) {
            if (m_latencies.value(i, -1) >= 0) {
                all.append(m_latencies.at(i));
            } else {
                all.append(double(now - m_postedAt.at(i)) / 1e6);
                ++*waiting;
            }
        }
        return all;
    }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (watched != m_target || event->type() != QEvent::KeyPress)
            return false;
        const auto *key = static_cast<QKeyEvent *>(event);
        const qsizetype index = qsizetype(key->nativeVirtualKey());
        // Processed here, so that the time includes all of it.
        m_target->event(event);
        const qint64 done = g_clock.nsecsElapsed();
        QMutexLocker locker(&m_mutex);
        if (index < m_postedAt.size())
            m_latencies[index] = double(done - m_postedAt.at(index)) / 1e6;
        return true;
    }

private:
    QObject *m_target;
    const QInputDevice *m_keyboard;
    QList<qint64> m_postedAt;
    QList<double> m_latencies;
    int m_posted = 0;
    mutable QMutex m_mutex;
};

double percentile(QList<double> values, double q)
{
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    return values.at(qMin<qsizetype>(values.size() - 1, qsizetype(q * double(values.size()))));
}

struct Latencies
{
    int keys = 0;
    int waiting = 0;
    double median = 0;
    double p95 = 0;
    double max = 0;
};

Latencies summarize(const QList<double> &latencies, int waiting)
{
    return {int(latencies.size()), waiting, percentile(latencies, 0.5), percentile(latencies, 0.95),
            percentile(latencies, 1.0)};
}

double ratio(double underLoad, double idle)
{
    return idle > 0 ? underLoad / idle : 0;
}
} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("The inspector's input latency under load."));
    parser.addHelpOption();
    const QCommandLineOption rateOption(QStringLiteral("rate"), QStringLiteral("Frames/s fed."),
                                        QStringLiteral("n"), QStringLiteral("300000"));
    const QCommandLineOption secondsOption(QStringLiteral("seconds"),
                                           QStringLiteral("Seconds measured (after 2 s of load)."),
                                           QStringLiteral("s"), QStringLiteral("10"));
    const QCommandLineOption idleOption(
        QStringLiteral("idle-seconds"),
        QStringLiteral("Seconds of the same keys without frames first, the baseline (0: none)."),
        QStringLiteral("s"), QStringLiteral("3"));
    const QCommandLineOption fieldOption(
        QStringLiteral("field"), QStringLiteral("filter (the frames' text filter) or compose."),
        QStringLiteral("name"), QStringLiteral("filter"));
    const QCommandLineOption limitOption(QStringLiteral("frame-limit"),
                                         QStringLiteral("Frames kept."), QStringLiteral("n"),
                                         QStringLiteral("100000"));
    const QCommandLineOption jsonOption(QStringLiteral("json"),
                                        QStringLiteral("One line of JSON."));
    parser.addOptions(
        {rateOption, secondsOption, idleOption, fieldOption, limitOption, jsonOption});
    parser.process(app);
    const int rate = parser.value(rateOption).toInt();
    const int seconds = qBound(1, parser.value(secondsOption).toInt(), 600);
    const int idleSeconds = qBound(0, parser.value(idleOption).toInt(), 60);
    // The phases, in ms from the start: keys without frames (the baseline) until
    // `loadStart`, when the feeder starts; 2 s for the ring to fill and the load to settle;
    // keys under load from `measureStart` to `end`.
    const qint64 loadStart = qint64(idleSeconds) * 1000;
    const qint64 measureStart = loadStart + 2000;
    const qint64 end = measureStart + qint64(seconds) * 1000;
    const bool compose = parser.value(fieldOption) == QLatin1String("compose");

    g_clock.start();
    InspectorContext context;
    WindowHost host(&context);
    MainWindow *window = host.window();
    window->setFrameLimit(parser.value(limitOption).toInt());
    window->resize(1600, 1000);
    window->show();
    if (!context.attach()->listen(QHostAddress::LocalHost, 0)) {
        std::fprintf(stderr, "cannot listen for the feeder\n");
        return 1;
    }
    QObject *target = window->framesView()->textFilter();
    if (compose) {
        window->tabs()->setCurrentWidget(window->composeWidget());
        target = window->composeWidget()->payloadEdit();
    }
    static_cast<QWidget *>(target)->setFocus();

    AttachFeeder feeder(context.attach()->port(), rate);
    QTimer::singleShot(loadStart, &app, [&feeder] { feeder.start(); });
    KeyTimer keys(target);
    qint64 worstStallMs = 0;
    qint64 lastProbe = -1;
    QTimer probe;
    probe.setTimerType(Qt::PreciseTimer);
    QObject::connect(&probe, &QTimer::timeout, &app, [&] {
        const qint64 now = g_clock.elapsed();
        if (lastProbe >= 0 && now > measureStart)
            worstStallMs = qMax(worstStallMs, now - lastProbe - 10);
        lastProbe = now;
    });
    probe.start(10);
    quint64 framesAtStart = 0;
    qint64 startMs = 0;
    std::atomic<bool> typing {true};
    QTimer::singleShot(measureStart, &app, [&] {
        framesAtStart = context.session()->frames()->totalFrames();
        startMs = g_clock.elapsed();
    });
    // The typist: a key every 100-200 ms, from its own thread, in both phases; a key is
    // posted only if its phase has time left to process it.
    std::atomic<int> idleKeys {0};
    std::thread typist([&] {
        const auto typeUntil = [&](qint64 until) {
            while (typing && g_clock.elapsed() < until - 200) {
                keys.post();
                QThread::msleep(100 + QRandomGenerator::global()->bounded(100));
            }
        };
        QThread::msleep(300); // the window shows first
        typeUntil(loadStart);
        idleKeys = keys.posted();
        while (typing && g_clock.elapsed() < measureStart + 100)
            QThread::msleep(10);
        typeUntil(end);
    });
    QTimer::singleShot(end, &app, [&] { app.quit(); });
    app.exec();
    typing = false;
    typist.join();
    const double elapsedS = double(g_clock.elapsed() - startMs) / 1000.0;
    const double taken
        = double(context.session()->frames()->totalFrames() - framesAtStart) / elapsedS;
    int waiting = 0;
    const Latencies idle = summarize(keys.latenciesMs(0, idleKeys, &waiting), waiting);
    const Latencies load = summarize(keys.latenciesMs(idleKeys, keys.posted(), &waiting), waiting);
    feeder.stop();
    feeder.wait();

    if (parser.isSet(jsonOption)) {
        const auto toJson = [](const Latencies &l) {
            QJsonObject o;
            o[QStringLiteral("keys")] = l.keys;
            o[QStringLiteral("keysNotProcessed")] = l.waiting;
            o[QStringLiteral("medianMs")] = l.median;
            o[QStringLiteral("p95Ms")] = l.p95;
            o[QStringLiteral("maxMs")] = l.max;
            return o;
        };
        QJsonObject o;
        o[QStringLiteral("rateAsked")] = rate;
        o[QStringLiteral("framesPerSecond")] = taken;
        o[QStringLiteral("field")] = compose ? QStringLiteral("compose") : QStringLiteral("filter");
        o[QStringLiteral("idle")] = toJson(idle);
        o[QStringLiteral("load")] = toJson(load);
        o[QStringLiteral("medianRatio")] = ratio(load.median, idle.median);
        o[QStringLiteral("p95Ratio")] = ratio(load.p95, idle.p95);
        o[QStringLiteral("worstStallMs")] = double(worstStallMs);
        std::printf("%s\n", QJsonDocument(o).toJson(QJsonDocument::Compact).constData());
    } else {
        std::printf("fed %d frames/s for %d s, the window took %.0f frames/s (%s, platform %s)\n",
                    rate, seconds, taken,
                    compose ? "typing in Compose" : "typing in the text filter",
                    qPrintable(QGuiApplication::platformName()));
        if (idle.keys) {
            std::printf("without frames (baseline, %d s): %d key presses, latency median %.1f ms, "
                        "p95 %.1f ms, max %.1f ms\n",
                        idleSeconds, idle.keys, idle.median, idle.p95, idle.max);
        }
        std::printf("under load: %d key presses (%d still unprocessed at the end, counted as "
                    "waiting until then), latency median %.1f ms, p95 %.1f ms, max %.1f ms; "
                    "worst event-loop stall %lld ms\n",
                    load.keys, load.waiting, load.median, load.p95, load.max, worstStallMs);
        if (idle.keys) {
            std::printf("under load / baseline: median x%.1f, p95 x%.1f\n",
                        ratio(load.median, idle.median), ratio(load.p95, idle.p95));
        }
    }
    return feeder.failed() ? 2 : 0;
}
