#!/usr/bin/env bash
# npm run up: install what is missing, then run Redis + Asterisk + engine until Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# One node process (no npx/tsx wrapper) so that Ctrl-C and SIGTERM reach the engine directly.
exec node --import tsx scripts/up.ts
