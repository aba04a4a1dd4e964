// flopcast compare: the same fleet projection under several export regimes, side by side.
#include <boost/program_options.hpp>
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>

#include "commands.hpp"
#include "exit_codes.hpp"
#include "flopcast/core/suggest.hpp"
#include "flopcast/engine/evaluate.hpp"
#include "flopcast/report/answer.hpp"
#include "flopcast/report/html_report.hpp"
#include "flopcast/report/write.hpp"
#include "summary.hpp"
#include "text_table.hpp"

namespace po = boost::program_options;

namespace flopcast::cli {
namespace {

/// The projection once per regime id ('timeline': the scenario's own regime_timeline), or
/// nothing after reporting an unknown id.
std::optional<std::vector<engine::Results>> run_per_regime(const engine::Scenario& scenario, const std::vector<std::string>& ids,
                                                           const scenario::RegimeLoad& regimes) {
  std::vector<std::string> known{"timeline"};
  for (const auto& r : regimes.regimes) known.push_back(r.id);
  std::vector<engine::Results> results;
  for (const auto& id : ids) {
    engine::Scenario s = scenario;
    if (id != "timeline") {
      const auto it = std::find_if(regimes.regimes.begin(), regimes.regimes.end(), [&](const auto& r) { return r.id == id; });
      if (it == regimes.regimes.end()) {
        report_unknown_name("compare", "--regimes", "regime", id, known);
        return std::nullopt;
      }
      s.projection->regimes = {{s.projection->timeline.start, *it}};
      fleet::prepare_projection(*s.projection);
    }
    results.push_back(engine::evaluate(s));
  }
  return results;
}

/// Per period and actor: effective training compute and installed chips under each regime.
std::string comparison_table(const std::vector<std::string>& ids, const std::vector<engine::Results>& results) {
  std::vector<std::string> header{"period", "actor"};
  for (const auto& id : ids) header.push_back(id + " EFLOP/s");
  for (std::size_t i = 1; i < ids.size(); ++i) header.push_back(ids[i] + " vs " + ids[0]);
  for (const auto& id : ids) header.push_back(id + " chips");
  TextTable t(header, std::vector<bool>(header.size(), true));
  const auto& base = results.front().projection;
  for (std::size_t k = 0; k < base.size(); ++k) {
    std::vector<std::string> row{base[k].period.str(), base[k].actor};
    for (const auto& r : results) row.push_back(grouped(r.projection[k].effective_flop_per_s / 1e18, 1));
    for (std::size_t i = 1; i < results.size(); ++i) {
      const double a = base[k].effective_flop_per_s, b = results[i].projection[k].effective_flop_per_s;
      row.push_back(a > 0 ? grouped((b / a - 1) * 100, 0) + "%" : "-");
    }
    for (const auto& r : results) row.push_back(grouped(r.projection[k].installed_chips));
    t.add(row);
  }
  return t.str();
}

std::string sci(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.3g", v);
  return buf;
}

/// Per actor, at the end of the horizon: what each regime leaves it (training FLOPs delivered so
/// far, installed H100e by throughput, tokens served a day), with the change against the first.
void print_bottom_line(const std::vector<std::string>& ids, const std::vector<engine::Results>& results, std::size_t actors) {
  const auto& base = results.front().projection;
  if (base.size() < actors) return;
  std::cout << "\nAt " << base.back().period.str() << " (change against " << ids.front() << ")\n";
  TextTable t({"actor", "regime", "training FLOP (cumulative)", "installed H100e", "served tokens/day"}, {false, false, true, true, true});
  auto change = [](double v, double b) { return b > 0 && v != b ? " (" + grouped((v / b - 1) * 100, 0) + "%)" : std::string(); };
  for (std::size_t a = 0; a < actors; ++a) {
    const std::size_t k = base.size() - actors + a;
    for (std::size_t i = 0; i < results.size(); ++i) {
      const auto& p = results[i].projection[k];
      t.add({i == 0 ? p.actor : "", ids[i], sci(p.cumulative_training_flops) + change(p.cumulative_training_flops, base[k].cumulative_training_flops),
             grouped(p.h100e_by_throughput) + change(p.h100e_by_throughput, base[k].h100e_by_throughput),
             sci(p.served_tokens_per_s * 86400) + change(p.served_tokens_per_s, base[k].served_tokens_per_s)});
    }
  }
  std::cout << t.str();
}

/// Which rules bound under each regime: H100e the export rules kept from each actor over the
/// horizon, by the rule that decided, and the chips the destination's import rules stopped.
void print_binding_rules(const std::vector<std::string>& ids, const std::vector<engine::Results>& results) {
  const auto& base = results.front().projection;
  std::cout << "\nWhat bound, " << base.front().period.str() << " to " << base.back().period.str()
            << " (H100e the export rules kept from the buyer, by rule; chips its own import rules stopped)\n";
  for (std::size_t i = 0; i < results.size(); ++i) {
    std::map<std::string, double> by_rule;
    std::map<std::string, std::string> import_rules;  // actor: chip -> the import rule
    for (const auto& p : results[i].projection) {
      for (const auto& c : p.chips) {
        const std::string rule = c.rule.empty() ? c.outcome : c.rule + " (" + c.regime + ")";
        if (c.blocked_h100e > 0) by_rule[p.actor + ": " + c.chip_id + " by " + rule] += c.blocked_h100e;
        if (!c.import_rule.empty() && c.permitted < c.wanted) import_rules[p.actor + ": " + c.chip_id] = c.import_rule;
      }
    }
    std::cout << "  " << ids[i] << ":" << (by_rule.empty() && import_rules.empty() ? " nothing bound" : "") << "\n";
    for (const auto& [what, h100e] : by_rule) std::cout << "    " << what << ": " << grouped(h100e) << " H100e blocked\n";
    for (const auto& [what, rule] : import_rules) std::cout << "    " << what << ": stopped at import by " << rule << "\n";
  }
}

/// compare.csv, the chart and (with --report) report.html into `out_dir`; `wo` says whether the
/// chart is rendered and with which gnuplot.
int write_comparison(const engine::Scenario& s, const std::vector<std::string>& ids, const std::vector<engine::Results>& results,
                     const std::string& out_dir, bool with_report, report::WriteOptions wo, const GlobalOptions& g) {
  report::ExtraFiles files{{"compare.csv", report::compare_csv(ids, results)}};
  for (auto& f : report::regime_comparison_chart(s, ids, results, version())) files.push_back(std::move(f));
  if (with_report) {
    wo.report_page = [&](const std::vector<std::pair<std::string, std::string>>& charts) {
      return report::compare_report(s, ids, results, charts, version());
    };
  }
  const auto written = report::write_files(out_dir, files, wo);
  if (written.error) {
    print_diagnostics(std::cerr, {*written.error}, g.error_format);
    return exit_bad_input;
  }
  for (const auto& f : written.files) std::cout << "Wrote " << f.path << "  (" << f.description << ")\n";
  print_removed(written);
  return exit_ok;
}

}  // namespace

int cmd_compare(const Args& args, const GlobalOptions& g) {
  std::string scenario_path, regimes_arg, out_dir, gnuplot = "gnuplot";
  po::options_description opts("flopcast compare options");
  opts.add_options()("help,h", "show this help")("regimes", po::value(&regimes_arg)->value_name("A,B,..."),
                                                   "regimes to compare; 'timeline' is the scenario's own regime_timeline")(
      "output,o", po::value(&out_dir)->value_name("DIR"), "also write compare.csv and the regime_comparison chart (.dat, .gp, .svg, .png, .pdf) into DIR")(
      "report", "with -o: also write report.html (the answer, the table, the chart, assumptions and sources)")(
      "no-charts", "with -o: write the chart's data and gnuplot script but do not render images")(
      "gnuplot", po::value(&gnuplot)->value_name("PATH"), "gnuplot executable (default: gnuplot)");
  po::options_description hidden;
  hidden.add_options()("scenario", po::value(&scenario_path));
  const auto vm = parse_command(args, opts, hidden, {{"scenario", 1}});
  if (vm.count("help") || scenario_path.empty() || regimes_arg.empty()) {
    std::cout << "Usage: flopcast compare SCENARIO --regimes none,oct2023,timeline [-o DIR [--report] [--no-charts]]\n\n"
                 "Runs the scenario's fleet projection (timeline:, actors:) once per regime, each in force\n"
                 "for the whole horizon ('timeline' keeps the scenario's own regime_timeline), and prints\n"
                 "per actor and period the effective training compute and installed chips under each,\n"
                 "with the difference from the first. Regime ids: flopcast classify --help.\n"
                 "One evaluation per regime, at the scenario's own inputs: for the uncertainty band of the\n"
                 "difference, sweep `regime` as an axis with sweep.differences (docs/sweeps.md#differences;\n"
                 "scenarios/china-2025-2027-uncertainty.yaml).\n\n"
                 "Example:\n  flopcast compare scenarios/china-2025-2027-regimes.yaml --regimes none,timeline\n\n"
              << opts << "\n";
    return vm.count("help") ? exit_ok : exit_bad_input;
  }
  auto builtins = load_builtin_catalog(g);
  if (!builtins) return exit_bad_input;
  const auto* regimes = builtin_regimes(g, *builtins);
  if (!regimes) return exit_bad_input;
  auto loaded = load_scenario_file(scenario_path, g, *builtins);
  if (!loaded.scenario) {
    print_diagnostics(std::cerr, loaded.diagnostics, g.error_format);
    return exit_bad_input;
  }
  if (loaded.own_regimes) regimes = loaded.own_regimes.get();  // regimes_dir: adds the scenario's own
  if (!loaded.scenario->projection) {
    std::cerr << scenario_path << ": error[missing-key]: compare needs a fleet projection (timeline: and actors:)\n";
    return exit_bad_input;
  }
  std::vector<std::string> ids;
  std::stringstream list(regimes_arg);
  for (std::string id; std::getline(list, id, ',');) ids.push_back(id);
  const auto results = run_per_regime(*loaded.scenario, ids, *regimes);
  if (!results) return exit_bad_input;
  const auto& s = *loaded.scenario;
  if (!s.question.empty()) std::cout << "Question: " << s.question << "\n";
  std::cout << answer_lines(report::answer_regime_comparison(s, ids, *results)) << "\n";
  std::cout << "Effective training compute (EFLOP/s, reference workload " << s.assumptions.reference_model << ") by regime\n"
            << comparison_table(ids, *results);
  // The bottom line per actor and regime, then what bound under each regime.
  print_bottom_line(ids, *results, s.projection->actors.size());
  if (!results->front().projection.empty()) print_binding_rules(ids, *results);
  if (out_dir.empty()) return exit_ok;
  const report::WriteOptions wo{!vm.count("no-charts"), gnuplot, version()};
  return write_comparison(s, ids, *results, out_dir, vm.count("report") > 0, wo, g);
}

}  // namespace flopcast::cli
