// Fleets over time: regimes switching mid-horizon, supply, budget and power caps, retirement,
// leakage and conservation of chips.
#include <catch2/catch.hpp>

#include "flopcast/fleet/projection.hpp"
#include "flopcast/scenario/load.hpp"
#include "support/builtins.hpp"
#include "support/run_binary.hpp"

using namespace flopcast;

namespace {
const catalog::Catalog& builtins() { return test::builtin_catalog(); }
const scenario::RegimeLoad& regimes() {
  static const auto loaded = scenario::load_regimes_dir(test::source_dir() + "/scenarios/regimes", builtins());
  REQUIRE(loaded.diagnostics.empty());
  return loaded;
}
const rules::ExportRegime& regime(const char* id) {
  for (const auto& r : regimes().regimes) if (r.id == id) return r;
  FAIL("no regime " << id);
  throw;
}
fleet::ProjectionInputs base() {
  fleet::ProjectionInputs in;
  in.timeline = {{2025, 1}, {2026, 12}, 3};  // 8 quarters
  in.destinations = regimes().destinations;
  in.reference_flop_per_s = {{"h100", 400e12}, {"h20", 60e12}, {"ascend-910c", 250e12}};
  in.h100_reference_flop_per_s = 400e12;
  return in;
}
fleet::ProcurementLine line(const char* chip, double per_year) {
  fleet::ProcurementLine l;
  l.chip = *builtins().find_chip(chip);
  l.per_year = per_year;
  return l;
}
const fleet::ChipPeriod& chip(const fleet::ActorPeriod& p, const char* id) {
  for (const auto& c : p.chips) if (c.chip_id == id) return c;
  FAIL("no chip " << id);
  throw;
}
}  // namespace

TEST_CASE("fleet: a regime switching mid-horizon changes what arrives", "[unit][fleet]") {
  // H20 to CN: allowed under oct2023; a licence (R5) from 2025-04 at the 50 % expected approval.
  auto in = base();
  in.regimes = {{{2023, 11}, regime("oct2023")}, {{2025, 4}, regime("apr2025-h20")}};
  in.actors = {{"buyer", "CN", std::nullopt, std::nullopt, {line("h20", 400000)}}};
  const auto out = fleet::project_fleet(in);
  REQUIRE(out.size() == 8);
  CHECK(chip(out[0], "h20").delivered == Approx(100000));  // 400k / 4 quarters, allowed
  CHECK(chip(out[1], "h20").outcome == "licence");
  CHECK(chip(out[1], "h20").delivered == Approx(50000));  // x 0.5 expected approval
  CHECK(out[1].regime == "apr2025-h20");
}

TEST_CASE("fleet: a supply cap is shared pro rata and never exceeded", "[unit][fleet]") {
  // Two buyers want 400k and 200k 910C a year; 300k are made: each gets half of what it wants.
  auto in = base();
  in.actors = {{"a", "CN", std::nullopt, std::nullopt, {line("ascend-910c", 400000)}},
               {"b", "CN", std::nullopt, std::nullopt, {line("ascend-910c", 200000)}}};
  in.supply = {{"ascend-910c", 300000, std::nullopt, std::nullopt}};
  const auto out = fleet::project_fleet(in);
  CHECK(chip(out[0], "ascend-910c").delivered == Approx(50000));
  CHECK(chip(out[1], "ascend-910c").delivered == Approx(25000));
  CHECK(out[0].supply_limited);
  // Conservation: delivered over the horizon never exceeds production.
  double delivered = 0;
  for (const auto& p : out) delivered += chip(p, "ascend-910c").delivered;
  CHECK(delivered == Approx(300000.0 * 2));
}

