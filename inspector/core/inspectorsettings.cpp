// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "inspectorsettings.h"

#include <QBiMuxInspectorLink>
#include <QtCore/qsettings.h>

namespace {
QString &testFile()
{
    static QString path;
    return path;
}
} // namespace

InspectorSettings::InspectorSettings()
    : m_settings(testFile().isEmpty()
                     ? std::make_unique<QSettings>()
                     : std::make_unique<QSettings>(testFile(), QSettings::IniFormat))
{ }

InspectorSettings::~InspectorSettings() = default;

void InspectorSettings::useFile(const QString &path)
{
    testFile() = path;
}

quint16 InspectorSettings::proxyPort() const
{
    return quint16(m_settings->value(QStringLiteral("proxy/port"), 12001).toUInt());
}

void InspectorSettings::setProxyPort(quint16 port)
{
    m_settings->setValue(QStringLiteral("proxy/port"), port);
}

QUrl InspectorSettings::upstream() const
{
    return m_settings->value(QStringLiteral("proxy/upstream")).toUrl();
}

void InspectorSettings::setUpstream(const QUrl &url)
{
    m_settings->setValue(QStringLiteral("proxy/upstream"), url);
}

quint16 InspectorSettings::attachPort() const
{
    return quint16(
        m_settings->value(QStringLiteral("attach/port"), QBiMuxInspectorLink::DefaultPort)
            .toUInt());
}

void InspectorSettings::setAttachPort(quint16 port)
{
    m_settings->setValue(QStringLiteral("attach/port"), port);
}

QHash<qint32, QString> InspectorSettings::routeNames() const
{
    QHash<qint32, QString> names;
    const QVariantMap map = m_settings->value(QStringLiteral("routes/names")).toMap();
    for (auto it = map.cbegin(); it != map.cend(); ++it)
        names.insert(it.key().toInt(), it.value().toString());
    return names;
}

void InspectorSettings::setRouteName(qint32 route, const QString &name)
{
    QVariantMap map = m_settings->value(QStringLiteral("routes/names")).toMap();
    if (name.isEmpty())
        map.remove(QString::number(route));
    else
        map.insert(QString::number(route), name);
    m_settings->setValue(QStringLiteral("routes/names"), map);
}

QStringList InspectorSettings::protoFiles() const
{
    return m_settings->value(QStringLiteral("decoding/protoFiles")).toStringList();
}

void InspectorSettings::setProtoFiles(const QStringList &files)
{
    m_settings->setValue(QStringLiteral("decoding/protoFiles"), files);
}

QHash<qint32, std::pair<QString, QString>> InspectorSettings::routeTypes() const
{
    QHash<qint32, std::pair<QString, QString>> types;
    const QVariantMap map = m_settings->value(QStringLiteral("decoding/routeTypes")).toMap();
    for (auto it = map.cbegin(); it != map.cend(); ++it) {
        const QStringList pair = it.value().toStringList();
        if (pair.size() == 2)
            types.insert(it.key().toInt(), {pair.at(0), pair.at(1)});
    }
    return types;
}

void InspectorSettings::setRouteTypes(const QHash<qint32, std::pair<QString, QString>> &types)
{
    QVariantMap map;
    for (auto it = types.cbegin(); it != types.cend(); ++it)
        map.insert(QString::number(it.key()), QStringList {it->first, it->second});
    m_settings->setValue(QStringLiteral("decoding/routeTypes"), map);
}

QString InspectorSettings::language() const
{
    return m_settings->value(QStringLiteral("language")).toString();
}

void InspectorSettings::setLanguage(const QString &language)
{
    m_settings->setValue(QStringLiteral("language"), language);
}
