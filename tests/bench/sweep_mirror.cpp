// The hand-written mirror of a sweep sample (see sweep_mirror.hpp for what it is for).
#include "sweep_mirror.hpp"

#include <algorithm>
#include <array>
#include <boost/math/distributions/lognormal.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/triangular.hpp>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string_view>

#include "flopcast/core/math_policy.hpp"

#include "../../sim/sweep/counter_rng.hpp"
#include "flopcast/catalog/chip_spec.hpp"
#include "flopcast/engine/evaluate.hpp"
#include "flopcast/perf/goodput.hpp"
#include "flopcast/perf/training_step.hpp"
#include "flopcast/scenario/load.hpp"

namespace flopcast::bench {
namespace {

using sweep::detail::ChunkStats;
using sweep::detail::LogHistogram;

constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();
constexpr auto kBf16 = static_cast<std::size_t>(catalog::Precision::bf16);

// The metric names the mirror computes, in its output order (engine/metrics.cpp's order).
constexpr std::array<std::string_view, 7> kFleetFields{"chips", "peak_bf16_flop_per_s", "effective_flop_per_s", "power_w", "h100e_by_tpp",
                                                       "capex_usd", "facility_power_w"};
constexpr std::array<std::string_view, 11> kRunFields{"tokens_per_s_per_chip", "model_tflops_per_chip", "hardware_tflops_per_chip",
                                                     "mfu_bf16", "step_s", "time_days", "chip_hours", "energy_mwh", "cost_usd",
                                                      "capex_usd", "facility_power_w"};

// The uncertain inputs the draws are written for, in the scenario's order, with their distribution.
struct ExpectedVariable {
  std::string_view path;
  engine::DistributionKind kind;
};
constexpr std::array<ExpectedVariable, 6> kVariables{{{"chips.h100.price", engine::DistributionKind::triangular},
                                                      {"chips.ascend-910c.price", engine::DistributionKind::pert},
                                                      {"chips.ascend-910c.dense_peak.bf16", engine::DistributionKind::choice},
                                                      {"assumptions.chip_mtbf", engine::DistributionKind::lognormal},
                                                      {"assumptions.pue", engine::DistributionKind::uniform},
                                                      {"assumptions.electricity_price", engine::DistributionKind::uniform}}};

std::vector<std::string> mirrored_metric_names(const engine::Scenario& s) {
  std::vector<std::string> names;
  for (auto f : kFleetFields) names.push_back("fleet." + std::string(f));
  for (const auto& run : s.training) {
    for (auto f : kRunFields) names.push_back("training." + run.name + "." + std::string(f));
  }
  return names;
}

/// Why the mirror cannot stand for the engine on this scenario; empty if it can.
std::string shape_problem(const CompiledSweep& sw, const engine::Scenario& point) {
  const auto& vars = sw.spec.variables;
  if (vars.size() != kVariables.size()) return "the sweep has " + std::to_string(vars.size()) + " uncertain inputs; the mirror draws 6";
  for (std::size_t j = 0; j < vars.size(); ++j) {
    if (vars[j].parameter.path != kVariables[j].path || vars[j].distribution.kind != kVariables[j].kind) {
      return "uncertain input " + std::to_string(j + 1) + " is " + vars[j].parameter.path + "; the mirror draws " + std::string(kVariables[j].path) +
             " from the scenario's distribution";
    }
  }
  const auto& pools = point.fleet.pools;
  if (pools.size() != 2 || pools[0].chip.id != "ascend-910c" || pools[1].chip.id != "h100") return "the mirror expects two pools, ascend-910c then h100";
  if (pools[0].rental_usd_per_s || pools[1].rental_usd_per_s) return "a pool is rented; the mirror costs chips from price and power";
  if (point.training.size() != 2 || !point.inference.empty() || point.projection) return "the mirror expects two training runs and nothing else";
  for (std::size_t i = 0; i < 2; ++i) {
    const auto& run = point.training[i];
    if (run.pools.size() != 1 || run.pools[0] != pools[i].name) return "training run " + run.name + " must run on pool " + pools[i].name + " alone";
    if (!engine::searches_layout(run)) return "training run " + run.name + " does not search its layout on the step model";
  }
  if (sw.compiled.layouts.runs.size() != 2) return "the sweep does not re-plan both training runs";
  if (point.assumptions.capacity_precision != catalog::Precision::bf16) return "the mirror counts fleet capacity in BF16";
  const auto expected = mirrored_metric_names(point);
  const auto& names = sw.compiled.metric_names;
  for (std::size_t m = 0; m < std::max(expected.size(), names.size()); ++m) {
    if (m >= expected.size()) return "the engine reports " + names[m] + ", which the mirror does not compute";
    if (m >= names.size() || names[m] != expected[m]) return "the mirror computes " + expected[m] + ", which the engine no longer reports in that place";
  }
  return {};
}

void take_run(const CompiledSweep& sw, const engine::Scenario& point, std::size_t i, catalog::ChipSpec& chip, double pool_count, MirrorRun& r) {
  const auto& t = point.training[i];
  r.model = &t.model;
  r.chip = &chip;
  r.pool_count = pool_count;
  r.tokens = t.tokens;
  r.batch_sequences = t.global_batch_tokens / t.sequence_length;
  r.sequence_length = t.sequence_length;
  r.routing_node_limit = t.routing_node_limit;
  r.candidates = sweep::detail::find_candidates(point, sw.spec, sw.compiled.layouts.runs[i]);
  r.precision = t.precision;
  r.accounting = t.accounting;
  r.include_mtp = t.include_mtp;
  r.calibration = &point.catalog.calibration();
}

/// One training run: the fastest candidate layout on the step model, goodput, energy and cost
/// (eq. T5-T12, G1-G3, E1-E2, as engine/evaluate.cpp applies them); its nine metrics to out[0..8].
void mirror_run(const Mirror& m, const MirrorRun& r, double assumed_mtbf_s, double pue, double usd_per_j, double* out) {
  std::fill(out, out + kRunFields.size(), kMissing);
  const auto f = perf::training_flops_split(*r.model, r.sequence_length, r.accounting, r.include_mtp);
  volatile double flops_per_token = f.dense_matmul + f.routed_matmul + f.attention;  // the engine stores it; no metric reads it
  (void)flops_per_token;
  perf::TrainingStepInputs in{r.model, r.chip, {}, r.sequence_length, r.batch_sequences, r.precision, r.accounting, r.routing_node_limit,
                              r.calibration, r.include_mtp, std::nullopt, perf::AttentionKernel::flash};
  // The fastest candidate here (best case first; none after one slower than the best so far can win).
  const perf::ParallelLayout* layout = nullptr;
  double fastest = -std::numeric_limits<double>::infinity();
  for (const auto& c : r.candidates.layouts) {
    if (c.best_case_tokens_per_s < fastest) break;
    in.layout = c.layout;
    const auto e = perf::estimate_training_step(in);
    const double total = e.tokens_per_s_per_chip * static_cast<double>(c.layout.chips());
    if (e.feasible && total > fastest) fastest = total, layout = &c.layout;
  }
  if (!layout) return;
  const double chips = static_cast<double>(layout->chips());
  if (chips > r.pool_count) return;
  in.layout = *layout;
  const auto step = perf::estimate_training_step(in);  // the engine evaluates the chosen layout again
  if (!step.feasible) return;
  const double tokens_per_s = step.tokens_per_s_per_chip * chips;
  double time_s = r.tokens / tokens_per_s;
  double chip_hours = time_s * chips / 3600.0;
  // eq. G1 on one pool: the pool's interruption rate at the chip's own MTBF, else the assumption.
  const double interruptions_per_s = r.pool_count / r.chip->mtbf_s.value_or(assumed_mtbf_s);
  const auto goodput = perf::estimate_goodput({chips, r.pool_count / interruptions_per_s, m.checkpoint_write_s, m.restart_s});
  if (!(goodput.fraction > 0)) return;
  time_s /= goodput.fraction;
  chip_hours /= goodput.fraction;
  out[0] = tokens_per_s / chips;
  out[1] = step.model_flop_per_s_per_chip * chips / chips / 1e12;
  out[2] = step.hardware_flop_per_s_per_chip / 1e12;
  out[3] = step.mfu_bf16;
  out[4] = step.time.step_s;
  out[5] = time_s / 86400.0;
  out[6] = chip_hours;
  const auto power = r.chip->power_w();
  // The chips the run occupies (engine/economics.cpp): their purchase price and facility power.
  const double occupied = chips * (std::min(r.pool_count, chips) / chips);
  if (r.chip->price_usd) out[9] = 0 + occupied * *r.chip->price_usd;
  if (power) out[10] = 0 + occupied * *power * pue;
  if (!power) return;
  const double chip_s = chip_hours * 3600 * (std::min(r.pool_count, chips) / chips);
  const double watts = *power * pue;
  out[7] = chip_s * watts / 3.6e9;
  if (r.chip->price_usd) out[8] = chip_s * (*r.chip->price_usd / m.amortisation_s + watts * usd_per_j);
}

/// The six uncertain inputs of sample k (eq. S1-S2): counter-based uniforms, Gaussian copula,
/// inverse CDFs. Sets the chip fields in the mirror; returns MTBF, PUE and electricity price.
std::array<double, 3> mirror_draws(Mirror& m, std::uint64_t k) {
  namespace bm = boost::math;
  double z[6];
  for (std::uint64_t j = 0; j < 6; ++j) z[j] = sweep::detail::uniform01(m.seed, k, j);
  if (!m.cholesky->empty()) {
    const auto& l = *m.cholesky;
    const bm::normal_distribution<double, core::MathPolicy> unit(0, 1);
    for (double& x : z) x = bm::quantile(unit, x);
    for (std::size_t i = 6; i-- > 0;) {
      double zi = 0;
      for (std::size_t j = 0; j <= i; ++j) zi += l[i * 6 + j] * z[j];
      z[i] = std::clamp(bm::cdf(unit, zi), 1e-15, 1 - 1e-15);
    }
  }
  const auto& tri = *m.h100_price;
  m.h100.price_usd = bm::quantile(bm::triangular_distribution<double, core::MathPolicy>(tri.low, tri.mode, tri.high), z[0]);
  {  // PERT from the table compile() builds, interpolated as the sweep does
    const auto& t = *m.pert_table;
    const double x = z[1] * static_cast<double>(t.size() - 1);
    const auto i = std::min(static_cast<std::size_t>(x), t.size() - 2);
    m.ascend.price_usd = t[i] + (x - static_cast<double>(i)) * (t[i + 1] - t[i]);
  }
  const auto& w = m.ascend_bf16->cumulative_weights;
  const auto pick = std::min<std::size_t>(static_cast<std::size_t>(std::upper_bound(w.begin(), w.end(), z[2]) - w.begin()), m.ascend_bf16->values.size() - 1);
  m.ascend.dense_peak_flop_per_s[kBf16] = m.ascend_bf16->values[pick];
  return {bm::quantile(bm::lognormal_distribution<double, core::MathPolicy>(std::log(m.mtbf->median), m.mtbf->sigma), z[3]),
          m.pue->low + z[4] * (m.pue->high - m.pue->low), m.electricity->low + z[5] * (m.electricity->high - m.electricity->low)};
}

bool agree(double engine, double mirror) {
  if (!std::isfinite(engine) || !std::isfinite(mirror)) return std::isfinite(engine) == std::isfinite(mirror);
  // Same equations in the same order give the same bits; the margin only forgives a harmless
  // reassociation in the engine's glue. Any change to a model moves a metric far more.
  return std::abs(engine - mirror) <= 1e-12 * std::max(std::abs(engine), std::abs(mirror));
}

std::string show(double v) {
  if (!std::isfinite(v)) return "(none)";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

}  // namespace

CompiledSweep compile_sweep(engine::Scenario scenario, engine::SweepSpec spec) {
  auto compiled = sweep::detail::compile(scenario, spec);
  return {std::move(scenario), std::move(spec), std::move(compiled)};
}

std::string load_sweep(const std::string& relative_path, std::optional<CompiledSweep>& out) {
  const auto catalog = scenario::load_catalog_dir(FLOPCAST_SOURCE_DIR "/scenarios/catalog");
  auto loaded = scenario::load_scenario(FLOPCAST_SOURCE_DIR "/" + relative_path, catalog.catalog);
  if (!loaded.scenario) return "cannot load " + relative_path;
  out = compile_sweep(std::move(*loaded.scenario), std::move(loaded.sweep));
  return {};
}

std::unique_ptr<Mirror> make_mirror(const CompiledSweep& sw, std::string& error) {
  auto owner = std::make_unique<Mirror>();
  Mirror& m = *owner;
  m.point = sw.compiled.base;
  sweep::detail::apply_point(sw.spec, 0, m.point);
  error = shape_problem(sw, m.point);
  if (!error.empty()) return nullptr;
  m.ascend = m.point.fleet.pools[0].chip;
  m.h100 = m.point.fleet.pools[1].chip;
  m.ascend_count = m.point.fleet.pools[0].count;
  m.h100_count = m.point.fleet.pools[1].count;
  take_run(sw, m.point, 0, m.ascend, m.ascend_count, m.runs[0]);
  take_run(sw, m.point, 1, m.h100, m.h100_count, m.runs[1]);
  for (const auto& r : m.runs) {
    if (r.candidates.search_each_sample) {
      error = "the sweep searches a run's layouts in full every sample; the mirror evaluates only the bounded candidates";
      return nullptr;
    }
  }
  const auto& v = sw.spec.variables;
  m.h100_price = &v[0].distribution;
  m.ascend_price = &v[1].distribution;
  m.ascend_bf16 = &v[2].distribution;
  m.mtbf = &v[3].distribution;
  m.pue = &v[4].distribution;
  m.electricity = &v[5].distribution;
  m.pert_table = &sw.compiled.tables[1];
  m.cholesky = &sw.compiled.cholesky;
  m.seed = sw.spec.seed;
  const auto& a = m.point.assumptions;
  m.amortisation_s = a.amortisation_s;
  m.checkpoint_write_s = a.checkpoint_write_s;
  m.restart_s = a.restart_s;
  m.effective_utilisation = a.effective_utilisation;
  return owner;
}

void mirror_sample(Mirror& m, std::uint64_t k, double* v) {
  const auto [mtbf_s, pue, usd_per_j] = mirror_draws(m, k);
  // Fleet metrics (eq. F1): sums over the two pools, as fleet::add_capacity adds them.
  v[0] = 0 + m.ascend_count + m.h100_count;
  v[1] = 0 + m.ascend_count * m.ascend.dense_peak_flop_per_s[kBf16] + m.h100_count * m.h100.dense_peak_flop_per_s[kBf16];
  v[2] = v[1] * m.effective_utilisation;
  const auto pa = m.ascend.power_w(), ph = m.h100.power_w();
  v[3] = pa && ph ? 0 + m.ascend_count * *pa + m.h100_count * *ph : kMissing;
  v[4] = 0 + m.ascend_count * catalog::h100_equivalents_by_tpp(m.ascend) + m.h100_count * catalog::h100_equivalents_by_tpp(m.h100);
  // Purchase price and facility power (chip power x PUE), summed pool by pool (engine/economics.cpp).
  const auto& qa = m.ascend.price_usd;
  const auto& qh = m.h100.price_usd;
  v[5] = qa && qh ? 0 + m.ascend_count * *qa + m.h100_count * *qh : kMissing;
  v[6] = pa && ph ? 0 + m.ascend_count * *pa * pue + m.h100_count * *ph * pue : kMissing;
  mirror_run(m, m.runs[0], mtbf_s, pue, usd_per_j, v + kFleetFields.size());
  mirror_run(m, m.runs[1], mtbf_s, pue, usd_per_j, v + kFleetFields.size() + kRunFields.size());
}

void accumulate(const double* v, ChunkStats* stats, LogHistogram* histograms) {
  for (std::size_t m = 0; m < kMirrorMetrics; ++m) {
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

std::string first_difference(const CompiledSweep& sw, std::uint64_t samples) {
  std::string error;
  const auto mirror = make_mirror(sw, error);
  if (!mirror) return "the mirror does not fit the scenario: " + error;
  return first_difference(sw, *mirror, samples);
}

std::string first_difference(const CompiledSweep& sw, Mirror& mirror, std::uint64_t samples) {
  auto ctx = sweep::detail::make_context(sw.compiled, sw.spec, true);
  sweep::detail::apply_point(sw.spec, 0, ctx.scenario);
  std::vector<ChunkStats> engine(kMirrorMetrics);
  double mirrored[kMirrorMetrics];
  for (std::uint64_t k = 0; k < samples; ++k) {
    std::fill(engine.begin(), engine.end(), ChunkStats{});
    sweep::detail::run_sample(sw.spec, sw.compiled, 0, k, ctx, engine.data());  // one sample: its sum is its value
    mirror_sample(mirror, k, mirrored);
    for (std::size_t m = 0; m < kMirrorMetrics; ++m) {
      const double e = engine[m].count == 1 ? engine[m].sum : kMissing;
      if (!agree(e, mirrored[m])) {
        return sw.compiled.metric_names[m] + " differs at sample " + std::to_string(k) + ": engine " + show(e) + ", mirror " + show(mirrored[m]);
      }
    }
  }
  return {};
}

}  // namespace flopcast::bench
