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

std::string cn_buyer_projection_yaml(const std::string& name) {
  return "name: " + name + R"(
timeline: {start: 2025-01, end: 2026-12, step: quarter}
regime_timeline:
  - {from: 2023-11, regime: oct2023}
  - {from: 2025-04, regime: apr2025-h20}
actors:
  - name: buyer
    destination: CN
    procurement:
      - {chip: h20, per_year: 400000}
      - {chip: h100, per_year: 100000}
      - {chip: ascend-910c, per_year: 200000}
)";
}

}  // namespace flopcast::test
