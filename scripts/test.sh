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
echo "== docker compose config"
# No engine runs in CI: validate the compose file only. Debian ships Compose v1 (docker-compose).
if docker compose version >/dev/null 2>&1; then
  docker compose --env-file docker/example.env -f docker/compose.yaml config -q
elif command -v docker-compose >/dev/null; then
  docker-compose --env-file docker/example.env -f docker/compose.yaml config -q
else
  echo "no docker compose client (apt-get install docker-compose): compose file not validated" >&2
  exit 1
fi
echo "== Dockerfile lint (dockerfile-utils: the linter of the Dockerfile language server; hadolint is not in Debian)"
for dockerfile in docker/*.Dockerfile; do npx dockerfile-utils lint "$dockerfile"; done
echo "== dashboard assets (npm run build), once for every test that serves them"
npm run build --silent
export ONRAMP_WEB_PREBUILT=1
echo "== tests (vitest)"
report=$(mktemp -t onramp-vitest-XXXXXX.json)
faults=$(mktemp -t onramp-faults-XXXXXX.json)
status=0
npx vitest run --project "!faults" --reporter=default --reporter=json --outputFile.json="$report" || status=$?
echo "== fault injection (vitest --project faults; also: npm run test:faults)"
npx vitest run --project faults --reporter=default --reporter=json --outputFile.json="$faults" || status=$?
node scripts/print-test-summary.mjs "$report" "$faults"
rm -f "$report" "$faults"
echo "total $(($(date +%s) - start)) s"
exit "$status"
