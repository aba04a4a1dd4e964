// flopcast validate: load and bind scenario files, report every problem, run nothing.
#include <boost/program_options.hpp>
#include <iostream>

#include "commands.hpp"
#include "exit_codes.hpp"
#include "flopcast/engine/evaluate.hpp"
#include "flopcast/core/units.hpp"
#include "flopcast/engine/metrics.hpp"
#include "flopcast/engine/parameters.hpp"
#include "flopcast/scenario/load.hpp"

namespace po = boost::program_options;

namespace flopcast::cli {

namespace {

/// Every parameter path a sweep can set, with its value in the scenario: "  assumptions.pue = 1.3".
/// A regime axis takes regime ids; an optional field the scenario leaves unset reads "unset".
void print_parameters(const engine::Scenario& s) {
  for (const auto& path : engine::parameter_paths(s)) {
    const auto ref = engine::resolve_parameter(s, path);
    if (!ref) continue;
    std::cout << "  " << path << " = ";
    if (ref->target == engine::ParameterRef::Target::regime) {
      std::cout << "(a regime id, or timeline: the scenario's own regime_timeline)\n";
      continue;
    }
    const double v = engine::get_parameter(s, *ref);
    std::cout << (v == 0 && ref->dimension != core::Dimension::fraction ? std::string("0 (or unset)") : core::format_quantity(v, ref->dimension)) << "\n";
  }
}

}  // namespace

int cmd_validate(const Args& args, const GlobalOptions& g) {
  std::vector<std::string> files;
  po::options_description opts("flopcast validate options");
  opts.add_options()("help,h", "show this help")("quiet,q", "print nothing for valid files")(
      "metrics", "also print every metric path of each valid scenario (what expect:, answer: and sweeps can name)")(
      "parameters", "also print every parameter path of each valid scenario with its value (what sweep axes and uncertain "
                    "variables can set)");
  po::options_description hidden;
  hidden.add_options()("files", po::value(&files));
  const auto vm = parse_command(args, opts, hidden, {{"files", -1}});
  if (vm.count("help") || files.empty()) {
    std::cout << "Usage: flopcast validate SCENARIO...\n\n"
                 "Checks each scenario file: keys, types, units, references to chips, models and pools,\n"
                 "and that every metric named in expect: and answer: exists (which evaluates the\n"
                 "scenario once). Prints 'ok' per valid file and located errors otherwise.\n"
                 "Exit code 0 if every file is valid, 2 otherwise.\n\n"
                 "Examples:\n  flopcast validate scenarios/*.yaml\n"
                 "  flopcast validate scenarios/910c-vs-h100.yaml --metrics   # the metric paths it has\n"
                 "  flopcast validate scenarios/china-2025-2027-regimes.yaml --parameters   # what a sweep can vary\n\n"
              << opts << "\n";
    return vm.count("help") ? exit_ok : exit_bad_input;
  }
  auto builtins = load_builtin_catalog(g);
  if (!builtins) return exit_bad_input;
  int status = exit_ok;
  for (const auto& f : files) {
    auto loaded = load_scenario_file(f, g, *builtins);
    if (loaded.scenario) {
      if (!vm.count("quiet")) std::cout << f << ": ok\n";
      if (vm.count("parameters")) print_parameters(*loaded.scenario);
      if (vm.count("metrics")) {
        for (const auto& name : engine::metric_names(engine::evaluate(*loaded.scenario))) std::cout << "  " << name << "\n";
      }
    } else {
      print_diagnostics(std::cerr, loaded.diagnostics, g.error_format);
      status = exit_bad_input;
    }
  }
  return status;
}

}  // namespace flopcast::cli
