// The BiMux Inspector: shows live routes, in-flight calls and frame dumps of bimux
// traffic, from a proxy, attached apps or capture files. docs/inspector.md tells how.

#include "attachreceiver.h"
#include "composewidget.h"
#include "framemodel.h"
#include "framesview.h"
#include "inspectorcontext.h"
#include "inspectorsession.h"
#include "languages.h"
#include "mainwindow.h"
#include "windowhost.h"

#include <QBiMuxInspectorLink>
#include <QtCore/qcommandlineparser.h>
#include <QtCore/qsettings.h>
#include <QtCore/qtimer.h>
#include <QtCore/qurl.h>
#include <QtWidgets/qapplication.h>
#include <QtWidgets/qcombobox.h>
#include <QtWidgets/qplaintextedit.h>
#include <QtWidgets/qpushbutton.h>
#include <QtWidgets/qspinbox.h>
#include <QtWidgets/qtableview.h>
#include <QtWidgets/qtabwidget.h>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("BiMux Inspector"));
    QApplication::setOrganizationName(QStringLiteral("BiMuxQt"));

    // The language first, so that even --help is translated.
    QString language = QSettings().value(QStringLiteral("language")).toString();
    for (int i = 1; i + 1 < argc; ++i) {
        if (qstrcmp(argv[i], "--lang") == 0)
            language = QString::fromLocal8Bit(argv[i + 1]);
    }
    Languages::install(language);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QApplication::translate("main", "Shows the traffic of bimux connections."));
    parser.addHelpOption();
    const QCommandLineOption langOption(
        QStringLiteral("lang"),
        QApplication::translate("main", "Show the inspector in <language> (en, de, zh_CN)."),
        QStringLiteral("language"));
    const QCommandLineOption proxyOption(
        QStringLiteral("proxy"),
        QApplication::translate("main", "Start the proxy on <port>, forwarding to --upstream."),
        QStringLiteral("port"));
    const QCommandLineOption upstreamOption(
        QStringLiteral("upstream"),
        QApplication::translate("main", "The ws:// URL the proxy forwards to."),
        QStringLiteral("url"));
    const QCommandLineOption attachOption(
        QStringLiteral("attach-port"),
        QApplication::translate("main", "Listen for apps (BIMUXQT_INSPECT) on <port>."),
        QStringLiteral("port"));
    const QCommandLineOption limitOption(
        QStringLiteral("frame-limit"), QApplication::translate("main", "Keep at most <n> frames."),
        QStringLiteral("n"));
    const QCommandLineOption demoOption(
        QStringLiteral("demo"),
        QApplication::translate("main", "Run demo traffic through the proxy."));
    const QCommandLineOption screenshotOption(
        QStringLiteral("screenshot"),
        QApplication::translate(
            "main", "Save a picture of the window to <file> after a few seconds, then quit."),
        QStringLiteral("file"));
    parser.addOptions({langOption, proxyOption, upstreamOption, attachOption, limitOption,
                       demoOption, screenshotOption});
    parser.addPositionalArgument(QStringLiteral("capture"),
                                 QApplication::translate("main", "A capture file to open."));
    parser.process(app);
    if (parser.isSet(langOption))
        QSettings().setValue(QStringLiteral("language"), parser.value(langOption));

    InspectorContext context;
    // The window may be rebuilt (a language change): later code asks the host for it.
    WindowHost host(&context);
    QObject::connect(&host, &WindowHost::languageChanged, &app, [](const QString &language) {
        QSettings().setValue(QStringLiteral("language"), language);
    });
    MainWindow *window = host.window();
    window->show();

    if (parser.isSet(limitOption))
        window->setFrameLimit(parser.value(limitOption).toInt());
    if (parser.isSet(attachOption))
        window->startAttach(quint16(parser.value(attachOption).toUInt()));
    if (parser.isSet(proxyOption))
        window->startProxy(quint16(parser.value(proxyOption).toUInt()),
                           QUrl(parser.value(upstreamOption)));
    if (parser.isSet(demoOption))
        context.startDemo();
    if (!parser.positionalArguments().isEmpty())
        window->openCapture(parser.positionalArguments().constFirst());

    if (parser.isSet(screenshotOption)) {
        const QString file = parser.value(screenshotOption);
        window->resize(1440, 900);
        QTimer::singleShot(4000, &app, [&, file] {
            // With the demo: Compose injects an echo call and a slow one into the proxied
            // connection, so that a reply, injected frames and a call the inspector may
            // cancel are all in the picture.
            ComposeWidget *compose = host.window()->composeWidget();
            if (context.demo() && compose->targetBox()->count() > 1) {
                compose->targetBox()->setCurrentIndex(1);
                compose->payloadEdit()->setPlainText(QStringLiteral("hello from the inspector"));
                compose->sendButton()->click();
                compose->routeBox()->setValue(4);
                compose->payloadEdit()->setPlainText(QStringLiteral("{\"month\": 11}"));
                compose->sendButton()->click();
            }
            QTimer::singleShot(500, &app, [&, file] {
                // A request with its response kept, so that the detail pane has something
                // to show: the injected one if there is one.
                const FrameModel *frames = context.session()->frames();
                int chosen = -1;
                for (int row = frames->rowCount() - 1; row >= 0; --row) {
                    const FrameRecord &f = frames->frame(row);
                    if (f.flag == QBiMux::FrameFlag::Request && (f.route == 2 || f.injected)
                        && frames->partnerRow(row) >= 0) {
                        if (chosen < 0 || f.injected)
                            chosen = row;
                        if (f.injected)
                            break;
                    }
                }
                if (chosen >= 0)
                    host.window()->framesView()->selectSourceRow(chosen);
                // The In-flight tab, with the inspector's own call selected.
                const InflightModel *inflight = context.session()->inflight();
                for (int row = 0; row < inflight->rowCount(); ++row) {
                    if (inflight->canCancel(row)) {
                        host.window()->tabs()->setCurrentIndex(1);
                        host.window()->inflightView()->selectRow(row);
                        break;
                    }
                }
                QTimer::singleShot(300, &app, [&, file] {
                    if (!host.window()->grab().save(file))
                        qWarning("cannot write %s", qPrintable(file));
                    QApplication::quit();
                });
            });
        });
    }
    return app.exec();
}
