// Metric names a scenario writes (expect:, answer:) are checked against its own results at load
// time: a misspelt name is bad input (exit 2, located), never a failed check found in CI.
#include "check_metrics.hpp"

#include <algorithm>
#include <cstdio>

#include "flopcast/core/suggest.hpp"
#include "flopcast/engine/evaluate.hpp"
#include "flopcast/engine/metrics.hpp"

namespace flopcast::scenario {
namespace {

std::string percentile_text(double p) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", p);
  return buf;
}

core::Diagnostic unknown_metric(const MetricUse& use, const std::vector<std::string>& names) {
  core::Diagnostic d;
  d.code = core::ErrorCode::unknown_reference;
  d.location = use.location;
  d.path = use.path;
  d.message = "no metric named '" + use.metric + "' in this scenario's results";
  d.found = use.metric;
  d.suggestions = core::suggest_closest(use.metric, names);
  d.hint = "'flopcast validate FILE --metrics' lists every metric path this scenario has";
  return d;
}

core::Diagnostic percentile_not_reported(const MetricUse& use, const std::vector<double>& percentiles) {
  core::Diagnostic d;
  d.code = core::ErrorCode::invalid_value;
  d.location = use.location;
  d.path = use.path;
  std::string listed;
  for (double p : percentiles) listed += (listed.empty() ? "" : ", ") + percentile_text(p);
  d.message = "the condition is on P" + percentile_text(*use.percentile) + ", which the sweep does not report";
  d.expected = "one of uncertain.percentiles: " + listed;
  d.hint = "add it to uncertain.percentiles";
  return d;
}

constexpr std::string_view kDelta = "delta.";

/// An expectation on a difference (delta.M): M must be among sweep.differences, and the
/// condition on a percentile of the paired samples (the base run has no difference to read).
std::optional<core::Diagnostic> difference_problem(const MetricUse& use, const engine::SweepSpec& sweep) {
  const std::string metric = use.metric.substr(kDelta.size());
  core::Diagnostic d;
  d.location = use.location;
  d.path = use.path;
  if (std::find(sweep.differences.begin(), sweep.differences.end(), metric) == sweep.differences.end()) {
    d.code = core::ErrorCode::unknown_reference;
    d.message = "no difference named '" + use.metric + "': sweep.differences does not list '" + metric + "'";
    d.found = use.metric;
    d.suggestions = core::suggest_closest(metric, sweep.differences);
    for (auto& s : d.suggestions) s = std::string(kDelta) + s;
    d.hint = "add '" + metric + "' to sweep.differences (docs/sweeps.md#differences)";
    return d;
  }
  if (!use.percentile) {
    d.code = core::ErrorCode::missing_key;
    d.message = "a condition on a difference needs a percentile: the difference exists only over the sweep's samples";
    d.hint = "add e.g. percentile: 95 (the condition then holds at every grid point but the baseline)";
    return d;
  }
  if (std::find(sweep.percentiles.begin(), sweep.percentiles.end(), *use.percentile) == sweep.percentiles.end()) {
    return percentile_not_reported(use, sweep.percentiles);
  }
  return std::nullopt;
}

}  // namespace

std::vector<MetricUse> metric_uses(const engine::Scenario& s) {
  std::vector<MetricUse> out;
  for (std::size_t i = 0; i < s.expectations.size(); ++i) {
    const auto& x = s.expectations[i];
    out.push_back({x.metric, "expect[" + std::to_string(i) + "].metric", x.metric_location, x.percentile});
  }
  for (std::size_t i = 0; i < s.answer.compare.size(); ++i) {
    out.push_back({s.answer.compare[i], "answer.compare[" + std::to_string(i) + "]", s.answer.locations[i], std::nullopt});
  }
  return out;
}

void check_metric_names(const engine::Scenario& s, const engine::SweepSpec& sweep, core::DiagnosticSink& sink) {
  auto uses = metric_uses(s);
  for (std::size_t i = 0; i < sweep.differences.size(); ++i) {
    uses.push_back({sweep.differences[i], "sweep.differences[" + std::to_string(i) + "]", sweep.difference_locations[i], std::nullopt});
  }
  if (uses.empty()) return;
  // The names exist only in results (runs, services, actors and periods the scenario defines):
  // one evaluation of the base scenario resolves them all.
  const auto results = engine::evaluate(s);
  std::vector<std::string> names;
  for (const auto& use : uses) {
    if (use.metric.starts_with(kDelta) && use.path.starts_with("expect[")) {
      if (const auto problem = difference_problem(use, sweep)) sink.add(*problem);
      continue;
    }
    if (!engine::resolve_metric(results, use.metric)) {
      if (names.empty()) names = engine::metric_names(results);
      sink.add(unknown_metric(use, names));
    } else if (use.percentile && std::find(sweep.percentiles.begin(), sweep.percentiles.end(), *use.percentile) == sweep.percentiles.end()) {
      sink.add(percentile_not_reported(use, sweep.percentiles));
    }
  }
}

}  // namespace flopcast::scenario
