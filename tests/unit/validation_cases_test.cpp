// The validation cases: every published measurement in tests/validation/ is reproduced within
// its tolerance, and docs/validation.md is exactly what the code generates.
#include <catch2/catch.hpp>
#include <algorithm>
#include <filesystem>

#include "flopcast/engine/evaluate.hpp"
#include "flopcast/report/validation_report.hpp"
#include "flopcast/scenario/load.hpp"
#include "support/run_binary.hpp"

using namespace flopcast;

namespace {
std::vector<report::ValidationRow> all_rows() {
  const auto cat = scenario::load_catalog_dir(test::source_dir() + "/scenarios/catalog");
  REQUIRE(cat.diagnostics.empty());
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(test::source_dir() + "/tests/validation")) {
    if (e.path().extension() == ".yaml") files.push_back(e.path().filename().string());
  }
  std::sort(files.begin(), files.end());
  std::vector<report::ValidationRow> rows;
  for (const auto& f : files) {
    // Relative paths, as the CLI sees them from the source directory, keep the report stable.
    const std::string rel = "tests/validation/" + f;
    auto loaded = scenario::load_scenario(test::source_dir() + "/" + rel, cat.catalog);
    REQUIRE(loaded.scenario);
    loaded.scenario->source_file = rel;
    for (auto& r : report::validation_rows(*loaded.scenario, engine::evaluate(*loaded.scenario))) rows.push_back(std::move(r));
  }
  return rows;
}
}  // namespace

TEST_CASE("validation: every published case is reproduced within its tolerance", "[validation][perf]") {
  const auto rows = all_rows();
  CHECK(rows.size() >= 16);
  for (const auto& r : rows) {
    INFO(r.case_id << " " << r.metric << ": published " << r.published << ", simulated " << r.simulated.value_or(-1));
    REQUIRE(r.simulated);
    CHECK(r.pass);
  }
}

TEST_CASE("validation: docs/validation.md is the generated report", "[validation][perf]") {
  // Regenerate with: ./build/bin/flopcast validate-cases --format markdown > docs/validation.md
  CHECK(test::read_file(test::source_dir() + "/docs/validation.md") == report::validation_markdown(all_rows()));
}
