// The per-sample cost of a Monte-Carlo sweep (issue #5): the engine's path against a
// hand-written loop that evaluates the same equations on plain doubles, with no engine around
// them (the physical limit). Figures and the command are in docs/performance.md.
//
// Scenario: scenarios/910c-vs-h100-uncertainty.yaml at its first grid point (8,000 H100), six
// uncertain inputs (two of them correlated), two DeepSeek-V3 training runs on the step model, each
// re-planned per sample as a direct run would (the 910C's sampled BF16 peak can change its best
// layout; sim/sweep/layout_plan.hpp), 23 metrics.
//
// - sweep_sample_engine: sweep::detail::run_sample, the function the sweep loop calls per sample
//   (draw the uniforms, Gaussian copula, inverse CDFs, engine::set_parameter for each input,
//   engine::evaluate_into, engine::read_metric per metric, chunk statistics and histograms).
// - sweep_sample_baseline: the same work written out by hand (sweep_mirror.hpp, shared with the
//   unit test that keeps it equal to the engine): the same draws, perf::training_flops_split,
//   perf::estimate_training_step and perf::estimate_goodput per run, catalog::h100_equivalents_by_tpp
//   per chip, the rest inlined; the same ChunkStats and LogHistogram updates. Every equation the
//   engine evaluates per sample is evaluated per sample here too, including those whose inputs no
//   variable moves (the H100 run's step model): hoisting those out of the loop would be caching, a
//   change of algorithm, not the absence of an engine.
// Before timing, both are run over the same 2,048 samples and must agree on every metric of every
// sample; otherwise the baseline benchmark reports an error naming the metric instead of a figure
// (and the CTest smoke run of the benchmarks fails).
#include <benchmark/benchmark.h>

#include <optional>
#include <string>
#include <vector>

#include "sweep_mirror.hpp"

using namespace flopcast;

namespace {

using sweep::detail::ChunkStats;
using sweep::detail::LogHistogram;

struct Loaded {
  std::optional<bench::CompiledSweep> sweep;
  std::string error;
};

const Loaded& uncertainty_sweep() {
  static const Loaded loaded = [] {
    Loaded l;
    l.error = bench::load_sweep("scenarios/910c-vs-h100-uncertainty.yaml", l.sweep);
    return l;
  }();
  return loaded;
}

void sweep_sample_engine(benchmark::State& state) {
  const auto& l = uncertainty_sweep();
  if (!l.error.empty()) {
    state.SkipWithError(l.error.c_str());
    return;
  }
  const auto& sw = *l.sweep;
  auto ctx = sweep::detail::make_context(sw.compiled, sw.spec, true);
  sweep::detail::apply_point(sw.spec, 0, ctx.scenario);
  std::vector<ChunkStats> stats(sw.compiled.metrics.size());
  std::uint64_t k = 0;
  for (auto _ : state) sweep::detail::run_sample(sw.spec, sw.compiled, 0, k++, ctx, stats.data());
  benchmark::DoNotOptimize(stats.data());
  state.counters["metrics"] = static_cast<double>(sw.compiled.metrics.size());
}
BENCHMARK(sweep_sample_engine);

void sweep_sample_baseline(benchmark::State& state) {
  const auto& l = uncertainty_sweep();
  std::string error = l.error;
  if (error.empty()) error = bench::first_difference(*l.sweep, 2048);
  if (!error.empty()) {
    error = "baseline differs from the engine: " + error;
    state.SkipWithError(error.c_str());
    return;
  }
  const auto mirror = bench::make_mirror(*l.sweep, error);
  std::vector<ChunkStats> stats(bench::kMirrorMetrics);
  std::vector<LogHistogram> histograms(bench::kMirrorMetrics);
  double values[bench::kMirrorMetrics];
  std::uint64_t k = 0;
  for (auto _ : state) {
    bench::mirror_sample(*mirror, k++, values);
    bench::accumulate(values, stats.data(), histograms.data());
  }
  benchmark::DoNotOptimize(stats.data());
}
BENCHMARK(sweep_sample_baseline);

}  // namespace
