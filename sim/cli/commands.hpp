// The subcommands of the flopcast CLI. Each takes its own arguments and returns an exit code.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "diagnostic_printer.hpp"
#include "flopcast/catalog/catalog.hpp"
#include "flopcast/report/write.hpp"
#include "flopcast/scenario/load.hpp"
#include <boost/program_options/options_description.hpp>
#include <boost/program_options/variables_map.hpp>

namespace flopcast::cli {

struct GlobalOptions {
  std::string executable;   ///< argv[0], to find the installed catalog
  std::string catalog_dir;  ///< --catalog, or empty for the default
  std::vector<std::string> regime_dirs;  ///< --regimes-dir: the user's regime directories, beside the shipped one
  ErrorFormat error_format = ErrorFormat::text;
};

using Args = std::vector<std::string>;

int cmd_run(const Args& args, const GlobalOptions& g);
int cmd_validate(const Args& args, const GlobalOptions& g);
int cmd_catalog(const Args& args, const GlobalOptions& g);
int cmd_schema(const Args& args, const GlobalOptions& g);
int cmd_validate_cases(const Args& args, const GlobalOptions& g);
int cmd_calibrate(const Args& args, const GlobalOptions& g);
int cmd_plan(const Args& args, const GlobalOptions& g);
int cmd_sweep(const Args& args, const GlobalOptions& g);
int cmd_check(const Args& args, const GlobalOptions& g);
int cmd_merge(const Args& args, const GlobalOptions& g);
int cmd_compare(const Args& args, const GlobalOptions& g);
int cmd_diff(const Args& args, const GlobalOptions& g);
int cmd_classify(const Args& args, const GlobalOptions& g);
int cmd_size(const Args& args, const GlobalOptions& g);
int cmd_mix(const Args& args, const GlobalOptions& g);
int cmd_help(const Args& args, const GlobalOptions& g);

/// A command: its name, its usage and one-line summary for the overview, and what runs it.
struct Command {
  const char* name;
  const char* usage;
  const char* summary;
  int (*run)(const Args&, const GlobalOptions&);
};

/// Every command, in the overview's order (main.cpp).
const std::vector<Command>& command_table();
/// What 'flopcast --help' prints: the commands, examples, exit codes and global options.
std::string overview_text();

/// The catalog directory in use: --catalog, else scenario::default_catalog_dir.
std::string builtin_catalog_dir(const GlobalOptions& g);

/// Loads the built-in catalog; prints diagnostics and returns nothing if it is broken.
std::optional<catalog::Catalog> load_builtin_catalog(const GlobalOptions& g);

/// The shipped export regimes (scenarios/regimes) and those of --regimes-dir, loaded once;
/// nothing if any file has errors (printed, located; the caller exits 2).
const scenario::RegimeLoad* builtin_regimes(const GlobalOptions& g, const catalog::Catalog& chips);

/// Parses a subcommand's arguments. `visible` options appear in --help; `positional` holds one
/// hidden option per positional argument group: (name, value, how many; -1 = the rest).
boost::program_options::variables_map parse_command(const Args& args, const boost::program_options::options_description& visible,
                                                    const boost::program_options::options_description& positional_options,
                                                    const std::vector<std::pair<const char*, int>>& positional);

/// Loads a scenario with the built-in catalog and regimes; prints the diagnostics and returns
/// nothing if it cannot (the caller exits 2).
std::optional<scenario::ScenarioLoad> load_or_report(const std::string& path, const GlobalOptions& g);

/// Loads a scenario with the built-in catalog and regimes.
scenario::ScenarioLoad load_scenario_file(const std::string& path, const GlobalOptions& g, const catalog::Catalog& builtins);

/// Says which files of an earlier run a write removed (they are listed in the directory's
/// manifest and this run did not write them again).
void print_removed(const report::WriteOutcome& written);

/// The flopcast version string ("0.1.0").
const char* version();

/// Prints "flopcast COMMAND: error[unknown-reference]: OPTION: unknown WHAT 'NAME'", the closest
/// known names as a hint, and the known names; the caller exits with exit_bad_input.
void report_unknown_name(const std::string& command, const std::string& option, const std::string& what, const std::string& name,
                         const std::vector<std::string>& known);

}  // namespace flopcast::cli
