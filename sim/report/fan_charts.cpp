// Fan charts: percentile bands of a metric over a sweep axis, or of a fleet-over-time field over the periods.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "chart_templates.hpp"
#include "chart_text.hpp"
#include "flopcast/core/assert.hpp"
#include "sweep_chart_common.hpp"

namespace flopcast::report::detail {

namespace {

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

}  // namespace

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

namespace {

/// "2025-04" -> 2025.25: a period as a year with a fraction, for a linear time axis.
double decimal_year(std::string_view period) {
  if (period.size() < 7) return 0;
  return std::stod(std::string(period.substr(0, 4))) + (std::stod(std::string(period.substr(5, 2))) - 1) / 12.0;
}

}  // namespace

/// A Monte-Carlo fan over time: one fleet-over-time field per period, one series per actor and
/// value of the first axis (so regimes or fleet sizes are set side by side on one chart), from
/// the per-period metrics "projection.<actor>.<field>@YYYY-MM".
std::optional<ChartFiles> fan_over_time(const SweepContext& c, std::string_view field) {
  if (c.r.points.empty()) return std::nullopt;
  const auto d = display_of(field, "projection");
  auto points = first_axis_points(c.r);
  if (points.empty()) points = {0};
  const bool per_point = points.size() > 1;
  std::optional<AxisDisplay> axis;
  if (!c.r.axis_paths.empty()) axis = axis_display(c.s, c.r.axis_paths[0]);
  std::ostringstream data;
  data << "# fan chart over time: projection.*." << field << " in " << d.unit << " (sweep.csv value x " << g6(d.scale) << "), "
       << (per_point ? "per value of the first axis" : "at the first grid point") << "\n"
       << "# one block per series (actor" << (per_point ? " and grid point" : "") << "); columns: year, " << c.bands.lo_name << ", "
       << c.bands.mid_name << ", " << c.bands.hi_name << ", mean, period\n";
  std::vector<std::string> names, periods;
  std::string current;  // the series of the block being written
  std::string block;
  auto flush = [&] {
    if (block.empty()) return;
    if (!names.empty()) data << "\n\n";
    names.push_back(current);
    data << "# " << names.size() - 1 << ": " << current << '\n' << block;
    block.clear();
  };
  for (const auto point : points) {
    for (std::size_t m = 0; m < c.r.metric_names.size(); ++m) {
      const auto path = split_metric(c.r.metric_names[m]);
      const auto at = path.field.find('@');
      if (path.kind != "projection" || at == std::string::npos || path.field.substr(0, at) != field) continue;
      const auto& ms = c.r.points[point].metrics[m];
      if (ms.count == 0) continue;
      const std::string period = path.field.substr(at + 1);
      if (period.size() != 7) continue;  // a year's total or year-end value (@YYYY) is not a period
      const std::string series = per_point ? path.subject + ", " + point_axis_text(c.r, *axis, point) : path.subject;
      if (series != current) {
        flush();
        current = series;
      }
      if (std::find(periods.begin(), periods.end(), period) == periods.end()) periods.push_back(period);
      block += g6(decimal_year(period)) + '\t' + g6(c.bands.low(ms) * d.scale) + '\t' + g6(c.bands.middle(ms) * d.scale) + '\t' +
               g6(c.bands.high(ms) * d.scale) + '\t' + g6(ms.mean * d.scale) + '\t' + period + '\n';
    }
    flush();
    current.clear();
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
  if (axis && !per_point) subtitle += "; " + first_point_axis_text(c.r, *axis);
  if (per_point && c.r.axis_paths.size() > 1 && points.size() < c.r.points.size()) subtitle += "; other axes at their first values";
  return fan_files(c, stem, data.str(),
                   {capitalised(d.quantity) + " over time", subtitle, "period start (YYYY-MM)",
                    capitalised(d.quantity) + " (" + std::string(d.unit) + ")", xtics},
                   names);
}

}  // namespace flopcast::report::detail
