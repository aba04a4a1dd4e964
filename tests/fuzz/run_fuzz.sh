#!/usr/bin/env bash
# Runs a fuzz target (docs/reliability.md).
#   tests/fuzz/run_fuzz.sh BUILD_DIR scenario|values|regime|options|state|sweep [libFuzzer options...]
# BUILD_DIR was configured with clang, -DFLOPCAST_FUZZ=ON and -DFLOPCAST_SANITIZE="address;undefined".
# Examples:
#   tests/fuzz/run_fuzz.sh build-asan scenario -runs=5000 -seed=1             # the CI smoke run
#   tests/fuzz/run_fuzz.sh build-asan values -max_total_time=3600 -fork=2       # an hour on both cores
# scenario: seeds are the shipped scenarios, validation cases, examples, error cases, catalog files
# and past findings (tests/fuzz/regressions), copied into BUILD_DIR/fuzz-seeds; it uses the
# dictionary tests/fuzz/scenario.dict. values: builds scenarios from the fuzzer's bytes, no seeds.
# regime: seeds are the shipped regime files and past findings (tests/fuzz/regressions/regime-*).
# options, sweep: build command lines and sweep sections from the bytes, no seeds. state: seeds are
# real shard states and past findings (tests/fuzz/regressions/state/, read, never written to).
# What a target learns accumulates in BUILD_DIR/fuzz-corpus-TARGET; failing inputs land in
# BUILD_DIR/fuzz-findings/ (reproduce one: BUILD_DIR/tests/fuzz/flopcast_fuzz_TARGET FILE).
set -euo pipefail
cd "$(dirname "$0")/../.."
usage="usage: tests/fuzz/run_fuzz.sh BUILD_DIR scenario|values|regime|options|state|sweep [libFuzzer options...]"
build=${1:?$usage}
target=${2:?$usage}
shift 2
case $target in scenario | values | regime | options | state | sweep) ;; *) echo "$usage" >&2; exit 2 ;; esac
fuzzer=$build/tests/fuzz/flopcast_fuzz_$target
[ -x "$fuzzer" ] || { echo "run_fuzz: $fuzzer not built (configure with clang and -DFLOPCAST_FUZZ=ON)" >&2; exit 2; }
corpus=$build/fuzz-corpus-$target findings=$build/fuzz-findings
mkdir -p "$corpus" "$findings"
args=(-timeout=20 -rss_limit_mb=4096 -print_final_stats=1 -artifact_prefix="$findings/$target-")
dirs=("$corpus")
if [ "$target" = scenario ]; then
  seeds=$build/fuzz-seeds
  rm -rf "$seeds"
  mkdir -p "$seeds"
  i=0
  for f in scenarios/*.yaml tests/validation/*.yaml docs/examples/*.yaml tests/errors/*/*.yaml \
           scenarios/catalog/*/*.yaml tests/fuzz/regressions/*; do
    [ -f "$f" ] && cp "$f" "$seeds/$((i++))-$(basename "$f")"
  done
  args+=(-dict=tests/fuzz/scenario.dict)
  dirs+=("$seeds")
elif [ "$target" = regime ]; then
  seeds=$build/fuzz-seeds-regime
  rm -rf "$seeds"
  mkdir -p "$seeds"
  for f in scenarios/regimes/*.yaml tests/fuzz/regressions/regime-*; do
    [ -f "$f" ] && cp "$f" "$seeds/$(basename "$f")"
  done
  args+=(-dict=tests/fuzz/scenario.dict)
  dirs+=("$seeds")
fi
if [ "$target" = state ]; then
  dirs+=(tests/fuzz/regressions/state)  # real shard states, and past findings
fi
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
exec "$fuzzer" "${args[@]}" "$@" "${dirs[@]}"
