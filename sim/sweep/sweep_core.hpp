// The sweep loop and its building blocks, shared by a single run and a shard (internal).
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "flopcast/engine/metrics.hpp"
#include "flopcast/engine/results.hpp"
#include "flopcast/engine/scenario.hpp"
#include "flopcast/engine/sweep_spec.hpp"
#include "flopcast/sweep/run_sweep.hpp"
#include "flopcast/sweep/sweep_result.hpp"
#include "layout_plan.hpp"
#include "histogram_batch.hpp"
#include "log_histogram.hpp"

namespace flopcast::sweep::detail {

inline constexpr std::uint64_t kChunk = 1024;  ///< samples per chunk: fixed, so the reduction tree never depends on threads

/// The scenario bound once for a sweep: metrics resolved, tables built, the runs that re-plan
/// their layout per sample found.
struct Compiled {
  engine::Scenario base;
  LayoutPlan layouts;  ///< Monte-Carlo sweeps: the searched runs and the variables reaching them
  std::vector<std::string> metric_names;     ///< the metrics, then delta.<metric> for each difference
  std::vector<engine::MetricRef> metrics;
  std::vector<std::size_t> differences;      ///< per SweepSpec::differences: its index into metrics
  /// A pure grid's baseline (the first grid point), per metric; Monte-Carlo points evaluate
  /// the baseline on each sample's own draws instead.
  std::vector<std::optional<double>> baseline_values;

  /// Statistics columns: every metric, then every difference.
  [[nodiscard]] std::size_t columns() const { return metrics.size() + differences.size(); }
  std::vector<double> cholesky;             ///< n x n lower, empty without correlations
  std::vector<std::vector<double>> tables;  ///< per variable: tabulated quantiles, or empty
};

Compiled compile(const engine::Scenario& scenario, const engine::SweepSpec& spec);

/// Partial statistics of one metric over one chunk of samples.
struct ChunkStats {
  double sum = 0, min = std::numeric_limits<double>::infinity(), max = -std::numeric_limits<double>::infinity();
  std::uint64_t count = 0, missing = 0;
};

/// Per-thread scratch, created once per thread and reused for every sample.
struct Context {
  engine::Scenario scenario;
  engine::Results results;
  std::vector<double> z, x;              ///< a sample's uniforms, then its values, per variable
  HistogramBatch histograms;             ///< per statistics column (none for a pure grid)
  PlanMemo layouts;                      ///< candidate layouts found so far at this grid point
  /// With differences: the first grid point on the same draws.
  engine::Scenario baseline;
  engine::Results baseline_results;
  PlanMemo baseline_layouts;
};

Context make_context(const Compiled& c, const engine::SweepSpec& spec, bool histograms);

/// Scenario minus baseline (docs/sweeps.md#differences): a value only where both have one.
inline std::optional<double> difference(std::optional<double> scenario, std::optional<double> baseline) {
  if (!scenario || !baseline || !std::isfinite(*scenario) || !std::isfinite(*baseline)) return std::nullopt;
  return *scenario - *baseline;
}

/// The axis values of grid point `point` (the last axis varies fastest; zip: all advance together).
void point_values(const engine::SweepSpec& spec, std::uint64_t point, std::vector<double>& values);

/// Sets the axis parameters of grid point `point` in `s`.
void apply_point(const engine::SweepSpec& spec, std::uint64_t point, engine::Scenario& s);

/// Sample `k` (0-based within the point: every grid point draws the same inputs, so differences
/// between points are on common random numbers) at grid point `point`: draws every variable into
/// ctx.scenario (eq. S1-S2), chooses each searched run's layout as a direct run would
/// (layout_plan.hpp), evaluates it, and adds each column to stats[col] and its histogram; with
/// differences, evaluates the first grid point on the same draws too (docs/sweeps.md#differences).
/// This is the whole per-sample work of a sweep (benchmarked in tests/bench).
/// With differences, `baseline` (if given) holds the differenced metrics of the first grid point
/// for this sample (NaN: no value): at the first point the sample writes them; at another, with
/// `baseline_known`, it reads them instead of evaluating the baseline again (same numbers: the
/// baseline is a pure function of the sample's draws).
void run_sample(const engine::SweepSpec& spec, const Compiled& c, std::uint64_t point, std::uint64_t k, Context& ctx, ChunkStats* stats,
                double* baseline = nullptr, bool baseline_known = false);

/// Bytes a sweep may spend remembering the first grid point's differenced metrics per sample, so
/// that other points need not evaluate it again (beyond this, they do).
inline constexpr std::uint64_t kMaxBaselineCacheBytes = 64ULL << 20;

/// Folds chunk stats (chunks x columns, in chunk order) and a histogram into a summary.
void summarise(const std::vector<ChunkStats>& chunks, std::size_t metrics, std::size_t m, const LogHistogram& h,
               const std::vector<double>& percentiles, MetricSummary& out);

/// One-at-a-time swings of the uncertain inputs at the first grid point; for each difference,
/// the swing of (second grid point - first) with both at the same inputs.
std::vector<Sensitivity> sensitivities(const engine::SweepSpec& spec, const Compiled& c);

/// Receives each grid point's accumulators as it completes.
class PointSink {
 public:
  virtual ~PointSink() = default;
  /// A pure-grid point: one value per metric (nothing if missing).
  virtual void value(std::uint64_t p, const std::vector<double>& axis, std::size_t m, std::optional<double> v) = 0;
  /// A Monte-Carlo point: chunk stats (chunks x metrics), merged histograms, which chunks ran here.
  virtual void samples(std::uint64_t p, const std::vector<double>& axis, const std::vector<ChunkStats>& chunks,
                       const std::vector<LogHistogram>& histograms, const std::vector<bool>& ran) = 0;
};

/// Runs the work items of shard `shard` of `shards`; false if cancelled.
bool run_core(const Compiled& c, const engine::SweepSpec& spec, const SweepOptions& options, std::uint64_t shard, std::uint64_t shards,
              PointSink& sink);

}  // namespace flopcast::sweep::detail
