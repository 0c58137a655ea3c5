#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The BiMuxQt authors
# SPDX-License-Identifier: BSD-3-Clause

# The libFuzzer targets of fuzz/: configures build-fuzz/ with clang (library and targets
# instrumented with ASan + UBSan, and with libFuzzer's coverage so that the muxer's own
# code guides the fuzzing), builds them and runs each for a bounded time on a copy of its
# seed corpus (fuzz/corpus/<target>/). Prints each target's executions from libFuzzer's
# final stats; exits non-zero if any target crashed, leaked, timed out or ran out of
# memory, leaving the input that did it in build-fuzz/runs/<target>/artifacts/.
#
#   bash tools/run-fuzz.sh [seconds-per-target]    # default 60
set -euo pipefail

seconds=${1:-60}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build="$root/build-fuzz"
targets=(fuzz_frame_decoder fuzz_muxer fuzz_dialer)

# clang with its sanitizer and libFuzzer runtimes.
bash "$root/tools/ensure-packages.sh" clang libclang-rt-14-dev

# fuzzer-no-link instruments the whole build for coverage without linking libFuzzer's
# main(); fuzz/CMakeLists.txt adds -fsanitize=fuzzer to the targets alone. Debug keeps
# Q_ASSERTs on; -O1 keeps the executions per second up; -g1 (line tables) is enough for
# the stack traces of a report.
flags="-fsanitize=address,undefined,fuzzer-no-link -fno-sanitize-recover=all"
flags+=" -fno-omit-frame-pointer -O1"

echo "== Configuring build-fuzz/ (clang, ASan + UBSan + libFuzzer)"
CC=clang CXX=clang++ cmake -S "$root" -B "$build" -G Ninja --log-level=WARNING \
    -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG=-g1 -DBIMUXQT_BUILD_FUZZERS=ON \
    -DBIMUXQT_BUILD_TESTS=OFF -DBIMUXQT_BUILD_EXAMPLES=OFF \
    -DBIMUXQT_BUILD_INSPECTOR=OFF -DBIMUXQT_BUILD_BENCH=OFF \
    "-DCMAKE_CXX_FLAGS=$flags" \
    "-DCMAKE_EXE_LINKER_FLAGS=-fsanitize=address,undefined" \
    "-DCMAKE_SHARED_LINKER_FLAGS=-fsanitize=address,undefined"

echo "== Building"
cmake --build "$build" -j2 --target "${targets[@]}"

# A smaller quarantine than ASan's 256 MB: the muxer targets allocate much per input, and
# with the default every allocation touches fresh pages (about 15 % of fuzz_muxer's CPU
# went to page faults). 32 MB still holds the memory freed during many inputs.
export ASAN_OPTIONS="halt_on_error=1:detect_leaks=1:quarantine_size_mb=32"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
export LSAN_OPTIONS="suppressions=$root/tools/sanitizers/lsan.supp:print_suppressions=0"
export QT_QPA_PLATFORM=offscreen

failed=()
summary=()
for target in "${targets[@]}"; do
    run="$build/runs/$target"
    rm -rf "$run"
    mkdir -p "$run/corpus" "$run/artifacts"
    # A copy: what libFuzzer adds to the corpus stays out of the source tree.
    cp "$root/fuzz/corpus/$target/"* "$run/corpus/"
    options=(-max_total_time="$seconds" -timeout=20 -rss_limit_mb=2048 -print_final_stats=1
        -artifact_prefix="$run/artifacts/")
    if [[ -f "$root/fuzz/$target.dict" ]]; then
        options+=(-dict="$root/fuzz/$target.dict")
    fi
    echo "== $target for ${seconds}s"
    status=0
    "$build/fuzz/$target" "${options[@]}" "$run/corpus" >"$run/log" 2>&1 || status=$?
    executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$run/log" | tail -n 1)
    corpus=$(find "$run/corpus" -type f | wc -l)
    if ((status != 0)); then
        # The report is at the end of the log; the artifact is the input that did it.
        tail -n 60 "$run/log"
        echo "!! $target failed (exit $status); inputs: $(ls "$run/artifacts")"
        failed+=("$target")
        summary+=("$target: FAILED after ${executions:-?} executions (log: $run/log)")
    else
        summary+=("$target: ${executions:-?} executions in ${seconds}s, 0 crashes, corpus $corpus")
    fi
done

echo "== Fuzzing summary"
printf '%s\n' "${summary[@]}"
if ((${#failed[@]} != 0)); then
    exit 1
fi
