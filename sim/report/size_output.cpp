// flopcast size outputs: the answers (CSV, JSON), every candidate evaluated, one chart per target
// and the report section (docs/sizing.md, docs/results-format.md).
#include "flopcast/report/size_output.hpp"
#include "csv_tables.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "chart_templates.hpp"
#include "charts.hpp"
#include "chart_text.hpp"
#include "flopcast/core/assert.hpp"
#include "flopcast/report/answer.hpp"
#include "flopcast/report/json_writer.hpp"
#include "markup.hpp"

namespace flopcast::report {
namespace {

using detail::fill;
using detail::gp_escape;

std::string num(double v) { return JsonWriter::number(v); }
std::string opt(const std::optional<double>& v) { return v ? num(*v) : std::string(); }


std::string g6(double v) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

/// 12000 -> "12,000"; other values with four significant digits.
std::string readable(double v) {
  char buf[48];
  if (std::fabs(v) < 1e9 && v == std::round(v)) {
    std::snprintf(buf, sizeof buf, "%.0f", std::fabs(v));
    std::string s(buf), out = v < 0 ? "-" : "";
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (i > 0 && (s.size() - i) % 3 == 0) out += ',';
      out += s[i];
    }
    return out;
  }
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

const char* op_name(engine::Expectation::Op op) {
  using Op = engine::Expectation::Op;
  switch (op) {
    case Op::below: return "below";
    case Op::at_most: return "at_most";
    case Op::above: return "above";
    case Op::at_least: return "at_least";
  }
  return "";
}

std::string binding_text(const engine::SizeProblem& p, const sweep::SizeAnswer& a) {
  std::string out;
  for (std::size_t i : a.binding) out += (out.empty() ? "" : "; ") + sweep::describe_target(p.targets[i]);
  return out;
}

std::string problem_stem(std::size_t k, std::size_t t) { return "size_" + std::to_string(k + 1) + "_target_" + std::to_string(t + 1); }

void write_economics(JsonWriter& w, const engine::Economics& e) {
  w.begin_object("economics");
  for (auto [key, v] : std::initializer_list<std::pair<std::string_view, const std::optional<double>*>>{
           {"capex_usd", &e.capex_usd}, {"chip_power_w", &e.chip_power_w}, {"facility_power_w", &e.facility_power_w},
           {"energy_usd_per_year", &e.energy_usd_per_year}, {"tco_usd_per_year", &e.tco_usd_per_year}}) {
    *v ? w.value(key, **v) : w.null(key);
  }
  w.end_object();
}

std::string csv_files_answers(const std::vector<engine::SizeProblem>& problems, const std::vector<sweep::SizeAnswer>& answers) {
  std::string csv = "problem,vary,status,answer,capex_usd,tco_usd_per_year,chip_power_w,facility_power_w,economics_of,binding,reason\n";
  for (std::size_t k = 0; k < answers.size(); ++k) {
    const auto& a = answers[k];
    const auto& e = sized_economics(problems[k], a);
    csv += csv_cell(a.name) + "," + csv_cell(a.vary) + "," + (a.met ? "met" : "infeasible") + "," + (a.met ? num(a.value) : std::string()) + "," +
           opt(e.capex_usd) + "," + opt(e.tco_usd_per_year) + "," + opt(e.chip_power_w) + "," + opt(e.facility_power_w) + "," +
           csv_cell(economics_scope(problems[k])) + "," + csv_cell(binding_text(problems[k], a)) + "," + csv_cell(a.reason) + "\n";
  }
  return csv;
}

std::string csv_targets(const std::vector<engine::SizeProblem>& problems, const std::vector<sweep::SizeAnswer>& answers) {
  std::string csv = "problem,target,metric,op,threshold,value_at_answer,holds,binding\n";
  for (std::size_t k = 0; k < answers.size(); ++k) {
    const auto& a = answers[k];
    for (std::size_t t = 0; t < problems[k].targets.size(); ++t) {
      const auto& target = problems[k].targets[t];
      const bool binding = std::find(a.binding.begin(), a.binding.end(), t) != a.binding.end();
      const auto& v = a.metrics[t];
      csv += csv_cell(a.name) + "," + std::to_string(t + 1) + "," + csv_cell(target.metric) + "," + op_name(target.op) + "," + num(target.threshold) + "," +
             opt(v) + "," + (a.met ? "true" : v && sweep::target_holds(target, *v) ? "true" : "false") + "," + (binding ? "true" : "false") + "\n";
    }
  }
  return csv;
}

std::string csv_probes(const std::vector<engine::SizeProblem>& problems, const std::vector<sweep::SizeAnswer>& answers) {
  std::string csv = "problem,value,holds,target,metric,metric_value\n";
  for (std::size_t k = 0; k < answers.size(); ++k) {
    for (const auto& probe : answers[k].probes) {
      for (std::size_t t = 0; t < probe.metrics.size(); ++t) {
        csv += csv_cell(answers[k].name) + "," + num(probe.value) + "," + (probe.holds ? "true" : "false") + "," + std::to_string(t + 1) + "," +
               csv_cell(problems[k].targets[t].metric) + "," + opt(probe.metrics[t]) + "\n";
      }
    }
  }
  return csv;
}

std::string size_json(const engine::Scenario& s, const std::vector<engine::SizeProblem>& problems, const std::vector<sweep::SizeAnswer>& answers,
                      const std::string& version) {
  JsonWriter w;
  w.begin_object().value("flopcast_version", version);
  w.begin_array("problems");
  for (std::size_t k = 0; k < answers.size(); ++k) {
    const auto& a = answers[k];
    const auto& p = problems[k];
    w.begin_object().value("name", a.name).value("vary", a.vary).value("status", a.met ? "met" : "infeasible");
    a.met ? w.value("answer", a.value) : w.null("answer");
    w.value("step", p.step).value("max", p.max).value("reason", a.reason);
    if (a.met) w.value("scanned_from", a.scanned_from);
    w.value("economics_of", economics_scope(p));
    write_economics(w, sized_economics(p, a));
    std::vector<std::string> metrics;
    for (const auto& target : p.targets) metrics.push_back(target.metric);
    const auto accuracy = model_error_of(s, a.results, metrics);
    accuracy.empty() ? w.null("model_error") : w.value("model_error", accuracy);
    w.begin_array("targets");
    for (std::size_t t = 0; t < p.targets.size(); ++t) {
      const auto& target = p.targets[t];
      w.begin_object().value("metric", target.metric).value("op", op_name(target.op)).value("threshold", target.threshold);
      a.metrics[t] ? w.value("value_at_answer", *a.metrics[t]) : w.null("value_at_answer");
      w.value("binding", std::find(a.binding.begin(), a.binding.end(), t) != a.binding.end()).end_object();
    }
    w.end_array();
    w.begin_array("fails_above");
    for (double v : a.fails_above) w.value("", v);
    w.end_array();
    w.begin_array("probes");
    for (const auto& probe : a.probes) {
      w.begin_object().value("value", probe.value).value("holds", probe.holds).begin_array("metrics");
      for (const auto& m : probe.metrics) m ? w.value("", *m) : w.null("");
      w.end_array().end_object();
    }
    w.end_array().end_object();
  }
  w.end_array().end_object();
  return w.str();
}

ChartFiles size_chart(const engine::Scenario& s, const engine::SizeProblem& p, const sweep::SizeAnswer& a, std::size_t k, std::size_t t,
                      const std::string& version) {
  const std::string stem = problem_stem(k, t);
  const auto& target = p.targets[t];
  std::string data = "# flopcast size: " + a.name + "; " + target.metric + " at every candidate of " + a.vary + "\n# value\tmetric\tall_targets_hold\n";
  double low = 0, high = 0;
  for (const auto& probe : a.probes) {
    if (!probe.metrics[t]) continue;
    const double m = *probe.metrics[t];
    data += g6(probe.value) + "\t" + g6(m) + "\t" + (probe.holds ? "1" : "0") + "\n";
    low = low == 0 ? m : std::min(low, m);
    high = std::max(high, m);
  }
  const bool log_y = low > 0 && high / low > 20 && target.threshold > 0;
  const std::string subtitle = a.met ? "smallest " + a.vary + " meeting every target: " + readable(a.value) +
                                           (a.binding.empty() ? "" : std::find(a.binding.begin(), a.binding.end(), t) != a.binding.end() ? " (this target binds)" : " (another target binds)")
                                     : "not met up to " + readable(p.max) + " (max:)";
  const std::string script = fill(std::string(chart_template("size")),
                                  {{"TITLE", gp_escape(a.name)},
                                   {"SUBTITLE", gp_escape(subtitle)},
                                   {"SOURCE", gp_escape("flopcast " + version + " | scenario " + (s.source_file.empty() ? s.name : s.source_file) +
                                                        " | layouts and replicas searched at every candidate")},
                                   {"XLABEL", gp_escape(a.vary)},
                                   {"YLABEL", gp_escape(target.metric)},
                                   {"THRESHOLD", g6(target.threshold)},
                                   {"THRESHOLD_TEXT", gp_escape("target: " + sweep::describe_target(target).substr(target.metric.size() + 1))},
                                   {"SHOW_ANSWER", a.met ? "1" : "0"},
                                   {"ANSWER", g6(a.value)},
                                   {"ANSWER_TEXT", gp_escape("answer " + readable(a.value))},
                                   {"LOG_Y", log_y ? "1" : "0"},
                                   {"STEM", stem}});
  FLOPCAST_ASSERT(!script.empty(), "chart template size is missing");
  return ChartFiles{stem, {{stem + ".dat", data}, {stem + ".gp", script}}, chart_images(stem)};
}

}  // namespace

const engine::Economics& sized_economics(const engine::SizeProblem& p, const sweep::SizeAnswer& a) {
  const bool pool = p.vary.target == engine::ParameterRef::Target::pool && p.vary.path.ends_with(".count");
  return pool && p.vary.index < a.results.pools.size() ? a.results.pools[p.vary.index].economics : a.results.fleet_economics;
}

std::string economics_scope(const engine::SizeProblem& p) {
  const bool pool = p.vary.target == engine::ParameterRef::Target::pool && p.vary.path.ends_with(".count");
  return pool ? "the sized pool" : "the whole fleet";
}

ExtraFiles size_files(const engine::Scenario& s, const std::vector<engine::SizeProblem>& problems, const std::vector<sweep::SizeAnswer>& answers,
                      const std::string& version) {
  ExtraFiles out{{"size.csv", csv_files_answers(problems, answers)},
                 {"size_targets.csv", csv_targets(problems, answers)},
                 {"size_probes.csv", csv_probes(problems, answers)},
                 {"size.json", size_json(s, problems, answers, version)}};
  for (std::size_t k = 0; k < answers.size(); ++k) {
    for (std::size_t t = 0; t < problems[k].targets.size(); ++t) {
      for (auto& f : size_chart(s, problems[k], answers[k], k, t, version).files) out.push_back(std::move(f));
    }
  }
  return out;
}

std::string size_report_section(const engine::Scenario& s, const std::vector<engine::SizeProblem>& problems, const std::vector<sweep::SizeAnswer>& answers) {
  auto esc = [](const std::string& x) { return escape_markup(x); };
  auto money = [](const std::optional<double>& v) { return v ? readable(std::round(*v / 1e5) / 10) : std::string("?"); };
  std::string h = "<h2>Sizing</h2>\n<table>\n<tr><th>problem</th><th>answer</th><th>capex $M</th><th>TCO $M/yr</th><th>chip MW</th>"
                  "<th>facility MW</th><th>binding constraint</th></tr>\n";
  for (std::size_t k = 0; k < answers.size(); ++k) {
    const auto& a = answers[k];
    const auto& e = sized_economics(problems[k], a);
    h += "<tr><td>" + esc(a.name) + "</td><td>" + (a.met ? readable(a.value) : std::string("not met")) + "</td><td>" + money(e.capex_usd) +
         "</td><td>" + money(e.tco_usd_per_year) + "</td><td>" + money(e.chip_power_w) + "</td><td>" + money(e.facility_power_w) + "</td><td>" +
         esc(a.met ? (a.binding.empty() ? a.reason : binding_text(problems[k], a)) : a.reason) + "</td></tr>\n";
  }
  h += "</table>\n<p class=\"note\">Each answer is the smallest candidate (a multiple of step:) at which every target holds, every "
       "candidate evaluated with layouts and replicas searched as a direct run does; money and power are those of the sized pool at the "
       "answer (the whole fleet when the parameter is not a pool's count). The run below is the scenario with every answer applied.</p>\n";
  for (std::size_t k = 0; k < answers.size(); ++k) {
    std::vector<std::string> metrics;
    for (const auto& target : problems[k].targets) metrics.push_back(target.metric);
    if (const auto accuracy = model_error_of(s, answers[k].results, metrics); !accuracy.empty()) {
      h += "<p class=\"accuracy\"><strong>Accuracy, " + esc(answers[k].name) + ":</strong> " + esc(accuracy) + "</p>\n";
    }
  }
  return h;
}

}  // namespace flopcast::report
