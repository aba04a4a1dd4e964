// flopcast size: goal-seek the smallest chip count meeting every target (docs/sizing.md).
#include <boost/program_options.hpp>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "commands.hpp"
#include "exit_codes.hpp"
#include "flopcast/engine/evaluate.hpp"
#include "flopcast/engine/parameters.hpp"
#include "flopcast/report/answer.hpp"
#include "flopcast/report/size_output.hpp"
#include "flopcast/report/write.hpp"
#include "flopcast/sweep/goal_seek.hpp"
#include "option_numbers.hpp"
#include "summary.hpp"
#include "sweep_driver.hpp"
#include "text_table.hpp"

namespace po = boost::program_options;

namespace flopcast::cli {
namespace {

using Op = engine::Expectation::Op;

/// "METRIC<=X" (or <, >, >=) as a target; nothing, having said why, if it is not one.
std::optional<engine::SizeTarget> parse_target(const std::string& text) {
  for (auto [symbol, op] : {std::pair{"<=", Op::at_most}, std::pair{">=", Op::at_least}, std::pair{"<", Op::below}, std::pair{">", Op::above}}) {
    const auto at = text.find(symbol);
    if (at == std::string::npos || at == 0) continue;
    const std::string number = text.substr(at + std::string(symbol).size());
    char* end = nullptr;
    const double v = std::strtod(number.c_str(), &end);
    if (number.empty() || *end != '\0' || !std::isfinite(v)) break;
    engine::SizeTarget t;
    t.metric = text.substr(0, at);
    t.op = op;
    t.threshold = v;
    t.where.file = "--target";
    t.path = "--target " + text;
    return t;
  }
  std::cerr << "flopcast size: error[invalid-value]: --target takes METRIC<=NUMBER (or <, >=, >), e.g. "
               "'training.v4-pro.time_days<=60', not '" << text << "'\n";
  return std::nullopt;
}

/// The problems given on the command line (--vary, --target, --step, --max), one per --vary path.
std::optional<std::vector<engine::SizeProblem>> command_line_problems(const engine::Scenario& s, const po::variables_map& vm) {
  std::vector<engine::SizeTarget> targets;
  for (const auto& t : vm["target"].as<std::vector<std::string>>()) {
    auto target = parse_target(t);
    if (!target) return std::nullopt;
    targets.push_back(std::move(*target));
  }
  std::vector<engine::SizeProblem> out;
  for (const auto& path : vm["vary"].as<std::vector<std::string>>()) {
    const auto ref = engine::resolve_parameter(s, path);
    if (!ref) {
      report_unknown_name("size", "--vary", "parameter", path, engine::parameter_paths(s));
      return std::nullopt;
    }
    engine::SizeProblem p;
    p.name = path;
    p.vary = *ref;
    p.targets = targets;
    const std::string head = "fleet.pools[", tail = "].count";
    const bool pool = path.rfind(head, 0) == 0 && path.ends_with(tail);
    for (auto& t : p.targets) {
      const auto at = t.metric.find("{pool}");
      if (at != std::string::npos && pool) t.metric.replace(at, 6, path.substr(head.size(), path.size() - head.size() - tail.size()));
    }
    if (vm.count("step")) p.step = vm["step"].as<double>();
    if (vm.count("max")) p.max = vm["max"].as<double>();
    for (double v : {p.step, p.max}) {
      if (const auto problem = engine::range_problem(p.vary, v)) {
        std::cerr << "flopcast size: error[out-of-range]: --step/--max: " << path << " " << *problem << "\n"
                  << "  hint: " << engine::range_hint(p.vary, v, "--step and --max") << "\n";
        return std::nullopt;
      }
    }
    out.push_back(std::move(p));
  }
  return out;
}

std::string usd_m(const std::optional<double>& v) { return v ? grouped(*v / 1e6, 1) : "?"; }
std::string mw(const std::optional<double>& v) { return v ? grouped(*v / 1e6, 1) : "?"; }

std::string summary(const engine::Scenario& s, const std::vector<engine::SizeProblem>& problems, const std::vector<sweep::SizeAnswer>& answers) {
  TextTable t({"problem", "answer", "capex $M", "TCO $M/yr", "chip MW", "facility MW", "binding constraint"},
              {false, true, true, true, true, true, false});
  std::string notes;
  for (std::size_t k = 0; k < answers.size(); ++k) {
    const auto& a = answers[k];
    const auto& p = problems[k];
    const auto& e = report::sized_economics(p, a);
    std::string binding;
    for (std::size_t i : a.binding) binding += (binding.empty() ? "" : "; ") + sweep::describe_target(p.targets[i]);
    t.add({a.name, a.met ? grouped(a.value) : "not met", usd_m(e.capex_usd), usd_m(e.tco_usd_per_year), mw(e.chip_power_w), mw(e.facility_power_w),
           a.met ? (binding.empty() ? "the smallest candidate" : binding) : "-"});
    notes += "\n" + a.name + ":\n";
    for (std::size_t i = 0; i < p.targets.size(); ++i) {
      const auto& m = a.metrics[i];
      notes += "  " + sweep::describe_target(p.targets[i]) + ": " + (m ? grouped(*m, std::fabs(*m) < 100 ? 2 : 0) : "no value") + " at " + grouped(a.value) + "\n";
    }
    if (!a.reason.empty()) notes += "  " + a.reason + "\n";
    if (a.met) {
      notes += "  every candidate from " + grouped(a.scanned_from) + " to " + grouped(a.value) + " in steps of " + grouped(p.step) + " was checked; " +
               std::to_string(a.probes.size()) + " evaluated in all\n";
    }
    if (!a.fails_above.empty()) {
      notes += "  not monotone: the targets fail again at " + grouped(a.fails_above.front()) +
               (a.fails_above.size() > 1 ? " and " + std::to_string(a.fails_above.size() - 1) + " more candidates above the answer" : "") +
               " (layouts change with size)\n";
    }
    notes += "  money and power: " + report::economics_scope(p) + " at the answer\n";
    // How far the count may be off: the model's held-out error on the workloads the targets read.
    std::vector<std::string> metrics;
    for (const auto& t : p.targets) metrics.push_back(t.metric);
    if (const auto accuracy = report::model_error_of(s, a.results, metrics); !accuracy.empty()) notes += wrapped("  accuracy: ", accuracy);
  }
  return t.str() + notes;
}

/// The scenario with every answer applied (the run written beside the answers).
engine::Scenario sized(const engine::Scenario& s, const std::vector<engine::SizeProblem>& problems, const std::vector<sweep::SizeAnswer>& answers) {
  engine::Scenario out = s;
  for (std::size_t k = 0; k < answers.size(); ++k) {
    if (answers[k].met) engine::set_parameter(out, problems[k].vary, answers[k].value);
  }
  return out;
}

void print_size_help(const po::options_description& opts) {
  std::cout << "Usage: flopcast size SCENARIO [-o DIR] [--vary PATH --target 'METRIC<=X' ...]\n\n"
               "Finds, for each parameter sized (a pool's chip count), the smallest value at which every target\n"
               "holds, re-planning training layouts and serving replicas at every candidate; targets need not be\n"
               "monotone in the count (docs/sizing.md). Prints each answer with its capex, TCO, chip and facility\n"
               "power and the binding constraint, and writes into DIR:\n"
               "  size.csv, size_targets.csv, size_probes.csv, size.json   answers, targets, every candidate evaluated\n"
               "  size_<n>_target_<t>.*   chart: the target's metric at every candidate, the threshold, the answer\n"
               "  results.json, *.csv     the scenario with every answer applied, as flopcast run writes it\n"
               "Exit 0: every target met; 1: some problem is infeasible within max: (the reason is printed and\n"
               "written); 2: bad scenario, option, or a target metric that does not exist (nothing written).\n\n"
               "Examples:\n  flopcast size scenarios/v4-pro-950pr-sizing.yaml -o out/size\n"
               "  flopcast size scenarios/v4-pro-950pr-sizing.yaml --vary 'fleet.pools[pr].count' --step 64 \\\n"
               "      --target 'training.v4-pro-pretrain.time_days<=60'\n\n"
            << opts << "\n";
}

/// What to size: the command line's --vary and --target, else the scenario's size: section;
/// nothing (the error printed) for one without the other, or neither.
std::optional<std::vector<engine::SizeProblem>> chosen_problems(const engine::Scenario& s, const std::vector<engine::SizeProblem>& section,
                                                                const po::variables_map& vm, const std::string& scenario_path) {
  std::vector<engine::SizeProblem> problems = section;
  const bool vary = !vm["vary"].as<std::vector<std::string>>().empty(), target = !vm["target"].as<std::vector<std::string>>().empty();
  if (vary != target) {
    std::cerr << "flopcast size: error[missing-key]: give --vary and --target together (or neither, to use the size: section)\n";
    return std::nullopt;
  }
  if (vary) {
    auto parsed = command_line_problems(s, vm);
    if (!parsed) return std::nullopt;
    problems = std::move(*parsed);
  }
  if (problems.empty()) {
    std::cerr << scenario_path << ": error[missing-key]: nothing to size: add a size: section or give --vary and --target (docs/sizing.md)\n";
    return std::nullopt;
  }
  return problems;
}

}  // namespace

int cmd_size(const Args& args, const GlobalOptions& g) {
  std::string scenario_path, out_dir, gnuplot = "gnuplot";
  WholeNumber<1, kMaxThreads> threads;
  po::options_description opts("flopcast size options");
  opts.add_options()
      ("help,h", "show this help")
      ("output,o", po::value(&out_dir)->value_name("DIR"), "output directory (default: out/<scenario file name>-size)")
      ("vary", po::value<std::vector<std::string>>()->value_name("PATH")->default_value({}, ""),
       "parameter to size, e.g. fleet.pools[pr].count (repeat: one answer per path); replaces the size: section")
      ("target", po::value<std::vector<std::string>>()->value_name("METRIC<=X")->default_value({}, ""),
       "condition every answer must meet (repeat for several; <, <=, >, >=); {pool} stands for the --vary pool")
      ("step", po::value<double>()->value_name("N"), "with --vary: candidates are multiples of N (default 1)")
      ("max", po::value<double>()->value_name("N"), "with --vary: the largest candidate, the supply (default 1,000,000)")
      ("threads", hinted_value(&threads, kThreadsHint)->value_name("T"), "worker threads for the scan, 1 to 256 (default: all cores); the answer does not depend on it")
      ("no-charts", "write chart data and gnuplot scripts but do not render images")
      ("report", "also write report.html: the answers, then the run at the answers")
      ("gnuplot", po::value(&gnuplot)->value_name("PATH"), "gnuplot executable (default: gnuplot)")
      ("quiet,q", "print only the answers and the list of files written");
  po::options_description hidden;
  hidden.add_options()("scenario", po::value(&scenario_path));
  const auto vm = parse_command(args, opts, hidden, {{"scenario", 1}});
  if (vm.count("help") || scenario_path.empty()) {
    print_size_help(opts);
    return vm.count("help") ? exit_ok : exit_bad_input;
  }
  auto maybe = load_or_report(scenario_path, g);
  if (!maybe) return exit_bad_input;
  const auto& s = *maybe->scenario;
  const auto chosen = chosen_problems(s, maybe->sizing, vm, scenario_path);
  if (!chosen) return exit_bad_input;
  const std::vector<engine::SizeProblem>& problems = *chosen;
  const auto base = engine::evaluate(s);
  std::vector<core::Diagnostic> unknown;
  for (const auto& p : problems) for (auto& d : sweep::check_size_targets(s, base, p)) unknown.push_back(std::move(d));
  if (!unknown.empty()) {
    print_diagnostics(std::cerr, unknown, g.error_format);
    return exit_bad_input;
  }
  std::vector<sweep::SizeAnswer> answers;
  for (const auto& p : problems) answers.push_back(sweep::solve_size(s, p, vm.count("threads") ? static_cast<int>(threads.value) : 0));
  const auto at_answers = sized(s, problems, answers);
  const auto results = engine::evaluate(at_answers);
  if (out_dir.empty()) out_dir = (std::filesystem::path("out") / (std::filesystem::path(scenario_path).stem().string() + "-size")).string();
  report::WriteOptions wo{!vm.count("no-charts"), gnuplot, version(), vm.count("report") > 0, report::size_report_section(s, problems, answers)};
  const auto written = report::write_outputs(at_answers, results, out_dir, wo, report::size_files(s, problems, answers, version()));
  if (written.error) {
    print_diagnostics(std::cerr, {*written.error}, g.error_format);
    return exit_bad_input;
  }
  std::cout << "Sizing: " << s.name << "\n" << summary(s, problems, answers);
  if (!vm.count("quiet")) std::cout << "\nThe scenario at the answers:\n" << run_summary(at_answers, results, report::answer_question(at_answers, results));
  std::cout << "\nWrote " << written.files.size() << " files to " << out_dir << "\n";
  print_removed(written);
  const bool all_met = std::all_of(answers.begin(), answers.end(), [](const auto& a) { return a.met; });
  return all_met ? exit_ok : exit_expectation_failed;
}

}  // namespace flopcast::cli
