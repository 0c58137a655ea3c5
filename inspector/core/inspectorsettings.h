// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef INSPECTORSETTINGS_H
#define INSPECTORSETTINGS_H

#include <QtCore/qhash.h>
#include <QtCore/qstringlist.h>
#include <QtCore/qurl.h>

#include <memory>

QT_BEGIN_NAMESPACE
class QSettings;
QT_END_NAMESPACE

// What the inspector remembers between runs (QSettings, "BiMuxQt/BiMux Inspector"): the
// proxy's port and upstream, the attach port, the names of routes, the .proto files and
// the message types of routes, the language.
class InspectorSettings
{
public:
    InspectorSettings();
    ~InspectorSettings();

    // Tests: every InspectorSettings made afterwards reads and writes this INI file
    // instead of the user's settings; empty to go back.
    static void useFile(const QString &path);

    quint16 proxyPort() const; // 12001 unless set
    void setProxyPort(quint16 port);
    QUrl upstream() const; // empty unless set
    void setUpstream(const QUrl &url);
    quint16 attachPort() const; // QBiMuxInspectorLink::DefaultPort unless set
    void setAttachPort(quint16 port);

    QHash<qint32, QString> routeNames() const;
    void setRouteName(qint32 route, const QString &name); // empty forgets it

    QStringList protoFiles() const;
    void setProtoFiles(const QStringList &files);
    // route -> (request type, response type)
    QHash<qint32, std::pair<QString, QString>> routeTypes() const;
    void setRouteTypes(const QHash<qint32, std::pair<QString, QString>> &types);

    QString language() const; // empty: the system's
    void setLanguage(const QString &language);

private:
    std::unique_ptr<QSettings> m_settings;
};

#endif // INSPECTORSETTINGS_H
