// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef LANGUAGES_H
#define LANGUAGES_H

#include <QtCore/qstringlist.h>

// The inspector's translations (embedded at :/bimuxinspector/i18n), the library's and
// Qt's own, installed together.
namespace Languages {
// "de", "zh_CN", "en", or empty for the system's languages. Replaces what an earlier
// call installed. False if the inspector has no translation for it (English is shown).
bool install(const QString &language);
// What the last install() was given: "" for the system's.
QString current();
// The codes a user can choose from, "en" first.
QStringList available();
// "Deutsch", "简体中文", ...: each language in its own words.
QString nativeName(const QString &language);
} // namespace Languages

#endif // LANGUAGES_H
