// Scenario loading: shipped scenarios bind; overrides apply; bad input yields located diagnostics.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "flopcast/scenario/load.hpp"
#include "support/builtins.hpp"
#include "support/run_binary.hpp"

using namespace flopcast;

namespace {
const catalog::Catalog& builtins() { return test::builtin_catalog(); }
scenario::ScenarioLoad load_text(const std::string& name, const std::string& text) {
  const std::string dir = test::fresh_temp_dir("load");
  const std::string path = dir + "/" + name;
  std::ofstream(path) << text;
  return scenario::load_scenario(path, builtins());
}
}  // namespace

TEST_CASE("scenario: every shipped scenario loads without diagnostics", "[unit][scenario]") {
  const auto regimes = scenario::load_regimes_dir(test::source_dir() + "/scenarios/regimes", builtins());
  REQUIRE(regimes.diagnostics.empty());
  int n = 0;
  for (const auto& e : std::filesystem::directory_iterator(test::source_dir() + "/scenarios")) {
    if (e.path().extension() != ".yaml") continue;
    INFO(e.path());
    const auto r = scenario::load_scenario(e.path().string(), builtins(), &regimes);
    CHECK(r.diagnostics.empty());
    CHECK(r.scenario);
    ++n;
  }
  CHECK(n >= 2);
}

TEST_CASE("scenario: a chip with base: overrides only the fields it names", "[unit][scenario]") {
  const auto r = load_text("override.yaml", R"(name: override
chips:
  h100-96:
    base: h100
    hbm_capacity: "96 GB"
fleet:
  pools:
    - {name: p, chip: h100-96, count: 8}
)");
  REQUIRE(r.scenario);
  const auto& chip = r.scenario->fleet.pools.at(0).chip;
  CHECK(chip.id == "h100-96");
  CHECK(chip.hbm_bytes == Approx(96e9));                                     // overridden
  CHECK(chip.hbm_bytes_per_s == Approx(3.35e12));                            // inherited
  CHECK(chip.peak(catalog::Precision::bf16) == Approx(989e12));              // inherited
}

TEST_CASE("scenario: a duplicate key is an error pointing at both occurrences", "[unit][scenario]") {
  const auto r = load_text("dup.yaml", "name: a\nname: b\nfleet:\n  pools:\n    - {name: p, chip: h100, count: 1}\n");
  REQUIRE_FALSE(r.scenario);
  REQUIRE(r.diagnostics.size() == 1);
  const auto& d = r.diagnostics[0];
  CHECK(d.code == core::ErrorCode::duplicate_key);
  CHECK(d.location.line == 2);
  CHECK(d.location.column == 1);
  REQUIRE(d.notes.size() == 1);
  CHECK(d.notes[0].location.line == 1);
}

TEST_CASE("scenario: problems are all reported, sorted by position", "[unit][scenario]") {
  const auto r = load_text("many.yaml", R"(name: many
fleet:
  pools:
    - name: p
      chip: h1000
      count: -3
training:
  - name: t
    model: deepseek-v3
    tokens: "1T tokens"
    sequence_length: 4096
    precision: bf17
    pools: [q]
)");
  REQUIRE_FALSE(r.scenario);
  std::vector<core::ErrorCode> codes;
  for (const auto& d : r.diagnostics) codes.push_back(d.code);
  CHECK(codes == std::vector<core::ErrorCode>{core::ErrorCode::unknown_reference, core::ErrorCode::out_of_range,
                                              core::ErrorCode::invalid_value, core::ErrorCode::unknown_reference});
  for (std::size_t i = 1; i < r.diagnostics.size(); ++i) CHECK(r.diagnostics[i - 1].location.line <= r.diagnostics[i].location.line);
}

TEST_CASE("scenario: the JSON Schema in docs/ is the one the loader generates", "[unit][scenario]") {
  // docs/scenario.schema.json is regenerated with: flopcast schema > docs/scenario.schema.json
  CHECK(test::read_file(test::source_dir() + "/docs/scenario.schema.json") == scenario::scenario_json_schema());
}
