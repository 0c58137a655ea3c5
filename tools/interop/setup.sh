#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The BiMuxQt authors
# SPDX-License-Identifier: BSD-3-Clause

# Installs the interop peer's npm packages (ws, protobufjs) exactly as package-lock.json
# pins them, into tools/interop/node_modules. tools/run-tests.sh calls it before the
# tests; it is idempotent, and returns at once, without the network, when every locked
# package is already installed at its locked version.
#
#   bash tools/interop/setup.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    echo "error: node and npm are needed for the interop test (Debian: apt-get install nodejs npm)" >&2
    exit 1
fi

# Compares what is installed with the lock file itself rather than with timestamps, which a
# checkout or a copy changes without changing the packages.
installed() {
    node - <<'EOF'
const fs = require('fs');
const lock = JSON.parse(fs.readFileSync('package-lock.json', 'utf8'));
for (const [where, entry] of Object.entries(lock.packages)) {
    if (!where)
        continue; // the project itself
    try {
        if (JSON.parse(fs.readFileSync(`${where}/package.json`, 'utf8')).version !== entry.version)
            process.exit(1);
    } catch {
        process.exit(1);
    }
}
EOF
}

if installed; then
    exit 0
fi
echo "== Installing the interop peer's npm packages (tools/interop)"
npm ci --no-audit --no-fund
