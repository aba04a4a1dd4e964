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
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
       --disable-component-update --disable-sync --virtual-time-budget=3000)
# A run with a sweep (tornado, fan and fleet-size charts), a fleet projection (patterned bars in two
# charts), flopcast sweep's and flopcast compare's own reports: every command that computes.
for spec in "run-uncertainty run 910c-vs-h100-uncertainty -q" "run-regimes run china-2025-2027-regimes -q" \
            "sweep-uncertainty sweep 910c-vs-h100-uncertainty -q --samples 64" \
            "compare-regimes compare china-2025-2027-regimes --regimes none,timeline"; do
  read -r name command scenario extra <<<"$spec"
  out="$work/$name"
  # shellcheck disable=SC2086  # $extra is a list of options
  "$flopcast" "$command" "scenarios/$scenario.yaml" -o "$out" --report $extra >/dev/null
  report="$out/report.html"
  scenario=$name
  # The answer leads the page.
  grep -q '<p class="answer">' "$report" || { echo "$scenario: report.html has no answer"; exit 1; }
  # No network: the page must need nothing from outside.
  if grep -Eq '(src|href)="(https?:)?//' "$report"; then
    echo "$scenario: report.html references an external resource"; exit 1
  fi
  # Every reference inside the inlined charts (fill patterns, point symbols) must name exactly one
  # element: gnuplot numbers them alike in every SVG, so unprefixed they would resolve to another chart's.
  python3 - "$report" <<'PY'
import re, sys
html = open(sys.argv[1], encoding="utf-8").read()
ids = re.findall(r"""\sid=['"]([^'"]+)['"]""", html)
refs = set(re.findall(r"url\(#([^)]+)\)", html)) | set(re.findall(r"""href=['"]#([^'"]+)['"]""", html))
bad = [r for r in sorted(refs) if ids.count(r) != 1]
if bad:
    sys.exit("references that do not name exactly one element: " + ", ".join(bad[:10]))
print(f"{len(refs)} references, each to one element")
PY
  # Loading the page: a second try in a fresh profile when Chromium does not return (as for the
  # screenshot below), and a message either way rather than a silent exit under `set -e`.
  dom=""
  for attempt in 1 2; do
    if dom=$(timeout 90 "$browser" "${flags[@]}" --user-data-dir="$out/profile-dom$attempt" --enable-logging=stderr --v=0 \
               --dump-dom "file://$report" 2>"$out/console.log"); then
      break
    fi
    dom=""
    echo "$scenario: loading the page, attempt $attempt, failed or timed out after 90 s"
  done
  visible=$(grep -o 'data-charts-visible="[0-9]*/[0-9]*"' <<<"$dom" | grep -o '[0-9]*/[0-9]*' || true)
  echo "$scenario: charts visible: ${visible:-none}"
  [ -n "$visible" ] || { echo "the page's check script did not run"; exit 1; }
  [ "${visible%/*}" = "${visible#*/}" ] && [ "${visible%/*}" -gt 0 ] || { echo "not every chart is visible"; exit 1; }
  if grep -E 'CONSOLE.*(Uncaught|Error)' "$out/console.log"; then
    echo "script errors in the console"; exit 1
  fi
  # Headless Chromium now and then never returns from --screenshot on a loaded host (seen once in
  # CI, 6 Dec 2026: the same page's DOM had just loaded with every chart visible): one more try
  # in a fresh profile, and a message that says which step failed.
  for attempt in 1 2; do
    rm -f "$out/report.png"
    if timeout 90 "$browser" "${flags[@]}" --user-data-dir="$out/profile-shot$attempt" --window-size=1200,2400 \
         --screenshot="$out/report.png" "file://$report" 2>/dev/null && [ -s "$out/report.png" ]; then
      break
    fi
    echo "$scenario: screenshot attempt $attempt failed or timed out after 90 s"
  done
  [ -s "$out/report.png" ] || { echo "$scenario: no screenshot"; exit 1; }
  echo "screenshot: $out/report.png"
done
