// flopcast schema: print the JSON Schema of scenario files (for editors and CI).
#include <iostream>

#include "commands.hpp"
#include "exit_codes.hpp"
#include "flopcast/scenario/load.hpp"

namespace flopcast::cli {

int cmd_schema(const Args& args, const GlobalOptions&) {
  if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
    std::cout << "Usage: flopcast schema > scenario.schema.json\n\n"
                 "Prints the JSON Schema (draft 2020-12) of scenario files, generated from the same key\n"
                 "table the loader checks against. docs/scenario.schema.json is a copy; point your editor's\n"
                 "YAML language server at it, e.g. with a first line:\n"
                 "  # yaml-language-server: $schema=../docs/scenario.schema.json\n\n"
                 "Example:\n  flopcast schema > docs/scenario.schema.json\n";
    return exit_ok;
  }
  if (!args.empty()) {
    std::cerr << "flopcast schema: unexpected argument '" << args[0] << "'\n";
    return exit_bad_input;
  }
  std::cout << scenario::scenario_json_schema();
  return exit_ok;
}

}  // namespace flopcast::cli
