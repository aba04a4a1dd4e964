// The physical limit on a metric of a run (docs/validation.md, "Published values against their
// physical limits"): the most a rate can reach, or the least a time can take, at the chip's dense
// peak for the run's precision (training, kernels, prefill) or its peak HBM bandwidth (decode,
// eq. I13), under the run's own inputs. Set against a published value, it says whether that value
// is reachable under a validation case's stated assumptions at all.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "flopcast/engine/results.hpp"
#include "flopcast/engine/scenario.hpp"

namespace flopcast::engine {

struct MetricLimit {
  double value = 0;
  bool ceiling = true;     ///< true: the metric cannot exceed `value`; false: it cannot fall below it
  std::string_view basis;  ///< "dense peak" or "HBM bandwidth"
};

/// The limit of metric `path` of `r` (evaluated from `s`); nothing for a metric with no physical
/// limit here (cost, energy, counts, projections) or an infeasible run.
std::optional<MetricLimit> metric_limit(const Scenario& s, const Results& r, const std::string& path);

/// The share of its limit `value` sits at: value / limit for a ceiling, limit / value for a floor.
/// Above 1 the value is impossible under the run's inputs.
double limit_share(const MetricLimit& limit, double value);

}  // namespace flopcast::engine
