#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The BiMuxQt authors
# SPDX-License-Identifier: BSD-3-Clause

# The whole test suite built with AddressSanitizer and UndefinedBehaviorSanitizer (clang,
# in build-asan/), run by ctest with options that make any report fail its test: ASan
# and UBSan halt on the first error, LeakSanitizer fails a test that leaks. Qt itself is
# not instrumented; tools/sanitizers/lsan.supp hides leaks whose frames are all Qt's or
# its dependencies', never ours. run-tests.sh calls this after the plain run.
#
#   bash tools/run-sanitizers.sh [ctest-argument ...]
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build="$root/build-asan"

# As in run-tests.sh: the interop test needs Node.js and its npm packages, xvfb is for
# tests that want a display.
extra=(xvfb xauth clang libclang-rt-14-dev)
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    extra+=(nodejs npm)
fi
bash "$root/tools/ensure-packages.sh" "${extra[@]}"
if [[ -f "$root/tools/interop/setup.sh" ]]; then
    bash "$root/tools/interop/setup.sh"
fi

# -fno-sanitize-recover: UBSan aborts at the first report instead of printing and going
# on, so that ctest sees a failure. Debug keeps Q_ASSERTs on, -O1 keeps the tests fast,
# -g1 (line tables: enough for the reports' stack traces) keeps the build faster.
flags="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer -O1"

echo "== Configuring build-asan/ (clang, ASan + UBSan)"
rm -rf "$build"
CC=clang CXX=clang++ cmake -S "$root" -B "$build" -G Ninja --log-level=WARNING \
    -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG=-g1 \
    -DBIMUXQT_BUILD_TESTS=ON -DBIMUXQT_BUILD_EXAMPLES=OFF -DBIMUXQT_BUILD_BENCH=OFF \
    "-DCMAKE_CXX_FLAGS=$flags" \
    "-DCMAKE_EXE_LINKER_FLAGS=-fsanitize=address,undefined" \
    "-DCMAKE_SHARED_LINKER_FLAGS=-fsanitize=address,undefined"

echo "== Building"
cmake --build "$build" -j2

echo "== Running the tests under ASan/UBSan"
export ASAN_OPTIONS="halt_on_error=1:abort_on_error=0:detect_leaks=1:detect_stack_use_after_return=1:strict_init_order=1:check_initialization_order=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
export LSAN_OPTIONS="suppressions=$root/tools/sanitizers/lsan.supp:print_suppressions=0"
cd "$build"
# Not the throughput test: it measures speed and memory, which ASan (its checks, its
# quarantine of freed memory) changes by design. Not the install tests (label install),
# which build the examples and a static library again: the plain run covers them.
ctest_command=(ctest --output-on-failure -j2 -E '^throughput$' -LE '^install$' "$@")
if [[ -z ${DISPLAY:-} ]] && command -v xvfb-run >/dev/null; then
    ctest_command=(xvfb-run -a "${ctest_command[@]}")
fi
"${ctest_command[@]}"
