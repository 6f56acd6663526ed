#!/usr/bin/env bash
# The README's test command (`npm test`): install, typecheck, lint, schema drift, every test.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)

bash scripts/install-deps.sh
echo "== typecheck (tsc -b)"
npx tsc -b
echo "== lint and format (biome ci)"
npx biome ci .
echo "== tests (vitest)"
report=$(mktemp -t onramp-vitest-XXXXXX.json)
status=0
npx vitest run --reporter=default --reporter=json --outputFile.json="$report" || status=$?
node scripts/print-test-summary.mjs "$report"
rm -f "$report"
echo "total $(($(date +%s) - start)) s"
exit "$status"
