// sweep: section -> engine::SweepSpec's axes, mode and differences (the uncertain: section is
// bind_uncertain.cpp's). Paths resolve against the bound scenario; values are read in the unit of
// the parameter they set.
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
    r.report(q.bad_unit ? ErrorCode::bad_unit : ErrorCode::wrong_type, n, path,
             "expected " + core::describe_dimension(dim) + ", found \"" + n.Scalar() + "\"", q.hint);
  }
  return q.value_si;
}

std::optional<double> read_value(YamlReader& r, const CheckedMap& m, std::string_view key, core::Dimension dim) {
  const MapEntry* e = m.get(key);
  return e ? parse_value(r, e->value, m.child_path(key), dim) : std::nullopt;
}

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

// The actor's own values are held to the same bound (bind_projection.cpp); see bind_sweep.hpp.
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
  r.report(ErrorCode::out_of_range, at, path,
           ref.path + " = " + core::format_quantity(v, ref.dimension) + " makes the serving demand exceed 1e24 tokens/s before the timeline ends",
           "keep the values of demand_growth and demand_scale to what the timeline can hold");
}

namespace {

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
    r.report(ErrorCode::invalid_value, m->value_node("path"), m->child_path("path"), "a second axis on " + ref->path,
             "one axis per parameter: put every value on one axis");
    return;
  }
  if (m->has("values")) {
    for (const char* key : {"from", "to", "steps"}) {
      if (!m->has(key)) continue;
      r.report(ErrorCode::invalid_value, m->get(key)->key_node, m->child_path(key),
               std::string(key) + ": with values: (one of the two would be ignored)",
               "give values: or from/to/steps, not both");
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
    r.report(ErrorCode::out_of_range, n, where, ref->path + " " + *engine::range_problem(*ref, axis.values[i]) + ", found " + n.Scalar(),
             engine::range_hint(*ref, axis.values[i], listed ? "every value" : "from: and to:"));
    return;
  }
  const auto [lo, hi] = std::minmax_element(axis.values.begin(), axis.values.end());
  if (const auto v = demand_overflow(s, *ref, {*lo, *hi})) {
    report_demand_overflow(r, m->value_node("path"), m->child_path("path"), *ref, *v);
    return;
  }
  spec.axes.push_back(std::move(axis));
}

/// sweep.differences: metric names (checked against the results with expect: and answer:),
/// each located; a difference needs a second grid point to differ from.
void bind_differences(YamlReader& r, const CheckedMap& m, engine::SweepSpec& spec) {
  if (!m.has("differences") || !r.read(m, "differences", spec.differences)) return;
  const YAML::Node items = m.value_node("differences");
  for (std::size_t i = 0; i < spec.differences.size(); ++i) spec.difference_locations.push_back(items.IsSequence() ? r.at(items[i]) : r.at(items));
  if (spec.points() < 2) {
    r.report(ErrorCode::invalid_value, m.get("differences")->key_node, "sweep.differences",
             "differences are taken from the first grid point, and these axes make only one",
             "give an axis a second value to compare against the first (e.g. regime: [none, timeline]), or remove differences:");
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
        r.report(ErrorCode::too_large, m->get("axes")->key_node, "sweep.axes",
                 "the axes make " + (spec.points() == UINT64_MAX ? std::string("more than 1.8e19") : std::to_string(spec.points())) +
                     " grid points; the limit is " + std::to_string(engine::kMaxGridPoints),
                 "give the axes fewer values (the grid multiplies their counts), or pair axes of equal length value by value with mode: zip");
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
  bind_uncertain(r, top, s, spec);
}

}  // namespace flopcast::scenario
