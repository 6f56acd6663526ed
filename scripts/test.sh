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
# Tests and the vitest globalSetup skip their own builds: the assets and bins above are current.
export ONRAMP_WEB_PREBUILT=1
echo "== tests (vitest)"
report=$(mktemp -t onramp-vitest-XXXXXX.json)
fraud=$(mktemp -t onramp-fraud-XXXXXX.json)
fraud_log=$(mktemp -t onramp-fraud-XXXXXX.log)
faults=$(mktemp -t onramp-faults-XXXXXX.json)
status=0
# The projects of vitest.config.ts, by how they run. A project added there and not here fails the
# run, so none is left out silently.
serial_projects=(contract profiles edge-agent simulators demo ingest-service)
declared=$(grep -oE 'name: "[a-z0-9-]+"' vitest.config.ts | sed -E 's/name: "(.*)"/\1/' | sort | tr '\n' ' ')
known=$(printf '%s\n' "${serial_projects[@]}" fraud faults | sort | tr '\n' ' ')
if [ "$declared" != "$known" ]; then
  echo "vitest projects changed (vitest.config.ts: $declared; scripts/test.sh knows: $known)" >&2
  exit 1
fi
# The fraud suite spends its ~4 minutes mostly waiting on a 3-minute judged period of real time, so
# it runs beside the other projects (vitest gives a 2-core machine one worker) instead of after.
echo "== fraud suite (vitest --project fraud), in the background; its output follows the main run"
npx vitest run --project fraud --reporter=default --reporter=json --outputFile.json="$fraud" >"$fraud_log" 2>&1 &
fraud_pid=$!
project_args=()
for project in "${serial_projects[@]}"; do project_args+=(--project "$project"); done
npx vitest run "${project_args[@]}" --reporter=default --reporter=json --outputFile.json="$report" || status=$?
fraud_status=0
wait "$fraud_pid" || fraud_status=$?
echo "== fraud suite output"
cat "$fraud_log"
if [ "$fraud_status" -ne 0 ]; then status=$fraud_status; fi
echo "== fault injection (vitest --project faults; also: npm run test:faults)"
npx vitest run --project faults --reporter=default --reporter=json --outputFile.json="$faults" || status=$?
node scripts/print-test-summary.mjs "$report" "$fraud" "$faults"
rm -f "$report" "$fraud" "$fraud_log" "$faults"
echo "total $(($(date +%s) - start)) s"
exit "$status"
