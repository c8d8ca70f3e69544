#!/usr/bin/env bash
# The demo scenario: what Chancery does today, step by step.
# Usage: deploy/demo.sh PATH/TO/chancery
set -euo pipefail
cd "$(dirname "$0")/.."
chancery=${1:-build/adapters/cli/chancery}

say() { printf '\n== %s\n' "$*"; }

say "Validating the shipped workflow definitions"
"$chancery" validate workflows/*.xml

for wf in workflows/*.xml; do
  say "Workflow outline: $wf"
  "$chancery" workflows show "$wf"
done

say "A broken definition is refused with file:line:column findings"
"$chancery" validate tests/fixtures/workflows/invalid/many-errors.xml || true
