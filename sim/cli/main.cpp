// flopcast: the command-line front end. Parses global options, dispatches to a subcommand, and
// maps failures to exit codes: 2 for bad input, 3 for internal errors.
#include <boost/program_options.hpp>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <iostream>
#include <sstream>

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

constexpr const char* kHead = R"(flopcast - compute-capacity what-if simulator for AI accelerator fleets

Usage: flopcast [global options] COMMAND [command options]

Commands:
)";

constexpr const char* kTail = R"(
Run 'flopcast COMMAND --help' (or 'flopcast help COMMAND') for a command's options and an example.

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

)";

po::options_description global_options(GlobalOptions& g, std::string& error_format) {
  po::options_description global("Global options");
  global.add_options()
      ("help,h", "show this help")
      ("version", "print the version")
      ("catalog", po::value(&g.catalog_dir)->value_name("DIR"),
       "built-in catalog directory (default: $FLOPCAST_CATALOG, the installed catalog, or the source tree)")
      ("error-format", po::value(&error_format)->value_name("text|json"), "how errors are printed (default text)")
      ("regimes-dir", po::value(&g.regime_dirs)->value_name("DIR"),
       "a directory of your own export-regime files, beside the shipped ones (run, sweep, compare, classify, ...)");
  return global;
}

/// "  run SCENARIO [-o DIR]      evaluate ...", the summary wrapped at 100 columns.
std::string command_lines(const Command& c) {
  constexpr std::size_t kIndent = 29, kWidth = 100;
  std::string line = "  " + std::string(c.usage);
  std::string out;
  if (line.size() + 1 >= kIndent) {  // no room for the one space before the summary
    out += line + "\n";
    line.clear();
  }
  line.resize(kIndent, ' ');
  std::string word;
  std::istringstream words(c.summary);
  bool first = true;
  while (words >> word) {
    if (!first && line.size() + 1 + word.size() > kWidth) {
      out += line + "\n";
      line = std::string(kIndent, ' ');
      first = true;
    }
    line += (first ? "" : " ") + word;
    first = false;
  }
  return out + line + "\n";
}

int dispatch(const std::string& command, const Args& rest, const GlobalOptions& g) {
  std::vector<std::string> names;
  for (const auto& c : command_table()) {
    if (command == c.name) return c.run(rest, g);
    names.emplace_back(c.name);
  }
  std::cerr << "flopcast: unknown command '" << command << "'\n";
  const auto close = flopcast::core::suggest_closest(command, names);
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

namespace flopcast::cli {

const std::vector<Command>& command_table() {
  static const std::vector<Command> table{
      {"run", "run SCENARIO [-o DIR]", "evaluate a scenario; print its answer and a summary, write results.json, CSV tables and charts into DIR", cmd_run},
      {"validate", "validate SCENARIO...", "check scenario files (keys, units, references, the metrics expect: and answer: name)", cmd_validate},
      {"catalog", "catalog chips|models|modes", "list the built-in catalog (--format table|csv|json)", cmd_catalog},
      {"classify", "classify [--regime NAME]", "export-control verdicts per chip and regime for a destination", cmd_classify},
      {"schema", "schema", "print the JSON Schema of scenario files", cmd_schema},
      {"plan", "plan SCENARIO", "search parallel layouts for each training run, best first", cmd_plan},
      {"sweep", "sweep SCENARIO [-o DIR]", "run the scenario's sweep: grid and uncertain: Monte-Carlo samples", cmd_sweep},
      {"merge", "merge STATE... -o DIR", "combine sweep shards (sweep --shard I/N) into the single-run result", cmd_merge},
      {"size", "size SCENARIO [-o DIR]",
       "goal-seek: the smallest chip count per chip type meeting targets (training days, tokens/day under a TPOT, ...), with cost and power",
       cmd_size},
      {"mix", "mix SCENARIO [-o DIR]",
       "the cheapest mix of chip types for the serving (and training) demand under supply, budget and power caps: a MILP (GLPK)", cmd_mix},
      {"compare", "compare SCENARIO --regimes A,B", "a fleet projection under several export regimes, side by side", cmd_compare},
      {"check", "check SCENARIO...", "evaluate expect: conditions (exit 1 if any fails; --junit FILE)", cmd_check},
      {"diff", "diff A B", "what changed between two runs (results.json or scenarios)", cmd_diff},
      {"validate-cases", "validate-cases [DIR]", "compare the engine with published measurements (tests/validation)", cmd_validate_cases},
      {"calibrate", "calibrate [DIR]", "refit the model's constants to them and cross-validate (--write to store)", cmd_calibrate},
      {"help", "help [COMMAND]", "a command's help; --format markdown: every command's help as one page (docs/cli.md)", cmd_help},
  };
  return table;
}

std::string overview_text() {
  GlobalOptions g;
  std::string error_format;
  std::ostringstream out;
  out << kHead;
  for (const auto& c : command_table()) out << command_lines(c);
  out << kTail << global_options(g, error_format) << "\n";
  return out.str();
}

}  // namespace flopcast::cli

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
    const auto global = global_options(g, error_format);
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
      std::cout << overview_text();
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
    if (!e.hint.empty()) std::cerr << "  hint: " << e.hint << "\n";
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
