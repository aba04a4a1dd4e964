// flopcast catalog chips|models: list the built-in catalog as a table, CSV or JSON.
#include <boost/program_options.hpp>
#include <iostream>

#include "catalog_listing.hpp"
#include "commands.hpp"
#include "exit_codes.hpp"

namespace po = boost::program_options;

namespace flopcast::cli {

int cmd_catalog(const Args& args, const GlobalOptions& g) {
  std::string what, format = "table";
  po::options_description opts("flopcast catalog options");
  opts.add_options()("help,h", "show this help")("format,f", po::value(&format)->value_name("table|csv|json"),
                                                   "output format (default table)");
  po::options_description hidden;
  hidden.add_options()("what", po::value(&what));
  const auto vm = parse_command(args, opts, hidden, {{"what", 1}});
  const bool valid_what = what == "chips" || what == "models" || what == "modes";
  const bool valid_format = format == "table" || format == "csv" || format == "json";
  if (vm.count("help") || !valid_what || !valid_format) {
    if (!vm.count("help")) {
      if (!valid_what) std::cerr << "flopcast catalog: expected 'chips', 'models' or 'modes'" << (what.empty() ? "" : ", not '" + what + "'") << "\n";
      if (!valid_format) std::cerr << "flopcast catalog: --format must be table, csv or json, not '" << format << "'\n";
    }
    std::cout << "Usage: flopcast catalog chips|models|modes [--format table|csv|json]\n\n"
                 "Lists the built-in catalog with each entry's source and confidence grade\n"
                 "(A = datasheet or vendor paper, B = consistent secondary sources, C = estimate or rumour).\n"
                 "Numbers are SI in csv/json (FLOP/s, bytes, bytes/s, W, mm2, USD).\n\n"
                 "Examples:\n  flopcast catalog chips\n  flopcast catalog models --format json > models.json\n\n"
              << opts << "\n";
    return vm.count("help") ? exit_ok : exit_bad_input;
  }
  auto builtins = load_builtin_catalog(g);
  if (!builtins) return exit_bad_input;
  std::cout << (what == "chips" ? list_chips(*builtins, format) : what == "models" ? list_models(*builtins, format) : list_modes(*builtins, format));
  return exit_ok;
}

}  // namespace flopcast::cli
