// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef PROFILING_H
#define PROFILING_H

// Marks for valgrind --tool=callgrind, so that a profile covers the measured traffic and
// not start-up or connection set-up. They cost a few instructions outside valgrind.
#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#define BENCH_PROFILE_ZERO() CALLGRIND_ZERO_STATS
#define BENCH_PROFILE_DUMP(name) CALLGRIND_DUMP_STATS_AT(name)
#else
#define BENCH_PROFILE_ZERO()
#define BENCH_PROFILE_DUMP(name)
#endif

#endif // PROFILING_H
