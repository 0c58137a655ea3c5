// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef PAYLOADDECODER_H
#define PAYLOADDECODER_H

#include "framerecord.h"

#include <QtCore/qhash.h>
#include <QtCore/qstringlist.h>

#include <memory>
#include <optional>

// Shows payloads as protobuf messages: the user names a .proto file and, per route, the
// message type of its requests (and oneways) and of its responses. Built only where
// libprotoc is (BIMUXINSPECTOR_HAVE_PROTOBUF); the library never needs it.
class PayloadDecoder
{
public:
    PayloadDecoder();
    ~PayloadDecoder();

    // Parses `path` (and what it imports, looked up next to it). Types of earlier files
    // stay known. False and `error` set if the file does not parse.
    bool loadProto(const QString &path, QString *error = nullptr);
    QStringList loadedFiles() const { return m_files; }
    // Every message type of the loaded files, fully qualified ("pkg.Reading").
    QStringList messageTypes() const;

    // Requests and oneways of `route` are `requestType`; responses `responseType`, or
    // `requestType` if empty. False and `error` set if a type is unknown.
    bool setRouteTypes(qint32 route, const QString &requestType, const QString &responseType,
                       QString *error = nullptr);
    void clearRoute(qint32 route);
    bool hasRoute(qint32 route) const { return m_routes.contains(route); }
    // route -> (request type, response type as given).
    const QHash<qint32, std::pair<QString, QString>> &routeTypes() const { return m_routes; }

    // The frame's payload in protobuf text format, or std::nullopt if its route has no
    // type (or it is a cancel). A payload that does not parse gives std::nullopt and
    // `error`.
    std::optional<QString> decode(const FrameRecord &frame, QString *typeName = nullptr,
                                  QString *error = nullptr) const;

private:
    struct Private;
    std::unique_ptr<Private> d;
    QStringList m_files;
    QHash<qint32, std::pair<QString, QString>> m_routes;
};

#endif // PAYLOADDECODER_H
