// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#include "qbimuxredaction_p.h"

#include <QtCore/qurlquery.h>

QString qbimuxRedacted(const QUrl &url)
{
    QUrl shown = url.adjusted(QUrl::RemoveUserInfo);
    if (shown.hasQuery()) {
        QUrlQuery query(shown);
        QList<std::pair<QString, QString>> items = query.queryItems(QUrl::FullyEncoded);
        for (auto &[name, value] : items) {
            if (name != QLatin1String("id"))
                value = QStringLiteral("redacted");
        }
        query.setQueryItems(items);
        shown.setQuery(query);
    }
    return shown.toString(QUrl::FullyEncoded);
}
