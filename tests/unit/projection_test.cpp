// Fleets over time: regimes switching mid-horizon, supply, budget and power caps, retirement,
// leakage and conservation of chips.
#include <catch2/catch.hpp>
#include <fstream>
#include <limits>
#include <map>

#include "flopcast/engine/metrics.hpp"
#include "flopcast/engine/results.hpp"
#include "flopcast/fleet/projection.hpp"
#include "flopcast/scenario/load.hpp"
#include "support/alloc_counter.hpp"
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
fleet::Actor actor(const char* name, const char* destination, std::vector<fleet::ProcurementLine> lines,
                   std::optional<double> budget = std::nullopt, std::optional<double> power_cap = std::nullopt) {
  fleet::Actor a;
  a.name = name;
  a.destination = destination;
  a.lines = std::move(lines);
  a.budget_usd_per_year = budget;
  a.power_cap_w = power_cap;
  return a;
}
fleet::SupplyLine supply(const char* chip, double per_year) {
  fleet::SupplyLine s;
  s.chip_id = chip;
  s.per_year = per_year;
  return s;
}
const fleet::ChipPeriod& chip(const fleet::ActorPeriod& p, const char* id) {
  for (const auto& c : p.chips) if (c.chip_id == id) return c;
  FAIL("no chip " << id);
  throw;
}
}  // namespace

TEST_CASE("fleet: a regime switching mid-horizon changes what arrives", "[unit][fleet]") {
  // H20 to CN: allowed under oct2023; a licence (R5) from 2025-04.
  auto in = base();
  in.regimes = {{{2023, 11}, regime("oct2023")}, {{2025, 4}, regime("apr2025-h20")}};
  in.actors = {actor("buyer", "CN", {line("h20", 400000)})};
  const auto out = fleet::project_fleet(in);
  REQUIRE(out.size() == 8);
  CHECK(chip(out[0], "h20").delivered == Approx(100000));  // 400k / 4 quarters, allowed
  CHECK(chip(out[1], "h20").outcome == "licence");
  CHECK(chip(out[1], "h20").delivered == 0);  // R5's own approval probability: none issued until Aug 2025
  CHECK(out[1].regime == "apr2025-h20");
  // Without the rule's own probability the scenario's expected approval (0.5) applies.
  auto r5 = regime("apr2025-h20");
  for (auto& r : r5.rules) r.approval_probability.reset();
  in.regimes[1].regime = r5;
  CHECK(chip(fleet::project_fleet(in)[1], "h20").delivered == Approx(50000));
}

TEST_CASE("fleet: a supply cap is shared pro rata and never exceeded", "[unit][fleet]") {
  // Two buyers want 400k and 200k 910C a year; 300k are made: each gets half of what it wants.
  auto in = base();
  in.actors = {actor("a", "CN", {line("ascend-910c", 400000)}),
               actor("b", "CN", {line("ascend-910c", 200000)})};
  in.supply = {supply("ascend-910c", 300000)};
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
  in.actors = {actor("buyer", "CN", {line("ascend-910c", 400000), line("h100", 400000)})};
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
  smuggled.kind = fleet::ProcurementLine::Kind::leakage;
  in.actors = {actor("buyer", "CN", {smuggled})};
  in.supply = {supply("h100", 0)};
  const auto out = fleet::project_fleet(in);
  CHECK(chip(out[0], "h100").delivered == Approx(35000));
}

TEST_CASE("fleet: a budget scales purchases down, fees included", "[unit][fleet]") {
  // 400k H20 a year at $12,000 = $4.8B a year; a $2.4B budget buys half.
  auto in = base();
  in.actors = {actor("buyer", "CN", {line("h20", 400000)}, 2.4e9)};
  const auto out = fleet::project_fleet(in);
  CHECK(out[0].budget_limited);
  CHECK(chip(out[0], "h20").delivered == Approx(50000));
  CHECK(out[0].spend_usd == Approx(0.6e9));
}

