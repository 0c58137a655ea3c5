// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef CAPTUREFILE_H
#define CAPTUREFILE_H

#include "framerecord.h"

#include <QtCore/qhash.h>
#include <QtCore/qjsonobject.h>
#include <QtCore/qstring.h>

#include <vector>

class InspectorSession;

// Capture files: JSON lines, one connection or frame per line (docs/inspector.md,
// "Capture files"), so that they can be read with jq or a few lines of any language.
namespace CaptureFile {
constexpr int Version = 1;

// What a capture file holds, read and checked as a whole before anything shows it.
struct Capture
{
    qint64 createdMs = 0; // when it was saved
    QList<ConnectionRecord> connections; // with the file's numbers
    std::vector<FrameRecord> frames;
    QHash<qint32, QString> routeNames;
};

// Writes the session's connections, route names and the frames it keeps. False and
// `error` set on failure.
bool save(const QString &path, InspectorSession *session, QString *error = nullptr);
// Reads the whole file into `capture`. False and `error` set on failure (a line that
// cannot be read gives its number): then nothing of the file is used.
bool read(const QString &path, Capture *capture, QString *error = nullptr);
// Shows a capture read by read() in `session`, which must be empty: connections keep
// the file's numbers, and the session is marked a capture ending when the file was saved.
void apply(Capture &&capture, InspectorSession *session);
// read() into a new session and apply(): the session is touched only on success.
// The frames given, as one JSON array (hex and printable text of each payload too).
bool load(const QString &path, InspectorSession *session, QString *error = nullptr);
bool exportFrames(const QString &path, const QList<FrameRecord> &frames, QString *error = nullptr);

QJsonObject frameToJson(const FrameRecord &frame);
bool frameFromJson(const QJsonObject &object, FrameRecord *frame);
} // namespace CaptureFile

#endif // CAPTUREFILE_H
