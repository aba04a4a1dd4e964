// Sweep charts (tornado, fan, vs fleet size): data + script generation from the templates in plots/, and the gnuplot invocation.
#include "charts.hpp"
#include "projection_charts.hpp"
#include "flopcast/engine/parameters.hpp"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <optional>
#include <sstream>
#include <string_view>

#include "chart_templates.hpp"
#include "chart_text.hpp"
#include "flopcast/core/assert.hpp"

namespace flopcast::report {
namespace {

using namespace detail;

constexpr std::size_t kMaxTornados = 6;        // tornado charts per sweep
constexpr std::size_t kMaxTornadoInputs = 12;  // bars per tornado (largest swings)
constexpr std::size_t kMaxLabelledTics = 12;   // axis values printed as tics; more: automatic tics
constexpr std::array<std::string_view, 2> kTrainingKeyFields{"time_days", "cost_usd"};
constexpr std::array<std::string_view, 3> kInferenceKeyFields{"chips_needed", "decode_tokens_per_s_per_chip", "prefill_tokens_per_s_per_chip"};

/// How a metric field is shown: what it is, its unit on the chart, and the factor from the
/// metric's own unit (engine/metrics.hpp) to the chart's.
struct MetricDisplay {
  std::string_view field, quantity, unit;
  double scale;
};

constexpr std::array<MetricDisplay, 20> kMetricDisplay{{
    {"time_days", "training time", "days", 1},
    {"cost_usd", "training cost", "$M", 1e-6},
    {"chip_hours", "chip-hours", "million chip-hours", 1e-6},
    {"energy_mwh", "energy", "MWh", 1},
    {"tokens_per_s_per_chip", "training throughput", "tokens/s per chip", 1},
    {"model_tflops_per_chip", "model FLOP/s", "TFLOP/s per chip", 1},
    {"hardware_tflops_per_chip", "hardware FLOP/s", "TFLOP/s per chip", 1},
    {"mfu_bf16", "MFU vs dense BF16 peak", "%", 100},
    {"step_s", "step time", "s", 1},
    {"prefill_tokens_per_s_per_chip", "prefill throughput", "tokens/s per chip", 1},
    {"decode_tokens_per_s_per_chip", "decode throughput", "tokens/s per chip", 1},
    {"output_tokens_per_s_per_chip", "output throughput", "tokens/s per chip", 1},
    {"tpot_ms", "time per output token", "ms", 1},
    {"chips_needed", "chips needed", "chips", 1},
    {"usd_per_million_tokens", "cost per million tokens", "$", 1},
    {"chips", "chips", "chips", 1},
    {"peak_bf16_flop_per_s", "peak BF16 throughput", "PFLOP/s", 1e-15},
    {"effective_flop_per_s", "effective throughput", "PFLOP/s", 1e-15},
    {"power_w", "power (system or TDP)", "MW", 1e-6},
    {"h100e_by_tpp", "H100-equivalents by TPP", "H100e", 1},
}};

// Fleet-over-time fields are country-scale: their own units, and the ones drawn over time.
constexpr std::array<MetricDisplay, 7> kProjectionDisplay{{
    {"effective_flop_per_s", "effective training compute", "EFLOP/s", 1e-18},
    {"cumulative_training_flops", "cumulative training compute", "1e27 FLOP", 1e-27},
    {"training_flops", "training compute delivered", "1e27 FLOP", 1e-27},
    {"served_tokens_per_day", "tokens served", "T tokens/day", 1e-12},
    {"installed_chips", "installed chips", "million chips", 1e-6},
    {"h100e_by_throughput", "H100-equivalents by throughput", "million H100e", 1e-6},
    {"h100e_by_tpp", "H100-equivalents by TPP", "million H100e", 1e-6},
}};
constexpr std::array<std::string_view, 4> kProjectionKeyFields{"effective_flop_per_s", "cumulative_training_flops", "served_tokens_per_day",
                                                               "h100e_by_throughput"};

MetricDisplay display_of(std::string_view field, std::string_view kind = "") {
  if (kind == "projection") for (const auto& d : kProjectionDisplay) if (d.field == field) return d;
  for (const auto& d : kMetricDisplay) if (d.field == field) return d;
  return {field, field, "as in sweep.csv", 1};
}

std::string capitalised(std::string_view s) {
  std::string out(s);
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 'a' + 'A');
  return out;
}

/// "training.<run>.time_days" -> {"training", "<run>", "time_days"}; "fleet.chips" -> {"fleet", "", "chips"}.
struct MetricPath {
  std::string kind, subject, field;
};

MetricPath split_metric(const std::string& m) {
  const auto first = m.find('.'), last = m.rfind('.');
  if (first == std::string::npos) return {"", "", m};
  if (first == last) return {m.substr(0, first), "", m.substr(first + 1)};
  return {m.substr(0, first), m.substr(first + 1, last - first - 1), m.substr(last + 1)};
}

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

/// A file-name-safe form of a run or service name ("chat/fast" -> "chat-fast").
std::string file_safe(const std::string& s) {
  std::string out;
  for (char c : s) out += (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') ? c : '-';
  return out;
}

/// Which statistics draw the band and the line: the lowest and highest percentiles asked for
/// (min and max if fewer than two) and P50 (the mean if it was not asked for).
struct Bands {
  std::optional<std::size_t> lo, mid, hi;
  std::string lo_name = "min", mid_name = "mean", hi_name = "max";

  explicit Bands(const std::vector<double>& percentiles) {
    for (std::size_t i = 0; i < percentiles.size(); ++i) {
      if (!lo || percentiles[i] < percentiles[*lo]) lo = i;
      if (!hi || percentiles[i] > percentiles[*hi]) hi = i;
      if (percentiles[i] == 50) mid = i;
    }
    if (percentiles.size() < 2) lo = hi = std::nullopt;
    if (lo) lo_name = "P" + g6(percentiles[*lo]), hi_name = "P" + g6(percentiles[*hi]);
    if (mid) mid_name = "P50";
  }
  [[nodiscard]] double low(const sweep::MetricSummary& m) const { return lo ? m.percentiles[*lo] : m.min; }
  [[nodiscard]] double middle(const sweep::MetricSummary& m) const { return mid ? m.percentiles[*mid] : m.mean; }
  [[nodiscard]] double high(const sweep::MetricSummary& m) const { return hi ? m.percentiles[*hi] : m.max; }
  [[nodiscard]] std::string band() const { return lo_name + "-" + hi_name; }
};

/// The first sweep axis as a chart axis: label with unit, a short name for titles, the factor
/// from SI to the unit shown, and the value in the scenario file.
struct AxisDisplay {
  std::string path, label, name, unit;
  double scale = 1;
  std::optional<double> base;  ///< the parameter's value in the scenario, in the unit shown
  std::optional<std::string> pool;  ///< set when the axis is a pool's count
};

AxisDisplay axis_display(const engine::Scenario& s, const std::string& path) {
  using D = core::Dimension;
  AxisDisplay a;
  a.path = a.name = path;
  const auto ref = engine::resolve_parameter(s, path);
  switch (ref ? ref->dimension : D::count) {
    case D::count: a.unit = ref ? "number" : "SI units"; break;  // unresolved: a bare scenario (flopcast merge)
    case D::flop_rate: a.unit = "TFLOP/s", a.scale = 1e-12; break;
    case D::bytes: a.unit = "GB", a.scale = 1e-9; break;
    case D::byte_rate: a.unit = "GB/s", a.scale = 1e-9; break;
    case D::power: a.unit = "W"; break;
    case D::duration: a.unit = "hours", a.scale = 1.0 / 3600; break;
    case D::tokens: a.unit = "T tokens", a.scale = 1e-12; break;
    case D::token_rate: a.unit = "tokens/s"; break;
    case D::money: a.unit = "$"; break;
    case D::money_rate: a.unit = "$/hour", a.scale = 3600; break;
    case D::energy_price: a.unit = "$/kWh", a.scale = 3.6e6; break;
    case D::area: a.unit = "mm2", a.scale = 1e6; break;
    case D::fraction: a.unit = "%", a.scale = 100; break;
  }
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
std::string first_point_axis_text(const sweep::SweepResult& r, const AxisDisplay& axis) {
  const double v = r.points[0].axis_values[0];
  if (!r.axis_labels.empty() && !r.axis_labels[0].empty() && v >= 0 && static_cast<std::size_t>(v) < r.axis_labels[0].size()) {
    return axis.path + " = " + r.axis_labels[0][static_cast<std::size_t>(v)];
  }
  return axis.path + " = " + readable(v * axis.scale) + " " + axis.unit;
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
  if (step > 0) decimals = std::max(decimals, 1 - static_cast<int>(std::floor(std::log10(step))));
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

struct SweepContext {
  const engine::Scenario& s;
  const sweep::SweepResult& r;
  std::string version;
  Bands bands;
  std::string samples_text;  ///< "20,000 samples per grid point"
  std::string source;

  SweepContext(const engine::Scenario& scenario, const sweep::SweepResult& result, std::string v)
      : s(scenario), r(result), version(std::move(v)), bands(result.percentiles) {
    samples_text = result.samples_per_point > 1 ? readable(static_cast<double>(result.samples_per_point)) + " samples per grid point"
                                                : "one evaluation per grid point";
    source = "flopcast " + version + " | scenario " + (s.source_file.empty() ? s.name : s.source_file) + " | " + samples_text +
             (result.samples_per_point > 1 ? ", seed " + std::to_string(result.seed) : "");
  }

  [[nodiscard]] std::optional<std::size_t> metric_index(const std::string& name) const {
    for (std::size_t i = 0; i < r.metric_names.size(); ++i) if (r.metric_names[i] == name) return i;
    return std::nullopt;
  }
};

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

std::optional<ChartFiles> tornado(const SweepContext& c, const std::string& metric) {
  std::vector<sweep::Sensitivity> rows;
  for (const auto& x : c.r.sensitivities) if (x.metric == metric) rows.push_back(x);
  const auto m = c.metric_index(metric);
  if (rows.empty() || !m || c.r.points.empty() || c.r.points[0].metrics[*m].count == 0) return std::nullopt;
  std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.swing > b.swing; });
  if (rows.size() > kMaxTornadoInputs) rows.resize(kMaxTornadoInputs);

  const auto path = split_metric(metric);
  const auto d = display_of(path.field, path.kind);
  // The bars start from the metric with every input at its median (the evaluation the swings
  // move one input away from); a sweep without it (no value there) falls back to the samples' P50.
  const double p50 = c.bands.middle(c.r.points[0].metrics[*m]) * d.scale;
  const bool at_medians = rows.front().base.has_value();
  const double base = at_medians ? *rows.front().base * d.scale : p50;
  const std::string base_name = at_medians ? "all inputs at their medians" : c.bands.mid_name + " of all samples";
  const std::string stem = "tornado_" + path.kind + "_" + file_safe(path.subject) + "_" + path.field;
  const std::string format = value_format(base, rows.back().swing * d.scale);

  std::ostringstream data;
  data << "# tornado: " << metric << ", in " << d.unit << " (sweep.csv value x " << g6(d.scale) << "), at the first grid point\n"
       << "# base: " << (at_medians ? "the metric with every uncertain input at its median (" + c.bands.mid_name + " over " + c.samples_text + ": " + g6(p50) + ")"
                                    : c.bands.mid_name + " of the metric over " + c.samples_text + " (no value with every input at its median)")
       << "\n"
       << "# rank\tinput\tbase\tvalue_at_input_p5\tvalue_at_input_p95\tswing\n";
  for (std::size_t i = 0; i < rows.size(); ++i) {
    data << i + 1 << '\t' << dat_string(rows[i].input) << '\t' << g6(base) << '\t' << g6(rows[i].at_low * d.scale) << '\t'
         << g6(rows[i].at_high * d.scale) << '\t' << g6(rows[i].swing * d.scale) << '\n';
  }

  const std::string subject = path.subject.empty() ? "the fleet" : path.subject;
  const std::string when = path.kind == "projection" && !c.r.metric_names.empty() ? " in the last period" : "";
  std::string subtitle = "one input at a time at its P5 or P95, the others at their medians";
  if (!c.r.axis_paths.empty()) {
    const auto axis = axis_display(c.s, c.r.axis_paths[0]);
    subtitle += "; " + first_point_axis_text(c.r, axis);
  }
  char base_text[64];
  std::snprintf(base_text, sizeof base_text, format.c_str(), base);
  const std::string script = fill(std::string(chart_template("tornado")),
                                  {{"TITLE", gp_escape(capitalised(d.quantity) + " for " + (path.subject.empty() ? subject : series_name(c.s, path)) + when + ": sensitivity to uncertain inputs")},
                                   {"SUBTITLE", gp_escape(subtitle)},
                                   {"SOURCE", gp_escape(c.source)},
                                   {"XLABEL", gp_escape(capitalised(d.quantity) + " for " + subject + " (" + std::string(d.unit) + ")")},
                                   {"BASE", g6(base)},
                                   {"BASE_TITLE", gp_escape("base: " + base_name)},
                                   {"BASE_TEXT", gp_escape(std::string(base_text) + " " + std::string(d.unit))},
                                   {"INPUTS", std::to_string(rows.size())},
                                   {"FORMAT", format},
                                   {"STEM", stem}});
  FLOPCAST_ASSERT(!script.empty(), "chart template tornado is missing");
  return ChartFiles{stem, {{stem + ".dat", data.str()}, {stem + ".gp", script}}, chart_images(stem)};
}

/// The text of a fan chart (plots/fan.gp): over a sweep axis or over time.
struct FanText {
  std::string title, subtitle, xlabel, ylabel, xtics;
};

ChartFiles fan_files(const SweepContext& c, const std::string& stem, const std::string& data, const FanText& t,
                     const std::vector<std::string>& names) {
  const std::string script = fill(std::string(chart_template("fan")),
                                  {{"TITLE", gp_escape(t.title)},
                                   {"SUBTITLE", gp_escape(t.subtitle)},
                                   {"SOURCE", gp_escape(c.source)},
                                   {"XLABEL", gp_escape(t.xlabel)},
                                   {"YLABEL", gp_escape(t.ylabel)},
                                   {"XTICS", t.xtics},
                                   {"BAND", gp_escape(c.bands.band())},
                                   {"MID", gp_escape(c.bands.mid_name)},
                                   {"SERIES", std::to_string(names.size())},
                                   {"NAMES", gp_string_list(names)},
                                   {"STEM", stem}});
  FLOPCAST_ASSERT(!script.empty(), "chart template fan is missing");
  return ChartFiles{stem, {{stem + ".dat", data}, {stem + ".gp", script}}, chart_images(stem)};
}

std::optional<ChartFiles> fan(const SweepContext& c, std::string_view kind, std::string_view field) {
  const auto points = first_axis_points(c.r);
  if (points.empty()) return std::nullopt;
  const auto axis = axis_display(c.s, c.r.axis_paths[0]);
  const auto d = display_of(field);
  std::ostringstream data;
  data << "# fan chart: " << kind << ".*." << field << " in " << d.unit << " over " << axis.path << " (" << axis.unit << ")\n"
       << "# one block per series; columns: x, " << c.bands.lo_name << ", " << c.bands.mid_name << ", " << c.bands.hi_name << ", mean\n";
  std::vector<std::string> names;
  for (std::size_t m = 0; m < c.r.metric_names.size(); ++m) {
    const auto path = split_metric(c.r.metric_names[m]);
    if (path.kind != kind || path.field != field) continue;
    std::string block;
    for (auto p : points) {
      const auto& ms = c.r.points[p].metrics[m];
      if (ms.count == 0) continue;
      block += g6(c.r.points[p].axis_values[0] * axis.scale) + '\t' + g6(c.bands.low(ms) * d.scale) + '\t' + g6(c.bands.middle(ms) * d.scale) +
               '\t' + g6(c.bands.high(ms) * d.scale) + '\t' + g6(ms.mean * d.scale) + '\n';
    }
    if (block.empty()) continue;
    if (!names.empty()) data << "\n\n";
    names.push_back(series_name(c.s, path));
    data << "# " << names.size() - 1 << ": " << c.r.metric_names[m] << '\n' << block;
  }
  if (names.empty()) return std::nullopt;
  const std::string stem = "fan_" + std::string(kind) + "_" + std::string(field);
  std::string subtitle = "band: " + c.bands.band() + ", line: " + c.bands.mid_name + ", points: mean; " + c.samples_text;
  if (c.r.axis_paths.size() > 1 && points.size() < c.r.points.size()) subtitle += "; other axes at their first values";
  return fan_files(c, stem, data.str(), {capitalised(d.quantity) + " vs " + axis.name, subtitle, axis.label,
                                        capitalised(d.quantity) + " (" + std::string(d.unit) + ")", xtics_command(c.r, points, axis.scale, true)},
                   names);
}

/// "2025-04" -> 2025.25: a period as a year with a fraction, for a linear time axis.
double decimal_year(std::string_view period) {
  if (period.size() < 7) return 0;
  return std::stod(std::string(period.substr(0, 4))) + (std::stod(std::string(period.substr(5, 2))) - 1) / 12.0;
}

/// A Monte-Carlo fan over time: one fleet-over-time field per period, one series per actor, at
/// the first grid point (from the per-period metrics "projection.<actor>.<field>@YYYY-MM").
std::optional<ChartFiles> fan_over_time(const SweepContext& c, std::string_view field) {
  if (c.r.points.empty()) return std::nullopt;
  const auto d = display_of(field, "projection");
  std::ostringstream data;
  data << "# fan chart over time: projection.*." << field << " in " << d.unit << " (sweep.csv value x " << g6(d.scale)
       << "), at the first grid point\n"
       << "# one block per actor; columns: year, " << c.bands.lo_name << ", " << c.bands.mid_name << ", " << c.bands.hi_name
       << ", mean, period\n";
  std::vector<std::string> names, periods;
  std::string current;  // the actor of the block being written
  std::string block;
  auto flush = [&] {
    if (block.empty()) return;
    if (!names.empty()) data << "\n\n";
    names.push_back(current);
    data << "# " << names.size() - 1 << ": " << current << '\n' << block;
    block.clear();
  };
  for (std::size_t m = 0; m < c.r.metric_names.size(); ++m) {
    const auto path = split_metric(c.r.metric_names[m]);
    const auto at = path.field.find('@');
    if (path.kind != "projection" || at == std::string::npos || path.field.substr(0, at) != field) continue;
    const auto& ms = c.r.points[0].metrics[m];
    if (ms.count == 0) continue;
    const std::string period = path.field.substr(at + 1);
    if (path.subject != current) {
      flush();
      current = path.subject;
    }
    if (std::find(periods.begin(), periods.end(), period) == periods.end()) periods.push_back(period);
    block += g6(decimal_year(period)) + '\t' + g6(c.bands.low(ms) * d.scale) + '\t' + g6(c.bands.middle(ms) * d.scale) + '\t' +
             g6(c.bands.high(ms) * d.scale) + '\t' + g6(ms.mean * d.scale) + '\t' + period + '\n';
  }
  flush();
  if (names.empty() || periods.size() < 2) return std::nullopt;
  // Tics at the periods, labelled; with many periods every other one keeps the labels apart.
  const std::size_t every = periods.size() > 16 ? 4 : periods.size() > 8 ? 2 : 1;
  std::string xtics = "set xtics (";
  for (std::size_t i = 0; i < periods.size(); ++i) {
    xtics += (i ? ", \"" : "\"") + (i % every == 0 ? periods[i] : std::string()) + "\" " + g6(decimal_year(periods[i]));
  }
  xtics += ")";
  const std::string stem = "fan_over_time_" + std::string(field);
  std::string subtitle = "band: " + c.bands.band() + ", line: " + c.bands.mid_name + ", points: mean; " + c.samples_text;
  if (!c.r.axis_paths.empty()) {
    const auto axis = axis_display(c.s, c.r.axis_paths[0]);
    subtitle += "; " + first_point_axis_text(c.r, axis);
  }
  return fan_files(c, stem, data.str(),
                   {capitalised(d.quantity) + " over time", subtitle, "period start (YYYY-MM)",
                    capitalised(d.quantity) + " (" + std::string(d.unit) + ")", xtics},
                   names);
}

std::optional<ChartFiles> vs_fleet_size(const SweepContext& c) {
  if (c.r.axis_paths.empty()) return std::nullopt;
  const auto axis = axis_display(c.s, c.r.axis_paths[0]);
  const auto points = first_axis_points(c.r);
  if (!axis.pool || points.empty()) return std::nullopt;
  const auto days = display_of("time_days"), hours = display_of("chip_hours");
  std::ostringstream data;
  data << "# training vs " << axis.path << " (chips); one block per training run\n"
       << "# columns: pool size, days (" << c.bands.lo_name << ", " << c.bands.mid_name << ", " << c.bands.hi_name
       << ", mean), million chip-hours (" << c.bands.lo_name << ", " << c.bands.mid_name << ", " << c.bands.hi_name << ", mean)\n";
  std::vector<std::string> names;
  for (const auto& metric : c.r.metric_names) {  // runs from the metrics: a bare scenario (flopcast merge) has none
    const auto run = split_metric(metric);
    if (run.kind != "training" || run.field != "time_days") continue;
    const auto d = c.metric_index(metric);
    const auto h = c.metric_index("training." + run.subject + ".chip_hours");
    if (!d || !h) continue;
    std::string block;
    for (auto p : points) {
      const auto& md = c.r.points[p].metrics[*d];
      const auto& mh = c.r.points[p].metrics[*h];
      if (md.count == 0 || mh.count == 0) continue;
      block += g6(c.r.points[p].axis_values[0] * axis.scale);
      for (const auto& [ms, scale] : {std::pair{&md, days.scale}, std::pair{&mh, hours.scale}}) {
        block += '\t' + g6(c.bands.low(*ms) * scale) + '\t' + g6(c.bands.middle(*ms) * scale) + '\t' + g6(c.bands.high(*ms) * scale) + '\t' +
                 g6(ms->mean * scale);
      }
      block += '\n';
    }
    if (block.empty()) continue;
    if (!names.empty()) data << "\n\n";
    names.push_back(series_name(c.s, run));
    data << "# " << names.size() - 1 << ": " << run.subject << '\n' << block;
  }
  if (names.empty()) return std::nullopt;
  const std::string stem = "vs_fleet_size";
  const std::string shown = "line: " + c.bands.mid_name + (c.r.samples_per_point > 1 ? ", bars: " + c.bands.band() : "");
  const std::string script = fill(std::string(chart_template("vs_fleet_size")),
                                  {{"TITLE", gp_escape("Training time and chip-hours vs " + axis.name)},
                                   {"SUBTITLE", gp_escape(shown + "; " + c.samples_text + "; a run not on " + *axis.pool + " stays flat")},
                                   {"SOURCE", gp_escape(c.source)},
                                   {"XLABEL", gp_escape(axis.label)},
                                   {"SHOW_BASE", axis.base ? "1" : "0"},
                                   {"BASE_SIZE", g6(axis.base.value_or(c.r.points[points[0]].axis_values[0] * axis.scale))},
                                   {"BASE_TEXT", axis.base ? gp_escape("in the scenario file: " + readable(*axis.base)) : ""},
                                   {"XTICS", xtics_command(c.r, points, axis.scale, true)},
                                   {"XTICS_BLANK", xtics_command(c.r, points, axis.scale, false)},
                                   {"SERIES", std::to_string(names.size())},
                                   {"NAMES", gp_string_list(names)},
                                   {"STEM", stem}});
  FLOPCAST_ASSERT(!script.empty(), "chart template vs_fleet_size is missing");
  return ChartFiles{stem, {{stem + ".dat", data.str()}, {stem + ".gp", script}}, chart_images(stem)};
}

}  // namespace

std::vector<ChartFiles> make_sweep_charts(const engine::Scenario& s, const sweep::SweepResult& r, const std::string& version) {
  const SweepContext c(s, r, version);
  std::vector<ChartFiles> out;
  // Tornados: training time, chips needed, training cost, decode and prefill throughput; at most six.
  for (const auto& m : key_metrics(r)) {
    if (out.size() == kMaxTornados) break;
    if (auto chart = tornado(c, m)) out.push_back(std::move(*chart));
  }
  if (!r.axis_paths.empty() && r.samples_per_point > 1) {
    for (const auto field : kTrainingKeyFields) if (auto chart = fan(c, "training", field)) out.push_back(std::move(*chart));
    for (const auto field : kInferenceKeyFields) if (auto chart = fan(c, "inference", field)) out.push_back(std::move(*chart));
  }
  if (r.samples_per_point > 1) {
    for (const auto field : kProjectionKeyFields) if (auto chart = fan_over_time(c, field)) out.push_back(std::move(*chart));
  }
  if (auto chart = vs_fleet_size(c)) out.push_back(std::move(*chart));
  return out;
}


}  // namespace flopcast::report
