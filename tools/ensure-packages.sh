#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The BiMuxQt authors
# SPDX-License-Identifier: BSD-3-Clause

# Installs the Debian packages BiMuxQt builds with, plus any named on the command line,
# unless they are all installed already: then it needs neither root nor the network.
#
#   bash tools/ensure-packages.sh [extra-package ...]
set -euo pipefail

packages=(
    cmake ninja-build g++
    qt6-base-dev qt6-websockets-dev
    # LinguistTools, for the library's translations (lrelease, lupdate).
    qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
    libprotobuf-dev protobuf-compiler
    # The inspector's payload decoding parses .proto files (google::protobuf::compiler).
    libprotoc-dev
    # Qt6Gui's CMake package, pulled in by Qt's tools packages, wants the GL headers.
    libgl-dev
    # The inspector draws its timeline with Qt Charts, whose CMake package needs Qt's
    # OpenGL one, which Debian's qt6-charts-dev does not pull in.
    qt6-charts-dev libqt6opengl6-dev
    # The TLS tests make their own CA and certificates with the openssl tool.
    openssl
    # The tunnel program's tests (and tools/run-tunnel-bench.sh) drive curl and iperf3
    # through its forwards.
    curl iperf3
    # autotests/connectcontext runs tools/check-connect-context.py.
    python3
    "$@"
)

missing=()
for package in "${packages[@]}"; do
    if ! dpkg -s "$package" 2>/dev/null | grep -q '^Status: install ok installed'; then
        missing+=("$package")
    fi
done
if ((${#missing[@]} == 0)); then
    exit 0
fi

echo "== Installing Debian packages: ${missing[*]}"
as_root=()
if [[ $(id -u) -ne 0 ]]; then
    if ! command -v sudo >/dev/null; then
        echo "error: these packages are missing and installing them needs root: ${missing[*]}" >&2
        exit 1
    fi
    as_root=(sudo)
fi
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y --no-install-recommends "${missing[@]}"
