// sweep: and uncertain: sections -> engine::SweepSpec. Paths resolve against the bound
// scenario; values are read in the unit of the parameter they set.
#include "bind_sweep.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>


#include "bind_entries.hpp"
#include "flopcast/core/suggest.hpp"

namespace flopcast::scenario {
namespace {

using core::ErrorCode;
using K = engine::DistributionKind;

}  // namespace

std::optional<engine::ParameterRef> read_path(YamlReader& r, const CheckedMap& m, std::string_view key, const engine::Scenario& s) {
  std::string path;
  if (!r.read(m, key, path)) return std::nullopt;
  if (auto ref = engine::resolve_parameter(s, path)) return ref;
  auto d = r.make(ErrorCode::unknown_reference, m.value_node(key), m.child_path(key), "'" + path + "' is not a parameter of this scenario");
  d.suggestions = core::suggest_closest(path, engine::parameter_paths(s));
  d.hint = "see docs/sweeps.md for the parameter paths";
  r.report(std::move(d));
  return std::nullopt;
}

std::optional<double> parse_value(YamlReader& r, const YAML::Node& n, const std::string& path, core::Dimension dim) {
  if (!n.IsScalar() || n.IsNull()) {
    r.report(r.make(ErrorCode::wrong_type, n, path, "expected " + core::describe_dimension(dim)));
    return std::nullopt;
  }
  const auto q = core::parse_quantity(n.Scalar(), dim);
  if (!q.value_si) {
    auto d = r.make(q.bad_unit ? ErrorCode::bad_unit : ErrorCode::wrong_type, n, path,
                    "expected " + core::describe_dimension(dim) + ", found \"" + n.Scalar() + "\"");
    d.hint = q.hint;
    r.report(std::move(d));
  }
  return q.value_si;
}

std::optional<double> read_value(YamlReader& r, const CheckedMap& m, std::string_view key, core::Dimension dim) {
  const MapEntry* e = m.get(key);
  return e ? parse_value(r, e->value, m.child_path(key), dim) : std::nullopt;
}

namespace {

std::vector<double> read_values(YamlReader& r, const CheckedMap& m, std::string_view key, core::Dimension dim) {
  std::vector<double> out;
  const MapEntry* e = m.get(key);
  if (!e) return out;
  auto items = r.list(e->value, m.child_path(key), "values");
  if (!items) return out;
  for (std::size_t i = 0; i < items->size(); ++i) {
    if (auto v = parse_value(r, (*items)[i], m.child_path(key) + "[" + std::to_string(i) + "]", dim)) out.push_back(*v);
  }
  return out;
}

void require(YamlReader& r, const CheckedMap& m, std::initializer_list<const char*> keys, const std::string& why) {
  for (const char* k : keys) {
    if (!m.has(k)) r.report(r.make(ErrorCode::missing_key, m.node, m.child_path(k), std::string("missing key '") + k + "' " + why));
  }
}

/// A `regime` axis: each value is a regime id (in force over the whole horizon, as flopcast
/// compare does) or `timeline` (the scenario's regime_timeline:); each becomes a regime option of
/// the projection and the axis value is its index.
void bind_regime_axis(YamlReader& r, const CheckedMap& m, engine::Scenario& s, const RegimeLoad* regimes, engine::SweepAxis& axis) {
  const MapEntry* e = m.get("values");
  if (!e) {
    r.report(r.make(ErrorCode::missing_key, m.node, m.child_path("values"), "a regime axis needs values: (regime ids or timeline)"));
    return;
  }
  auto items = r.list(e->value, m.child_path("values"), "regime ids");
  if (!items) return;
  std::vector<std::string> known{"timeline"};
  if (regimes) for (const auto& x : regimes->regimes) known.push_back(x.id);
  auto& p = *s.projection;
  for (std::size_t i = 0; i < items->size(); ++i) {
    const YAML::Node& n = (*items)[i];
    const std::string where = m.child_path("values") + "[" + std::to_string(i) + "]";
    if (!n.IsScalar()) {
      r.report(r.make(ErrorCode::wrong_type, n, where, "expected a regime id (flopcast classify lists them) or timeline"));
      continue;
    }
    const std::string id = n.Scalar();
    std::vector<fleet::RegimeStep> steps;
    if (id == "timeline") {
      steps = p.regimes;
    } else {
      const auto it = regimes ? std::find_if(regimes->regimes.begin(), regimes->regimes.end(), [&](const auto& x) { return x.id == id; })
                              : std::vector<rules::ExportRegime>::const_iterator{};
      if (!regimes || it == regimes->regimes.end()) {
        report_unknown_reference(r, n, where, "regime", id, known);
        continue;
      }
      steps = {{p.timeline.start, *it}};
    }
    axis.values.push_back(static_cast<double>(p.regime_options.size()));
    axis.labels.push_back(id);
    p.regime_options.push_back(std::move(steps));
    p.regime_option_names.push_back(id);
  }
  fleet::prepare_projection(p);
}

/// A value a sweep sets on an actor (its demand_scale or demand_growth) must keep the demand it
/// implies a quantity over the whole timeline, as the actor's own values must (bind_projection.cpp).
/// Returns the first of `values` that does not, or nothing.
std::optional<double> demand_overflow(const engine::Scenario& s, const engine::ParameterRef& ref, std::initializer_list<double> values) {
  if (ref.target != engine::ParameterRef::Target::actor || !s.projection) return std::nullopt;
  for (double v : values) {
    engine::Scenario probe = s;
    engine::set_parameter(probe, ref, v);
    const auto& actor = probe.projection->actors[ref.index];
    if (fleet::log10_peak_demand(actor.allocation, probe.projection->timeline.end) > std::log10(core::max_quantity_si)) return v;
  }
  return std::nullopt;
}

void report_demand_overflow(YamlReader& r, const YAML::Node& at, const std::string& path, const engine::ParameterRef& ref, double v) {
  auto d = r.make(ErrorCode::out_of_range, at, path,
                  ref.path + " = " + core::format_quantity(v, ref.dimension) + " makes the serving demand exceed 1e24 tokens/s before the timeline ends");
  d.hint = "keep the values of demand_growth and demand_scale to what the timeline can hold";
  r.report(std::move(d));
}

void bind_axis(YamlReader& r, const YAML::Node& node, const std::string& path, const Section& section, engine::Scenario& s,
               engine::SweepSpec& spec, const RegimeLoad* regimes) {
  auto m = r.map(node, path, section);
  if (!m) return;
  auto ref = read_path(r, *m, "path", s);
  if (!ref) return;
  if (ref->target == engine::ParameterRef::Target::regime) {
    engine::SweepAxis axis{*ref, {}, {}};
    bind_regime_axis(r, *m, s, regimes, axis);
    if (!axis.values.empty()) spec.axes.push_back(std::move(axis));
    return;
  }
  for (const auto& other : spec.axes) {
    if (other.parameter.path != ref->path) continue;
    auto d = r.make(ErrorCode::invalid_value, m->value_node("path"), m->child_path("path"), "a second axis on " + ref->path);
    d.hint = "one axis per parameter: put every value on one axis";
    r.report(std::move(d));
    return;
  }
  if (m->has("values")) {
    for (const char* key : {"from", "to", "steps"}) {
      if (!m->has(key)) continue;
      auto d = r.make(ErrorCode::invalid_value, m->get(key)->key_node, m->child_path(key), std::string(key) + ": with values: (one of the two would be ignored)");
      d.hint = "give values: or from/to/steps, not both";
      r.report(std::move(d));
      return;
    }
    const MapEntry* e = m->get("values");
    if (e->value.IsSequence() && e->value.size() > engine::kMaxAxisValues) {
      r.report(r.make(ErrorCode::too_large, e->value, m->child_path("values"),
                      "an axis has at most " + std::to_string(engine::kMaxAxisValues) + " values, found " + std::to_string(e->value.size())));
      return;
    }
  }
  engine::SweepAxis axis{*ref, read_values(r, *m, "values", ref->dimension), {}};
  if (!m->has("values")) {
    require(r, *m, {"from", "to", "steps"}, "(give values: or from/to/steps)");
    auto from = read_value(r, *m, "from", ref->dimension), to = read_value(r, *m, "to", ref->dimension);
    int steps = 0;
    if (from && to && r.read(*m, "steps", steps)) {
      if (steps > static_cast<int>(engine::kMaxAxisValues)) {
        r.report(r.make(ErrorCode::too_large, m->value_node("steps"), m->child_path("steps"),
                        "an axis has at most " + std::to_string(engine::kMaxAxisValues) + " values, found steps: " + std::to_string(steps)));
        return;
      }
      for (int i = 0; i < steps; ++i) axis.values.push_back(*from + (*to - *from) * i / (steps - 1));
    }
  }
  if (axis.values.empty()) {
    if (m->has("values")) r.report(r.make(ErrorCode::out_of_range, m->value_node("values"), m->child_path("values"), "an axis needs at least one value"));
    return;
  }
  // Every value must be one the scenario file could state (from/to bound the steps between them).
  for (std::size_t i = 0; i < axis.values.size(); ++i) {
    if (engine::in_range(*ref, axis.values[i])) continue;
    const bool listed = m->has("values");
    const char* key = listed ? "values" : (engine::in_range(*ref, axis.values.front()) ? "to" : "from");
    const YAML::Node& n = listed ? m->value_node("values")[i] : m->value_node(key);
    const std::string where = listed ? m->child_path("values") + "[" + std::to_string(i) + "]" : m->child_path(key);
    r.report(r.make(ErrorCode::out_of_range, n, where, ref->path + " " + *engine::range_problem(*ref, axis.values[i]) + ", found " + n.Scalar()));
    return;
  }
  const auto [lo, hi] = std::minmax_element(axis.values.begin(), axis.values.end());
  if (const auto v = demand_overflow(s, *ref, {*lo, *hi})) {
    report_demand_overflow(r, m->value_node("path"), m->child_path("path"), *ref, *v);
    return;
  }
  spec.axes.push_back(std::move(axis));
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
      if (d.high <= d.low && m.has("high")) r.report(r.make(ErrorCode::out_of_range, m.value_node("high"), m.child_path("high"), "high must exceed low"));
      break;
    case K::normal:
      require(r, m, {"mean", "sd"}, "(normal needs it)");
      get("mean", d.mean), get("sd", d.sd);
      if (d.sd <= 0 && m.has("sd")) r.report(r.make(ErrorCode::out_of_range, m.value_node("sd"), m.child_path("sd"), "sd must be positive"));
      break;
    case K::lognormal:
      require(r, m, {"median", "sigma"}, "(lognormal needs it)");
      get("median", d.median);
      r.read(m, "sigma", d.sigma);
      if (d.median <= 0 && m.has("median")) r.report(r.make(ErrorCode::out_of_range, m.value_node("median"), m.child_path("median"), "median must be positive"));
      break;
    case K::triangular:
    case K::pert:
      require(r, m, {"low", "mode", "high"}, "(" + kind + " needs it)");
      get("low", d.low), get("mode", d.mode), get("high", d.high);
      if (m.has("high") && !(d.low <= d.mode && d.mode <= d.high && d.low < d.high)) {
        r.report(r.make(ErrorCode::out_of_range, m.get("mode") ? m.value_node("mode") : m.node, m.child_path("mode"), "need low <= mode <= high and low < high"));
      }
      break;
    case K::choice: {
      require(r, m, {"values"}, "(choice needs it)");
      d.values = read_values(r, m, "values", dim);
      if (d.values.empty() && m.has("values")) {
        r.report(r.make(ErrorCode::invalid_value, m.value_node("values"), m.child_path("values"), "a choice needs at least one value"));
        break;
      }
      auto w = read_values(r, m, "weights", core::Dimension::count);
      if (w.empty()) w.assign(d.values.size(), 1.0);
      if (w.size() != d.values.size()) {
        r.report(r.make(ErrorCode::invalid_value, m.value_node("weights"), m.child_path("weights"), "weights: needs one weight per value"));
        break;
      }
      double total = 0;
      for (double x : w) total += x;
      if (!(total > 0) || std::any_of(w.begin(), w.end(), [](double x) { return !(x >= 0); })) {
        r.report(r.make(ErrorCode::invalid_value, m.value_node("weights"), m.child_path("weights"), "weights must be zero or more, and not all zero"));
        break;
      }
      double acc = 0;
      for (double x : w) d.cumulative_weights.push_back((acc += x) / total);
      break;
    }
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
  auto diag = r.make(ErrorCode::out_of_range, m.value_node(key), m.child_path(key),
                     ref.path + " " + (std::isfinite(bad) ? *engine::range_problem(ref, bad) : "must be finite") + ", but this " + kind +
                         " can draw " + (std::isfinite(bad) ? core::format_quantity(bad, ref.dimension) : std::string("values beyond 1.8e308")) + (tails ? " (its tail at 8.3 standard deviations, where the sampler's most extreme draws land)" : ""));
  diag.hint = tails ? "use pert or triangular (bounded by low/high) for a quantity with limits, lognormal for one that is only positive"
                    : "keep low/high (or the choices) within the range";
  r.report(std::move(diag));
}

void bind_variable(YamlReader& r, const YAML::Node& node, const std::string& path, const Section& section, const engine::Scenario& s,
                   engine::SweepSpec& spec) {
  auto m = r.map(node, path, section);
  if (!m) return;
  auto ref = read_path(r, *m, "path", s);
  if (!ref) return;
  if (ref->target == engine::ParameterRef::Target::regime) {
    auto d = r.make(ErrorCode::invalid_value, m->value_node("path"), m->child_path("path"), "regime is a grid axis, not an uncertain variable");
    d.hint = "put it under sweep: axes: with values: [none, timeline, ...]; licence approval is uncertain as assumptions.licence_approval";
    r.report(std::move(d));
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

/// sweep.differences: metric names (checked against the results with expect: and answer:),
/// each located; a difference needs a second grid point to differ from.
void bind_differences(YamlReader& r, const CheckedMap& m, engine::SweepSpec& spec) {
  if (!m.has("differences") || !r.read(m, "differences", spec.differences)) return;
  const YAML::Node items = m.value_node("differences");
  for (std::size_t i = 0; i < spec.differences.size(); ++i) spec.difference_locations.push_back(items.IsSequence() ? r.at(items[i]) : r.at(items));
  if (spec.points() < 2) {
    auto d = r.make(ErrorCode::invalid_value, m.get("differences")->key_node, "sweep.differences",
                    "differences are taken from the first grid point, and these axes make only one");
    d.hint = "give an axis a second value to compare against the first (e.g. regime: [none, timeline]), or remove differences:";
    r.report(std::move(d));
  }
}

}  // namespace

void bind_sweep(YamlReader& r, const CheckedMap& top, engine::Scenario& s, engine::SweepSpec& spec, const RegimeLoad* regimes) {
  if (const MapEntry* e = top.get("sweep")) {
    if (auto m = r.map(e->value, "sweep", *e->spec->child)) {
      std::string mode = "grid";
      r.read(*m, "mode", mode);
      spec.zip = mode == "zip";
      for_each_item(r, *m, "axes", [&](const YAML::Node& n, const std::string& p, const Section& sec) { bind_axis(r, n, p, sec, s, spec, regimes); });
      if (spec.points() > engine::kMaxGridPoints) {
        r.report(r.make(ErrorCode::too_large, m->get("axes")->key_node, "sweep.axes",
                        "the axes make " + (spec.points() == UINT64_MAX ? std::string("more than 1.8e19") : std::to_string(spec.points())) +
                            " grid points; the limit is " + std::to_string(engine::kMaxGridPoints)));
      }
      if (spec.zip) {
        for (const auto& a : spec.axes) {
          if (a.values.size() != spec.axes.front().values.size()) {
            r.report(r.make(ErrorCode::invalid_value, m->value_node("mode"), "sweep.mode", "zip needs every axis to have the same number of values"));
            break;
          }
        }
      }
      bind_differences(r, *m, spec);
    }
  }
  if (const MapEntry* e = top.get("uncertain")) {
    if (auto m = r.map(e->value, "uncertain", *e->spec->child)) {
      double samples = 1000;
      if (r.read(*m, "samples", samples) && samples > static_cast<double>(engine::kMaxSamples)) {
        r.report(r.make(ErrorCode::too_large, m->value_node("samples"), "uncertain.samples",
                        "at most " + std::to_string(engine::kMaxSamples) + " samples per grid point, found " + m->value_node("samples").Scalar()));
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
