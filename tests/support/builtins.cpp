// Loads scenarios/catalog and scenarios/regimes once; a broken catalog fails every test using it.
#include "support/builtins.hpp"

#include <stdexcept>

#include "support/run_binary.hpp"

namespace flopcast::test {

const catalog::Catalog& builtin_catalog() {
  static const auto loaded = [] {
    auto l = scenario::load_catalog_dir(source_dir() + "/scenarios/catalog");
    if (!l.diagnostics.empty()) throw std::runtime_error("the built-in catalog has errors: " + l.diagnostics.front().message);
    return l;
  }();
  return loaded.catalog;
}

const scenario::RegimeLoad& builtin_regimes() {
  static const auto loaded = [] {
    auto l = scenario::load_regimes_dir(source_dir() + "/scenarios/regimes", builtin_catalog());
    if (!l.diagnostics.empty()) throw std::runtime_error("the built-in regimes have errors: " + l.diagnostics.front().message);
    return l;
  }();
  return loaded;
}

}  // namespace flopcast::test