TEST_CASE("fleet: chips retire after their service life", "[unit][fleet]") {
  // 1-year service life = 4 quarters: installed plateaus at 4 quarters of deliveries.
  auto in = base();
  in.service_life_s = 365.25 * 86400;
  in.actors = {actor("buyer", "US", {line("h100", 400000)})};
  const auto out = fleet::project_fleet(in);
  CHECK(out[2].installed_chips == Approx(300000));
  CHECK(out[3].installed_chips == Approx(400000));
  CHECK(out[7].installed_chips == Approx(400000));
}

TEST_CASE("fleet: a power cap switches chips off, and more chips never lower capacity", "[unit][fleet][property]") {
  // H100 at 1,275 W system power x PUE 1.3 = 1,657.5 W: a 100 MW cap powers 60,332 chips.
  auto in = base();
  in.actors = {actor("buyer", "US", {line("h100", 400000)}, std::nullopt, 100e6)};
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
  in.actors = {actor("buyer", "CN", {line("h100", 100000), line("h20", 100000), line("ascend-910c", 100000)})};
  double none = 0, strict = 0;
  for (const char* id : {"none", "oct2023"}) {
    in.regimes = {{{2020, 1}, regime(id)}};
    const auto out = fleet::project_fleet(in);
    (std::string(id) == "none" ? none : strict) = out.back().effective_flop_per_s;
  }
  CHECK(strict <= none);
  CHECK(strict < none);  // the H100s are denied
}

TEST_CASE("fleet: a priority buyer is served first from a capped supply", "[unit][fleet]") {
  // 300k a year made; "first" (priority 1) wants 200k and gets it all; "a" and "b" (priority 2)
  // share the 100k left pro rata to their 200k and 100k.
  auto in = base();
  in.actors = {actor("a", "CN", {line("ascend-910c", 200000)}), actor("first", "CN", {line("ascend-910c", 200000)}),
               actor("b", "CN", {line("ascend-910c", 100000)})};
  in.actors[0].priority = in.actors[2].priority = 2;
  in.actors[1].priority = 1;
  in.supply = {supply("ascend-910c", 300000)};
  const auto out = fleet::project_fleet(in);
  CHECK(chip(out[1], "ascend-910c").delivered == Approx(50000));            // 200k / 4 quarters, whole
  CHECK_FALSE(out[1].supply_limited);
  CHECK(chip(out[0], "ascend-910c").delivered == Approx(25000 * 2.0 / 3));  // 100k/4 x 2/3
  CHECK(chip(out[2], "ascend-910c").delivered == Approx(25000 * 1.0 / 3));
  CHECK(out[0].supply_limited);
}

TEST_CASE("fleet: supply from wafers, yield and HBM stacks; the tighter one binds", "[unit][fleet]") {
  fleet::SupplyLine s;
  s.wafers_per_year = 10000;
  s.dies_per_wafer = 60;
  s.die_yield = 0.5;
  s.dies_per_chip = 2;  // 910C: two dies per package
  CHECK(s.chips_per_year() == Approx(150000));
  s.hbm_stacks_per_year = 800000;
  s.hbm_stacks_per_chip = 8;  // 100k chips' worth of HBM: HBM binds
  CHECK(s.chips_per_year() == Approx(100000));
  s.hbm_stacks_per_year = 8e6;
  CHECK(s.chips_per_year() == Approx(150000));
}

TEST_CASE("fleet: a stockpile is drawn after the flow and never exceeded", "[unit][fleet]") {
  // 100k a year of flow (25k a quarter) plus a 60k stock; the buyer wants 400k a year (100k a
  // quarter): quarter 1 gets 25k + 60k, then only the flow.
  auto in = base();
  in.actors = {actor("buyer", "CN", {line("ascend-910c", 400000)})};
  auto s = supply("ascend-910c", 100000);
  s.stock = 60000;
  in.supply = {s};
  const auto out = fleet::project_fleet(in);
  CHECK(chip(out[0], "ascend-910c").delivered == Approx(85000));
  CHECK(chip(out[1], "ascend-910c").delivered == Approx(25000));
  double delivered = 0;
  for (const auto& p : out) delivered += chip(p, "ascend-910c").delivered;
  CHECK(delivered == Approx(100000.0 * 2 + 60000));  // conservation: flow over 2 years + the stock
}

