// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

// The BiMux Inspector: shows live routes, in-flight calls and frame dumps of bimux
// traffic, from a proxy, attached apps or capture files. docs/inspector.md tells how.

#include "inspectorcontext.h"
#include "inspectorsettings.h"
#include "languages.h"
#include "mainwindow.h"
#include "screenshot.h"
#include "windowhost.h"

#include <QtCore/qcommandlineparser.h>
#include <QtCore/qurl.h>
#include <QtWidgets/qapplication.h>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("BiMux Inspector"));
    QApplication::setOrganizationName(QStringLiteral("BiMuxQt"));

    // The language first, so that even --help is translated.
    QString language = InspectorSettings().language();
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
        QApplication::translate("main", "Show demo traffic, in a window of its own."));
    const QCommandLineOption screenshotOption(
        QStringLiteral("screenshot"),
        QApplication::translate(
            "main", "Save a picture of the window to <file> after a few seconds, then quit."),
        QStringLiteral("file"));
    const QCommandLineOption screenshotTabOption(
        QStringLiteral("screenshot-tab"),
        QApplication::translate("main",
                                "The tab shown in the picture: inflight, timeline, "
                                "routes, connections, compose or faults."),
        QStringLiteral("tab"), QStringLiteral("inflight"));
    const QCommandLineOption screenshotDelayOption(
        QStringLiteral("screenshot-delay"),
        QApplication::translate("main", "Milliseconds of traffic before the picture."),
        QStringLiteral("ms"), QStringLiteral("4000"));
    parser.addOptions({langOption, proxyOption, upstreamOption, attachOption, limitOption,
                       demoOption, screenshotOption, screenshotTabOption, screenshotDelayOption});
    parser.addPositionalArgument(QStringLiteral("capture"),
                                 QApplication::translate("main", "A capture file to open."));
    parser.process(app);
    if (parser.isSet(langOption))
        InspectorSettings().setLanguage(parser.value(langOption));

    InspectorContext context;
    WindowHost host(&context);
    QObject::connect(&host, &WindowHost::languageChanged, &app,
                     [](const QString &language) { InspectorSettings().setLanguage(language); });
    MainWindow *live = host.window();
    if (parser.isSet(limitOption))
        live->setFrameLimit(parser.value(limitOption).toInt());
    bool showLive = !parser.isSet(demoOption) && parser.positionalArguments().isEmpty();
    if (parser.isSet(attachOption)) {
        showLive = true;
        QString error;
        if (!live->startAttach(quint16(parser.value(attachOption).toUInt()), &error))
            live->showError(error);
    }
    if (parser.isSet(proxyOption)) {
        showLive = true;
        QString error;
        if (!live->startProxy(quint16(parser.value(proxyOption).toUInt()),
                              QUrl(parser.value(upstreamOption)), &error))
            live->showError(error);
    }
    MainWindow *shown = live;
    if (parser.isSet(demoOption)) {
        QString error;
        if (MainWindow *demo = host.startDemo(&error)) {
            shown = demo;
        } else {
            showLive = true;
            live->showError(error);
        }
    }
    if (!parser.positionalArguments().isEmpty()) {
        const QString path = parser.positionalArguments().constFirst();
        QString error;
        if (MainWindow *capture = host.openCapture(path, &error)) {
            shown = capture;
        } else {
            showLive = true;
            live->showError(MainWindow::tr("Cannot open %1: %2").arg(path, error));
        }
    }
    if (showLive)
        live->show();

    if (parser.isSet(screenshotOption)) {
        shown->resize(1600, 1000);
        Screenshot::schedule(shown, parser.value(screenshotOption),
                             parser.value(screenshotTabOption),
                             parser.value(screenshotDelayOption).toInt());
    }
    return app.exec();
}
