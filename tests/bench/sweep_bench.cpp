// The per-sample cost of a Monte-Carlo sweep (issue #5): the engine's path against a
// hand-written loop that evaluates the same equations on plain doubles, with no engine around
// them (the physical limit). Figures and the command are in docs/performance.md.
//
// Scenario: scenarios/910c-vs-h100-uncertainty.yaml at its first grid point (8,000 H100), six
// uncertain inputs (two of them correlated), two DeepSeek-V3 training runs on the step model with
// the layouts the sweep pins (searched once for the base scenario), 23 metrics.
//
// - sweep_sample_engine: sweep::detail::run_sample, the function the sweep loop calls per sample
//   (draw the uniforms, Gaussian copula, inverse CDFs, engine::set_parameter for each input,
//   engine::evaluate_into, engine::read_metric per metric, chunk statistics and histograms).
// - sweep_sample_baseline: the same work written out by hand. The draws call the same
//   lowest-level functions (SplitMix64 counter, Boost.Math quantiles, the PERT table the sweep
//   builds once); the model calls perf::training_flops_split, perf::estimate_training_step and
//   perf::estimate_goodput for each run, catalog::h100_equivalents_by_tpp for each chip, and
//   inlines the rest (eq. F1, T5-T12 glue, G1-G3 applied, E1-E2, the metric definitions of
//   engine/metrics.cpp); the statistics are the same ChunkStats and LogHistogram updates.
//   Every equation the engine evaluates per sample is evaluated per sample here too, including
//   those whose inputs no variable moves (the H100 run's step model): hoisting those out of the
//   loop would be caching, a change of algorithm, not the absence of an engine.
// Before timing, both are run over the same 2,048 samples and must give bit-identical
// statistics; otherwise the baseline benchmark reports an error instead of a figure.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <boost/math/distributions/lognormal.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/triangular.hpp>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "../../sim/sweep/counter_rng.hpp"
#include "../../sim/sweep/sweep_core.hpp"
#include "flopcast/catalog/chip_spec.hpp"
#include "flopcast/perf/goodput.hpp"
#include "flopcast/perf/training_step.hpp"
#include "flopcast/scenario/load.hpp"

using namespace flopcast;