TEST_CASE("fleet: allocation splits chips between training and serving", "[unit][fleet]") {
  auto in = base();
  in.reference_tokens_per_s = {{"h100", 1000}};
  in.actors = {actor("buyer", "US", {line("h100", 400000)})};
  SECTION("shares: a fixed share trains, the rest serves") {
    in.actors[0].allocation.training_share = 0.75;
    in.actors[0].allocation.demand = {{{2025, 1}, 1e12}};  // more than the fleet serves
    const auto out = fleet::project_fleet(in);
    CHECK(out[0].training_chips == Approx(75000));
    CHECK(out[0].serving_chips == Approx(25000));
    CHECK(out[0].serving_capacity_tokens_per_s == Approx(25000 * 1000.0));
    CHECK(out[0].served_tokens_per_s == Approx(25000 * 1000.0));
    CHECK(out[0].training_flops == Approx(75000 * 400e12 * 0.25 * 365.25 * 86400));
  }
  SECTION("serving first: demand is met, the rest trains; demand grows") {
    auto& a = in.actors[0].allocation;
    a.policy = fleet::Allocation::Policy::serving_first;
    a.demand = {{{2025, 1}, 20e6}};  // 20,000 chips' worth
    a.demand_growth_per_year = 2;
    const auto out = fleet::project_fleet(in);
    CHECK(out[0].serving_chips == Approx(20000));
    CHECK(out[0].training_chips == Approx(80000));
    CHECK(out[0].served_tokens_per_s == Approx(20e6));
    CHECK(out[4].demand_tokens_per_s == Approx(40e6));  // one year later
    CHECK(out[4].serving_chips == Approx(40000));
    // Conservation: every active chip trains or serves.
    for (const auto& p : out) CHECK(p.training_chips + p.serving_chips == Approx(p.active_chips));
  }
  SECTION("serving first with more demand than chips: everything serves, nothing trains") {
    in.actors[0].allocation.policy = fleet::Allocation::Policy::serving_first;
    in.actors[0].allocation.demand = {{{2025, 1}, 1e12}};
    const auto out = fleet::project_fleet(in);
    CHECK(out[0].training_chips == Approx(0));
    CHECK(out[0].training_flops == 0);
    CHECK(out[0].served_tokens_per_s == Approx(out[0].serving_capacity_tokens_per_s));
    CHECK(out[0].served_tokens_per_s < out[0].demand_tokens_per_s);
  }
}

TEST_CASE("fleet: serving-first serves on the chips that give up the least training", "[unit][fleet]") {
  // h20: 60 TFLOP/s of training, 800 tokens/s; h100: 400 TFLOP/s, 1,000 tokens/s. Per unit of
  // training given up the H20 serves 13.3 tokens per TFLOP, the H100 2.5: the H20s serve first.
  auto in = base();
  in.reference_tokens_per_s = {{"h100", 1000}, {"h20", 800}};
  in.actors = {actor("buyer", "US", {line("h100", 40000), line("h20", 40000)})};  // 10,000 of each in the first quarter
  auto& a = in.actors[0].allocation;
  a.policy = fleet::Allocation::Policy::serving_first;
  const double quarter_s = 365.25 * 86400 / 4;
  SECTION("a demand the H20s can carry takes only H20s") {
    a.demand = {{{2025, 1}, 4e6}};  // 5,000 H20s' worth
    const auto out = fleet::project_fleet(in);
    CHECK(chip(out[0], "h20").serving == Approx(5000));
    CHECK(chip(out[0], "h100").serving == 0);
    CHECK(out[0].served_tokens_per_s == Approx(4e6));
    CHECK(out[0].training_flops == Approx((10000 * 400e12 + 5000 * 60e12) * quarter_s));
  }
  SECTION("beyond the H20s, H100s serve the rest") {
    a.demand = {{{2025, 1}, 10e6}};  // 8M from all 10,000 H20s, 2M from 2,000 H100s
    const auto out = fleet::project_fleet(in);
    CHECK(chip(out[0], "h20").serving == Approx(10000));
    CHECK(chip(out[0], "h100").serving == Approx(2000));
    CHECK(out[0].serving_capacity_tokens_per_s == Approx(10e6));
    CHECK(out[0].training_flops == Approx(8000 * 400e12 * quarter_s));
  }
  SECTION("it leaves more training than the same share of every type") {
    a.demand = {{{2025, 1}, 4e6}};
    const double best = fleet::project_fleet(in)[0].training_flops;
    a.serve_on = fleet::Allocation::ServeOn::every_type;
    const auto every = fleet::project_fleet(in);
    CHECK(chip(every[0], "h20").serving == Approx(chip(every[0], "h100").serving));
    CHECK(every[0].served_tokens_per_s == Approx(4e6));
    CHECK(best > every[0].training_flops);
  }
}

