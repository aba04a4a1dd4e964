// report.html sections of a sweep: inputs, axes, percentiles, expect: verdicts.
#include "html_sweep.hpp"

#include "flopcast/report/sweep_differences.hpp"

#include <algorithm>

#include "html_page.hpp"
#include "prose.hpp"
#include "sweep_chart_common.hpp"

namespace flopcast::report::html {
namespace {

constexpr std::size_t kMaxPercentileMetrics = 12;

std::string value_text(double si, core::Dimension dimension) {
  const auto u = detail::display_unit(dimension);
  const std::string v = prose::sig(si * u.scale, 4);
  if (u.unit == "$") return "$" + v;
  if (u.unit == "number") return v;
  return v + " " + u.unit;
}

std::string pct_name(double p) { return "P" + prose::sig(p, 3); }

std::string axis_value(const sweep::SweepResult& r, std::size_t a, double v, core::Dimension dimension) {
  if (a < r.axis_labels.size() && !r.axis_labels[a].empty()) {
    const auto i = static_cast<std::size_t>(v);
    if (v >= 0 && i < r.axis_labels[a].size()) return r.axis_labels[a][i];
  }
  return value_text(v, dimension);
}

}  // namespace

std::string distribution_text(const engine::Distribution& d, core::Dimension dim) {
  using K = engine::DistributionKind;
  const auto v = [&](double x) { return value_text(x, dim); };
  switch (d.kind) {
    case K::uniform: return "uniform, " + v(d.low) + " to " + v(d.high);
    case K::normal: return "normal, mean " + v(d.mean) + ", sd " + v(d.sd);
    case K::lognormal: return "lognormal, median " + v(d.median) + ", sigma of the log " + prose::sig(d.sigma, 3);
    case K::triangular: return "triangular, low " + v(d.low) + ", mode " + v(d.mode) + ", high " + v(d.high);
    case K::pert: return "PERT, low " + v(d.low) + ", mode " + v(d.mode) + ", high " + v(d.high);
    case K::choice: {
      std::string out = "one of ";
      double previous = 0;
      for (std::size_t i = 0; i < d.values.size(); ++i) {
        const double w = i < d.cumulative_weights.size() ? d.cumulative_weights[i] - previous : 0;
        if (i < d.cumulative_weights.size()) previous = d.cumulative_weights[i];
        out += (i ? ", " : "") + v(d.values[i]) + " (" + prose::percent(w) + ")";
      }
      return out;
    }
  }
  return "";
}

std::optional<std::string> how_swept(const engine::SweepSpec* spec, const std::string& path) {
  if (!spec) return std::nullopt;
  for (const auto& var : spec->variables) {
    if (var.parameter.path == path) return "sampled: " + distribution_text(var.distribution, var.parameter.dimension);
  }
  for (const auto& axis : spec->axes) {
    if (axis.parameter.path != path) continue;
    std::string values;
    for (std::size_t i = 0; i < axis.values.size(); ++i) {
      values += (i ? ", " : "") + (i < axis.labels.size() ? axis.labels[i] : value_text(axis.values[i], axis.parameter.dimension));
    }
    return "swept: " + values;
  }
  return std::nullopt;
}

std::string uncertain_section(const engine::SweepSpec& spec, const sweep::SweepResult& swept) {
  std::string h = "<h2>What the sweep varies</h2>\n";
  h += "<p class=\"note\">" + prose::grouped(static_cast<double>(swept.samples_per_point)) + " sample" + (swept.samples_per_point == 1 ? "" : "s") +
       " per grid point, seed " + std::to_string(swept.seed) + ", " + prose::grouped(static_cast<double>(swept.points.size())) +
       " grid point" + (swept.points.size() == 1 ? "" : "s") + ". Same scenario and seed, same numbers.</p>\n";
  std::vector<std::vector<std::string>> rows;
  for (const auto& axis : spec.axes) rows.push_back({esc(axis.parameter.path), "grid axis", esc(how_swept(&spec, axis.parameter.path)->substr(7))});
  for (const auto& var : spec.variables) rows.push_back({esc(var.parameter.path), "uncertain input", esc(distribution_text(var.distribution, var.parameter.dimension))});
  h += table({"parameter", "kind", "values or distribution"}, rows, true);
  if (!spec.correlations.empty()) {
    std::vector<std::vector<std::string>> corr;
    for (const auto& c : spec.correlations) {
      corr.push_back({esc(spec.variables[c.a].parameter.path), esc(spec.variables[c.b].parameter.path), prose::sig(c.rho, 2)});
    }
    h += "<p class=\"note\">Rank correlations (Gaussian copula):</p>\n" + table({"input", "with", "rho"}, corr, true);
  }
  return h;
}

std::string percentile_section(const engine::Scenario& s, const sweep::SweepResult& swept, const std::vector<std::string>& first) {
  std::vector<std::string> metrics;
  for (const auto& m : first) if (std::find(swept.metric_names.begin(), swept.metric_names.end(), m) != swept.metric_names.end()) metrics.push_back(m);
  for (const auto& m : detail::key_metrics(swept)) if (std::find(metrics.begin(), metrics.end(), m) == metrics.end()) metrics.push_back(m);
  if (metrics.size() > kMaxPercentileMetrics) metrics.resize(kMaxPercentileMetrics);
  if (metrics.empty()) return "";
  std::vector<std::string> header{"metric", "unit"};
  std::vector<core::Dimension> axis_dims;
  for (const auto& a : swept.axis_paths) {
    header.push_back(esc(a));
    const auto ref = engine::resolve_parameter(s, a);
    axis_dims.push_back(ref ? ref->dimension : core::Dimension::count);
  }
  for (const char* h : {"samples", "missing", "mean"}) header.emplace_back(h);
  for (double p : swept.percentiles) header.push_back(pct_name(p));
  std::vector<std::vector<std::string>> rows;
  for (const auto& name : metrics) {
    const auto m = static_cast<std::size_t>(std::find(swept.metric_names.begin(), swept.metric_names.end(), name) - swept.metric_names.begin());
    const auto path = detail::split_metric(name);
    const auto d = detail::display_of(path.bare_field(), path.kind);
    for (const auto& point : swept.points) {
      const auto& ms = point.metrics[m];
      std::vector<std::string> row{esc(name), esc(std::string(d.unit))};
      for (std::size_t a = 0; a < point.axis_values.size(); ++a) row.push_back(esc(axis_value(swept, a, point.axis_values[a], axis_dims[a])));
      row.push_back(prose::grouped(static_cast<double>(ms.count)));
      row.push_back(prose::grouped(static_cast<double>(ms.missing)));
      row.push_back(ms.count ? prose::sig(ms.mean * d.scale, 4) : "unknown");
      for (std::size_t i = 0; i < swept.percentiles.size(); ++i) row.push_back(ms.count ? prose::sig(ms.percentiles[i] * d.scale, 4) : "unknown");
      rows.push_back(std::move(row));
    }
  }
  return "<h2>Percentiles</h2>\n<p class=\"note\">Over the samples at each grid point; every metric of every point is in sweep.csv "
         "(percentiles within 0.5 % of the exact sample quantiles). 'missing': samples where the metric has no value (an infeasible "
         "run or an unknown input).</p>\n" +
         table(header, rows);
}

std::string differences_section(const sweep::SweepResult& swept) {
  const auto t = difference_table(swept);
  if (t.rows.empty()) return "";
  std::vector<std::vector<std::string>> rows;
  for (const auto& row : t.rows) {
    const auto figure = [&](double v) { return row.samples ? prose::sig(v, 3) : std::string("unknown"); };
    rows.push_back({esc(row.point_text), esc(row.metric), esc(row.unit), figure(row.mean), figure(row.low), figure(row.middle), figure(row.high),
                    prose::grouped(static_cast<double>(row.samples))});
  }
  return "<h2>Differences from " + esc(t.baseline_text) + "</h2>\n<p class=\"note\">Scenario minus baseline, sample by sample on the same "
         "draws of the uncertain inputs (common random numbers): the band is that of the difference itself, not of either side "
         "(docs/sweeps.md#differences). In sweep.csv as delta.&lt;metric&gt;.</p>\n" +
         table({"grid point", "difference of", "unit", "mean", esc(t.low_name), esc(t.middle_name), esc(t.high_name), "samples"}, rows);
}

std::string expectations_section(const std::vector<ExpectationVerdict>& verdicts) {
  if (verdicts.empty()) return "";
  std::vector<std::vector<std::string>> rows;
  for (const auto& v : verdicts) {
    rows.push_back({esc(v.name), v.pass ? "<span class=\"pass\">pass</span>" : "<span class=\"fail\">FAIL</span>", esc(v.message), esc(v.where)});
  }
  return "<h2>Expectations (expect:)</h2>\n" + table({"condition", "verdict", "value", "where"}, rows, true);
}

}  // namespace flopcast::report::html
