#!/usr/bin/env bash
# Renders the chart gallery (plots/gallery/) from the shipped scenarios. Run after building:
#   plots/render_gallery.sh [path/to/flopcast]
set -euo pipefail
cd "$(dirname "$0")/.."
flopcast=${1:-build/bin/flopcast}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for s in scenarios/*.yaml; do
  "$flopcast" run "$s" -o "$out/$(basename "$s" .yaml)" -q >/dev/null
done
"$flopcast" compare scenarios/china-2025-2027-regimes.yaml --regimes none,oct2023,timeline -o "$out/china-2025-2027-regimes-compare" >/dev/null
mkdir -p plots/gallery
rm -f plots/gallery/*.png
for dir in "$out"/*/; do
  name=$(basename "$dir")
  for png in "$dir"*.png; do
    [ -e "$png" ] && cp "$png" "plots/gallery/${name}--$(basename "$png")"
  done
done
ls plots/gallery