TEST_CASE("fleet: serving more never trains more, and best-suited never trains less than every-type", "[unit][fleet][property]") {
  auto in = base();
  in.actors = {actor("buyer", "US", {line("h100", 40000), line("h20", 40000), line("ascend-910c", 40000)})};
  auto& a = in.actors[0].allocation;
  a.policy = fleet::Allocation::Policy::serving_first;
  // Rates in a few orders: which chip is best suited changes between the cases.
  for (const auto& rates : {std::map<std::string, double>{{"h100", 1000}, {"h20", 800}, {"ascend-910c", 900}},
                            std::map<std::string, double>{{"h100", 3000}, {"h20", 100}, {"ascend-910c", 500}},
                            std::map<std::string, double>{{"h100", 0}, {"h20", 700}, {"ascend-910c", 2000}}}) {
    in.reference_tokens_per_s = rates;
    double previous = std::numeric_limits<double>::infinity();
    for (double demand : {0.0, 1e6, 5e6, 1e7, 2e7, 5e7, 1e9}) {
      a.demand = {{{2025, 1}, demand}};
      a.serve_on = fleet::Allocation::ServeOn::best_suited;
      const auto best = fleet::project_fleet(in)[0];
      a.serve_on = fleet::Allocation::ServeOn::every_type;
      const auto every = fleet::project_fleet(in)[0];
      INFO("demand " << demand << " tokens/s");
      CHECK(best.training_flops <= previous * (1 + 1e-12));
      CHECK(best.training_flops >= every.training_flops * (1 - 1e-12));
      CHECK(best.served_tokens_per_s == Approx(every.served_tokens_per_s));  // the same demand met either way
      CHECK(best.training_chips + best.serving_chips == Approx(best.active_chips));
      previous = best.training_flops;
    }
  }
}

TEST_CASE("fleet: cumulative training FLOPs add up the periods", "[unit][fleet]") {
  auto in = base();
  in.actors = {actor("buyer", "US", {line("h100", 400000)})};
  const auto out = fleet::project_fleet(in);
  double sum = 0;
  for (const auto& p : out) {
    sum += p.training_flops;
    CHECK(p.cumulative_training_flops == Approx(sum));
  }
}

TEST_CASE("fleet: the projection reuses its storage: no allocation once sized", "[unit][fleet][alloc]") {
  auto in = base();
  in.regimes = {{{2023, 11}, regime("oct2023")}, {{2025, 4}, regime("apr2025-h20")}};
  in.actors = {actor("buyer", "CN", {line("h20", 400000), line("ascend-910c", 300000), line("h20", 1000)})};
  in.supply = {supply("ascend-910c", 100000)};
  fleet::prepare_projection(in);
  fleet::ProjectionScratch scratch;
  std::vector<fleet::ActorPeriod> out;
  fleet::project_fleet_into(in, scratch, out);
  const auto first = out;
  const auto before = test::allocations_on_this_thread();
  fleet::project_fleet_into(in, scratch, out);
  CHECK(test::allocations_on_this_thread() - before == 0);
  REQUIRE(out.size() == first.size());
  for (std::size_t i = 0; i < out.size(); ++i) {
    CHECK(out[i].effective_flop_per_s == first[i].effective_flop_per_s);
    CHECK(out[i].chips.size() == 2);  // the two H20 lines share a row
  }
}

