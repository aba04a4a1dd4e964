// The sweep loop and its building blocks, shared by a single run and a shard (internal).
#pragma once

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
#include "log_histogram.hpp"

namespace flopcast::sweep::detail {

inline constexpr std::uint64_t kChunk = 1024;  ///< samples per chunk: fixed, so the reduction tree never depends on threads

/// The scenario bound once for a sweep: metrics resolved, tables built, the runs that re-plan
/// their layout per sample found.
struct Compiled {
  engine::Scenario base;
  LayoutPlan layouts;  ///< Monte-Carlo sweeps: the searched runs and the variables reaching them
  std::vector<std::string> metric_names;
  std::vector<engine::MetricRef> metrics;
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
  std::vector<double> z;
  std::vector<LogHistogram> histograms;  ///< per metric (empty for a pure grid)
  PlanMemo layouts;                      ///< candidate layouts found so far at this grid point
};

Context make_context(const Compiled& c, const engine::SweepSpec& spec, bool histograms);

/// Sets the axis parameters of grid point `point` in `s`.
void apply_point(const engine::SweepSpec& spec, std::uint64_t point, engine::Scenario& s);

/// One Monte-Carlo sample, `k` a global index: draws every variable into ctx.scenario (eq.
/// S1-S2), chooses each searched run's layout as a direct run would (layout_plan.hpp), evaluates it, and adds each metric to stats[m] (one per metric) and its histogram.
/// This is the whole per-sample work of a sweep (benchmarked in tests/bench).
void run_sample(const engine::SweepSpec& spec, const Compiled& c, std::uint64_t k, Context& ctx, ChunkStats* stats);

/// Folds chunk stats (chunks x metrics, in chunk order) and a histogram into a summary.
void summarise(const std::vector<ChunkStats>& chunks, std::size_t metrics, std::size_t m, const LogHistogram& h,
               const std::vector<double>& percentiles, MetricSummary& out);

/// One-at-a-time swings of the uncertain inputs at the first grid point.
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
