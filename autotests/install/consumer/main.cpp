// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

// Uses BiMuxQt as an application would and checks what packaging can get wrong: both
// include forms, and the translations embedded in the library (a static library links
// them only if its package carries the resource's object library along).
//
//   bimuxqt-consumer [--no-translations]    exits 0 if all is well
//
// --no-translations: BiMuxQt was built without Qt's LinguistTools, so the translations
// must be absent (and English messages still work).

#include <BiMuxQt/qbimuxerror.h>
#include <QBiMuxer>

#include <QtCore/qcoreapplication.h>
#include <QtCore/qfuture.h>
#include <QtCore/qlocale.h>
#include <QtCore/qtranslator.h>

#include <cstdio>

// The message of the error that a request larger than the maximum message size fails
// with, at once and in this thread (so no event loop is needed).
static QString refusalMessage()
{
    QBiMuxer muxer;
    muxer.setSettings(muxer.settings().setMaxMessageSize(1024));
    QFuture<QByteArray> call = muxer.rpc(1, QByteArray(4096, 'x'));
    if (!call.isFinished())
        return QString();
    try {
        call.result();
    } catch (const QBiMuxError &error) {
        return error.message();
    }
    return QString();
}

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const bool expectTranslations = !app.arguments().contains(QStringLiteral("--no-translations"));

    const QString english = refusalMessage();
    if (english.isEmpty()) {
        std::fprintf(stderr, "a request larger than the maximum message size did not fail\n");
        return 1;
    }

    QTranslator translator;
    const bool loaded = translator.load(QLocale(QLocale::German), QStringLiteral("bimuxqt"),
                                        QStringLiteral("_"), QStringLiteral(":/bimuxqt/i18n"));
    if (loaded != expectTranslations) {
        std::fprintf(stderr, "the translations are %s, but they should %s\n",
                     loaded ? "there" : "missing", expectTranslations ? "be there" : "not");
        return 1;
    }
    if (loaded) {
        QCoreApplication::installTranslator(&translator);
        const QString german = refusalMessage();
        if (german == english) {
            std::fprintf(stderr, "the library's messages are not translated: \"%s\"\n",
                         qPrintable(german));
            return 1;
        }
        std::printf("translated: \"%s\" -> \"%s\"\n", qPrintable(english), qPrintable(german));
    } else {
        std::printf("no translations, as expected: \"%s\"\n", qPrintable(english));
    }
    return 0;
}
