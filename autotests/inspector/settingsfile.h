// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef INSPECTOR_SETTINGSFILE_H
#define INSPECTOR_SETTINGSFILE_H

#include "inspectorsettings.h"

#include <QtCore/qtemporarydir.h>

// What the inspector remembers, in a file of the test's own that starts empty.
struct SettingsFile
{
    QTemporaryDir dir;
    SettingsFile() { InspectorSettings::useFile(dir.filePath(QStringLiteral("settings.ini"))); }
    ~SettingsFile() { InspectorSettings::useFile(QString()); }
};

#endif // INSPECTOR_SETTINGSFILE_H
