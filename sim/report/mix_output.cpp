// flopcast mix outputs: the chosen mix per pool and service, the constraints, and a report page.
#include "flopcast/report/mix_output.hpp"
#include "flopcast/report/answer.hpp"
#include "csv_tables.hpp"

#include <cmath>
#include <cstdio>

#include "chart_templates.hpp"
#include "chart_text.hpp"
#include "charts.hpp"
#include "flopcast/core/assert.hpp"
#include "flopcast/engine/economics.hpp"
#include "flopcast/report/json_writer.hpp"
#include "html_page.hpp"
#include "markup.hpp"

namespace flopcast::report {
namespace {

std::string num(double v) { return JsonWriter::number(v); }
std::string opt(const std::optional<double>& v) { return v ? num(*v) : std::string(); }


std::string status_name(mix::MixAnswer::Status s) {
  switch (s) {
    case mix::MixAnswer::Status::optimal: return "optimal";
    case mix::MixAnswer::Status::infeasible: return "infeasible";
    case mix::MixAnswer::Status::time_limit: return "time_limit";
    case mix::MixAnswer::Status::solver_failed: return "solver_failed";
  }
  return "";
}

std::string pools_csv(const engine::Scenario& s, const mix::MixAnswer& a) {
  std::string csv = "pool,chip,supply,bought,serving_chips,training_chips,left_chips,capex_usd,tco_usd_per_year,chip_power_w,facility_power_w,excluded_because\n";
  for (const auto& t : a.candidates.pools) {
    const auto& pool = s.fleet.pools[t.pool];
    const bool solved = a.status == mix::MixAnswer::Status::optimal;
    const double bought = solved ? a.chips[t.pool] : 0;
    const auto e = engine::economics_of(pool, bought, s.assumptions);
    const double serving = solved ? bought - a.training_chips[t.pool] - a.left_chips[t.pool] : 0;
    csv += csv_cell(pool.name) + "," + csv_cell(pool.chip.id) + "," + num(t.supply) + "," + (solved ? num(bought) + "," + num(serving) + "," +
                                                                                           num(a.training_chips[t.pool]) + "," + num(a.left_chips[t.pool])
                                                                                     : std::string(",,,")) +
           "," + (solved ? opt(e.capex_usd) + "," + opt(e.tco_usd_per_year) + "," + opt(e.chip_power_w) + "," + opt(e.facility_power_w) : std::string(",,,")) +
           "," + csv_cell(t.excluded_because) + "\n";
  }
  return csv;
}

std::string services_csv(const engine::Scenario& s, const mix::MixAnswer& a) {
  std::string csv = "service,pool,chip,replica_chips,replicas,chips,tokens_per_s,demand_tokens_per_s,tpot_s,tpot_bound\n";
  if (a.status != mix::MixAnswer::Status::optimal) return csv;
  for (std::size_t o = 0; o < a.candidates.serving.size(); ++o) {
    const auto& x = a.candidates.serving[o];
    const auto& svc = s.inference[x.service];
    const auto& pool = s.fleet.pools[x.pool];
    csv += csv_cell(svc.name) + "," + csv_cell(pool.name) + "," + csv_cell(pool.chip.id) + "," + num(x.replica_chips) + "," + num(a.replicas[o]) + "," +
           num(a.replicas[o] * x.replica_chips) + "," + num(a.replicas[o] * x.tokens_per_s_per_replica) + "," + num(svc.demand_tokens_per_s) + "," +
           num(x.tpot_s) + "," + (x.tpot_bound ? "true" : "false") + "\n";
  }
  return csv;
}

std::string constraints_csv(const mix::MixAnswer& a) {
  // relaxed_gap: how much better the relaxed optimum may be; relaxed_unsolved: why
  // objective_relaxed is empty after a re-solve (the terminal says both).
  std::string csv = "constraint,binding,slack,unit,lp_dual,relaxed,objective_relaxed,objective_change,relaxed_gap,relaxed_unsolved\n";
  for (const auto& c : a.constraints) {
    csv += csv_cell(c.name) + "," + (c.binding ? "true" : "false") + "," + num(c.slack) + "," + csv_cell(c.unit) + "," + opt(c.lp_dual) + "," + csv_cell(c.relaxed_how) +
           "," + opt(c.relaxed_objective) + "," + (c.relaxed_objective ? num(*c.relaxed_objective - a.objective_value) : std::string()) + "," +
           (c.relaxed_objective ? num(c.relaxed_gap) : std::string()) + "," + csv_cell(c.relaxed_unsolved) + "\n";
  }
  return csv;
}

}  // namespace

std::string mix_model_error(const engine::Scenario& s, const mix::MixAnswer& a) {
  std::vector<std::pair<std::string, std::string>> services, runs;
  for (std::size_t o = 0; o < a.candidates.serving.size() && o < a.replicas.size(); ++o) {
    const auto& x = a.candidates.serving[o];
    if (a.replicas[o] > 0) services.emplace_back(s.inference[x.service].name, s.fleet.pools[x.pool].name);
  }
  for (std::size_t o = 0; o < a.candidates.training.size() && o < a.training_chosen.size(); ++o) {
    if (a.training_chosen[o]) runs.emplace_back(a.candidates.training[o].run_name, s.fleet.pools[a.candidates.training[o].pool].name);
  }
  return model_error_of_placements(s, services, runs);
}

namespace {

std::string mix_json(const engine::Scenario& s, const mix::MixAnswer& a, const std::string& version) {
  JsonWriter w;
  w.begin_object().value("flopcast_version", version).value("scenario", s.name).value("status", status_name(a.status));
  w.value("objective", core::enum_token(engine::mix_objective_names(), a.objective)).value("reason", a.reason);
  if (a.status == mix::MixAnswer::Status::optimal) {
    w.value("objective_value", a.objective_value).value("relative_gap", a.relative_gap);
    a.capex_known ? w.value("capex_usd", a.capex_usd) : w.null("capex_usd");
    a.tco_known ? w.value("tco_usd_per_year", a.tco_usd_per_year) : w.null("tco_usd_per_year");
    a.power_known ? w.value("facility_power_w", a.facility_w).value("chip_power_w", a.chip_w) : w.null("facility_power_w").null("chip_power_w");
    const auto accuracy = mix_model_error(s, a);
    accuracy.empty() ? w.null("model_error") : w.value("model_error", accuracy);
  }
  w.value("economics_basis", engine::economics_basis(s.assumptions));
  w.begin_array("pools");
  for (const auto& t : a.candidates.pools) {
    w.begin_object().value("pool", s.fleet.pools[t.pool].name).value("supply", t.supply);
    if (a.status == mix::MixAnswer::Status::optimal) w.value("bought", a.chips[t.pool]).value("training_chips", a.training_chips[t.pool]).value("left_chips", a.left_chips[t.pool]);
    if (!t.excluded_because.empty()) w.value("excluded_because", t.excluded_because);
    w.end_object();
  }
  w.end_array().begin_array("serving");
  for (std::size_t o = 0; o < a.candidates.serving.size() && a.status == mix::MixAnswer::Status::optimal; ++o) {
    const auto& x = a.candidates.serving[o];
    w.begin_object().value("service", s.inference[x.service].name).value("pool", s.fleet.pools[x.pool].name).value("replica_chips", x.replica_chips);
    w.value("replicas", a.replicas[o]).value("tokens_per_s_per_replica", x.tokens_per_s_per_replica).value("tpot_s", x.tpot_s).value("tpot_bound", x.tpot_bound);
    w.end_object();
  }
  w.end_array().begin_array("training");
  for (std::size_t o = 0; o < a.candidates.training.size(); ++o) {
    const auto& x = a.candidates.training[o];
    w.begin_object().value("run", x.run_name).value("pool", s.fleet.pools[x.pool].name).value("chips", x.chips).value("days", x.days);
    w.value("chosen", a.status == mix::MixAnswer::Status::optimal && a.training_chosen[o]).end_object();
  }
  w.end_array().begin_array("constraints");
  for (const auto& c : a.constraints) {
    w.begin_object().value("name", c.name).value("binding", c.binding).value("slack", c.slack).value("unit", c.unit);
    c.lp_dual ? w.value("lp_dual", *c.lp_dual) : w.null("lp_dual");
    w.value("relaxed", c.relaxed_how);
    c.relaxed_objective ? w.value("objective_relaxed", *c.relaxed_objective) : w.null("objective_relaxed");
    w.value("relaxed_unsolved", c.relaxed_unsolved).value("relaxed_gap", c.relaxed_gap);
    w.end_object();
  }
  w.end_array().begin_array("unserved");
  for (const auto& u : a.candidates.unserved) w.value("", u);
  w.end_array().end_object();
  return w.str();
}

/// Chips bought per pool, stacked by what they do (serving, training, left).
ChartFiles mix_chart(const engine::Scenario& s, const mix::MixAnswer& a, const std::string& version) {
  std::string data = "# flopcast mix: chips bought per pool\n# pool\tserving\ttraining\tleft\tsupply\n";
  bool training = false, left = false;
  for (const auto& t : a.candidates.pools) {
    training = training || a.training_chips[t.pool] > 0;
    left = left || a.left_chips[t.pool] > 0;
    const double serving = a.chips[t.pool] - a.training_chips[t.pool] - a.left_chips[t.pool];
    data += "\"" + s.fleet.pools[t.pool].name + "\"\t" + num(serving) + "\t" + num(a.training_chips[t.pool]) + "\t" + num(a.left_chips[t.pool]) + "\t" +
            num(t.supply) + "\n";
  }
  const std::string stem = "mix_chips";
  const std::string script = detail::fill(std::string(chart_template("mix")),
                                          {{"TITLE", detail::gp_escape("Cheapest mix for " + s.name)},
                                           {"SUBTITLE", detail::gp_escape("objective: " + std::string(core::enum_token(engine::mix_objective_names(), a.objective)) +
                                                                          "; chips bought per pool (whole replicas), supply marked")},
                                           {"SOURCE", detail::gp_escape("flopcast " + version + " | scenario " + (s.source_file.empty() ? s.name : s.source_file) +
                                                                        " | MILP solved by GLPK")},
                                           {"STEM", stem},
                                           {"TRAINING_TITLE", training ? "training (required runs)" : ""},
                                           {"LEFT_TITLE", left ? "left for training" : ""}});
  FLOPCAST_ASSERT(!script.empty(), "chart template mix is missing");
  return ChartFiles{stem, {{stem + ".dat", data}, {stem + ".gp", script}}, chart_images(stem)};
}

std::string fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

}  // namespace

std::string mix_report_section(const engine::Scenario& s, const mix::MixAnswer& a) {
  auto esc = [](const std::string& x) { return escape_markup(x); };
  std::string h = "<h2>Cheapest mix</h2>\n<p><strong>Objective:</strong> " + esc(std::string(core::enum_token(engine::mix_objective_names(), a.objective))) +
                  " &middot; <strong>status:</strong> " + esc(status_name(a.status)) + (a.reason.empty() ? "" : " &middot; " + esc(a.reason)) + "</p>\n";
  if (a.status != mix::MixAnswer::Status::optimal) return h;
  h += "<table>\n<tr><th>pool</th><th>bought</th><th>supply</th><th>training</th><th>left</th><th>capex $M</th><th>TCO $M/yr</th><th>facility MW</th></tr>\n";
  auto m = [](const std::optional<double>& v) { return v ? fixed(*v / 1e6, 1) : std::string("?"); };
  for (const auto& t : a.candidates.pools) {
    const auto e = engine::economics_of(s.fleet.pools[t.pool], a.chips[t.pool], s.assumptions);
    h += "<tr><td>" + esc(s.fleet.pools[t.pool].name) + "</td><td>" + fixed(a.chips[t.pool], 0) + "</td><td>" + fixed(t.supply, 0) + "</td><td>" +
         fixed(a.training_chips[t.pool], 0) + "</td><td>" + fixed(a.left_chips[t.pool], 0) + "</td><td>" + m(e.capex_usd) + "</td><td>" +
         m(e.tco_usd_per_year) + "</td><td>" + m(e.facility_power_w) + "</td></tr>\n";
  }
  h += "</table>\n";
  h += html::accuracy_block(mix_model_error(s, a));
  h += "<table>\n<tr><th>constraint</th><th>binding</th><th>slack</th><th>LP dual</th><th>relaxed</th><th>objective then</th></tr>\n";
  for (const auto& c : a.constraints) {
    h += "<tr><td>" + esc(c.name) + "</td><td>" + (c.binding ? "yes" : "no") + "</td><td>" + fixed(c.slack, 2) + " " + esc(c.unit) + "</td><td>" +
         (c.lp_dual ? fixed(*c.lp_dual, 4) : std::string()) + "</td><td>" + esc(c.relaxed_how) + "</td><td>" +
         (c.relaxed_objective ? fixed(*c.relaxed_objective, 0) : std::string()) + "</td></tr>\n";
  }
  return h + "</table>\n<p class=\"note\">Whole replicas of each service on each pool, sized by the serving model at the pool's supply; "
             "relaxed constraints are re-solved as MILPs; LP duals are the relaxation's marginal values. The run below is the scenario with each "
             "pool at its supply, as the mix's candidates were evaluated.</p>\n";
}

ExtraFiles mix_files(const engine::Scenario& s, const mix::MixAnswer& a, const std::string& version) {
  ExtraFiles out{{"mix.csv", pools_csv(s, a)}, {"mix_services.csv", services_csv(s, a)}, {"mix_constraints.csv", constraints_csv(a)},
                 {"mix.json", mix_json(s, a, version)}};
  if (a.status == mix::MixAnswer::Status::optimal) for (auto& f : mix_chart(s, a, version).files) out.push_back(std::move(f));
  return out;
}

}  // namespace flopcast::report
