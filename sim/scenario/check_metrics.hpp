// Metric names a scenario writes (expect:, answer:) resolved against its own results.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "flopcast/core/diagnostic.hpp"
#include "flopcast/engine/scenario.hpp"
#include "flopcast/engine/sweep_spec.hpp"

namespace flopcast::scenario {

/// One place a scenario names a metric.
struct MetricUse {
  std::string metric;
  std::string path;  ///< field path, e.g. "expect[0].metric"
  core::SourceLocation location;
  std::optional<double> percentile;  ///< a condition on this percentile of the sweep's samples
};

/// Every metric the scenario names, in file order of sections (expect:, then answer:).
std::vector<MetricUse> metric_uses(const engine::Scenario& s);

/// Evaluates `s` once (only if it or the sweep's differences name a metric) and reports each name its results do not
/// have (unknown-reference, with close matches) and each percentile the sweep does not report.
void check_metric_names(const engine::Scenario& s, const engine::SweepSpec& sweep, core::DiagnosticSink& sink);

}  // namespace flopcast::scenario