namespace {

using sweep::detail::ChunkStats;
using sweep::detail::LogHistogram;

struct MonteCarlo {
  std::optional<engine::Scenario> scenario;
  engine::SweepSpec spec;
  sweep::detail::Compiled compiled;
  std::string error;
};

const MonteCarlo& monte_carlo() {
  static const MonteCarlo mc = [] {
    MonteCarlo m;
    const auto catalog = scenario::load_catalog_dir(FLOPCAST_SOURCE_DIR "/scenarios/catalog");
    auto loaded = scenario::load_scenario(FLOPCAST_SOURCE_DIR "/scenarios/910c-vs-h100-uncertainty.yaml", catalog.catalog);
    if (!loaded.scenario) {
      m.error = "cannot load scenarios/910c-vs-h100-uncertainty.yaml";
      return m;
    }
    m.scenario = std::move(loaded.scenario);
    m.spec = loaded.sweep;
    m.compiled = sweep::detail::compile(*m.scenario, m.spec);
    return m;
  }();
  return mc;
}

/// The first grid point's scenario with the pinned layouts, as the sweep evaluates it.
engine::Scenario first_point(const MonteCarlo& m) {
  engine::Scenario s = m.compiled.base;
  sweep::detail::apply_point(m.spec, 0, s);
  return s;
}

// ---- the hand-written baseline ----------------------------------------------------------

/// One training run on one pool, as plain data taken from the scenario once.
struct Run {
  const catalog::ModelProfile* model = nullptr;
  catalog::ChipSpec* chip = nullptr;  ///< the baseline's own copy, whose sampled fields it sets
  double pool_count = 0, tokens = 0, batch_sequences = 0;
  int sequence_length = 0, routing_node_limit = 0;
  perf::ParallelLayout layout;  ///< dp = 0: filled from the pool size
  catalog::Precision precision{};
  perf::AttentionAccounting accounting{};
  bool include_mtp = false;
};

struct Baseline {
  Baseline() = default;
  Baseline(const Baseline&) = delete;  // runs point into it
  Baseline& operator=(const Baseline&) = delete;
  engine::Scenario s;  ///< owns the models; only read while timing
  catalog::ChipSpec h100, ascend;
  double h100_count = 0, ascend_count = 0;
  Run runs[2];
  engine::Distribution h100_price, ascend_price, ascend_bf16, mtbf, pue, electricity;
  const std::vector<double>* pert_table = nullptr;
  const std::vector<double>* cholesky = nullptr;
  std::uint64_t seed = 0;
  double amortisation_s = 0, checkpoint_write_s = 0, restart_s = 0, effective_utilisation = 0;
  std::string error;
};

std::unique_ptr<Baseline> make_baseline(const MonteCarlo& m) {
  auto owner = std::make_unique<Baseline>();
  Baseline& b = *owner;
  b.s = first_point(m);
  const char* expected[6] = {"chips.h100.price", "chips.ascend-910c.price", "chips.ascend-910c.dense_peak.bf16", "assumptions.chip_mtbf",
                             "assumptions.pue", "assumptions.electricity_price"};
  if (m.spec.variables.size() != 6 || b.s.fleet.pools.size() != 2 || b.s.training.size() != 2 || m.compiled.metrics.size() != 23) {
    b.error = "the scenario no longer has the shape the baseline is written for";
    return owner;
  }
  for (std::size_t j = 0; j < 6; ++j) {
    if (m.spec.variables[j].parameter.path != expected[j]) b.error = "unexpected variable " + m.spec.variables[j].parameter.path;
  }
  b.ascend = b.s.fleet.pools[0].chip;
  b.h100 = b.s.fleet.pools[1].chip;
  b.ascend_count = b.s.fleet.pools[0].count;
  b.h100_count = b.s.fleet.pools[1].count;
  for (int i = 0; i < 2; ++i) {
    const auto& t = b.s.training[static_cast<std::size_t>(i)];
    auto& r = b.runs[i];
    r.model = &t.model;
    r.chip = i == 0 ? &b.ascend : &b.h100;
    r.pool_count = i == 0 ? b.ascend_count : b.h100_count;
    r.tokens = t.tokens;
    r.batch_sequences = t.global_batch_tokens / t.sequence_length;
    r.sequence_length = t.sequence_length;
    r.routing_node_limit = t.routing_node_limit;
    r.layout = *t.layout;
    r.precision = t.precision;
    r.accounting = t.accounting;
    r.include_mtp = t.include_mtp;
  }
  b.h100_price = m.spec.variables[0].distribution;
  b.ascend_price = m.spec.variables[1].distribution;
  b.ascend_bf16 = m.spec.variables[2].distribution;
  b.mtbf = m.spec.variables[3].distribution;
  b.pue = m.spec.variables[4].distribution;
  b.electricity = m.spec.variables[5].distribution;
  b.pert_table = &m.compiled.tables[1];
  b.cholesky = &m.compiled.cholesky;
  b.seed = m.spec.seed;
  b.amortisation_s = b.s.assumptions.amortisation_s;
  b.checkpoint_write_s = b.s.assumptions.checkpoint_write_s;
  b.restart_s = b.s.assumptions.restart_s;
  b.effective_utilisation = b.s.assumptions.effective_utilisation;
  return owner;
}

constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();

/// One training run: step model on the pinned layout, goodput, energy and cost (eq. T5-T12,
/// G1-G3, E1-E2); writes its nine metrics (engine/metrics.cpp order) to out[0..8].
void baseline_run(const Run& r, double mtbf_s, double checkpoint_s, double restart_s, double pue, double usd_per_j, double amortisation_s,
                  double* out) {
  const auto f = perf::training_flops_split(*r.model, r.sequence_length, r.accounting, r.include_mtp);
  benchmark::DoNotOptimize(f);  // the engine computes and stores it per evaluation; no metric reads it
  perf::ParallelLayout layout = r.layout;
  if (layout.dp == 0) layout.dp = std::max(1, static_cast<int>(r.pool_count / (static_cast<double>(layout.tp) * layout.pp * layout.cp)));
  const perf::TrainingStepInputs in{r.model, r.chip, layout, r.sequence_length, r.batch_sequences, r.precision, r.accounting, r.routing_node_limit,
                                    nullptr, r.include_mtp};
  const auto step = perf::estimate_training_step(in);
  const double chips = static_cast<double>(layout.chips());
  if (!step.feasible) {
    for (int i = 0; i < 9; ++i) out[i] = kMissing;
    return;
  }
  const double tokens_per_s = step.tokens_per_s_per_chip * chips;
  const double achieved = step.model_flop_per_s_per_chip * chips;
  double time_s = r.tokens / tokens_per_s;
  double chip_hours = time_s * chips / 3600.0;
  const auto goodput = perf::estimate_goodput({chips, mtbf_s, checkpoint_s, restart_s});
  if (!(goodput.fraction > 0)) {
    for (int i = 0; i < 9; ++i) out[i] = kMissing;
    return;
  }
  time_s /= goodput.fraction;
  chip_hours /= goodput.fraction;
  const double share = std::min(r.pool_count, chips) / chips;
  const double chip_s = chip_hours * 3600 * share;
  const auto power = r.chip->power_w();
  const double watts = power ? *power * pue : kMissing;
  const double energy = power ? chip_s * watts : kMissing;
  const double cost = power && r.chip->price_usd ? chip_s * (*r.chip->price_usd / amortisation_s + watts * usd_per_j) : kMissing;
  out[0] = tokens_per_s / chips;
  out[1] = achieved / chips / 1e12;
  out[2] = step.hardware_flop_per_s_per_chip / 1e12;
  out[3] = step.mfu_bf16;
  out[4] = step.time.step_s;
  out[5] = time_s / 86400.0;
  out[6] = chip_hours;
  out[7] = energy / 3.6e9;
  out[8] = cost;
}

/// Sample k: the same draws, equations and statistics as the sweep, on plain doubles.
void baseline_sample(Baseline& b, std::uint64_t k, ChunkStats* stats, LogHistogram* histograms) {
  namespace bm = boost::math;
  using sweep::detail::uniform01;
  // Draws (eq. S1-S2): counter-based uniforms, Gaussian copula, inverse CDFs.
  double z[6];
  for (std::uint64_t j = 0; j < 6; ++j) z[j] = uniform01(b.seed, k, j);
  const auto& l = *b.cholesky;
  const bm::normal_distribution<double> unit(0, 1);
  for (double& x : z) x = bm::quantile(unit, x);
  for (std::size_t i = 6; i-- > 0;) {
    double zi = 0;
    for (std::size_t j = 0; j <= i; ++j) zi += l[i * 6 + j] * z[j];
    z[i] = std::clamp(bm::cdf(unit, zi), 1e-15, 1 - 1e-15);
  }
  b.h100.price_usd = bm::quantile(bm::triangular_distribution<double>(b.h100_price.low, b.h100_price.mode, b.h100_price.high), z[0]);
  {
    const auto& t = *b.pert_table;
    const double x = z[1] * 4096;
    const auto i = std::min(static_cast<std::size_t>(x), t.size() - 2);
    const double f = x - static_cast<double>(i);
    b.ascend.price_usd = t[i] + f * (t[i + 1] - t[i]);
  }
  {
    const auto& w = b.ascend_bf16.cumulative_weights;
    const auto i = std::min<std::size_t>(static_cast<std::size_t>(std::upper_bound(w.begin(), w.end(), z[2]) - w.begin()), b.ascend_bf16.values.size() - 1);
    b.ascend.dense_peak_flop_per_s[static_cast<std::size_t>(catalog::Precision::bf16)] = b.ascend_bf16.values[i];
  }
  const double mtbf_s = bm::quantile(bm::lognormal_distribution<double>(std::log(b.mtbf.median), b.mtbf.sigma), z[3]);
  const double pue = b.pue.low + z[4] * (b.pue.high - b.pue.low);
  const double usd_per_j = b.electricity.low + z[5] * (b.electricity.high - b.electricity.low);

  // Fleet metrics (eq. F1), in engine/metrics.cpp order.
  double v[23];
  constexpr auto bf16 = static_cast<std::size_t>(catalog::Precision::bf16);
  v[0] = 0 + b.ascend_count + b.h100_count;
  v[1] = 0 + b.ascend_count * b.ascend.dense_peak_flop_per_s[bf16] + b.h100_count * b.h100.dense_peak_flop_per_s[bf16];
  v[2] = v[1] * b.effective_utilisation;
  const auto pa = b.ascend.power_w(), ph = b.h100.power_w();
  v[3] = pa && ph ? 0 + b.ascend_count * *pa + b.h100_count * *ph : kMissing;
  v[4] = 0 + b.ascend_count * catalog::h100_equivalents_by_tpp(b.ascend) + b.h100_count * catalog::h100_equivalents_by_tpp(b.h100);
  baseline_run(b.runs[0], mtbf_s, b.checkpoint_write_s, b.restart_s, pue, usd_per_j, b.amortisation_s, v + 5);
  baseline_run(b.runs[1], mtbf_s, b.checkpoint_write_s, b.restart_s, pue, usd_per_j, b.amortisation_s, v + 14);

  for (std::size_t m = 0; m < 23; ++m) {
    auto& s = stats[m];
    if (!std::isfinite(v[m])) {
      ++s.missing;
      continue;
    }
    s.sum += v[m];
    ++s.count;
    s.min = std::min(s.min, v[m]);
    s.max = std::max(s.max, v[m]);
    histograms[m].add(v[m]);
  }
}

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

/// Runs both paths over the same samples; empty if their statistics agree bit for bit.
std::string compare_with_engine(const MonteCarlo& m) {
  constexpr std::uint64_t samples = 2048;
  const auto b = make_baseline(m);
  if (!b->error.empty()) return b->error;
  auto ctx = sweep::detail::make_context(m.compiled, m.spec, true);
  sweep::detail::apply_point(m.spec, 0, ctx.scenario);
  std::vector<ChunkStats> engine_stats(23), baseline_stats(23);
  std::vector<LogHistogram> histograms(23);
  for (std::uint64_t k = 0; k < samples; ++k) {
    sweep::detail::run_sample(m.spec, m.compiled, k, ctx, engine_stats.data());
    baseline_sample(*b, k, baseline_stats.data(), histograms.data());
  }
  for (std::size_t i = 0; i < 23; ++i) {
    const auto& e = engine_stats[i];
    const auto& h = baseline_stats[i];
    if (e.count != h.count || e.missing != h.missing || !same_bits(e.sum, h.sum) || !same_bits(e.min, h.min) || !same_bits(e.max, h.max)) {
      return "baseline differs from the engine on " + m.compiled.metric_names[i];
    }
  }
  return {};
}

void sweep_sample_engine(benchmark::State& state) {
  const auto& m = monte_carlo();
  if (!m.error.empty()) {
    state.SkipWithError(m.error.c_str());
    return;
  }
  auto ctx = sweep::detail::make_context(m.compiled, m.spec, true);
  sweep::detail::apply_point(m.spec, 0, ctx.scenario);
  std::vector<ChunkStats> stats(m.compiled.metrics.size());
  std::uint64_t k = 0;
  for (auto _ : state) sweep::detail::run_sample(m.spec, m.compiled, k++, ctx, stats.data());
  benchmark::DoNotOptimize(stats.data());
  state.counters["metrics"] = static_cast<double>(m.compiled.metrics.size());
}
BENCHMARK(sweep_sample_engine);

void sweep_sample_baseline(benchmark::State& state) {
  const auto& m = monte_carlo();
  if (!m.error.empty()) {
    state.SkipWithError(m.error.c_str());
    return;
  }
  const std::string error = compare_with_engine(m);
  if (!error.empty()) {
    state.SkipWithError(error.c_str());
    return;
  }
  const auto b = make_baseline(m);
  std::vector<ChunkStats> stats(23);
  std::vector<LogHistogram> histograms(23);
  std::uint64_t k = 0;
  for (auto _ : state) baseline_sample(*b, k++, stats.data(), histograms.data());
  benchmark::DoNotOptimize(stats.data());
}
BENCHMARK(sweep_sample_baseline);

}  // namespace
