// flopcast schema: print the JSON Schema of scenario files (for editors and CI), or the key
// reference page (docs/scenario-keys.md); both generated from the loader's key table.
#include <boost/program_options.hpp>
#include <iostream>

#include "commands.hpp"
#include "exit_codes.hpp"
#include "flopcast/scenario/load.hpp"

namespace po = boost::program_options;

namespace flopcast::cli {

int cmd_schema(const Args& args, const GlobalOptions&) {
  std::string format = "json";
  po::options_description opts("flopcast schema options");
  opts.add_options()("help,h", "show this help")("format,f", po::value(&format)->value_name("json|markdown"),
                                                  "json: the JSON Schema (default); markdown: every key, section by section");
  const auto vm = parse_command(args, opts, po::options_description(), {});
  const bool valid_format = format == "json" || format == "markdown";
  if (!valid_format) std::cerr << "flopcast schema: --format must be json or markdown, not '" << format << "'\n";
  if (vm.count("help") || !valid_format) {
    std::cout << "Usage: flopcast schema [--format json|markdown]\n\n"
                 "Prints the JSON Schema (draft 2020-12) of scenario files, generated from the same key\n"
                 "table the loader checks against. docs/scenario.schema.json is a copy; point your editor's\n"
                 "YAML language server at it, e.g. with a first line:\n"
                 "  # yaml-language-server: $schema=../docs/scenario.schema.json\n"
                 "--format markdown prints the same keys as a reference page, every section with each key's\n"
                 "type, whether it is required and its meaning: docs/scenario-keys.md is a copy.\n\n"
                 "Examples:\n  flopcast schema > docs/scenario.schema.json\n  flopcast schema --format markdown > docs/scenario-keys.md\n\n"
              << opts << "\n";
    return vm.count("help") ? exit_ok : exit_bad_input;
  }
  std::cout << (format == "markdown" ? scenario::scenario_key_reference() : scenario::scenario_json_schema());
  return exit_ok;
}

}  // namespace flopcast::cli
