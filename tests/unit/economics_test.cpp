// Money and power: each figure follows from its stated basis, unknown figures stay unknown, and
// expect: thresholds take any magnitude a metric can reach.
#include <catch2/catch.hpp>

#include "flopcast/engine/evaluate.hpp"
#include "flopcast/engine/metrics.hpp"
#include "flopcast/scenario/load.hpp"
#include "support/builtins.hpp"

using namespace flopcast;

namespace {
scenario::ScenarioLoad load_text(const std::string& text) { return scenario::load_scenario_text(text, "money.yaml", test::builtin_catalog()); }
constexpr double kYear = 365.25 * 86400;
}  // namespace

TEST_CASE("economics: capex, chip and facility power, yearly cost and a run's cost follow their basis", "[unit][economics]") {
  auto loaded = load_text(R"(
name: money
fleet:
  pools:
    - {name: h, chip: h100, count: 4096}
    - {name: rented, chip: h100, count: 1024, rental_price: "$2.5/h"}
training:
  - {name: t, model: llama-3.1-405b, tokens: "2T tokens", sequence_length: 8192, global_batch: "16777216 tokens", precision: bf16, pools: [h]}
assumptions: {pue: 1.25, electricity_price: "$0.10/kWh", amortisation: "5 years"}
)");
  REQUIRE(loaded.scenario);
  const auto& s = *loaded.scenario;
  const auto r = engine::evaluate(s);
  const auto& chip = s.fleet.pools[0].chip;
  REQUIRE(chip.price_usd);
  REQUIRE(chip.power_w());
  const auto& owned = r.pools[0].economics;
  CHECK(*owned.capex_usd == Approx(4096 * *chip.price_usd));
  CHECK(*owned.chip_power_w == Approx(4096 * *chip.power_w()));
  CHECK(*owned.facility_power_w == Approx(*owned.chip_power_w * 1.25));
  CHECK(*owned.energy_usd_per_year == Approx(*owned.facility_power_w * kYear * 0.10 / 3.6e6));
  CHECK(*owned.amortisation_usd_per_year == Approx(*owned.capex_usd / 5));
  CHECK(*owned.tco_usd_per_year == Approx(*owned.amortisation_usd_per_year + *owned.energy_usd_per_year));
  CHECK(*owned.rental_usd_per_year == 0);
  // A rented pool buys nothing; its yearly cost is the rent (which covers power).
  const auto& rented = r.pools[1].economics;
  CHECK(*rented.capex_usd == 0);
  CHECK(*rented.tco_usd_per_year == Approx(1024 * 2.5 * 8766));
  CHECK(*r.fleet_economics.capex_usd == Approx(*owned.capex_usd));
  CHECK(*r.fleet_economics.tco_usd_per_year == Approx(*owned.tco_usd_per_year + *rented.tco_usd_per_year));
  // The run: its cost is the amortised share plus electricity; capex is the chips it occupies.
  const auto& run = r.training[0];
  REQUIRE(run.cost_usd);
  CHECK(*run.cost_usd == Approx(*run.cost_amortised_usd + *run.cost_electricity_usd));
  CHECK(*run.cost_rental_usd == 0);
  CHECK(*run.cost_amortised_usd == Approx(run.estimate.chip_hours * 3600 * *chip.price_usd / (5 * kYear)));
  CHECK(*run.economics.capex_usd == Approx(run.chips * *chip.price_usd));
  CHECK(engine::metric_value(r, "training.t.capex_usd") == run.economics.capex_usd);
  CHECK(engine::metric_value(r, "fleet.facility_power_w") == r.fleet_economics.facility_power_w);
}

TEST_CASE("economics: a chip without a price or power figure makes its sums unknown, never free", "[unit][economics]") {
  auto loaded = load_text(R"(
name: unpriced
fleet:
  pools:
    - {name: pr, chip: h200, count: 1000}
    - {name: h, chip: h100, count: 1000}
inference:
  - {name: chat, model: deepseek-v3, demand: "100B tokens/day", input_tokens: 2000, output_tokens: 500, precision: fp8, pools: [pr, h]}
)");
  REQUIRE(loaded.scenario);
  auto s = *loaded.scenario;
  auto& bare = s.fleet.pools[0].chip;  // as a chip the catalog has no price or power figure for
  bare.price_usd.reset();
  bare.tdp_w.reset();
  bare.system_power_w.reset();
  const auto r = engine::evaluate(s);
  CHECK_FALSE(r.pools[0].economics.capex_usd);
  CHECK_FALSE(r.pools[0].economics.facility_power_w);
  CHECK(r.pools[1].economics.capex_usd);
  CHECK_FALSE(r.fleet_economics.capex_usd);
  CHECK_FALSE(r.fleet_economics.tco_usd_per_year);
  // Every pool row of a service is a metric of its own in a sweep.
  const auto names = engine::metric_names(r);
  CHECK(std::find(names.begin(), names.end(), "inference.chat@pr.chips_needed") != names.end());
  CHECK(std::find(names.begin(), names.end(), "inference.chat@h.tco_usd_per_year") != names.end());
  CHECK_FALSE(engine::metric_value(r, "inference.chat@pr.capex_usd"));
  CHECK(engine::metric_value(r, "inference.chat@h.capex_usd") == r.inference[1].economics.capex_usd);
}

TEST_CASE("expect: thresholds take any finite magnitude and sign", "[unit][economics]") {
  auto loaded = load_text(R"(
name: thresholds
fleet:
  pools:
    - {name: h, chip: h100, count: 1000}
expect:
  - {metric: fleet.peak_bf16_flop_per_s, at_least: 5e28}
  - {metric: fleet.chips, above: -3}
  - {metric: fleet.chips, below: 1e300}
)");
  INFO((loaded.diagnostics.empty() ? std::string() : loaded.diagnostics.front().message));
  REQUIRE(loaded.scenario);
  REQUIRE(loaded.scenario->expectations.size() == 3);
  CHECK(loaded.scenario->expectations[0].threshold == 5e28);
  CHECK(loaded.scenario->expectations[1].threshold == -3);
  CHECK(loaded.scenario->expectations[2].threshold == 1e300);
}
