// Training time and chip-hours vs a pool's size (a sweep whose first axis is a pool's count).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "chart_templates.hpp"
#include "chart_text.hpp"
#include "flopcast/core/assert.hpp"
#include "sweep_chart_common.hpp"

namespace flopcast::report::detail {

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

}  // namespace flopcast::report::detail
