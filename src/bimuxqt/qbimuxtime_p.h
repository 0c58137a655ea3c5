// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef QBIMUXTIME_P_H
#define QBIMUXTIME_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the BiMuxQt API. It may change from version to version
// without notice, or even be removed.
//

#include <QtCore/qglobal.h>

#include <algorithm>
#include <chrono>
#include <limits>
#include <optional>

// Timeouts and intervals as the library reads them. A caller may pass any duration, up to
// std::chrono::milliseconds::max(); the steady clock counts nanoseconds in 64 bits (292
// years), so "now + timeout" or a conversion to nanoseconds can overflow, and Qt's timers
// take an int of milliseconds (24.8 days).
namespace QBiMuxTime {

using Clock = std::chrono::steady_clock;

// A wait this long or longer means "as long as the link lives". Far below what the clock
// holds, so that twice it, and now plus it, still fit.
inline constexpr std::chrono::milliseconds Forever = std::chrono::hours(24 * 365 * 100);

// When a call with `timeout` gives up, or std::nullopt if it waits for as long as the link
// lives: a timeout of zero or less, or of Forever or more.
inline std::optional<Clock::time_point> deadlineAfter(std::chrono::milliseconds timeout,
                                                      Clock::time_point now = Clock::now())
{
    if (timeout <= std::chrono::milliseconds::zero() || timeout >= Forever)
        return std::nullopt;
    return now + timeout;
}

// `wait` as a Qt timer interval: at least 0, at most what an int holds. A timer for a
// longer wait fires early, and its owner arms it again for the rest.
inline int timerInterval(std::chrono::milliseconds wait)
{
    return int(std::clamp<qint64>(wait.count(), 0, std::numeric_limits<int>::max()));
}

} // namespace QBiMuxTime

#endif // QBIMUXTIME_P_H
