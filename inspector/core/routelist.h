// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef ROUTELIST_H
#define ROUTELIST_H

#include <QtCore/qset.h>
#include <QtCore/qstring.h>

#include <optional>

// Lists of routes as users type them: "1, 3-5 7". Empty text is the empty set ("all
// routes" wherever a list filters).
namespace RouteList {
// std::nullopt if unreadable (not a number, a range backwards or wider than 100,000).
std::optional<QSet<qint32>> parse(const QString &text);
} // namespace RouteList

#endif // ROUTELIST_H
