#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The BiMuxQt authors
# SPDX-License-Identifier: BSD-3-Clause

# Every test: installs what the build and the tests need, configures build-tests/ from
# scratch (Debug, so that Q_ASSERTs are on), builds everything and runs ctest; then the
# same tests under ASan/UBSan (tools/run-sanitizers.sh, build-asan/) and each fuzz target
# for BIMUXQT_FUZZ_SECONDS (default 30) seconds (tools/run-fuzz.sh, build-fuzz/). Exits
# non-zero if anything fails. This is what CI runs (.ci/run).
#
#   bash tools/run-tests.sh
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build="$root/build-tests"

# The interop tests talk to a Node.js bimux peer; xvfb is for tests that need a display.
# clang and its runtimes are for the sanitizer and fuzz runs at the end; doxygen builds
# the API reference, which the `reference` test keeps free of warnings.
extra=(xvfb xauth clang libclang-rt-14-dev doxygen)
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    extra+=(nodejs npm)
fi
bash "$root/tools/ensure-packages.sh" "${extra[@]}"

if [[ -f "$root/tools/interop/setup.sh" ]]; then
    echo "== tools/interop/setup.sh"
    bash "$root/tools/interop/setup.sh"
fi

echo "== Configuring build-tests/ (Debug)"
rm -rf "$build"
cmake -S "$root" -B "$build" -G Ninja --log-level=WARNING \
    -DCMAKE_BUILD_TYPE=Debug -DBIMUXQT_BUILD_TESTS=ON -DBIMUXQT_BUILD_EXAMPLES=ON

echo "== Building"
cmake --build "$build"

echo "== Running the tests"
cd "$build"
ctest_command=(ctest --output-on-failure -j2)
# Tests run offscreen; a virtual display still covers any that insist on a real one.
if [[ -z ${DISPLAY:-} ]] && command -v xvfb-run >/dev/null; then
    ctest_command=(xvfb-run -a "${ctest_command[@]}")
fi
"${ctest_command[@]}"

# After the plain run, so that a plain failure is reported first and quickest.
cd "$root"
echo "== Sanitizers: tools/run-sanitizers.sh"
bash "$root/tools/run-sanitizers.sh"
echo "== Fuzzing: tools/run-fuzz.sh"
bash "$root/tools/run-fuzz.sh" "${BIMUXQT_FUZZ_SECONDS:-30}"
