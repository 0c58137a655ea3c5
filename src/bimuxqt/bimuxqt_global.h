// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef BIMUXQT_GLOBAL_H
#define BIMUXQT_GLOBAL_H

#include <QtCore/qglobal.h>

#include "bimuxqt_export.h"
#include "bimuxqtversion.h"

// The copy, move and destruction of a BiMuxQt value class (QBiMuxAdmission,
// QBiMuxCallOptions, QBiMuxDialError, QBiMuxHandshake, QBiMuxMessage, QBiMuxSettings),
// which are the same for every one: a copy shares the data and cannot fail, a moved-from
// object may only be assigned to or destroyed. Declared in the class, defined out of line
// in its .cpp, where the private class is complete, as Qt's own implicitly shared classes
// are. docs/guide.md ("Value classes") documents them once for all.
#define QBIMUX_DECLARE_VALUE_MEMBERS(Class) \
    Class(const Class &other) noexcept; \
    Class(Class &&other) noexcept; \
    Class &operator=(const Class &other) noexcept; \
    Class &operator=(Class &&other) noexcept; \
    ~Class();

#define QBIMUX_DEFINE_VALUE_MEMBERS(Class) \
    Class::Class(const Class &other) noexcept = default; \
    Class::Class(Class &&other) noexcept = default; \
    Class &Class::operator=(const Class &other) noexcept = default; \
    Class &Class::operator=(Class &&other) noexcept = default; \
    Class::~Class() = default;

#endif // BIMUXQT_GLOBAL_H
