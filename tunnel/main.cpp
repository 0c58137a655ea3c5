// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

// bimux-tunnel: ssh-style port forwarding over one bimux link (docs/tunnel.md).
//
//   bimux-tunnel serve --listen [ADDR:]PORT [--token T] [--tls CERT KEY] [--allow-remote PORTS]
//   bimux-tunnel connect URL [--token T] [-L [BIND:]PORT:HOST:HOSTPORT]... [-R ...]...
//
// Parsing only: commands.cpp wires the options to QBiMuxTunnelServer and QBiMuxTunnelClient.

#include "commands.h"
#include "report.h"

#include <QtCore/qcommandlineparser.h>
#include <QtCore/qcoreapplication.h>
#include <QtCore/qlocale.h>
#include <QtCore/qloggingcategory.h>
#include <QtCore/qtranslator.h>

namespace {

// QCommandLineParser options take one value; "--tls CERT KEY" takes two.
QStringList splitTlsOption(QStringList arguments)
{
    const qsizetype at = arguments.indexOf(QStringLiteral("--tls"));
    if (at < 0)
        return arguments;
    if (at + 2 >= arguments.size())
        Commands::die(QStringLiteral("--tls needs a certificate file and a key file"));
    arguments[at] = QStringLiteral("--tls-cert=") + arguments.at(at + 1);
    arguments[at + 1] = QStringLiteral("--tls-key=") + arguments.at(at + 2);
    arguments.removeAt(at + 2);
    return arguments;
}

QLoggingCategory::CategoryFilter defaultFilter = nullptr;

// --verbose: the library's debug output on, whatever QT_LOGGING_RULES says (the
// environment's rules win over QLoggingCategory::setFilterRules(); the flag is asked for
// on this very command line). Without --verbose, QT_LOGGING_RULES picks categories.
void verboseFilter(QLoggingCategory *category)
{
    if (defaultFilter)
        defaultFilter(category);
    if (qstrncmp(category->categoryName(), "bimuxqt.", 8) == 0)
        category->setEnabled(QtDebugMsg, true);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("bimux-tunnel"));
    QCoreApplication::setApplicationVersion(QStringLiteral(BIMUXQT_VERSION_STR));
    // The library's messages (refusals, errors) in the user's language.
    auto *translator = new QTranslator(&app);
    if (translator->load(QLocale(), QStringLiteral("bimuxqt"), QStringLiteral("_"),
                         QStringLiteral(":/bimuxqt/i18n"))) {
        QCoreApplication::installTranslator(translator);
    }

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Port forwarding over one bimux link, like ssh -L and -R (docs/tunnel.md).\n"
        "  serve    listen for tunnel clients (the public side)\n"
        "  connect  dial a serve side and forward ports (e.g. the device behind NAT)"));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("command"), QStringLiteral("serve or connect"));
    parser.addOptions({
        {QStringLiteral("verbose"), QStringLiteral("Log every frame and stream event too.")},
        {QStringLiteral("token"),
         QStringLiteral("The shared secret (visible to other users in ps: prefer "
                        "--token-file or $BIMUX_TUNNEL_TOKEN)."),
         QStringLiteral("T")},
        {QStringLiteral("token-file"), QStringLiteral("Read the token from a file."),
         QStringLiteral("FILE")},
        {QStringLiteral("max-connections"),
         QStringLiteral("Forwarded connections the other end may have open toward this one "
                        "at once; more are refused (default: 128)."),
         QStringLiteral("N")},
    });
    const QStringList arguments = splitTlsOption(app.arguments());
    parser.parse(arguments);
    const QString command = parser.positionalArguments().value(0);
    if (command == QLatin1String("serve")) {
        parser.addOptions({
            {QStringLiteral("listen"), QStringLiteral("Where to listen."),
             QStringLiteral("[ADDR:]PORT")},
            {QStringLiteral("path"), QStringLiteral("The WebSocket path (/mux)."),
             QStringLiteral("PATH"), QStringLiteral("/mux")},
            {QStringLiteral("tls"),
             QStringLiteral("Serve wss:// with this PEM certificate "
                            "and key."),
             QStringLiteral("CERT KEY")},
            {QStringLiteral("allow-local"),
             QStringLiteral("Targets -L may reach, HOST:PORT,... (* for any part; default: "
                            "loopback only)."),
             QStringLiteral("LIST")},
            {QStringLiteral("allow-remote"),
             QStringLiteral("Ports -R may bind, e.g. 2222,8000-8099 (default: none)."),
             QStringLiteral("PORTS")},
            {QStringLiteral("gateway-ports"),
             QStringLiteral("Let -R listen on other addresses than loopback.")},
        });
        // What splitTlsOption() makes of --tls.
        for (const char *name : {"tls-cert", "tls-key"}) {
            QCommandLineOption hidden(QString::fromLatin1(name), QString(), QStringLiteral("FILE"));
            hidden.setFlags(QCommandLineOption::HiddenFromHelp);
            parser.addOption(hidden);
        }
    } else if (command == QLatin1String("connect")) {
        parser.addPositionalArgument(QStringLiteral("url"),
                                     QStringLiteral("ws://HOST:PORT/mux or wss://..."));
        parser.addOptions({
            {QStringLiteral("L"), QStringLiteral("Listen here, connect there."),
             QStringLiteral("[BIND:]PORT:HOST:HOSTPORT")},
            {QStringLiteral("R"), QStringLiteral("Listen there, connect here."),
             QStringLiteral("[BIND:]PORT:HOST:HOSTPORT")},
            {QStringLiteral("ca"),
             QStringLiteral("Trust the server certificates this PEM "
                            "file's CAs signed."),
             QStringLiteral("FILE")},
            {QStringLiteral("id"), QStringLiteral("The id to announce (the host name)."),
             QStringLiteral("NAME")},
        });
    }
    parser.process(arguments);
    if (parser.isSet(QStringLiteral("verbose")))
        defaultFilter = QLoggingCategory::installFilter(verboseFilter);
    Report::quitOnSignals();
    if (command == QLatin1String("serve"))
        return Commands::serve(parser);
    if (command == QLatin1String("connect"))
        return Commands::connect(parser);
    parser.showHelp(2);
}
