// Tornado charts: one uncertain input at a time at its P5 and P95, the others at their medians.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "chart_templates.hpp"
#include "chart_text.hpp"
#include "flopcast/core/assert.hpp"
#include "sweep_chart_common.hpp"

namespace flopcast::report::detail {

std::optional<ChartFiles> tornado(const SweepContext& c, const std::string& metric) {
  std::vector<sweep::Sensitivity> rows;
  for (const auto& x : c.r.sensitivities) if (x.metric == metric) rows.push_back(x);
  const auto m = c.metric_index(metric);
  // A difference (delta.M, docs/sweeps.md#differences) swings between the second grid point and
  // the first; a level swings at the first point.
  const bool difference = metric.starts_with("delta.");
  const std::size_t point = difference ? 1 : 0;
  if (rows.empty() || !m || c.r.points.size() <= point || c.r.points[point].metrics[*m].count == 0) return std::nullopt;
  std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.swing > b.swing; });
  if (rows.size() > kMaxTornadoInputs) rows.resize(kMaxTornadoInputs);

  const auto path = split_metric(difference ? metric.substr(6) : metric);
  const auto d = display_of(path.field, path.kind);
  // The bars start from the metric with every input at its median (the evaluation the swings
  // move one input away from); a sweep without it (no value there) falls back to the samples' P50.
  const double p50 = c.bands.middle(c.r.points[point].metrics[*m]) * d.scale;
  const bool at_medians = rows.front().base.has_value();
  const double base = at_medians ? *rows.front().base * d.scale : p50;
  const std::string base_name = at_medians ? "all inputs at their medians" : c.bands.mid_name + " of all samples";
  const std::string stem = std::string(difference ? "tornado_delta_" : "tornado_") + path.kind + "_" + file_safe(path.subject) + "_" + path.field;
  const std::string format = value_format(base, rows.back().swing * d.scale);

  std::ostringstream data;
  data << "# tornado: " << metric << ", in " << d.unit << " (sweep.csv value x " << g6(d.scale) << "), "
       << (difference ? "the second grid point minus the first, both at the same inputs" : "at the first grid point") << "\n"
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
    subtitle = difference ? (when.empty() ? "" : when.substr(1) + ": ") + point_axis_text(c.r, axis, 1) + " minus " + first_point_axis_text(c.r, axis) +
                                "; one input at a time at its P5 or P95, the others at their medians"
                          : subtitle + "; " + first_point_axis_text(c.r, axis);
  }
  char base_text[64];
  std::snprintf(base_text, sizeof base_text, format.c_str(), base);
  const std::string script = fill(std::string(chart_template("tornado")),
                                  {{"TITLE", gp_escape(difference ? "What drives the change in " + std::string(d.quantity) + " for " + subject
                                                                  : capitalised(d.quantity) + " for " + (path.subject.empty() ? subject : series_name(c.s, path)) +
                                                                        when + ": sensitivity to uncertain inputs")},
                                   {"SUBTITLE", gp_escape(subtitle)},
                                   {"SOURCE", gp_escape(c.source)},
                                   {"XLABEL", gp_escape(difference ? "Change in " + std::string(d.quantity) + " (" + std::string(d.unit) + ")"
                                                                   : capitalised(d.quantity) + " for " + subject + " (" + std::string(d.unit) + ")")},
                                   {"BASE", g6(base)},
                                   {"BASE_TITLE", gp_escape("base: " + base_name)},
                                   {"BASE_TEXT", gp_escape(std::string(base_text) + " " + std::string(d.unit))},
                                   {"INPUTS", std::to_string(rows.size())},
                                   {"FORMAT", format},
                                   {"STEM", stem}});
  FLOPCAST_ASSERT(!script.empty(), "chart template tornado is missing");
  return ChartFiles{stem, {{stem + ".dat", data.str()}, {stem + ".gp", script}}, chart_images(stem)};
}

}  // namespace flopcast::report::detail
