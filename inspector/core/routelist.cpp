// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "routelist.h"

#include <QtCore/qregularexpression.h>

std::optional<QSet<qint32>> RouteList::parse(const QString &text)
{
    static const QRegularExpression separators(QStringLiteral("[,\\s]+"));
    QSet<qint32> parsed;
    const QStringList parts = text.split(separators, Qt::SkipEmptyParts);
    for (const QString &part : parts) {
        const qsizetype dash = part.indexOf(QLatin1Char('-'), 1);
        bool ok1 = false;
        bool ok2 = true;
        const qint32 from = (dash > 0 ? part.left(dash) : part).toInt(&ok1);
        const qint32 to = dash > 0 ? part.mid(dash + 1).toInt(&ok2) : from;
        if (!ok1 || !ok2 || to < from || qint64(to) - from > 100000)
            return std::nullopt;
        for (qint64 r = from; r <= to; ++r)
            parsed.insert(qint32(r));
    }
    return parsed;
}
