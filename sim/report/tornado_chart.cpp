// Tornado charts: one uncertain input at a time at its P5 and P95, the others at their medians;
// one panel per grid point (a level) or per grid point against the baseline (a difference).
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

/// The grid points a tornado shows: every point (a level) or every point but the baseline (a
/// difference) where the metric has values; beyond kMaxTornadoPanels, that many evenly spaced,
/// the first and last included.
std::vector<std::size_t> panel_points(const SweepContext& c, std::size_t metric, bool difference) {
  std::vector<std::size_t> all;
  for (std::size_t p = difference ? 1 : 0; p < c.r.points.size(); ++p) {
    if (c.r.points[p].metrics[metric].count > 0) all.push_back(p);
  }
  if (all.size() <= kMaxTornadoPanels) return all;
  std::vector<std::size_t> shown;
  for (std::size_t j = 0; j < kMaxTornadoPanels; ++j) shown.push_back(all[(j * (all.size() - 1) + (kMaxTornadoPanels - 1) / 2) / (kMaxTornadoPanels - 1)]);
  return shown;
}

/// The inputs that move the metric at any shown point, largest swing (over the points) first.
std::vector<std::string> ranked_inputs(const std::vector<const sweep::Sensitivity*>& rows) {
  std::vector<std::pair<std::string, double>> widest;
  for (const auto* x : rows) {
    auto it = std::find_if(widest.begin(), widest.end(), [&](const auto& w) { return w.first == x->input; });
    if (it == widest.end()) widest.emplace_back(x->input, x->swing);
    else it->second = std::max(it->second, x->swing);
  }
  std::stable_sort(widest.begin(), widest.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  if (widest.size() > kMaxTornadoInputs) widest.resize(kMaxTornadoInputs);
  std::vector<std::string> out;
  for (auto& w : widest) out.push_back(std::move(w.first));
  return out;
}

/// One panel: a grid point, its base (every input at its median, else the samples' middle
/// percentile) and its rows.
struct Panel {
  std::size_t point = 0;
  double base = 0;
  bool at_medians = true;
  std::vector<const sweep::Sensitivity*> rows;
};

std::string quoted(const std::string& s) { return "\"" + gp_escape(s) + "\""; }

/// What one tornado shows: the metric, its panels and the inputs ranked over them.
struct Tornado {
  const SweepContext& c;
  std::string metric;
  bool difference = false;  ///< delta.M (docs/sweeps.md#differences): a point against the first
  MetricPath path;
  MetricDisplay d;
  std::vector<Panel> panels;
  std::vector<std::string> inputs;
  std::string format;

  Tornado(const SweepContext& context, const std::string& name, std::size_t m)
      : c(context), metric(name), difference(name.starts_with("delta.")), path(split_metric(difference ? name.substr(6) : name)),
        d(display_of(path.field, path.kind)) {
    std::vector<const sweep::Sensitivity*> all_rows;
    for (const std::size_t p : panel_points(c, m, difference)) {
      Panel panel{p, 0, true, {}};
      for (const auto& x : c.r.sensitivities) if (x.metric == metric && x.point == p) panel.rows.push_back(&x);
      // A point where no input moves the metric keeps its panel (empty, at the samples' middle
      // percentile): that nothing moves it there is the comparison's answer.
      panel.at_medians = !panel.rows.empty() && panel.rows.front()->base.has_value();
      panel.base = (panel.at_medians ? *panel.rows.front()->base : c.bands.middle(c.r.points[p].metrics[m])) * d.scale;
      all_rows.insert(all_rows.end(), panel.rows.begin(), panel.rows.end());
      panels.push_back(std::move(panel));
    }
    inputs = ranked_inputs(all_rows);
    double smallest = INFINITY;
    for (const auto* x : all_rows) {
      if (std::find(inputs.begin(), inputs.end(), x->input) != inputs.end()) smallest = std::min(smallest, x->swing * d.scale);
    }
    if (!inputs.empty()) format = value_format(panels.front().base, smallest);  // else no chart (tornado())
  }

  [[nodiscard]] std::string panel_name(const Panel& p) const {
    if (c.r.axis_paths.empty()) return "the scenario";
    return difference ? point_axes_text(c.s, c.r, p.point) + " minus " + point_axes_text(c.s, c.r, 0) : point_axes_text(c.s, c.r, p.point);
  }

  [[nodiscard]] std::string value_text(double v) const {
    char text[64];
    std::snprintf(text, sizeof text, format.c_str(), v);
    return std::string(text) + " " + std::string(d.unit);
  }

  /// The data file: one block per panel, the same inputs in the same order in each.
  [[nodiscard]] std::string data() const {
    std::ostringstream out;
    out << "# tornado: " << metric << ", in " << d.unit << " (sweep.csv value x " << g6(d.scale) << "), "
        << (difference ? "each grid point shown minus the first, both at the same inputs" : "at each grid point shown") << "\n"
        << "# base: the metric with every uncertain input at its median (where it has no value there: the " << c.bands.mid_name << " over "
        << c.samples_text << ")\n"
        << "# one block per panel; an input that does not move the metric at a point has both ends at the base\n";
    for (std::size_t i = 0; i < panels.size(); ++i) {
      const auto& panel = panels[i];
      out << (i ? "\n\n" : "") << "# panel " << i + 1 << ": grid point " << panel.point << " (" << panel_name(panel) << "), base " << g6(panel.base)
          << (panel.at_medians ? "" : " (" + c.bands.mid_name + " of the samples)") << "\n"
          << "# rank\tinput\tbase\tvalue_at_input_p5\tvalue_at_input_p95\tswing\n";
      for (std::size_t r = 0; r < inputs.size(); ++r) {
        const auto row = std::find_if(panel.rows.begin(), panel.rows.end(), [&](const auto* x) { return x->input == inputs[r]; });
        const double low = row == panel.rows.end() ? panel.base : (*row)->at_low * d.scale;
        const double high = row == panel.rows.end() ? panel.base : (*row)->at_high * d.scale;
        out << r + 1 << '\t' << dat_string(inputs[r]) << '\t' << g6(panel.base) << '\t' << g6(low) << '\t' << g6(high) << '\t' << g6(std::fabs(high - low)) << '\n';
      }
    }
    return out.str();
  }

  /// What the swings are and which grid points the panels show.
  [[nodiscard]] std::string subtitle() const {
    const std::string when = path.kind == "projection" && !c.r.metric_names.empty() ? "in the last period: " : "";
    const std::string swings = "one input at a time at its P5 or P95, the others at their medians";
    if (c.r.axis_paths.empty()) return swings;
    if (panels.size() == 1) return difference ? when + panel_name(panels.front()) + "; " + swings : swings + "; " + panel_name(panels.front());
    const std::size_t candidates = difference ? c.r.points.size() - 1 : c.r.points.size();
    return (difference ? when + "each grid point minus the first; " : "") + swings +
           (panels.size() < candidates ? "; " + std::to_string(panels.size()) + " of " + std::to_string(candidates) + " grid points (sensitivity.csv has every one)"
                                       : "; one panel per grid point");
  }

  [[nodiscard]] std::string script(const std::string& stem) const {
    const std::string subject = path.subject.empty() ? "the fleet" : path.subject;
    const std::string when = path.kind == "projection" && !c.r.metric_names.empty() ? " in the last period" : "";
    // The dashed line's name: every input at its median, the samples' middle percentile where a
    // panel has no value there, or either (an empty panel does not count: it says so itself).
    const auto medians = std::count_if(panels.begin(), panels.end(), [](const Panel& p) { return p.at_medians; });
    const auto fallbacks = std::count_if(panels.begin(), panels.end(), [](const Panel& p) { return !p.at_medians && !p.rows.empty(); });
    const std::string samples_mid = c.bands.mid_name + " of all samples";
    const std::string base_name = fallbacks == 0 ? "all inputs at their medians" : medians == 0 ? samples_mid : "all inputs at their medians, or the " + samples_mid;
    std::string titles, bases, base_texts;
    for (std::size_t i = 0; i < panels.size(); ++i) {
      const std::string sep = i ? ", " : "";
      const auto& p = panels[i];
      titles += sep + quoted(panel_name(p) + (p.at_medians ? ": base " : ": " + c.bands.mid_name + " of the samples ") + value_text(p.base) +
                             (p.rows.empty() ? "; no input moves it" : ""));
      bases += sep + g6(panels[i].base);
      base_texts += sep + quoted(value_text(panels[i].base));
    }
    return fill(std::string(chart_template("tornado")),
                {{"TITLE", gp_escape(difference ? "What drives the change in " + std::string(d.quantity) + " for " + subject
                                                : capitalised(d.quantity) + " for " + (path.subject.empty() ? subject : series_name(c.s, path)) + when +
                                                      ": sensitivity to uncertain inputs")},
                 {"SUBTITLE", gp_escape(subtitle())},
                 {"SOURCE", gp_escape(c.source)},
                 {"XLABEL", gp_escape(difference ? "Change in " + std::string(d.quantity) + " (" + std::string(d.unit) + ")"
                                                 : capitalised(d.quantity) + " for " + subject + " (" + std::string(d.unit) + ")")},
                 {"BASE_TITLE", gp_escape("base: " + base_name)},
                 {"INPUTS", std::to_string(inputs.size())},
                 {"PANELS", std::to_string(panels.size())},
                 {"PANEL_TITLES", titles},
                 {"BASES", bases},
                 {"BASE_TEXTS", base_texts},
                 {"FORMAT", format},
                 {"STEM", stem}});
  }
};

}  // namespace

std::optional<ChartFiles> tornado(const SweepContext& c, const std::string& metric) {
  const auto m = c.metric_index(metric);
  if (!m) return std::nullopt;
  const Tornado t(c, metric, *m);
  if (t.inputs.empty()) return std::nullopt;  // no input moves the metric at any point
  const std::string stem = std::string(t.difference ? "tornado_delta_" : "tornado_") + t.path.kind + "_" + file_safe(t.path.subject) + "_" + t.path.field;
  const std::string script = t.script(stem);
  FLOPCAST_ASSERT(!script.empty(), "chart template tornado is missing");
  return ChartFiles{stem, {{stem + ".dat", t.data()}, {stem + ".gp", script}}, chart_images(stem)};
}

}  // namespace flopcast::report::detail
