#!/usr/bin/env bash
# Everything the tests need on a fresh machine, then every test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-test-tools.sh
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then npm ci; fi
npm test
