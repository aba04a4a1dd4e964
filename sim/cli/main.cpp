// flopcast: the command-line front end. Parses global options, dispatches to a subcommand, and
// maps failures to exit codes: 2 for bad input, 3 for internal errors.
#include <boost/program_options.hpp>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <iostream>

#include "commands.hpp"
#include "exit_codes.hpp"
#include "flopcast/core/assert.hpp"
#include "flopcast/core/suggest.hpp"
#include "option_numbers.hpp"
#ifdef FLOPCAST_WITH_MPI
#include "mpi_sweep.hpp"
#endif

namespace po = boost::program_options;
using namespace flopcast::cli;

namespace {

constexpr const char* kOverview = R"(flopcast - compute-capacity what-if simulator for AI accelerator fleets

Usage: flopcast [global options] COMMAND [command options]

Commands:
  run SCENARIO [-o DIR]      evaluate a scenario; print a summary, write results.json, CSV
                             tables and charts into DIR
  validate SCENARIO...       check scenario files without running them
  catalog chips|models|modes list the built-in catalog (--format table|csv|json)
  classify [--regime NAME]   export-control verdicts per chip and regime for a destination
  schema                     print the JSON Schema of scenario files
  plan SCENARIO              search parallel layouts for each training run, best first
  sweep SCENARIO [-o DIR]    run the scenario's sweep: grid and uncertain: Monte-Carlo samples
  merge STATE... -o DIR      combine sweep shards (sweep --shard I/N) into the single-run result
  size SCENARIO [-o DIR]     goal-seek: the smallest chip count per chip type meeting targets
                             (training days, tokens/day under a TPOT, ...), with cost and power
  mix SCENARIO [-o DIR]      the cheapest mix of chip types for the serving (and training) demand
                             under supply, budget and power caps: a MILP (GLPK)
  compare SCENARIO --regimes A,B   a fleet projection under several export regimes, side by side
  check SCENARIO...          evaluate expect: conditions (exit 1 if any fails; --junit FILE)
  diff A B                   what changed between two runs (results.json or scenarios)
  validate-cases [DIR]       compare the engine with published measurements (tests/validation)
  calibrate [DIR]            refit the model's constants to them and cross-validate (--write to store)

Run 'flopcast COMMAND --help' for a command's options and an example.

Examples:
  flopcast run scenarios/910c-vs-h100.yaml -o out/910c-vs-h100
  flopcast validate scenarios/*.yaml
  flopcast catalog chips --format csv
  flopcast classify --regime oct2023,jan2026-h200 --chips h20,h200

Exit codes:
  0    success
  1    a check failed: an expectation (check), a validation case (validate-cases), a difference (diff),
       a size target infeasible within its supply (size), no mix within the constraints (mix)
  2    bad input: scenario, catalog, option or output directory (nothing is written)
  3    internal error in flopcast (please report it)
  130  interrupted by Ctrl-C (sweep); nothing written

Global options)";

int dispatch(const std::string& command, const Args& rest, const GlobalOptions& g) {
  if (command == "run") return cmd_run(rest, g);
  if (command == "validate") return cmd_validate(rest, g);
  if (command == "catalog") return cmd_catalog(rest, g);
  if (command == "schema") return cmd_schema(rest, g);
  if (command == "validate-cases") return cmd_validate_cases(rest, g);
  if (command == "calibrate") return cmd_calibrate(rest, g);
  if (command == "plan") return cmd_plan(rest, g);
  if (command == "sweep") return cmd_sweep(rest, g);
  if (command == "check") return cmd_check(rest, g);
  if (command == "merge") return cmd_merge(rest, g);
  if (command == "compare") return cmd_compare(rest, g);
  if (command == "diff") return cmd_diff(rest, g);
  if (command == "classify") return cmd_classify(rest, g);
  if (command == "size") return cmd_size(rest, g);
  if (command == "mix") return cmd_mix(rest, g);
  std::cerr << "flopcast: unknown command '" << command << "'\n";
  const auto close = flopcast::core::suggest_closest(command, {"run", "validate", "catalog", "classify", "schema", "validate-cases", "calibrate", "plan", "sweep", "check", "diff", "merge", "compare", "size", "mix"});
  if (!close.empty()) std::cerr << "  hint: did you mean '" << close.front() << "'?\n";
  std::cerr << "  run 'flopcast --help' for the list of commands\n";
  return exit_bad_input;
}

/// A command's exit code, unless what it printed did not reach standard output (a full disk, a
/// closed pipe): then exit 2 with a message, since an exit 0 would claim output that is not there.
int checked_stdout(int code) {
  std::cout.flush();
  if (std::cout.good() && std::fflush(stdout) == 0) return code;
  std::cerr << "flopcast: error[output-not-writable]: cannot write to standard output: " << std::strerror(errno) << "\n";
  return code == exit_ok ? exit_bad_input : code;
}

}  // namespace

int main(int argc, char** argv) {
#ifdef FLOPCAST_WITH_MPI
  mpi_init(&argc, &argv);
  struct Finalize {
    ~Finalize() { mpi_finalize(); }
  } finalize;
#endif
  std::string command;  // for messages about its options
  try {
    GlobalOptions g;
    g.executable = argc > 0 ? argv[0] : "flopcast";
    std::string error_format = "text";
    po::options_description global("");
    global.add_options()
        ("help,h", "show this help")
        ("version", "print the version")
        ("catalog", po::value(&g.catalog_dir)->value_name("DIR"),
         "built-in catalog directory (default: $FLOPCAST_CATALOG, the installed catalog, or the source tree)")
        ("error-format", po::value(&error_format)->value_name("text|json"), "how errors are printed (default text)")
        ("regimes-dir", po::value(&g.regime_dirs)->value_name("DIR"),
         "a directory of your own export-regime files, beside the shipped ones (run, sweep, compare, classify, ...)");
    po::options_description hidden;
    hidden.add_options()("command", po::value<std::string>())("args", po::value<Args>());
    po::options_description all;
    all.add(global).add(hidden);
    po::positional_options_description pos;
    pos.add("command", 1).add("args", -1);
    po::variables_map vm;
    // No guessing from prefixes: a command's own --regime must not be taken for --regimes-dir.
    const int style = po::command_line_style::default_style & ~po::command_line_style::allow_guessing;
    auto parsed = po::command_line_parser(argc, argv).options(all).positional(pos).style(style).allow_unregistered().run();
    po::store(parsed, vm);
    po::notify(vm);
    if (error_format != "text" && error_format != "json") {
      std::cerr << "flopcast: --error-format must be 'text' or 'json', not '" << error_format << "'\n";
      return exit_bad_input;
    }
    g.error_format = error_format == "json" ? ErrorFormat::json : ErrorFormat::text;
    if (vm.count("version")) {
      std::cout << "flopcast " << version() << "\n";
      return exit_ok;
    }
    if (!vm.count("command")) {
      std::cout << kOverview << global << "\n";
      return vm.count("help") ? exit_ok : exit_bad_input;
    }
    // Everything after the command goes to it, including options such as -o and --help.
    Args rest = po::collect_unrecognized(parsed.options, po::include_positional);
    rest.erase(rest.begin());  // the command itself
    if (vm.count("help")) rest.push_back("--help");
    command = vm["command"].as<std::string>();
    const int code = dispatch(command, rest, g);
    return checked_stdout(code);
  } catch (const OptionValueError& e) {
    std::cerr << "flopcast" << (command.empty() ? "" : " " + command) << ": error[out-of-range]: " << e.what() << "\n";
    return exit_bad_input;
  } catch (const po::error& e) {
    std::cerr << "flopcast" << (command.empty() ? "" : " " + command) << ": " << e.what() << "\n  run 'flopcast "
              << (command.empty() ? "" : command + " ") << "--help' for usage\n";
    return exit_bad_input;
  } catch (const flopcast::core::InternalError& e) {
    std::cerr << "flopcast: internal error, please report it: " << e.what() << "\n";
    return exit_internal_error;
  } catch (const std::exception& e) {
    std::cerr << "flopcast: internal error, please report it: " << e.what() << "\n";
    return exit_internal_error;
  }
}
