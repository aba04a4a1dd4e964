// The result of a sweep: per grid point, summary statistics of every metric.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace flopcast::sweep {

/// Statistics of one metric at one grid point. Percentiles come from a log-binned histogram
/// with 1 % relative bin width: each is within 0.5 % (relative) of the exact sample quantile.
struct MetricSummary {
  std::uint64_t count = 0;       ///< samples where the metric had a value (feasible runs)
  std::uint64_t missing = 0;     ///< samples where it had none (infeasible, unknown)
  double mean = 0;
  double min = 0, max = 0;
  std::vector<double> percentiles;  ///< in the order of SweepSpec::percentiles
};

struct PointResult {
  std::vector<double> axis_values;     ///< SI, one per axis
  std::vector<MetricSummary> metrics;  ///< one per metric name
};

/// One-at-a-time swing of an uncertain input at one grid point: the metric with the input at its
/// P5 and at its P95, all other inputs at their medians (for tornado charts). For a difference
/// (delta.M), M at this grid point minus M at the first (the baseline), both at those inputs.
struct Sensitivity {
  std::string input;   ///< parameter path
  std::string metric;
  double at_low = 0, at_high = 0;
  double swing = 0;    ///< |at_high - at_low|
  /// The metric with every uncertain input at its median (the point the swings move away
  /// from; the same for every input of a metric); nothing if it has no value there.
  std::optional<double> base;
  std::uint64_t point = 0;  ///< the grid point (a difference's is never the baseline, 0)
};

struct SweepResult {
  std::string scenario_name;
  std::vector<std::string> axis_paths;
  std::vector<std::vector<std::string>> axis_labels;  ///< per axis: names of its values (regime ids), empty when numeric
  std::vector<std::string> metric_names;
  std::vector<double> percentiles;
  std::uint64_t samples_per_point = 1;
  std::uint64_t seed = 0;
  std::vector<PointResult> points;
  std::vector<Sensitivity> sensitivities;  ///< sorted by point, metric, then swing (largest first)
  bool cancelled = false;
};

}  // namespace flopcast::sweep
