// expect: conditions, their verdicts, and JUnit XML.
#include "flopcast/report/expectations.hpp"

#include <cmath>
#include <cstdio>

#include "markup.hpp"

#include "flopcast/core/suggest.hpp"
#include "flopcast/engine/metrics.hpp"

namespace flopcast::report {
namespace {

using Op = engine::Expectation::Op;

std::string fmt(double v) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

std::string xml(const std::string& s) { return escape_markup(s); }

/// A grid point in words: "fleet.pools[nvidia-h100].count = 8000" (a named value by its name).
std::string point_text(const sweep::SweepResult& swept, std::size_t i) {
  std::string out;
  const auto& values = swept.points[i].axis_values;
  for (std::size_t a = 0; a < values.size() && a < swept.axis_paths.size(); ++a) {
    const auto& labels = a < swept.axis_labels.size() ? swept.axis_labels[a] : std::vector<std::string>{};
    const auto k = static_cast<std::size_t>(values[a]);
    out += (out.empty() ? "" : ", ") + swept.axis_paths[a] + " = " + (values[a] >= 0 && k < labels.size() ? labels[k] : fmt(values[a]));
  }
  return out;
}

/// The value the condition is judged on: for a "below" condition the largest over grid points,
/// with the point it comes from named in `point` when the sweep has a grid.
std::optional<double> worst_percentile(const engine::Expectation& x, const sweep::SweepResult& swept, std::string& detail, std::string& point) {
  std::size_t m = 0;
  while (m < swept.metric_names.size() && swept.metric_names[m] != x.metric) ++m;
  std::size_t p = 0;
  while (p < swept.percentiles.size() && swept.percentiles[p] != *x.percentile) ++p;
  if (m == swept.metric_names.size()) return std::nullopt;
  if (p == swept.percentiles.size()) {  // the loader refuses this; kept for results built elsewhere
    detail = " (percentile not among uncertain.percentiles)";
    return std::nullopt;
  }
  std::optional<double> worst;
  std::size_t worst_point = 0;
  const bool upper = x.op == Op::below || x.op == Op::at_most;
  // A difference is 0 at its baseline (the first point) by construction: judge the others.
  const std::size_t first = x.metric.starts_with("delta.") ? 1 : 0;
  for (std::size_t i = first; i < swept.points.size(); ++i) {
    const auto& ms = swept.points[i].metrics[m];
    if (ms.count == 0) continue;
    const double v = ms.percentiles[p];
    if (!worst || (upper ? v > *worst : v < *worst)) {
      worst = v;
      worst_point = i;
    }
  }
  if (worst && !swept.axis_paths.empty()) point = " at " + point_text(swept, worst_point) + " (" + (swept.points.size() - first == 1 ? std::string("the one grid point") : "the worst of " + std::to_string(swept.points.size() - first) + " grid points") +
                                          (first ? " beside the baseline" : "") + ")";
  return worst;
}

}  // namespace

std::vector<ExpectationVerdict> check_expectations(const engine::Scenario& s, const engine::Results& r, const sweep::SweepResult* swept) {
  std::vector<ExpectationVerdict> out;
  for (const auto& x : s.expectations) {
    ExpectationVerdict v;
    const std::string lhs = x.percentile ? "P" + fmt(*x.percentile) + "(" + x.metric + ")" : x.metric;
    v.name = x.name.empty() ? lhs + " " + engine::op_symbol(x.op) + " " + fmt(x.threshold) : x.name;
    v.where = x.where;
    std::optional<double> value;
    std::string detail, point;
    if (x.percentile) {
      if (swept) value = worst_percentile(x, *swept, detail, point);
    } else {
      const auto ref = engine::resolve_metric(r, x.metric);
      if (!ref) {
        v.message = "no metric named '" + x.metric + "'";
        const auto close = core::suggest_closest(x.metric, engine::metric_names(r));
        if (!close.empty()) v.message += " (did you mean '" + close.front() + "'?)";
        out.push_back(std::move(v));
        continue;
      }
      value = engine::read_metric(r, *ref);
      // A month inside a longer period reads that period: say which one.
      const auto at = x.metric.rfind('@');
      if (ref->kind == engine::MetricRef::Kind::projection && at != std::string::npos && r.projection[ref->index].period.str() != x.metric.substr(at + 1)) {
        detail = " (the period from " + r.projection[ref->index].period.str() + ")";
      }
    }
    if (!value) {
      v.message = lhs + " has no value (infeasible run or unknown input)" + detail;
    } else {
      v.pass = engine::holds(x.op, *value, x.threshold);
      v.message = lhs + detail + " = " + fmt(*value) + (v.pass ? " " : ", not ") + engine::op_symbol(x.op) + " " + fmt(x.threshold) + point;
    }
    out.push_back(std::move(v));
  }
  return out;
}

std::string junit_xml(const std::vector<std::pair<std::string, std::vector<ExpectationVerdict>>>& suites) {
  std::size_t tests = 0, failures = 0;
  for (const auto& [name, vs] : suites) for (const auto& v : vs) { ++tests; failures += !v.pass; }
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"flopcast check\" tests=\"" + std::to_string(tests) +
                    "\" failures=\"" + std::to_string(failures) + "\">\n";
  for (const auto& [name, vs] : suites) {
    std::size_t f = 0;
    for (const auto& v : vs) f += !v.pass;
    out += "  <testsuite name=\"" + xml(name) + "\" tests=\"" + std::to_string(vs.size()) + "\" failures=\"" + std::to_string(f) + "\">\n";
    for (const auto& v : vs) {
      out += "    <testcase classname=\"" + xml(name) + "\" name=\"" + xml(v.name) + "\" file=\"" + xml(v.where) + "\"";
      if (v.pass) {
        out += "/>\n";
      } else {
        out += ">\n      <failure message=\"" + xml(v.message) + "\">" + xml(v.where + ": " + v.message) + "</failure>\n    </testcase>\n";
      }
    }
    out += "  </testsuite>\n";
  }
  return out + "</testsuites>\n";
}

}  // namespace flopcast::report
