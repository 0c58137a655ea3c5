#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The BiMuxQt authors
# SPDX-License-Identifier: BSD-3-Clause

# The NAT demo (examples/nat-device): builds it in build-demo/ (Release), starts the
# cloud on 127.0.0.1, then the device that dials it, and shows what both print. Exits 0
# only if both exit 0; both end by themselves within seconds (a hard limit of 30 s).
#
#   bash tools/run-demo.sh                          # the cloud takes any free port
#   BIMUXQT_DEMO_PORT=12000 bash tools/run-demo.sh  # or this one
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build="$root/build-demo"
port="${BIMUXQT_DEMO_PORT:-0}"

bash "$root/tools/ensure-packages.sh"

# A build dir left by another generator cannot be reused with Ninja.
if [[ -f "$build/CMakeCache.txt" ]] && ! grep -q '^CMAKE_GENERATOR:INTERNAL=Ninja$' "$build/CMakeCache.txt"; then
    rm -rf "$build"
fi
echo "== Building examples/nat-device (Release) in build-demo/"
cmake -S "$root" -B "$build" -G Ninja --log-level=WARNING \
    -DCMAKE_BUILD_TYPE=Release -DBIMUXQT_BUILD_TESTS=OFF -DBIMUXQT_BUILD_EXAMPLES=ON \
    -DBIMUXQT_BUILD_INSPECTOR=OFF -DBIMUXQT_BUILD_BENCH=OFF
cmake --build "$build" --target nat-cloud nat-device

cloud="$build/examples/nat-device/nat-cloud"
device="$build/examples/nat-device/nat-device"
logs="$build/demo-logs"
mkdir -p "$logs"
rm -f "$logs"/*

# Each program runs under `timeout` as a last resort; they have their own, shorter
# limits. Output goes through tee, so it shows at once and stays in build-demo/demo-logs/;
# the exit code goes to a file, since $! is tee's.
run_logged() { # name program args...
    local name=$1
    shift
    { timeout --kill-after=5 30 "$@" 2>&1; echo $? >"$logs/$name.rc"; } | tee "$logs/$name.log"
}

if [[ $port == 0 ]]; then
    echo "== Starting the cloud on 127.0.0.1, any free port"
else
    echo "== Starting the cloud on 127.0.0.1:$port"
fi
run_logged cloud "$cloud" --address 127.0.0.1 --port "$port" --timeout 20 &
cloud_job=$!

# The cloud says where it listens; the device dials that.
url=
for _ in $(seq 100); do
    url=$(grep -o -m1 'ws://[^ ]*' "$logs/cloud.log" 2>/dev/null || true)
    [[ -n $url || -f $logs/cloud.rc ]] && break
    sleep 0.1
done
if [[ -z $url ]]; then
    echo "== The cloud did not start listening" >&2
    kill "$cloud_job" 2>/dev/null || true
    wait || true
    exit 1
fi

echo "== Starting the device: it dials $url"
run_logged device "$device" --url "$url" --id device-42 --timeout 20 &
device_job=$!

wait "$device_job" || true
wait "$cloud_job" || true
cloud_rc=$(cat "$logs/cloud.rc" 2>/dev/null || echo "?")
device_rc=$(cat "$logs/device.rc" 2>/dev/null || echo "?")

echo "== cloud exited with $cloud_rc, device exited with $device_rc (logs in build-demo/demo-logs/)"
[[ $cloud_rc == 0 && $device_rc == 0 ]]
