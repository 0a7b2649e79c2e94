#!/usr/bin/env bash
# npm test: install what is missing, then lint, typecheck, architecture rules, and every test
# tier (unit, then end-to-end against real Redis, Asterisk and SIPp calls).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -f .data/up.pid ] && kill -0 "$(cat .data/up.pid)" 2>/dev/null; then
  echo "[test] npm run up is running (pid $(cat .data/up.pid)): stop it first; the tests need ports 5060 and 8088." >&2
  exit 1
fi
bash scripts/setup.sh
echo "[test] lint";        npx eslint . --max-warnings 0
echo "[test] typecheck";   npx tsc --noEmit
echo "[test] flow schemas up to date"; npx tsx scripts/export-schemas.ts --check
echo "[test] flows valid";  node bin/cc.mjs flows check > /dev/null
echo "[test] event catalogue"; npx tsx scripts/check-events.ts
echo "[test] architecture rules"; npx depcruise src scripts test --config .dependency-cruiser.cjs --output-type err
echo "[test] run-time cycles"; npx depcruise src scripts test --config .dependency-cruiser-runtime.cjs --output-type err
echo "[test] unit and end-to-end tests"
mkdir -p .data/logs
status=0
npx vitest run --reporter=default --reporter=json --outputFile.json=.data/logs/vitest.json || status=$?
# A plain closing line: "N passed, N failed".
node -e 'const r=JSON.parse(require("fs").readFileSync(".data/logs/vitest.json","utf8"));console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed`+(r.numPendingTests?`, ${r.numPendingTests} skipped`:""))' || true
exit "$status"
