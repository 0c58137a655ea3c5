// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef QBIMUXREDACTION_P_H
#define QBIMUXREDACTION_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the BiMuxQt API. It may change from version to version
// without notice, or even be removed.
//

#include <QtCore/qstring.h>
#include <QtCore/qurl.h>

// `url` as the library logs it or shows it to the inspector: credentials travel in a
// dialed URL (user info, an access token in the query), and logs are read by people and
// tools that must not learn them. The user info goes; every query item keeps its name
// but, except the announced id, not its value.
QString qbimuxRedacted(const QUrl &url);

#endif // QBIMUXREDACTION_P_H
