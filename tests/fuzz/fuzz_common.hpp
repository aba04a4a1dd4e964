// Shared by the fuzz targets: the built-in catalog, and the checks every input must pass.
#pragma once

#include <string>

#include "flopcast/catalog/catalog.hpp"

namespace flopcast::fuzz {

/// Loads the built-in catalog once ($FLOPCAST_CATALOG or the source tree); exits if it is broken.
const catalog::Catalog& builtins();

/// Prints the finding and aborts, so libFuzzer saves the input.
[[noreturn]] void finding(const std::string& what);

/// Loads `text` as scenario file `name` and checks the contract: a scenario, or located
/// diagnostics that render as text and as one line of JSON each; a scenario evaluates and renders
/// results.json with no exception, no internal error and no non-finite number. Returns whether it
/// loaded.
bool check_scenario_text(const std::string& text, const std::string& name);

}  // namespace flopcast::fuzz
