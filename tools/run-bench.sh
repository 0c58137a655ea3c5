#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The BiMuxQt authors
# SPDX-License-Identifier: BSD-3-Clause

# The benchmark: configures a Release build in build-bench/, builds bimuxqt-bench, runs
# every shape (BiMuxQt against raw QWebSocket, client and server in separate processes)
# and writes the table to stdout, JSON to build-bench/bench.json, and the results as
# docs/performance.md shows them to build-bench/bench.md. Extra arguments go to the
# program, e.g. --runs 5, --duration 2000, --only rpc16_64,oneway_64.
#
#   bash tools/run-bench.sh      # about 7 minutes on 2 cores
#
# Refreshing docs/performance.md: run `bash tools/run-bench.sh --runs 5 --pin` (about 12
# minutes), then replace what lies between its "bench:begin" and "bench:end" markers with
# build-bench/bench.md.
#
# Numbers mean something only on an otherwise idle machine: check `uptime` first.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build="$root/build-bench"

echo "== Configuring build-bench/ (Release)" >&2
cmake -S "$root" -B "$build" -G Ninja --log-level=WARNING \
    -DCMAKE_BUILD_TYPE=Release -DBIMUXQT_BUILD_BENCH=ON -DBIMUXQT_BUILD_TESTS=ON \
    -DBIMUXQT_BUILD_EXAMPLES=OFF -DBIMUXQT_BUILD_INSPECTOR=OFF >&2

echo "== Building bimuxqt-bench" >&2
cmake --build "$build" --target bimuxqt-bench >&2

# The idle-memory shape holds 10,000 connections in each process; the program raises its
# soft descriptor limit to the hard one, which must therefore allow that many.
hard=$(ulimit -Hn)
if [[ $hard != unlimited && $hard -lt 10200 ]]; then
    echo "warning: the hard descriptor limit is $hard; the idle shape needs 10,200" >&2
fi

echo "== Running (load average: $(cut -d' ' -f1-3 /proc/loadavg))" >&2
# Each run in a client process of its own: a client process keeps the speed it starts with,
# so that runs in one process are not independent. --keep-heap: on a VM where page faults
# are expensive, glibc handing memory back and faulting it in again swamps the 16 KiB
# shapes in both implementations (docs/performance.md, "Method").
"$build/bench/bimuxqt-bench" --fresh-clients --keep-heap --json "$build/bench.json" \
    --markdown "$build/bench.md" "$@"
echo "== JSON written to $build/bench.json, markdown for docs/performance.md to $build/bench.md" >&2
