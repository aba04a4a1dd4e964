// flopcast catalog chips|models|modes|sources: list the built-in catalog (or its bibliography) as a
// table, CSV, JSON or, for sources, the markdown of docs/sources.md.
#include <boost/program_options.hpp>
#include <iostream>

#include "catalog_listing.hpp"
#include "commands.hpp"
#include "diagnostic_printer.hpp"
#include "exit_codes.hpp"
#include "flopcast/report/sources_report.hpp"
#include "flopcast/scenario/load.hpp"

namespace po = boost::program_options;

namespace flopcast::cli {
namespace {

/// `catalog sources`: the bibliography every [KEY] of the catalog, regimes and scenarios cites.
int print_sources(const GlobalOptions& g, const std::string& format) {
  const std::string path = scenario::default_bibliography_path(builtin_catalog_dir(g));
  auto loaded = scenario::load_bibliography(path);
  if (!loaded.diagnostics.empty()) {
    std::cerr << "flopcast: the bibliography " << path << " has errors:\n";
    print_diagnostics(std::cerr, loaded.diagnostics, g.error_format);
    return exit_bad_input;
  }
  std::cout << (format == "markdown" ? report::bibliography_markdown(loaded.bibliography) : list_sources(loaded.bibliography, format));
  return exit_ok;
}

}  // namespace

int cmd_catalog(const Args& args, const GlobalOptions& g) {
  std::string what, format = "table";
  po::options_description opts("flopcast catalog options");
  opts.add_options()("help,h", "show this help")("format,f", po::value(&format)->value_name("table|csv|json|markdown"),
                                                   "output format (default table; markdown: sources only)");
  po::options_description hidden;
  hidden.add_options()("what", po::value(&what));
  const auto vm = parse_command(args, opts, hidden, {{"what", 1}});
  const bool valid_what = what == "chips" || what == "models" || what == "modes" || what == "sources";
  const bool valid_format = format == "table" || format == "csv" || format == "json" || (format == "markdown" && what == "sources");
  if (vm.count("help") || !valid_what || !valid_format) {
    if (!vm.count("help")) {
      if (!valid_what) std::cerr << "flopcast catalog: expected 'chips', 'models', 'modes' or 'sources'" << (what.empty() ? "" : ", not '" + what + "'") << "\n";
      if (!valid_format) std::cerr << "flopcast catalog: --format must be table, csv or json (or markdown for sources), not '" << format << "'\n";
    }
    std::cout << "Usage: flopcast catalog chips|models|modes|sources [--format table|csv|json|markdown]\n\n"
                 "Lists the built-in catalog with each entry's source and confidence grade\n"
                 "(sources: the bibliography the [KEY] citations resolve in; markdown is docs/sources.md)\n"
                 "(A = datasheet or vendor paper, B = consistent secondary sources, C = estimate or rumour).\n"
                 "Numbers are SI in csv/json (FLOP/s, bytes, bytes/s, W, mm2, USD).\n\n"
                 "Examples:\n  flopcast catalog chips\n  flopcast catalog sources --format markdown > docs/sources.md\n  flopcast catalog models --format json > models.json\n\n"
              << opts << "\n";
    return vm.count("help") ? exit_ok : exit_bad_input;
  }
  if (what == "sources") return print_sources(g, format);
  auto builtins = load_builtin_catalog(g);
  if (!builtins) return exit_bad_input;
  std::cout << (what == "chips" ? list_chips(*builtins, format) : what == "models" ? list_models(*builtins, format) : list_modes(*builtins, format));
  return exit_ok;
}

}  // namespace flopcast::cli
