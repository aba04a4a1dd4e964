#!/usr/bin/env bash
# report.html in a real headless Chromium (Debian's chromium): it loads offline without script
# errors, every chart is laid out with a non-zero size, and a screenshot can be taken.
# Usage: check_report.sh FLOPCAST SOURCE_DIR WORK_DIR
set -euo pipefail
flopcast=$1 source_dir=$2 work=$3
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
  echo "chromium not installed (Debian: chromium); .ci/setup.sh installs it"
  exit 77
fi
rm -rf "$work" && mkdir -p "$work"
cd "$source_dir"
"$flopcast" run scenarios/910c-vs-h100-uncertainty.yaml -o "$work/out" --report -q >/dev/null
report="$work/out/report.html"
# No network: the page must need nothing from outside.
if grep -Eq '(src|href)="(https?:)?//' "$report"; then
  echo "report.html references an external resource"; exit 1
fi
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
       --disable-component-update --disable-sync --virtual-time-budget=3000)
dom=$(timeout 90 "$browser" "${flags[@]}" --user-data-dir="$work/profile1" --enable-logging=stderr --v=0 \
        --dump-dom "file://$report" 2>"$work/console.log")
visible=$(grep -o 'data-charts-visible="[0-9]*/[0-9]*"' <<<"$dom" | grep -o '[0-9]*/[0-9]*' || true)
echo "charts visible: ${visible:-none}"
[ -n "$visible" ] || { echo "the page's check script did not run"; exit 1; }
[ "${visible%/*}" = "${visible#*/}" ] && [ "${visible%/*}" -gt 0 ] || { echo "not every chart is visible"; exit 1; }
if grep -E 'CONSOLE.*(Uncaught|Error)' "$work/console.log"; then
  echo "script errors in the console"; exit 1
fi
timeout 90 "$browser" "${flags[@]}" --user-data-dir="$work/profile2" --window-size=1200,2400 \
  --screenshot="$work/report.png" "file://$report" 2>/dev/null
[ -s "$work/report.png" ] || { echo "no screenshot"; exit 1; }
echo "screenshot: $work/report.png"