TEST_CASE("fleet: a demand curve interpolates geometrically and grows after its last point", "[unit][fleet]") {
  fleet::Allocation a;
  a.demand = {{{2025, 1}, 1e12 / 86400}, {{2025, 12}, 100e12 / 86400}, {{2026, 3}, 140e12 / 86400}};  // China, tokens/day [NDA]
  a.demand_growth_per_year = 2;
  const auto per_day = [&](int y, int m) { return a.demand_at({y, m}) * 86400; };
  CHECK(per_day(2024, 6) == Approx(1e12));     // flat before the first point
  CHECK(per_day(2025, 12) == Approx(100e12));  // on a point
  CHECK(per_day(2026, 2) == Approx(100e12 * std::pow(1.4, 2.0 / 3)));  // geometric between points
  CHECK(per_day(2027, 3) == Approx(280e12));   // x2 a year after the last point
  a.demand_scale = 0.5;
  CHECK(per_day(2027, 3) == Approx(140e12));
}

TEST_CASE("fleet: a regime's volume cap bounds shipments as a share of US end use", "[unit][fleet]") {
  // R8 (jan2026-h200): H200 to CN on a case-by-case licence, capped at 50 % of US end-use volume.
  // Two buyers want 800k + 400k a year, licences at 100 %; US end use 1M a year: the cap is 500k
  // a year (125k a quarter), shared pro rata.
  auto in = base();
  in.licence_approval = 1.0;
  // The volume cap alone: R8's approvals per period and its total quantity cap are cleared.
  auto r8 = regime("jan2026-h200");
  for (auto& r : r8.rules) {
    r.approval_schedule.clear();
    r.quantity_cap_h100e.reset();
  }
  in.regimes = {{{2026, 1}, r8}};
  in.timeline = {{2026, 1}, {2026, 12}, 3};
  in.actors = {actor("a", "CN", {line("h200", 800000)}), actor("b", "CN", {line("h200", 400000)})};
  SECTION("with a US end-use volume, the cap binds") {
    in.us_end_use = {{"h200", 1e6}};
    const auto out = fleet::project_fleet(in);
    CHECK(chip(out[0], "h200").volume_cap == Approx(0.5));
    CHECK(chip(out[0], "h200").volume_limited);
    CHECK(out[0].volume_limited);
    CHECK(chip(out[0], "h200").delivered + chip(out[1], "h200").delivered == Approx(125000));
    CHECK(chip(out[0], "h200").delivered == Approx(125000 * 2.0 / 3));
  }
  SECTION("without one, the cap is reported as not applied, never silently") {
    const auto out = fleet::project_fleet(in);
    CHECK(chip(out[0], "h200").volume_cap_unapplied);
    CHECK(chip(out[0], "h200").delivered == Approx(200000));
  }
}

TEST_CASE("fleet: failures take chips out of service, older deliveries more", "[unit][fleet]") {
  // 100k H100 a quarter; 20 % lost a year: a delivery k quarters old keeps exp(-0.2 x k / 4).
  auto in = base();
  in.failure_rate_per_year = 0.2;
  in.electricity_usd_per_j = 0.08 / 3.6e6;
  in.actors = {actor("buyer", "US", {line("h100", 400000)})};
  const auto out = fleet::project_fleet(in);
  CHECK(out[0].installed_chips == Approx(100000));
  CHECK(out[2].installed_chips == Approx(100000 * (1 + std::exp(-0.05) + std::exp(-0.1))));
  for (const auto& p : out) CHECK(p.installed_chips <= 100000.0 * (static_cast<double>(&p - &out[0]) + 1) + 1e-6);  // never more than delivered
  CHECK(out[0].electricity_usd == Approx(out[0].energy_j * 0.08 / 3.6e6));
  in.failure_rate_per_year = 0;
  CHECK(fleet::project_fleet(in)[2].installed_chips == Approx(300000));
}

