// Shared pieces of the sweep charts: bands, axes, formatting, key metrics.
#include "sweep_chart_common.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>

#include "chart_text.hpp"
#include "flopcast/core/file_names.hpp"
#include "flopcast/engine/parameters.hpp"

namespace flopcast::report::detail {

/// Data numbers: six significant digits, C locale, same bytes everywhere.
std::string g6(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

/// 12000 -> "12,000"; non-integers with four significant digits.
std::string readable(double v) {
  if (std::fabs(v) < 1e15 && std::fabs(v - std::round(v)) <= 1e-9 * std::max(1.0, std::fabs(v))) {
    const auto n = static_cast<long long>(std::llround(std::fabs(v)));
    std::string digits = std::to_string(n), out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
      if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
      out += digits[i];
    }
    return (v < 0 ? "-" : "") + out;
  }
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

/// A file-name-safe form of a run or service name ("chat/fast" -> "chat_fast"), unique per run
/// and per service: the binder refuses names whose stems clash.
std::string file_safe(const std::string& s) { return core::file_stem(s); }

Bands::Bands(const std::vector<double>& percentiles) {
  for (std::size_t i = 0; i < percentiles.size(); ++i) {
    if (!lo || percentiles[i] < percentiles[*lo]) lo = i;
    if (!hi || percentiles[i] > percentiles[*hi]) hi = i;
    if (percentiles[i] == 50) mid = i;
  }
  if (percentiles.size() < 2) lo = hi = std::nullopt;
  if (lo) lo_name = "P" + g6(percentiles[*lo]), hi_name = "P" + g6(percentiles[*hi]);
  if (mid) mid_name = "P50";
}

UnitDisplay display_unit(core::Dimension d) {
  using D = core::Dimension;
  switch (d) {
    case D::count: return {"number", 1};
    case D::flop_rate: return {"TFLOP/s", 1e-12};
    case D::bytes: return {"GB", 1e-9};
    case D::byte_rate: return {"GB/s", 1e-9};
    case D::power: return {"W", 1};
    case D::duration: return {"hours", 1.0 / 3600};
    case D::tokens: return {"T tokens", 1e-12};
    case D::token_rate: return {"tokens/s", 1};
    case D::money: return {"$", 1};
    case D::money_rate: return {"$/hour", 3600};
    case D::energy_price: return {"$/kWh", 3.6e6};
    case D::area: return {"mm2", 1e6};
    case D::fraction: return {"%", 100};
  }
  return {"SI units", 1};
}

AxisDisplay axis_display(const engine::Scenario& s, const std::string& path) {
  AxisDisplay a;
  a.path = a.name = path;
  const auto ref = engine::resolve_parameter(s, path);
  const auto unit = display_unit(ref ? ref->dimension : core::Dimension::count);
  a.unit = ref ? unit.unit : "SI units";  // unresolved: a bare scenario (flopcast merge)
  a.scale = unit.scale;
  if (path.starts_with("fleet.pools[") && path.ends_with("].count")) {
    a.pool = path.substr(12, path.size() - 12 - 7);
    a.unit = "chips";
    a.name = *a.pool + " pool size";
  } else if (path.ends_with("_tokens")) {
    a.unit = "tokens per request";
  } else if (path.ends_with(".pue") || path.ends_with(".expert_imbalance")) {
    a.unit = "ratio";
  } else if (path == "regime") {
    a.unit = "whole horizon; timeline = the scenario's own";
    a.name = "export regime";
  }
  a.label = (a.pool ? a.name + ": " : "") + path + " (" + a.unit + ")";
  if (ref) a.base = engine::get_parameter(s, *ref) * a.scale;
  return a;
}

/// "fleet.pools[gpu].count = 1,000 chips", or "regime = oct2023" for a named axis: the first
/// grid point's value of the first axis, for subtitles.
std::string first_point_axis_text(const sweep::SweepResult& r, const AxisDisplay& axis) { return point_axis_text(r, axis, 0); }

std::string point_axis_text(const sweep::SweepResult& r, const AxisDisplay& axis, std::size_t point, std::size_t index) {
  const double v = r.points[point].axis_values[index];
  if (index < r.axis_labels.size() && !r.axis_labels[index].empty() && v >= 0 && static_cast<std::size_t>(v) < r.axis_labels[index].size()) {
    return axis.path + " = " + r.axis_labels[index][static_cast<std::size_t>(v)];
  }
  return axis.path + " = " + readable(v * axis.scale) + " " + axis.unit;
}

std::string point_axes_text(const engine::Scenario& s, const sweep::SweepResult& r, std::size_t point) {
  std::string out;
  for (std::size_t a = 0; a < r.axis_paths.size(); ++a) {
    out += (a ? ", " : "") + point_axis_text(r, axis_display(s, r.axis_paths[a]), point, a);
  }
  return out;
}

/// The grid points along the first axis, in axis order. With more axes (a Cartesian grid), the
/// other axes stay at the first point's values; zipped axes all advance, so every point is used.
std::vector<std::size_t> first_axis_points(const sweep::SweepResult& r) {
  std::vector<std::size_t> out;
  if (r.points.empty() || r.axis_paths.empty()) return out;
  std::vector<double> xs;
  for (const auto& p : r.points) xs.push_back(p.axis_values[0]);
  std::sort(xs.begin(), xs.end());
  const bool all_distinct = std::adjacent_find(xs.begin(), xs.end()) == xs.end();
  const auto& first = r.points[0].axis_values;
  for (std::size_t i = 0; i < r.points.size(); ++i) {
    const auto& v = r.points[i].axis_values;
    if (all_distinct || std::equal(v.begin() + 1, v.end(), first.begin() + 1)) out.push_back(i);
  }
  std::stable_sort(out.begin(), out.end(), [&](std::size_t a, std::size_t b) { return r.points[a].axis_values[0] < r.points[b].axis_values[0]; });
  return out;
}

/// `set xtics` at the axis values (with or without labels), or automatic tics for many values.
std::string xtics_command(const sweep::SweepResult& r, const std::vector<std::size_t>& points, double scale, bool labels) {
  if (points.size() > kMaxLabelledTics) return labels ? "set xtics autofreq; set format x \"%g\"" : "set xtics autofreq; set format x \"\"";
  std::string out = "set xtics (";
  for (std::size_t i = 0; i < points.size(); ++i) {
    const double x = r.points[points[i]].axis_values[0] * scale;
    // A named axis (regime ids) is labelled with its names, at its value indexes.
    const bool named = !r.axis_labels.empty() && !r.axis_labels[0].empty() && x >= 0 && static_cast<std::size_t>(x) < r.axis_labels[0].size();
    const std::string text = named ? gp_escape(r.axis_labels[0][static_cast<std::size_t>(x)]) : readable(x);
    out += (i ? ", \"" : "\"") + (labels ? text : std::string()) + "\" " + g6(x);
  }
  return out + ")";
}

/// A gnuplot array literal of strings: "a", "b".
std::string gp_string_list(const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", \"" : "\"") + gp_escape(items[i]) + "\"";
  return out;
}

/// A name as a quoted data-file string (gnuplot data strings have no escapes).
std::string dat_string(const std::string& s) {
  std::string out = "\"";
  for (char c : s) out += c == '"' ? '\'' : c;
  return out + "\"";
}

/// "%.2f" for values around 9, "%.0f" around 1,900: three significant digits of `typical`, and
/// enough decimals to tell apart values `step` apart (at most four).
std::string value_format(double typical, double step) {
  int decimals = 2 - static_cast<int>(std::floor(std::log10(std::max(std::fabs(typical), 1e-12))));
  if (step > 0 && std::isfinite(step)) decimals = std::max(decimals, 1 - static_cast<int>(std::floor(std::log10(step))));
  return "%." + std::to_string(std::clamp(decimals, 0, 4)) + "f";
}

/// A run or service as a legend entry: its name and where its metrics come from. A training
/// run's metrics cover all its pools; a service's are those of its first (service, pool) row
/// (engine/metrics.hpp): its first co-located pool, else its first prefill pool.
std::string series_name(const engine::Scenario& s, const MetricPath& m) {
  std::string where;
  if (m.kind == "training") {
    for (const auto& t : s.training) {
      if (t.name != m.subject) continue;
      for (const auto& p : t.pools) where += (where.empty() ? "on " : "+") + p;
    }
  } else if (m.kind == "inference") {
    for (const auto& i : s.inference) {
      if (i.name != m.subject || !where.empty()) continue;
      if (!i.pools.empty()) where = "on " + i.pools.front();
      else if (!i.prefill_pools.empty()) where = "prefill on " + i.prefill_pools.front();
      else if (!i.decode_pools.empty()) where = "decode on " + i.decode_pools.front();
    }
  }
  return where.empty() ? m.subject : m.subject + " (" + where + ")";
}

SweepContext::SweepContext(const engine::Scenario& scenario, const sweep::SweepResult& result, std::string v)
    : s(scenario), r(result), version(std::move(v)), bands(result.percentiles) {
  samples_text = result.samples_per_point > 1 ? readable(static_cast<double>(result.samples_per_point)) + " samples per grid point"
                                              : "one evaluation per grid point";
  source = "flopcast " + version + " | scenario " + (s.source_file.empty() ? s.name : s.source_file) + " | " + samples_text +
           (result.samples_per_point > 1 ? ", seed " + std::to_string(result.seed) : "");
}

/// The key metrics, in chart order: each field in turn (training time, chips needed, training
/// cost, decode and prefill throughput), for every run or service that has it, so a capped set
/// of tornados covers runs and services before it covers a second field of each.
std::vector<std::string> key_metrics(const sweep::SweepResult& r) {
  constexpr std::array<std::pair<std::string_view, std::string_view>, 5> kOrder{{{"training", "time_days"},
                                                                                 {"inference", "chips_needed"},
                                                                                 {"training", "cost_usd"},
                                                                                 {"inference", "decode_tokens_per_s_per_chip"},
                                                                                 {"inference", "prefill_tokens_per_s_per_chip"}}};
  std::vector<std::string> out;
  // What the scenario asked to difference comes first: it is the question.
  for (const auto& name : r.metric_names) if (name.starts_with("delta.")) out.push_back(name);
  for (const auto& [kind, field] : kOrder) {
    for (const auto& name : r.metric_names) {
      const auto m = split_metric(name);
      if (m.kind == kind && m.field == field) out.push_back(name);
    }
  }
  // Fleets over time: the last period's key fields (per-period metrics carry "@YYYY-MM").
  for (const auto field : kProjectionKeyFields) {
    for (const auto& name : r.metric_names) {
      const auto m = split_metric(name);
      if (m.kind == "projection" && m.field == field) out.push_back(name);
    }
  }
  return out;
}


}  // namespace flopcast::report::detail
