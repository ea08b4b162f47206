#!/usr/bin/env bash
# Rebuild the report screenshots in docs/: a demo council's year (2025),
# each report generated from it, each page shot in headless chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
qaledger=.venv/bin/qaledger
"$qaledger" demo generate --db "$work/demo.db" --start 2025-01-01 >/dev/null 2>&1
report() {
  "$qaledger" report "$@" --db "$work/demo.db" --out "$work/out" --as QA1 >/dev/null 2>&1
}
report benchmark --cycle 2025H2
report pmm --month 2025-10
report supervision --year 2025
report complaints --quarter 2025Q3
report ofsted --as-of 2025-12-31
for page in "$work"/out/*.html; do
  job=$(basename "$page" | cut -d- -f1)
  chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run \
    --user-data-dir="$work/profile" --window-size=1280,2000 \
    --screenshot="docs/report-$job.png" "file://$page" >/dev/null 2>&1
  echo "docs/report-$job.png"
done
