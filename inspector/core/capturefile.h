#ifndef CAPTUREFILE_H
#define CAPTUREFILE_H

#include "framerecord.h"

#include <QtCore/qjsonobject.h>
#include <QtCore/qstring.h>

class InspectorSession;

// Capture files: JSON lines, one connection or frame per line (docs/inspector.md,
// "Capture files"), so that they can be read with jq or a few lines of any language.
namespace CaptureFile {
constexpr int Version = 1;

// Writes the session's connections and the frames it keeps. False and `error` set on
// failure.
bool save(const QString &path, InspectorSession *session, QString *error = nullptr);
// Replaces the session's contents by the file's. False and `error` set on failure; a
// line that cannot be read stops the load with its number in `error`.
bool load(const QString &path, InspectorSession *session, QString *error = nullptr);
// The frames given, as one JSON array (hex and printable text of each payload too).
bool exportFrames(const QString &path, const QList<FrameRecord> &frames, QString *error = nullptr);

QJsonObject frameToJson(const FrameRecord &frame);
bool frameFromJson(const QJsonObject &object, FrameRecord *frame);
} // namespace CaptureFile

#endif // CAPTUREFILE_H
