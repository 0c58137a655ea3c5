// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "framerecord.h"

#include <QtCore/qcoreapplication.h>
#include <QtCore/qmetaobject.h>
#include <QtCore/qstringlist.h>

namespace {
// lupdate needs a class for the context; the namespace has none.
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(FrameNames)
};
} // namespace

// Untranslated on purpose: these are the protocol's own names, as in captures and logs.
QString FrameNames::flagName(QBiMux::FrameFlag flag)
{
    switch (flag) {
    case QBiMux::FrameFlag::Request:
        return QStringLiteral("request");
    case QBiMux::FrameFlag::Response:
        return QStringLiteral("response");
    case QBiMux::FrameFlag::Oneway:
        return QStringLiteral("oneway");
    case QBiMux::FrameFlag::Cancel:
        return QStringLiteral("cancel");
    case QBiMux::FrameFlag::Hello:
        return QStringLiteral("hello");
    case QBiMux::FrameFlag::StreamOpen:
        return QStringLiteral("stream_open");
    case QBiMux::FrameFlag::StreamData:
        return QStringLiteral("stream_data");
    case QBiMux::FrameFlag::StreamWindow:
        return QStringLiteral("stream_window");
    case QBiMux::FrameFlag::StreamFin:
        return QStringLiteral("stream_fin");
    case QBiMux::FrameFlag::StreamReset:
        return QStringLiteral("stream_reset");
    case QBiMux::FrameFlag::StreamClose:
        return QStringLiteral("stream_close");
    }
    return QStringLiteral("?");
}

QString FrameNames::directionName(QBiMux::Direction direction)
{
    return direction == QBiMux::Direction::Incoming ? QStringLiteral("in") : QStringLiteral("out");
}

QString FrameNames::statusName(QBiMux::StatusCode code)
{
    // gRPC's spelling: CamelCase enum key -> UPPER_SNAKE.
    const char *key = QMetaEnum::fromType<QBiMux::StatusCode>().valueToKey(int(code));
    if (!key)
        return QString::number(int(code));
    QString name;
    for (const char *c = key; *c; ++c) {
        if (c != key && QChar::isUpper(uchar(*c)))
            name += QLatin1Char('_');
        name += QChar::fromLatin1(*c).toUpper();
    }
    return name;
}

QString FrameNames::faultText(quint8 faults, quint32 delayMs)
{
    QStringList parts;
    if (faults & FrameRecord::Delayed)
        parts.append(Text::tr("delayed %1 ms").arg(delayMs));
    if (faults & FrameRecord::Corrupted)
        parts.append(Text::tr("corrupted"));
    if (faults & FrameRecord::Dropped)
        parts.append(Text::tr("dropped"));
    if (faults & FrameRecord::Cut)
        parts.append(Text::tr("link cut"));
    return parts.join(QStringLiteral(", "));
}
