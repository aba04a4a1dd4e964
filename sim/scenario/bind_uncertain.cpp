// uncertain: section -> engine::SweepSpec's variables, correlations, samples, seed and
// percentiles. Each variable's distribution is read in the unit of the parameter it sets and
// refused where it can draw a value the parameter cannot take.
#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

#include "bind_entries.hpp"
#include "bind_sweep.hpp"

namespace flopcast::scenario {
namespace {

using core::ErrorCode;
using K = engine::DistributionKind;

/// A choice: values, each written in the parameter's unit, and their weights (equal by default).
void bind_choice(YamlReader& r, const CheckedMap& m, core::Dimension dim, engine::Distribution& d) {
  require(r, m, {"values"}, "(choice needs it)");
  d.values = read_values(r, m, "values", dim);
  if (d.values.empty() && m.has("values")) {
    r.report(ErrorCode::invalid_value, m.value_node("values"), m.child_path("values"), "a choice needs at least one value",
             "list the values to pick from in values: [...], each " + core::describe_dimension(dim));
    return;
  }
  auto w = read_values(r, m, "weights", core::Dimension::count);
  if (w.empty()) w.assign(d.values.size(), 1.0);
  if (w.size() != d.values.size()) {
    r.report(r.make(ErrorCode::invalid_value, m.value_node("weights"), m.child_path("weights"), "weights: needs one weight per value"));
    return;
  }
  double total = 0;
  for (double x : w) total += x;
  if (!(total > 0) || std::any_of(w.begin(), w.end(), [](double x) { return !(x >= 0); })) {
    r.report(ErrorCode::invalid_value, m.value_node("weights"), m.child_path("weights"), "weights must be zero or more, and not all zero",
             "give each value a weight of 0 or more, at least one of them above 0, or remove weights: for equal odds");
    return;
  }
  double acc = 0;
  for (double x : w) d.cumulative_weights.push_back((acc += x) / total);
}

void bind_distribution(YamlReader& r, const CheckedMap& m, core::Dimension dim, engine::Distribution& d) {
  std::string kind;
  if (!r.read(m, "distribution", kind)) return;
  d.kind = *core::enum_from_token(engine::distribution_names(), kind);
  auto get = [&](const char* key, double& out) {
    if (auto v = read_value(r, m, key, dim)) out = *v;
  };
  switch (d.kind) {
    case K::uniform:
      require(r, m, {"low", "high"}, "(uniform needs it)");
      get("low", d.low), get("high", d.high);
      if (d.high <= d.low && m.has("high")) {
        r.report(ErrorCode::out_of_range, m.value_node("high"), m.child_path("high"), "high must exceed low",
                 "swap low: and high:, or for a fixed value drop the distribution and set the key itself");
      }
      break;
    case K::normal:
      require(r, m, {"mean", "sd"}, "(normal needs it)");
      get("mean", d.mean), get("sd", d.sd);
      if (d.sd <= 0 && m.has("sd")) {
        r.report(ErrorCode::out_of_range, m.value_node("sd"), m.child_path("sd"), "sd must be positive",
                 "sd: the standard deviation, above 0, in the unit of mean:");
      }
      break;
    case K::lognormal:
      require(r, m, {"median", "sigma"}, "(lognormal needs it)");
      get("median", d.median);
      r.read(m, "sigma", d.sigma);
      if (d.median <= 0 && m.has("median")) {
        r.report(ErrorCode::out_of_range, m.value_node("median"), m.child_path("median"), "median must be positive",
                 "a lognormal lives above 0: give median: above 0, or use distribution: normal for a value that can be 0 or less");
      }
      break;
    case K::triangular:
    case K::pert:
      require(r, m, {"low", "mode", "high"}, "(" + kind + " needs it)");
      get("low", d.low), get("mode", d.mode), get("high", d.high);
      if (m.has("high") && !(d.low <= d.mode && d.mode <= d.high && d.low < d.high)) {
        r.report(ErrorCode::out_of_range, m.get("mode") ? m.value_node("mode") : m.node, m.child_path("mode"),
                 "need low <= mode <= high and low < high",
                 "mode: the most likely value, between low: and high:");
      }
      break;
    case K::choice:
      bind_choice(r, m, dim, d);
      break;
  }
}

/// A distribution that can draw a value its parameter cannot take (a normal on a count that
/// reaches below zero, a uniform fraction above 1) is refused: each such sample would otherwise
/// run with an impossible input and its results would be mixed silently into the percentiles.
void check_reachable_range(YamlReader& r, const CheckedMap& m, const engine::ParameterRef& ref, const engine::Distribution& d) {
  if (!m.has("distribution")) return;  // reported as missing: there is no distribution to check
  // A draw of a chip count is rounded to a whole chip before use, so the rounded extremes count.
  const auto [drawn_lo, drawn_hi] = engine::reachable_extremes(d);
  const double lo = engine::applied_value(ref, drawn_lo), hi = engine::applied_value(ref, drawn_hi);
  // An extreme that overflows (a lognormal's sigma of 86 reaches e^714) is out of every range.
  auto out = [&](double v) { return !std::isfinite(v) || !engine::in_range(ref, v); };
  const double bad = out(lo) ? lo : out(hi) ? hi : std::numeric_limits<double>::quiet_NaN();
  if (std::isnan(bad)) return;
  const bool tails = d.kind == K::normal || d.kind == K::lognormal;
  const std::string kind = std::string(core::enum_token(engine::distribution_names(), d.kind));
  // Point at the bound that is out (low/high, the choices), or at the unbounded distribution.
  const char* key = tails ? "distribution" : d.kind == K::choice ? "values" : bad == lo ? "low" : "high";
  if (!m.has(key)) key = "distribution";
  r.report(ErrorCode::out_of_range, m.value_node(key), m.child_path(key),
           ref.path + " " + (std::isfinite(bad) ? *engine::range_problem(ref, bad) : "must be finite") + ", but this " + kind +
               " can draw " + (std::isfinite(bad) ? core::format_quantity(bad, ref.dimension) : std::string("values beyond 1.8e308")) +
               (tails ? " (its tail at 8.3 standard deviations, where the sampler's most extreme draws land)" : ""),
           tails ? "use pert or triangular (bounded by low/high) for a quantity with limits, lognormal for one that is only positive"
                 : "keep low/high (or the choices) within the range");
}

void bind_variable(YamlReader& r, const YAML::Node& node, const std::string& path, const Section& section, const engine::Scenario& s,
                   engine::SweepSpec& spec) {
  auto m = r.map(node, path, section);
  if (!m) return;
  auto ref = read_path(r, *m, "path", s);
  if (!ref) return;
  if (ref->target == engine::ParameterRef::Target::regime) {
    r.report(ErrorCode::invalid_value, m->value_node("path"), m->child_path("path"), "regime is a grid axis, not an uncertain variable",
             "put it under sweep: axes: with values: [none, timeline, ...]; licence approval is uncertain as assumptions.licence_approval");
    return;
  }
  engine::UncertainVariable v{*ref, {}};
  const std::size_t errors = r.error_count();
  bind_distribution(r, *m, ref->dimension, v.distribution);
  if (r.error_count() == errors) check_reachable_range(r, *m, *ref, v.distribution);
  if (r.error_count() == errors && m->has("distribution")) {
    const auto [lo, hi] = engine::reachable_extremes(v.distribution);
    if (const auto bad = demand_overflow(s, *ref, {lo, hi})) report_demand_overflow(r, m->value_node("distribution"), m->child_path("distribution"), *ref, *bad);
  }
  spec.variables.push_back(std::move(v));
}

void bind_correlation(YamlReader& r, const YAML::Node& node, const std::string& path, const Section& section, engine::SweepSpec& spec) {
  auto m = r.map(node, path, section);
  if (!m) return;
  engine::Correlation c;
  for (const char* key : {"a", "b"}) {
    std::string p;
    if (!r.read(*m, key, p)) return;
    std::size_t i = 0;
    while (i < spec.variables.size() && spec.variables[i].parameter.path != p) ++i;
    if (i == spec.variables.size()) {
      std::vector<std::string> known;
      for (const auto& v : spec.variables) known.push_back(v.parameter.path);
      report_unknown_reference(r, m->value_node(key), m->child_path(key), "uncertain variable", p, known);
      return;
    }
    (key[0] == 'a' ? c.a : c.b) = i;
  }
  if (!r.read(*m, "rho", c.rho)) return;
  if (!(c.rho > -1 && c.rho < 1) || c.a == c.b) {
    r.report(r.make(ErrorCode::out_of_range, m->value_node("rho"), m->child_path("rho"), "rho must lie strictly between -1 and 1, between two different variables"));
    return;
  }
  spec.correlations.push_back(c);
}

}  // namespace

void bind_uncertain(YamlReader& r, const CheckedMap& top, const engine::Scenario& s, engine::SweepSpec& spec) {
  if (const MapEntry* e = top.get("uncertain")) {
    if (auto m = r.map(e->value, "uncertain", *e->spec->child)) {
      double samples = 1000;
      if (r.read(*m, "samples", samples) && samples > static_cast<double>(engine::kMaxSamples)) {
        r.report(ErrorCode::too_large, m->value_node("samples"), "uncertain.samples",
                 "at most " + std::to_string(engine::kMaxSamples) + " samples per grid point, found " + m->value_node("samples").Scalar(),
                 "lower samples: to 1e9 or fewer (the default is 1000)");
        samples = 1;
      }
      spec.samples = static_cast<std::uint64_t>(samples);  // whole and within 1..1e9 (key table, check above)
      int seed = 1;
      if (r.read(*m, "seed", seed)) spec.seed = static_cast<std::uint64_t>(seed);  // at least 0 (key table)
      if (m->has("percentiles")) {
        spec.percentiles = read_values(r, *m, "percentiles", core::Dimension::count);
        for (double p : spec.percentiles) {
          if (!(p > 0 && p < 100)) {
            r.report(r.make(ErrorCode::out_of_range, m->value_node("percentiles"), "uncertain.percentiles", "percentiles lie strictly between 0 and 100"));
            break;
          }
        }
      }
      for_each_item(r, *m, "variables", [&](const YAML::Node& n, const std::string& p, const Section& sec) { bind_variable(r, n, p, sec, s, spec); });
      for_each_item(r, *m, "correlations", [&](const YAML::Node& n, const std::string& p, const Section& sec) { bind_correlation(r, n, p, sec, spec); });
      if (!spec.correlations.empty() && !engine::correlation_cholesky(spec)) {
        r.report(r.make(ErrorCode::invalid_value, m->get("correlations")->key_node, "uncertain.correlations",
                        "these correlations do not form a valid correlation matrix (not positive definite)"));
      }
    }
  }
}

}  // namespace flopcast::scenario
