#!/usr/bin/env bash
# Installs the interop peer's npm packages (ws, protobufjs) from package-lock.json.
# Quick when they are already there.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
if [ -d node_modules/ws ] && [ -d node_modules/protobufjs ] \
    && [ node_modules/.package-lock.json -nt package-lock.json ]; then
    exit 0
fi
npm ci --no-audit --no-fund
