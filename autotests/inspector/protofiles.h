// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef INSPECTOR_PROTOFILES_H
#define INSPECTOR_PROTOFILES_H

#include <QtCore/qdir.h>
#include <QtCore/qfile.h>

// reading.proto (importing unit.proto) in `dir`, for the payload decoding tests.
inline bool writeProtoFiles(const QString &dir)
{
    auto write = [&](const char *name, const char *text) {
        QFile file(QDir(dir).filePath(QLatin1String(name)));
        return file.open(QIODevice::WriteOnly) && file.write(text) > 0;
    };
    return write("unit.proto",
                 "syntax = \"proto3\";\npackage demo;\nenum Unit { CELSIUS = 0; KELVIN = 1; }\n")
        && write("reading.proto",
                 "syntax = \"proto3\";\npackage demo;\nimport \"unit.proto\";\n"
                 "message Reading { double temperature = 1; Unit unit = 2; string sensor = 3; }\n"
                 "message Ack { bool ok = 1; }\n")
        && write("broken.proto", "syntax = \"proto3\";\nmessage Oops { int32 = 1; }\n");
}

// demo.Reading {temperature: 21.5, unit: KELVIN, sensor: "t1"}
inline QByteArray readingBytes()
{
    return QByteArray::fromHex("09"
                               "0000000000803540"
                               "1001"
                               "1a027431");
}

#endif // INSPECTOR_PROTOFILES_H
