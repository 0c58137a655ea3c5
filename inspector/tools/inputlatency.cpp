// bimux-inspector-latency: how long the inspector's window takes to react to a key while
// frames pour in. The real window (WindowHost, the live context) listens for apps; an
// AttachFeeder thread attaches and writes frames at the rate asked for through a TCP
// socket; every 100-200 ms a key press is posted to a text field of the window (the
// frames' text filter, or Compose's payload), and the time from posting it to the end
// of its processing (the field's own handling and what it sets off, e.g. filtering the
// frames) is its latency. Prints the latencies, the worst stall of the event loop and the
// frames per second the window really took. docs/inspector.md, "Bounded memory, and
// speed", has the figures and how they were taken.
//
//   bimux-inspector-latency [--rate 300000] [--seconds 10] [--field filter|compose]
//                           [--frame-limit 100000] [--json]

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

    // Every key posted: its latency, or for a key still waiting at the end, how long it
    // waited so far (a lower bound). `waiting` is set to how many still waited.
    QList<double> latenciesMs(int *waiting) const
    {
        QMutexLocker locker(&m_mutex);
        QList<double> all;
        *waiting = 0;
        const qint64 now = g_clock.nsecsElapsed();
        for (qsizetype i = 0; i < m_postedAt.size(); ++i) {
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
    const QCommandLineOption fieldOption(
        QStringLiteral("field"), QStringLiteral("filter (the frames' text filter) or compose."),
        QStringLiteral("name"), QStringLiteral("filter"));
    const QCommandLineOption limitOption(QStringLiteral("frame-limit"),
                                         QStringLiteral("Frames kept."), QStringLiteral("n"),
                                         QStringLiteral("100000"));
    const QCommandLineOption jsonOption(QStringLiteral("json"),
                                        QStringLiteral("One line of JSON."));
    parser.addOptions({rateOption, secondsOption, fieldOption, limitOption, jsonOption});
    parser.process(app);
    const int rate = parser.value(rateOption).toInt();
    const int seconds = qBound(1, parser.value(secondsOption).toInt(), 600);
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
    feeder.start();
    KeyTimer keys(target);
    qint64 worstStallMs = 0;
    qint64 lastProbe = -1;
    QTimer probe;
    probe.setTimerType(Qt::PreciseTimer);
    QObject::connect(&probe, &QTimer::timeout, &app, [&] {
        const qint64 now = g_clock.elapsed();
        if (lastProbe >= 0 && now > 2000)
            worstStallMs = qMax(worstStallMs, now - lastProbe - 10);
        lastProbe = now;
    });
    probe.start(10);
    quint64 framesAtStart = 0;
    qint64 startMs = 0;
    std::atomic<bool> typing {true};
    // 2 s for the ring to fill and the load to settle, then the measurement.
    QTimer::singleShot(2000, &app, [&] {
        framesAtStart = context.session()->frames()->totalFrames();
        startMs = g_clock.elapsed();
    });
    // The typist: a key every 100-200 ms, from its own thread, from 2 s on.
    std::thread typist([&] {
        QThread::msleep(2100);
        const qint64 end = 2000 + qint64(seconds) * 1000;
        while (typing && g_clock.elapsed() < end - 200) {
            keys.post();
            QThread::msleep(100 + QRandomGenerator::global()->bounded(100));
        }
    });
    QTimer::singleShot(2000 + seconds * 1000, &app, [&] { app.quit(); });
    app.exec();
    typing = false;
    typist.join();
    const double elapsedS = double(g_clock.elapsed() - startMs) / 1000.0;
    const double taken
        = double(context.session()->frames()->totalFrames() - framesAtStart) / elapsedS;
    int waiting = 0;
    const QList<double> latencies = keys.latenciesMs(&waiting);
    feeder.stop();
    feeder.wait();

    const double median = percentile(latencies, 0.5);
    const double p95 = percentile(latencies, 0.95);
    const double worst = percentile(latencies, 1.0);
    if (parser.isSet(jsonOption)) {
        QJsonObject o;
        o[QStringLiteral("rateAsked")] = rate;
        o[QStringLiteral("framesPerSecond")] = taken;
        o[QStringLiteral("field")] = compose ? QStringLiteral("compose") : QStringLiteral("filter");
        o[QStringLiteral("keys")] = int(latencies.size());
        o[QStringLiteral("keysNotProcessed")] = waiting;
        o[QStringLiteral("medianMs")] = median;
        o[QStringLiteral("p95Ms")] = p95;
        o[QStringLiteral("maxMs")] = worst;
        o[QStringLiteral("worstStallMs")] = double(worstStallMs);
        std::printf("%s\n", QJsonDocument(o).toJson(QJsonDocument::Compact).constData());
    } else {
        std::printf("fed %d frames/s for %d s, the window took %.0f frames/s (%s, platform %s)\n",
                    rate, seconds, taken,
                    compose ? "typing in Compose" : "typing in the text filter",
                    qPrintable(QGuiApplication::platformName()));
        std::printf("%lld key presses (%d still unprocessed at the end, counted as waiting until "
                    "then): latency median %.1f ms, p95 %.1f ms, max %.1f ms; worst event-loop "
                    "stall %lld ms\n",
                    qint64(latencies.size()), waiting, median, p95, worst, worstStallMs);
    }
    return feeder.failed() ? 2 : 0;
}
