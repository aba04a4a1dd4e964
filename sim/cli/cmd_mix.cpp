// flopcast mix: the cheapest mix of chip types for the demand, as a MILP (docs/mix.md).
#include <algorithm>
#include <boost/program_options.hpp>
#include <cmath>
#include <filesystem>
#include <iostream>

#include "commands.hpp"
#include "exit_codes.hpp"
#include "flopcast/core/units.hpp"
#include "flopcast/engine/economics.hpp"
#include "flopcast/engine/evaluate.hpp"
#include "flopcast/mix/cheapest_mix.hpp"
#include "flopcast/report/mix_output.hpp"
#include "flopcast/report/write.hpp"
#include "summary.hpp"
#include "text_table.hpp"

namespace po = boost::program_options;

namespace flopcast::cli {
namespace {

std::string usd_m(double v) { return grouped(v / 1e6, 1); }

std::string objective_text(const mix::MixAnswer& a) {
  using O = engine::MixSpec::Objective;
  switch (a.objective) {
    case O::capex: return "capex $" + grouped(a.objective_value / 1e6, 1) + "M";
    case O::tco: return "TCO $" + grouped(a.objective_value / 1e6, 1) + "M a year";
    case O::power: return grouped(a.objective_value / 1e6, 1) + " MW at the facility";
    case O::training_left: return grouped(a.objective_value / 1e15, 0) + " PFLOP/s of effective training compute left";
  }
  return "";
}

std::string pools_table(const engine::Scenario& s, const mix::MixAnswer& a) {
  TextTable t({"pool", "chip", "bought", "supply", "serving", "training", "left", "capex $M", "TCO $M/yr", "facility MW"},
              {false, false, true, true, true, true, true, true, true, true});
  std::string excluded;
  for (const auto& p : a.candidates.pools) {
    const auto& pool = s.fleet.pools[p.pool];
    if (!p.excluded_because.empty()) excluded += "  " + pool.name + " not bought: " + p.excluded_because + "\n";
    const double bought = a.chips[p.pool];
    const auto e = engine::economics_of(pool, bought, s.assumptions);
    auto m = [](const std::optional<double>& v) { return v ? grouped(*v / 1e6, 1) : std::string("?"); };
    t.add({pool.name, pool.chip.id, grouped(bought), grouped(p.supply), grouped(bought - a.training_chips[p.pool] - a.left_chips[p.pool]),
           grouped(a.training_chips[p.pool]), grouped(a.left_chips[p.pool]), m(e.capex_usd), m(e.tco_usd_per_year), m(e.facility_power_w)});
  }
  return t.str() + excluded;
}

std::string services_table(const engine::Scenario& s, const mix::MixAnswer& a) {
  TextTable t({"service", "pool", "replicas", "chips", "share of demand", "TPOT ms"}, {false, false, true, true, true, true});
  // A pool may run replicas of several sizes (the MILP tops the demand up exactly): its rows stand
  // together, the one carrying most chips first.
  std::vector<std::size_t> used;
  for (std::size_t o = 0; o < a.candidates.serving.size(); ++o) if (a.replicas[o] > 0) used.push_back(o);
  std::stable_sort(used.begin(), used.end(), [&](std::size_t i, std::size_t j) {
    const auto &x = a.candidates.serving[i], &y = a.candidates.serving[j];
    if (x.service != y.service) return x.service < y.service;
    if (x.pool != y.pool) return x.pool < y.pool;
    return a.replicas[i] * x.replica_chips > a.replicas[j] * y.replica_chips;
  });
  for (std::size_t o : used) {
    const auto& x = a.candidates.serving[o];
    const auto& svc = s.inference[x.service];
    t.add({svc.name, s.fleet.pools[x.pool].name, grouped(a.replicas[o]) + " x " + grouped(x.replica_chips), grouped(a.replicas[o] * x.replica_chips),
           grouped(100 * a.replicas[o] * x.tokens_per_s_per_replica / svc.demand_tokens_per_s, 1) + "%",
           grouped(x.tpot_s * 1e3, 1) + (x.tpot_bound ? " (target)" : "")});
  }
  return t.str();
}

/// The objective's display unit and its size in the objective's own unit ($, W, FLOP/s).
std::pair<std::string, double> objective_unit(engine::MixSpec::Objective o) {
  using O = engine::MixSpec::Objective;
  switch (o) {
    case O::capex: return {"$M", 1e6};
    case O::tco: return {"$M/yr", 1e6};
    case O::power: return {"MW", 1e6};
    case O::training_left: return {"PFLOP/s", 1e15};
  }
  return {"", 1};
}

/// A constraint's unit as shown: chips in thousands, money in $M, power in MW (size in its own unit).
std::pair<std::string, double> constraint_unit(const std::string& unit) {
  if (unit == "chips") return {"1k chips", 1e3};
  if (unit == "$") return {"$M", 1e6};
  if (unit == "W") return {"MW", 1e6};
  return {unit, 1};
}

std::string slack_text(const mix::ConstraintReport& c) {
  if (c.unit == "s" || c.unit == "days") return "";  // a target: relaxing it changes the candidates, there is no slack to read
  if (c.unit == "chips") return grouped(c.slack) + " chips";
  if (c.unit == "$") return "$" + grouped(c.slack / 1e6, 1) + "M";
  return grouped(c.slack / 1e6, 1) + " MW";
}

std::string constraints_table(const mix::MixAnswer& a) {
  if (a.constraints.empty()) return "";
  const auto [objective_name, scale] = objective_unit(a.objective);
  TextTable t({"constraint", "binding", "slack", "LP dual", "relaxed", objective_name + " then", "change", "re-solve gap"},
              {false, false, true, true, false, true, true, true});
  for (const auto& c : a.constraints) {
    const auto [unit_name, unit_size] = constraint_unit(c.unit);
    t.add({c.name, c.binding ? "yes" : "no", slack_text(c), c.lp_dual ? grouped(*c.lp_dual * unit_size / scale, 3) + " per " + unit_name : "", c.relaxed_how,
           c.relaxed_objective ? grouped(*c.relaxed_objective / scale, 1) : c.relaxed_unsolved,
           c.relaxed_objective ? grouped((*c.relaxed_objective - a.objective_value) / scale, 1) : "",
           c.relaxed_objective ? grouped(c.relaxed_gap / scale, 1) : ""});
  }
  return t.str() + "binding: no further whole replica fits within it (targets: they set the replicas' decode batch). then / change: the MILP re-solved with it relaxed. "
                   "re-solve gap: how much better than 'then' the relaxed optimum may still be (a re-solve stops at the answer's " +
         grouped(a.relative_gap * 100, 2) + " % or after " + grouped(static_cast<double>(mix::kResolveNodes)) + " branch-and-bound nodes). "
                   "LP dual: " + objective_name + " per unit of the constraint in the LP relaxation (indicative: whole replicas make the real change stepwise).\n";
}

std::string summary(const engine::Scenario& s, const mix::MixAnswer& a) {
  std::string out = "Cheapest mix for " + s.name + ": " + objective_text(a) + " (MILP, whole replicas, within " + grouped(a.relative_gap * 100, 2) +
                    " % of the cheapest, solved in " + grouped(a.solve_s * 1e3, 1) + " ms)\n\n";
  out += pools_table(s, a) + "\n" + services_table(s, a);
  for (std::size_t o = 0; o < a.candidates.training.size(); ++o) {
    if (!a.training_chosen[o]) continue;
    const auto& x = a.candidates.training[o];
    out += "training run " + x.run_name + " on " + s.fleet.pools[x.pool].name + ": " + grouped(x.chips) + " chips, " + grouped(x.days, 1) + " days\n";
  }
  out += "\nTotal: capex " + (a.capex_known ? "$" + usd_m(a.capex_usd) + "M" : std::string("? (a chip bought has no price)")) + ", TCO " +
         (a.tco_known ? "$" + usd_m(a.tco_usd_per_year) + "M a year" : std::string("?")) + ", power " +
         (a.power_known ? grouped(a.chip_w / 1e6, 1) + " MW chip / " + grouped(a.facility_w / 1e6, 1) + " MW facility" : std::string("?")) + "\n";
  if (const auto accuracy = report::mix_model_error(s, a); !accuracy.empty()) out += wrapped("Accuracy: ", accuracy);
  out += "\n" + constraints_table(a);
  return out + "Money and power: " + engine::economics_basis(s.assumptions) + ".\n";
}

/// --objective, --budget, --power-cap over the buy: section; false (having said why) on a bad value.
bool apply_options(const po::variables_map& vm, engine::MixSpec& spec) {
  if (vm.count("objective")) {
    const auto o = core::enum_from_token(engine::mix_objective_names(), vm["objective"].as<std::string>());
    if (!o) {
      std::cerr << "flopcast mix: error[invalid-value]: --objective takes capex, tco, power or training_left, not '" << vm["objective"].as<std::string>() << "'\n";
      return false;
    }
    spec.objective = *o;
  }
  for (auto [name, dim, field] : {std::tuple{"budget", core::Dimension::money, &spec.budget_usd}, std::tuple{"power-cap", core::Dimension::power, &spec.power_cap_w}}) {
    if (!vm.count(name)) continue;
    const auto q = core::parse_quantity(vm[name].as<std::string>(), dim);
    if (!q.value_si || !(*q.value_si > 0)) {
      std::cerr << "flopcast mix: error[invalid-value]: --" << name << " takes " << core::describe_dimension(dim) << " above zero, not '" << vm[name].as<std::string>() << "'\n";
      return false;
    }
    *field = *q.value_si;
  }
  return true;
}

}  // namespace

int cmd_mix(const Args& args, const GlobalOptions& g) {
  std::string scenario_path, out_dir, gnuplot = "gnuplot";
  po::options_description opts("flopcast mix options");
  opts.add_options()
      ("help,h", "show this help")
      ("output,o", po::value(&out_dir)->value_name("DIR"), "output directory (default: out/<scenario file name>-mix)")
      ("objective", po::value<std::string>()->value_name("O"), "capex, tco, power or training_left (overrides buy.objective; default tco)")
      ("budget", po::value<std::string>()->value_name("$"), "cap on capex, e.g. '$20B' (overrides buy.budget)")
      ("power-cap", po::value<std::string>()->value_name("W"), "cap on facility power, e.g. '1 GW' (overrides buy.power_cap)")
      ("no-charts", "write chart data and gnuplot scripts but do not render images")
      ("report", "also write report.html: the mix, then the scenario with each pool at its supply")
      ("gnuplot", po::value(&gnuplot)->value_name("PATH"), "gnuplot executable (default: gnuplot)")
      ("quiet,q", "print only the answer line and the files written");
  po::options_description hidden;
  hidden.add_options()("scenario", po::value(&scenario_path));
  const auto vm = parse_command(args, opts, hidden, {{"scenario", 1}});
  if (vm.count("help") || scenario_path.empty()) {
    std::cout << "Usage: flopcast mix SCENARIO [-o DIR] [--objective capex|tco|power|training_left] [--budget $] [--power-cap W]\n\n"
                 "The cheapest mix of the scenario's pools (chip types; each pool's count is its supply), in whole\n"
                 "replicas, that serves every inference service's demand (per model and mode) under its TPOT target\n"
                 "and fits the training runs of buy.train, within a budget and a power cap: a MILP solved by GLPK\n"
                 "(docs/mix.md). Prints the mix, its capex, TCO and power, each constraint that binds and what\n"
                 "relaxing it buys, and writes mix.csv, mix_services.csv, mix_constraints.csv, mix.json and a chart.\n"
                 "Exit 0: a mix found; 1: none exists (\"infeasible because ...\", files written); 2: bad input, or the\n"
                 "solver failed or hit buy.time_limit (nothing written).\n\n"
                 "Example:\n  flopcast mix scenarios/v4-flash-mix.yaml -o out/v4-flash-mix --report\n\n"
              << opts << "\n";
    return vm.count("help") ? exit_ok : exit_bad_input;
  }
  auto maybe = load_or_report(scenario_path, g);
  if (!maybe) return exit_bad_input;
  const auto& s = *maybe->scenario;
  engine::MixSpec spec = maybe->buy.value_or(engine::MixSpec{});
  if (!maybe->buy) spec.where.file = scenario_path;
  if (!apply_options(vm, spec)) return exit_bad_input;
  if (s.inference.empty() && spec.training.empty()) {
    std::cerr << scenario_path << ": error[missing-key]: nothing to buy for: the scenario has no inference services and buy: lists no training runs (docs/mix.md)\n";
    return exit_bad_input;
  }
  const auto answer = mix::cheapest_mix(s, spec);
  if (answer.status == mix::MixAnswer::Status::time_limit || answer.status == mix::MixAnswer::Status::solver_failed) {
    core::Diagnostic d;
    d.code = core::ErrorCode::invalid_value;
    d.location = spec.where;
    d.path = "buy";
    d.message = answer.reason;
    d.hint = answer.status == mix::MixAnswer::Status::time_limit ? "raise buy.time_limit, or fewer pools or services" : "report it with the scenario file";
    print_diagnostics(std::cerr, {d}, g.error_format);
    return exit_bad_input;
  }
  if (out_dir.empty()) out_dir = (std::filesystem::path("out") / (std::filesystem::path(scenario_path).stem().string() + "-mix")).string();
  const auto results = engine::evaluate(s);
  report::WriteOptions wo{!vm.count("no-charts"), gnuplot, version(), vm.count("report") > 0, report::mix_report_section(s, answer)};
  const auto written = report::write_outputs(s, results, out_dir, wo, report::mix_files(s, answer, version()));
  if (written.error) {
    print_diagnostics(std::cerr, {*written.error}, g.error_format);
    return exit_bad_input;
  }
  if (answer.status == mix::MixAnswer::Status::infeasible) std::cout << "No mix for " << s.name << ": " << answer.reason << "\n";
  else if (vm.count("quiet")) std::cout << "Cheapest mix for " << s.name << ": " << objective_text(answer) << "\n";
  else std::cout << summary(s, answer);
  std::cout << "\nWrote " << written.files.size() << " files to " << out_dir << "\n";
  print_removed(written);
  return answer.status == mix::MixAnswer::Status::optimal ? exit_ok : exit_expectation_failed;
}

}  // namespace flopcast::cli
