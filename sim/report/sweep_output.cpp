// Sweep tables: long format CSV (point, axes, metric, statistics) and the same as JSON; and the
// sweep charts' data and gnuplot scripts (write_outputs renders every .gp among extra files).
#include "flopcast/report/sweep_output.hpp"

#include "charts.hpp"
#include "csv_tables.hpp"
#include "flopcast/report/json_writer.hpp"

namespace flopcast::report {
namespace {

std::string num(double v) { return csv_number(v); }

std::string pct_name(double p) { return "p" + num(p); }

/// An axis value as written: its label for a named axis (a regime id), else the number.
std::string axis_value_text(const sweep::SweepResult& r, std::size_t axis, double v) {
  if (axis < r.axis_labels.size() && !r.axis_labels[axis].empty()) {
    const auto i = static_cast<std::size_t>(v);
    if (v >= 0 && i < r.axis_labels[axis].size()) return r.axis_labels[axis][i];
  }
  return num(v);
}

/// "point,axis..." of a row: the grid point's index and its value on every axis.
std::string point_columns(const sweep::SweepResult& r, std::size_t p) {
  std::string out = std::to_string(p);
  const auto& values = r.points[p].axis_values;
  for (std::size_t a = 0; a < values.size(); ++a) out += "," + axis_value_text(r, a, values[a]);
  return out;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> sweep_files(const engine::Scenario& s, const sweep::SweepResult& r, const std::string& version) {
  std::string csv = "point";
  for (const auto& a : r.axis_paths) csv += "," + a;
  csv += ",metric,samples,missing,mean,min,max";
  for (double p : r.percentiles) csv += "," + pct_name(p);
  csv += "\n";
  for (std::size_t p = 0; p < r.points.size(); ++p) {
    const auto& point = r.points[p];
    for (std::size_t m = 0; m < point.metrics.size(); ++m) {
      const auto& ms = point.metrics[m];
      csv += point_columns(r, p) + "," + r.metric_names[m] + "," + std::to_string(ms.count) + "," + std::to_string(ms.missing);
      if (ms.count == 0) {
        csv += ",,,";
        for (std::size_t i = 0; i < r.percentiles.size(); ++i) csv += ",";
      } else {
        csv += "," + num(ms.mean) + "," + num(ms.min) + "," + num(ms.max);
        for (double v : ms.percentiles) csv += "," + num(v);
      }
      csv += "\n";
    }
  }

  JsonWriter w;
  w.begin_object();
  w.value("flopcast_version", version).value("scenario", r.scenario_name.empty() ? s.name : r.scenario_name).value("samples_per_point", static_cast<double>(r.samples_per_point));
  w.value("seed", static_cast<double>(r.seed));
  w.value("percentile_method", "log-binned histogram, 1 % relative bins: within 0.5 % of the exact sample quantile");
  w.begin_array("axes");
  for (const auto& a : r.axis_paths) w.value("", a);
  w.end_array();
  w.begin_array("axis_value_labels");  // per axis: names of its values (index = axis value), [] when numeric
  for (std::size_t a = 0; a < r.axis_paths.size(); ++a) {
    w.begin_array();
    if (a < r.axis_labels.size()) for (const auto& l : r.axis_labels[a]) w.value("", l);
    w.end_array();
  }
  w.end_array();
  w.begin_array("points");
  for (const auto& point : r.points) {
    w.begin_object();
    w.begin_array("axis_values");
    for (double v : point.axis_values) w.value("", v);
    w.end_array();
    w.begin_object("metrics");
    for (std::size_t m = 0; m < point.metrics.size(); ++m) {
      const auto& ms = point.metrics[m];
      w.begin_object(r.metric_names[m]).value("samples", static_cast<double>(ms.count)).value("missing", static_cast<double>(ms.missing));
      if (ms.count > 0) {
        w.value("mean", ms.mean).value("min", ms.min).value("max", ms.max);
        for (std::size_t i = 0; i < r.percentiles.size(); ++i) w.value(pct_name(r.percentiles[i]), ms.percentiles[i]);
      }
      w.end_object();
    }
    w.end_object().end_object();
  }
  w.end_array();
  w.end_object();

  // value_at_medians: every input at its median (the tornado's base); empty if it has no value.
  std::string sens = "point";
  for (const auto& a : r.axis_paths) sens += "," + a;
  sens += ",input,metric,value_at_p5,value_at_p95,swing,value_at_medians\n";
  for (const auto& x : r.sensitivities) {
    sens += point_columns(r, x.point) + "," + x.input + "," + x.metric + "," + num(x.at_low) + "," + num(x.at_high) + "," + num(x.swing) + "," + (x.base ? num(*x.base) : "") + "\n";
  }

  std::vector<std::pair<std::string, std::string>> out{{"sweep.csv", csv}, {"sweep.json", w.str()}};
  if (!r.sensitivities.empty()) out.emplace_back("sensitivity.csv", sens);
  for (auto& chart : make_sweep_charts(s, r, version)) {
    for (auto& file : chart.files) out.push_back(std::move(file));
  }
  return out;
}

}  // namespace flopcast::report
