#!/usr/bin/env bash
# Everything the tests need on a fresh machine, then every suite: the specification tests
# (npm test) and the fault-injection suite (npm run test:faults), which prints the safety figures.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-test-tools.sh
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then npm ci; fi
npm test
npx vitest run --config vitest.faults.config.ts
