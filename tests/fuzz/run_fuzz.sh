#!/usr/bin/env bash
# Runs the scenario fuzz target (docs/reliability.md).
#   tests/fuzz/run_fuzz.sh BUILD_DIR [libFuzzer options...]
# BUILD_DIR was configured with clang, -DFLOPCAST_FUZZ=ON and -DFLOPCAST_SANITIZE="address;undefined".
# Examples:
#   tests/fuzz/run_fuzz.sh build-asan -runs=3000                    # the CI smoke run
#   tests/fuzz/run_fuzz.sh build-asan -max_total_time=3600 -fork=2  # an hour on both cores
# The seeds (shipped scenarios, validation cases, examples, error cases, catalog files and past
# findings in tests/fuzz/regressions) are copied into BUILD_DIR/fuzz-seeds; what the fuzzer
# learns accumulates in BUILD_DIR/fuzz-corpus; crashes land in BUILD_DIR/fuzz-findings.
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:?usage: tests/fuzz/run_fuzz.sh BUILD_DIR [libFuzzer options...]}
shift
fuzzer=$build/tests/fuzz/flopcast_fuzz_scenario
[ -x "$fuzzer" ] || { echo "run_fuzz: $fuzzer not built (configure with clang and -DFLOPCAST_FUZZ=ON)" >&2; exit 2; }
seeds=$build/fuzz-seeds corpus=$build/fuzz-corpus findings=$build/fuzz-findings
rm -rf "$seeds"
mkdir -p "$seeds" "$corpus" "$findings"
i=0
for f in scenarios/*.yaml tests/validation/*.yaml docs/examples/*.yaml tests/errors/*/*.yaml \
         scenarios/catalog/*/*.yaml tests/fuzz/regressions/*; do
  [ -f "$f" ] && cp "$f" "$seeds/$((i++))-$(basename "$f")"
done
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
exec "$fuzzer" -dict=tests/fuzz/scenario.dict -timeout=20 -rss_limit_mb=4096 -print_final_stats=1 \
  -artifact_prefix="$findings/" "$@" "$corpus" "$seeds"
