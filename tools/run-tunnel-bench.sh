#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The BiMuxQt authors
# SPDX-License-Identifier: BSD-3-Clause

# The tunnel benchmark: iperf3 through a bimux-tunnel -L mapping against iperf3 through a
# plain two-hop TCP relay (bench/tunnel/relay.cpp: two QTcpSocket relay processes, one
# relay connection per client connection, no multiplexing), both measured in one run,
# interleaved, each way (client -> target, and -R: target -> client). Also iperf3 straight
# to its server, for scale. Release build in build-bench/. Prints each run, the medians and
# the tunnel / relay ratio (the goal: at least 0.5).
#
#   bash tools/run-tunnel-bench.sh [--runs N] [--seconds S] [--port-base P]
#
# Numbers mean something only on an otherwise idle machine: check `uptime` first.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build="$root/build-bench"
runs=3
seconds=5
base=41000
while (($#)); do
    case $1 in
    --runs) runs=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --port-base) base=$2; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
done

bash "$root/tools/ensure-packages.sh" iperf3

echo "== Configuring build-bench/ (Release)" >&2
cmake -S "$root" -B "$build" -G Ninja --log-level=WARNING \
    -DCMAKE_BUILD_TYPE=Release -DBIMUXQT_BUILD_BENCH=ON -DBIMUXQT_BUILD_TESTS=OFF \
    -DBIMUXQT_BUILD_EXAMPLES=OFF -DBIMUXQT_BUILD_INSPECTOR=OFF >&2
echo "== Building bimux-tunnel and bimuxqt-relay" >&2
cmake --build "$build" --target bimux-tunnel bimuxqt-relay >&2

iperf_port=$base
relay_b=$((base + 1))
relay_a=$((base + 2))
serve_port=$((base + 3))
tunnel_port=$((base + 4))
logs=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    wait 2>/dev/null || true
    rm -rf "$logs"
}
trap cleanup EXIT

start() { # name command...
    local name=$1
    shift
    "$@" >"$logs/$name.log" 2>&1 &
    pids+=($!)
}
wait_for() { # file pattern
    for _ in $(seq 100); do
        grep -q "$2" "$1" 2>/dev/null && return 0
        sleep 0.1
    done
    echo "timed out waiting for '$2' in $1:" >&2
    cat "$1" >&2
    exit 1
}

start iperf iperf3 -s -B 127.0.0.1 -p "$iperf_port" --forceflush
start relay-b "$build/bench/tunnel/bimuxqt-relay" --listen "$relay_b" --to "127.0.0.1:$iperf_port"
start relay-a "$build/bench/tunnel/bimuxqt-relay" --listen "$relay_a" --to "127.0.0.1:$relay_b"
export BIMUX_TUNNEL_TOKEN=bench
start serve "$build/tunnel/bimux-tunnel" serve --listen "127.0.0.1:$serve_port"
wait_for "$logs/serve.log" "serving tunnels"
start connect "$build/tunnel/bimux-tunnel" connect "ws://127.0.0.1:$serve_port/mux" \
    -L "$tunnel_port:127.0.0.1:$iperf_port"
wait_for "$logs/iperf.log" "Server listening"
wait_for "$logs/relay-a.log" "relaying"
wait_for "$logs/relay-b.log" "relaying"
wait_for "$logs/connect.log" "link up"

# Mbit/s the receiver counted, from iperf3's text summary. The iperf3 server takes a
# moment after a test before it takes the next ("the server is busy"): then again.
measure() { # port [-R]
    local output
    for _ in 1 2 3 4 5; do
        if output=$(iperf3 -c 127.0.0.1 -p "$1" -t "$seconds" -f m ${2:-} 2>&1); then
            awk '$NF == "receiver" { for (i = 1; i < NF; ++i) if ($(i + 1) == "Mbits/sec") print $i }' \
                <<<"$output"
            return 0
        fi
        grep -q busy <<<"$output" || { echo "$output" >&2; return 1; }
        sleep 1
    done
    echo "iperf3's server stayed busy" >&2
    return 1
}
median() {
    sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

echo "== load average: $(cut -d' ' -f1-3 /proc/loadavg); $runs runs of $seconds s each" >&2
declare -A results
for run in $(seq "$runs"); do
    for direction in up down; do
        flag=
        [[ $direction == down ]] && flag=-R
        for path in direct relay tunnel; do
            case $path in
            direct) port=$iperf_port ;;
            relay) port=$relay_a ;;
            tunnel) port=$tunnel_port ;;
            esac
            value=$(measure "$port" $flag)
            echo "run $run $direction $path: $value Mbit/s" >&2
            results[$path-$direction]+="$value "
        done
    done
done

echo
printf '%-8s %14s %14s %14s %10s\n' direction direct relay tunnel tunnel/relay
for direction in up down; do
    direct=$(tr ' ' '\n' <<<"${results[direct-$direction]}" | grep . | median)
    relay=$(tr ' ' '\n' <<<"${results[relay-$direction]}" | grep . | median)
    tunnel=$(tr ' ' '\n' <<<"${results[tunnel-$direction]}" | grep . | median)
    ratio=$(awk -v t="$tunnel" -v r="$relay" 'BEGIN { printf "%.2f", t / r }')
    printf '%-8s %9.0f Mb/s %9.0f Mb/s %9.0f Mb/s %10s\n' "$direction" "$direct" "$relay" "$tunnel" "${ratio}x"
done
echo "(medians of $runs runs of $seconds s; up: client -> target, down: iperf3 -R)"