TEST_CASE("fleet: Huawei chips are not US exports for a Chinese buyer", "[unit][fleet]") {
  auto in = base();
  in.regimes = {{{2023, 11}, regime("oct2023")}};
  in.actors = {{"buyer", "CN", std::nullopt, std::nullopt, {line("ascend-910c", 400000), line("h100", 400000)}}};
  const auto out = fleet::project_fleet(in);
  CHECK(chip(out[0], "ascend-910c").outcome == "not-controlled-origin");
  CHECK(chip(out[0], "ascend-910c").delivered == Approx(100000));
  CHECK(chip(out[0], "h100").outcome == "denied");
  CHECK(chip(out[0], "h100").delivered == 0);
}

TEST_CASE("fleet: leakage bypasses the rules and the supply cap", "[unit][fleet]") {
  auto in = base();
  in.regimes = {{{2023, 11}, regime("oct2023")}};
  auto smuggled = line("h100", 140000);
  smuggled.leakage = true;
  in.actors = {{"buyer", "CN", std::nullopt, std::nullopt, {smuggled}}};
  in.supply = {{"h100", 0, std::nullopt, std::nullopt}};
  const auto out = fleet::project_fleet(in);
  CHECK(chip(out[0], "h100").delivered == Approx(35000));
}

TEST_CASE("fleet: a budget scales purchases down, fees included", "[unit][fleet]") {
  // 400k H20 a year at $12,000 = $4.8B a year; a $2.4B budget buys half.
  auto in = base();
  in.actors = {{"buyer", "CN", 2.4e9, std::nullopt, {line("h20", 400000)}}};
  const auto out = fleet::project_fleet(in);
  CHECK(out[0].budget_limited);
  CHECK(chip(out[0], "h20").delivered == Approx(50000));
  CHECK(out[0].spend_usd == Approx(0.6e9));
}

TEST_CASE("fleet: chips retire after their service life", "[unit][fleet]") {
  // 1-year service life = 4 quarters: installed plateaus at 4 quarters of deliveries.
  auto in = base();
  in.service_life_s = 365.25 * 86400;
  in.actors = {{"buyer", "US", std::nullopt, std::nullopt, {line("h100", 400000)}}};
  const auto out = fleet::project_fleet(in);
  CHECK(out[2].installed_chips == Approx(300000));
  CHECK(out[3].installed_chips == Approx(400000));
  CHECK(out[7].installed_chips == Approx(400000));
}

TEST_CASE("fleet: a power cap switches chips off, and more chips never lower capacity", "[unit][fleet][property]") {
  // H100 at 1,275 W system power x PUE 1.3 = 1,657.5 W: a 100 MW cap powers 60,332 chips.
  auto in = base();
  in.actors = {{"buyer", "US", std::nullopt, 100e6, {line("h100", 400000)}}};
  const auto out = fleet::project_fleet(in);
  CHECK(out[0].installed_chips == Approx(100000));
  CHECK(out[0].power_limited);
  CHECK(out[0].active_chips == Approx(100e6 / (1275 * 1.3)));
  CHECK(out[0].power_w == Approx(100e6));
  double previous = 0;
  for (double per_year : {100000.0, 200000.0, 400000.0}) {
    in.actors[0].power_cap_w.reset();
    in.actors[0].lines[0].per_year = per_year;
    const auto o = fleet::project_fleet(in);
    CHECK(o.back().effective_flop_per_s >= previous);
    previous = o.back().effective_flop_per_s;
  }
}

TEST_CASE("fleet: a stricter regime never adds capacity for a controlled destination", "[unit][fleet][property]") {
  auto in = base();
  in.actors = {{"buyer", "CN", std::nullopt, std::nullopt, {line("h100", 100000), line("h20", 100000), line("ascend-910c", 100000)}}};
  double none = 0, strict = 0;
  for (const char* id : {"none", "oct2023"}) {
    in.regimes = {{{2020, 1}, regime(id)}};
    const auto out = fleet::project_fleet(in);
    (std::string(id) == "none" ? none : strict) = out.back().effective_flop_per_s;
  }
  CHECK(strict <= none);
  CHECK(strict < none);  // the H100s are denied
}