TEST_CASE("fleet: a reference service mix serves its token shares in turn", "[unit][fleet]") {
  // Serving capacity per chip for a mix is the harmonic combination of the modes' rates (eq. P10):
  // chip-seconds per token add up over the shares.
  auto load = [](const std::string& service) {
    const std::string path = test::fresh_temp_dir("reference-mix") + "/mix.yaml";
    std::ofstream(path) << "name: mix\ntimeline: {start: 2025-01, end: 2025-12}\n"
                           "actors:\n  - name: lab\n    destination: US\n    procurement: [{chip: h100, per_year: 1000}]\n"
                           "    allocation: {policy: shares, training_share: 0.5}\n"
                           "assumptions:\n  "
                        << service << "\n";
    auto l = scenario::load_scenario(path, builtins(), &regimes());
    INFO((l.diagnostics.empty() ? "" : l.diagnostics.front().message));
    REQUIRE(l.scenario);
    return l.scenario->projection->reference_tokens_per_s.at("h100");
  };
  const double fast = load("reference_service_mode: fast");
  const double expert = load("reference_service_mode: expert");
  const double mix = load("reference_service_mix: [{mode: fast, share: 0.25}, {mode: expert, share: 0.75}]");
  REQUIRE(fast > 0);
  REQUIRE(expert > 0);
  CHECK(fast != Approx(expert));
  CHECK(mix == Approx(1 / (0.25 / fast + 0.75 / expert)).epsilon(1e-12));
  CHECK(load("reference_service_mix: [{mode: expert, share: 1}]") == Approx(expert).epsilon(1e-12));
}

TEST_CASE("fleet: a projection metric at a month reads the period that contains it", "[unit][fleet]") {
  auto in = base();  // quarters 2025-01 .. 2026-10
  in.actors = {actor("buyer", "US", {line("h100", 40000)})};
  engine::Results r;
  r.projection = fleet::project_fleet(in);
  const auto at = [&](const std::string& month) { return engine::resolve_metric(r, "projection.buyer.installed_chips@" + month); };
  REQUIRE(at("2025-01"));
  REQUIRE(at("2025-03"));
  CHECK(r.projection[at("2025-03")->index].period.str() == "2025-01");  // inside the first quarter
  CHECK(r.projection[at("2025-04")->index].period.str() == "2025-04");
  CHECK(r.projection[at("2026-12")->index].period.str() == "2026-10");  // the last quarter runs to 2026-12
  CHECK_FALSE(at("2027-01"));                                             // past the horizon
  CHECK_FALSE(at("2024-12"));                                             // before it
  CHECK_FALSE(at("2025-13"));                                             // not a month
  CHECK(r.projection[engine::resolve_metric(r, "projection.buyer.installed_chips")->index].period.str() == "2026-10");
}

TEST_CASE("fleet: spend and power say when a chip has no price or power figure", "[unit][fleet]") {
  // The 950DT has neither a published price nor a TDP: the projection counts what it can and says
  // the sums are partial; the metrics then have no value rather than a partial one.
  auto in = base();
  in.actors = {actor("buyer", "CN", {line("ascend-910c", 40000), line("ascend-950dt", 40000)})};
  engine::Results r;
  r.projection = fleet::project_fleet(in);
  const auto& p = r.projection[0];
  CHECK_FALSE(p.spend_complete);
  CHECK_FALSE(p.power_complete);
  CHECK(p.spend_usd == Approx(10000 * 9200.0));  // the 910Cs alone
  CHECK_FALSE(engine::metric_value(r, "projection.buyer.spend_usd@2025-01"));
  CHECK_FALSE(engine::metric_value(r, "projection.buyer.power_w@2025-01"));
  CHECK(engine::metric_value(r, "projection.buyer.installed_chips@2025-01"));
  in.actors = {actor("buyer", "CN", {line("ascend-910c", 40000)})};
  r.projection = fleet::project_fleet(in);
  CHECK(r.projection[0].spend_complete);
  CHECK(r.projection[0].power_complete);
  CHECK(engine::metric_value(r, "projection.buyer.spend_usd@2025-01") == Approx(10000 * 9200.0));
}
