// Shared CLI plumbing: the version string and loading the built-in catalog.
#include <boost/program_options.hpp>
#include <iostream>

#include "commands.hpp"
#include "flopcast/core/suggest.hpp"
#include "flopcast/scenario/load.hpp"

namespace flopcast::cli {

const char* version() { return FLOPCAST_VERSION; }

std::string builtin_catalog_dir(const GlobalOptions& g) {
  return g.catalog_dir.empty() ? scenario::default_catalog_dir(g.executable) : g.catalog_dir;
}

std::optional<catalog::Catalog> load_builtin_catalog(const GlobalOptions& g) {
  const std::string dir = builtin_catalog_dir(g);
  auto loaded = scenario::load_catalog_dir(dir);
  if (!loaded.diagnostics.empty()) {
    std::cerr << "flopcast: the built-in catalog in " << dir << " has errors:\n";
    print_diagnostics(std::cerr, loaded.diagnostics, g.error_format);
    return std::nullopt;
  }
  return std::move(loaded.catalog);
}

const scenario::RegimeLoad* builtin_regimes(const GlobalOptions& g, const catalog::Catalog& chips) {
  // Loaded once per process: several scenarios in one command share them.
  static std::optional<scenario::RegimeLoad> cache;
  if (!cache) {
    std::vector<std::string> dirs{scenario::default_regimes_dir(builtin_catalog_dir(g))};
    dirs.insert(dirs.end(), g.regime_dirs.begin(), g.regime_dirs.end());
    cache = scenario::load_regimes_dirs(dirs, chips);
    if (!cache->diagnostics.empty()) {
      std::cerr << (g.regime_dirs.empty() ? "flopcast: the built-in export regimes have errors:\n" : "flopcast: the export regimes have errors:\n");
      print_diagnostics(std::cerr, cache->diagnostics, g.error_format);
    }
  }
  return cache->diagnostics.empty() ? &*cache : nullptr;
}

boost::program_options::variables_map parse_command(const Args& args, const boost::program_options::options_description& visible,
                                                    const boost::program_options::options_description& positional_options,
                                                    const std::vector<std::pair<const char*, int>>& positional) {
  namespace po = boost::program_options;
  po::options_description all;
  all.add(visible).add(positional_options);
  po::positional_options_description pos;
  for (const auto& [name, count] : positional) pos.add(name, count);
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(all).positional(pos).run(), vm);
  po::notify(vm);
  return vm;
}

std::optional<scenario::ScenarioLoad> load_or_report(const std::string& path, const GlobalOptions& g) {
  auto builtins = load_builtin_catalog(g);
  if (!builtins) return std::nullopt;
  auto loaded = load_scenario_file(path, g, *builtins);
  if (!loaded.scenario) {
    print_diagnostics(std::cerr, loaded.diagnostics, g.error_format);
    return std::nullopt;
  }
  return loaded;
}

scenario::ScenarioLoad load_scenario_file(const std::string& path, const GlobalOptions& g, const catalog::Catalog& builtins) {
  const auto* regimes = builtin_regimes(g, builtins);
  // Regimes the user asked for (--regimes-dir) that do not load fail every scenario, even one
  // that names no regime: the command line is wrong. Their errors are printed already.
  if (!regimes && !g.regime_dirs.empty()) return {};
  return scenario::load_scenario(path, builtins, regimes);
}

void print_removed(const report::WriteOutcome& written) {
  if (written.removed.empty()) return;
  std::cout << "Removed " << written.removed.size() << " file" << (written.removed.size() == 1 ? "" : "s")
            << " an earlier run wrote there and this run did not:";
  for (std::size_t i = 0; i < written.removed.size() && i < 8; ++i) std::cout << (i ? ", " : " ") << written.removed[i];
  if (written.removed.size() > 8) std::cout << ", ...";
  std::cout << "\n";
}

void report_unknown_name(const std::string& command, const std::string& option, const std::string& what, const std::string& name,
                         const std::vector<std::string>& known) {
  std::cerr << "flopcast " << command << ": error[unknown-reference]: " << option << ": unknown " << what << " '" << name << "'\n";
  const auto close = core::suggest_closest(name, known);
  for (std::size_t i = 0; i < close.size(); ++i) {
    std::cerr << (i == 0 ? "  hint: did you mean '" : i + 1 == close.size() ? "' or '" : "', '") << close[i];
  }
  if (!close.empty()) std::cerr << "'?\n";
  std::string list;
  for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
  std::cerr << "  known " << what << "s: " << list << "\n";
}

}  // namespace flopcast::cli
