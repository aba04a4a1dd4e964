// flopcast check: evaluate the expect: conditions of scenarios; exit 1 if any fails.
#include <unistd.h>

#include <boost/program_options.hpp>
#include <filesystem>
#include <algorithm>
#include <fstream>
#include <iostream>

#include "commands.hpp"
#include "exit_codes.hpp"
#include "flopcast/engine/evaluate.hpp"
#include "flopcast/engine/warnings.hpp"
#include "flopcast/report/expectations.hpp"
#include "flopcast/scenario/load.hpp"
#include "sweep_driver.hpp"

namespace po = boost::program_options;

namespace flopcast::cli {

int cmd_check(const Args& args, const GlobalOptions& g) {
  std::vector<std::string> files;
  std::string junit;
  po::options_description opts("flopcast check options");
  opts.add_options()("help,h", "show this help")("junit", po::value(&junit)->value_name("FILE"), "also write JUnit XML to FILE")(
      "quiet,q", "print only failures");
  po::options_description hidden;
  hidden.add_options()("files", po::value(&files));
  const auto vm = parse_command(args, opts, hidden, {{"files", -1}});
  if (vm.count("help") || files.empty()) {
    std::cout << "Usage: flopcast check SCENARIO... [--junit FILE]\n\n"
                 "Evaluates each scenario and its expect: conditions, one line per condition:\n"
                 "  PASS training.v3.time_days = 8.3 < 60   (scenarios/x.yaml:40)\n"
                 "Conditions with percentile: run the scenario's uncertain: samples first. Exit 0 if all\n"
                 "hold, 1 if any fails, 2 on bad input. --junit writes one test case per condition.\n"
                 "A plausibility warning of a run (a number the model doubts, e.g. a stated layout above\n"
                 "HBM) goes to stderr as 'FILE: warning: ...' and does not change the exit code.\n\n"
                 "Example (in a scenario):\n"
                 "  expect:\n"
                 "    - {metric: training.deepseek-v3-on-h100.time_days, below: 30}\n"
                 "    - {metric: training.deepseek-v3-on-910c.cost_usd, percentile: 95, at_most: 5e6}\n"
                 "then:  flopcast check scenarios/*.yaml --junit check.xml\n\n"
              << opts << "\n";
    return vm.count("help") ? exit_ok : exit_bad_input;
  }
  auto builtins = load_builtin_catalog(g);
  if (!builtins) return exit_bad_input;
  std::vector<std::pair<std::string, std::vector<report::ExpectationVerdict>>> suites;
  bool bad_input = false, failed = false;
  for (const auto& f : files) {
    auto loaded = load_scenario_file(f, g, *builtins);
    if (!loaded.scenario) {
      print_diagnostics(std::cerr, loaded.diagnostics, g.error_format);
      bad_input = true;
      continue;
    }
    const auto& s = *loaded.scenario;
    const auto results = engine::evaluate(s);
    std::optional<sweep::SweepResult> swept;
    const bool needs_sweep = std::any_of(s.expectations.begin(), s.expectations.end(), [](const auto& x) { return x.percentile.has_value(); });
    if (needs_sweep) {
      int code = exit_ok;
      swept = drive_sweep(s, loaded.sweep, {0, true, 50'000'000}, code);
      if (!swept) return code;
    }
    auto verdicts = report::check_expectations(s, results, swept ? &*swept : nullptr);
    if (verdicts.empty()) std::cout << f << ": no expect: conditions\n";
    for (const auto& v : verdicts) {
      failed = failed || !v.pass;
      if (!v.pass || !vm.count("quiet")) std::cout << (v.pass ? "PASS " : "FAIL ") << v.message << "   (" << v.where << ")\n";
    }
    // A condition can pass on a number a plausibility guard doubts: say so, without failing.
    for (const auto& w : engine::run_warnings(s, results)) std::cerr << f << ": warning: " << w.line() << "\n";
    suites.emplace_back(s.name, std::move(verdicts));
  }
  if (!junit.empty()) {
    // A device, FIFO or directory at the path: the rename below would replace it (a device node,
    // as root) or fail late; a report goes to a regular file.
    std::error_code st;
    if (const auto status = std::filesystem::status(junit, st); !st && std::filesystem::exists(status) && !std::filesystem::is_regular_file(status)) {
      std::cerr << junit << ": error[output-not-writable]: not a regular file; the JUnit report was not written\n"
                << "  hint: give a file path, e.g. --junit check.xml\n";
      return exit_bad_input;
    }
    // Written beside the target and renamed into place once complete: a full disk shows as an
    // error (the buffered bytes are flushed and checked), never as a cut-short report and exit 0.
    const std::string partial = junit + ".partial-" + std::to_string(::getpid());
    std::ofstream out(partial, std::ios::binary | std::ios::trunc);
    out << report::junit_xml(suites);
    out.close();
    std::error_code ec;
    if (!out || (std::filesystem::rename(partial, junit, ec), ec)) {
      std::filesystem::remove(partial, ec);
      std::cerr << junit << ": error[output-not-writable]: cannot write the JUnit report; it was not written\n";
      return exit_bad_input;
    }
  }
  if (bad_input) return exit_bad_input;
  return failed ? exit_expectation_failed : exit_ok;
}

}  // namespace flopcast::cli
