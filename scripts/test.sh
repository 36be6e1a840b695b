#!/usr/bin/env bash
# Everything the tests need on a fresh machine, then every suite: the specification tests
# (npm test) and the fault-injection suite, which prints the safety figures. Ends with one
# "N passed, N failed" line over both.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-test-tools.sh
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then npm ci; fi
rm -rf .test-results && mkdir -p .test-results
status=0
npm run build
# The layer rules (.dependency-cruiser.cjs), before the tests: a module importing across a layer fails CI here.
npm run deps || status=$?
npx vitest run --reporter=default --reporter=json --outputFile.json=.test-results/spec.json || status=$?
npx vitest run --config vitest.faults.config.ts --reporter=default --reporter=json --outputFile.json=.test-results/faults.json || status=$?
node -e '
const fs = require("fs")
let passed = 0, failed = 0
for (const f of fs.readdirSync(".test-results")) {
  const r = JSON.parse(fs.readFileSync(".test-results/" + f, "utf8"))
  passed += r.numPassedTests; failed += r.numFailedTests
}
console.log(`tests: ${passed} passed, ${failed} failed`)
'
exit $status
