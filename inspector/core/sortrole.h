// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef SORTROLE_H
#define SORTROLE_H

#include <QtCore/qnamespace.h>

// The role the tables sort by (QSortFilterProxyModel::setSortRole): the raw value behind
// a cell that shows it formatted ("1,234", "2.5 KiB", "0:42"), so that numbers sort as
// numbers.
constexpr int SortRole = Qt::UserRole + 100;

#endif // SORTROLE_H
