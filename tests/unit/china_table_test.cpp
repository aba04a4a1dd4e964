// docs/fleet-over-time.md sets the China regimes scenario's figures beside independent estimates.
// The flopcast column is checked here against the engine, to the precision the table prints, so a
// change to the scenario or the model that moves a figure fails until the table is updated.
#include <catch2/catch.hpp>
#include <cmath>
#include <regex>
#include <string>

#include "flopcast/engine/evaluate.hpp"
#include "flopcast/engine/metrics.hpp"
#include "flopcast/scenario/load.hpp"
#include "support/builtins.hpp"
#include "support/run_binary.hpp"

using namespace flopcast;

namespace {

/// The first number of the flopcast cell of the row whose first cell is `figure`, and the half
/// unit of its last printed digit: "225k (packaging binds)" -> {225e3, 0.5e3}.
std::pair<double, double> table_figure(const std::string& page, const std::string& figure) {
  const auto row = page.find("\n| " + figure + " | ");
  REQUIRE(row != std::string::npos);
  const auto cell = row + figure.size() + 5;
  const std::string text = page.substr(cell, page.find(" | ", cell) - cell);
  std::smatch m;
  REQUIRE(std::regex_search(text, m, std::regex(R"(([0-9]+(?:\.([0-9]+))?)(k|M)?)")));
  const double scale = m[3] == "k" ? 1e3 : m[3] == "M" ? 1e6 : 1;
  const double half_unit = 0.5 * std::pow(10.0, -static_cast<double>(m[2].length())) * scale;
  return {std::stod(m[1]) * scale, half_unit};
}

double metric(const engine::Results& r, const std::string& name) {
  const auto v = engine::metric_value(r, name);
  INFO(name);
  REQUIRE(v.has_value());
  return *v;
}

}  // namespace

TEST_CASE("docs: the China table in fleet-over-time.md is what the regimes scenario computes", "[unit][docs][fleet]") {
  static const auto regimes = scenario::load_regimes_dir(test::source_dir() + "/scenarios/regimes", test::builtin_catalog());
  const auto loaded = scenario::load_scenario(test::source_dir() + "/scenarios/china-2025-2027-regimes.yaml", test::builtin_catalog(), &regimes);
  REQUIRE(loaded.scenario);
  const auto r = engine::evaluate(*loaded.scenario);
  const auto page = test::read_file(test::source_dir() + "/docs/fleet-over-time.md");
  const std::string actor = "projection.china-aggregate";
  const std::vector<std::pair<std::string, double>> rows{
      {"Ascend 910C made, 2025", metric(r, "production.ascend-910c.made@2025")},
      {"Ascend 910C made, 2026", metric(r, "production.ascend-910c.made@2026")},
      {"H20 imported, 2025", metric(r, actor + "@h20.delivered@2025")},
      {"H200 imported, 2026", metric(r, actor + "@h200.delivered@2026")},
      {"H100e bought in 2026 (by TPP)", metric(r, actor + ".h100e_by_tpp@2026-10") - metric(r, actor + ".h100e_by_tpp@2025-10")},
      {"Installed H100e (by TPP), Q2 2026", metric(r, actor + ".h100e_by_tpp@2026-04")},
  };
  for (const auto& [figure, computed] : rows) {
    const auto [printed, half_unit] = table_figure(page, figure);
    INFO(figure << ": the table says " << printed << ", the engine " << computed);
    CHECK(std::fabs(computed - printed) <= half_unit * (1 + 1e-9));
  }
}
