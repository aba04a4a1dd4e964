// flopcast mix: the MILP's answer serves the demand within every cap in whole replicas, is no
// worse than any whole-replica mix enumerated by hand, follows the objective chosen, and says
// why when no mix exists. Expectations come from the candidates the serving model gives, never
// from hard-coded model numbers.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <optional>

#include "flopcast/engine/economics.hpp"
#include "flopcast/mix/cheapest_mix.hpp"
#include "flopcast/scenario/load.hpp"
#include "support/builtins.hpp"

using namespace flopcast;
using O = engine::MixSpec::Objective;

namespace {

scenario::ScenarioLoad load_text(const std::string& text) { return scenario::load_scenario_text(text, "mix.yaml", test::builtin_catalog()); }

/// Two chip types serving one service, with room for a buy: section. `replica` fixes the replica
/// size (one serving option per pool, so a mix can be enumerated); empty, the mix offers several.
std::string two_pools(const std::string& buy, const std::string& supply_h200 = "4000", const std::string& supply_910c = "50000",
                      const std::string& replica = "") {
  return R"(
name: mix
fleet:
  pools:
    - {name: h200, chip: h200, count: )" + supply_h200 + R"(}
    - {name: c910, chip: ascend-910c, count: )" + supply_910c + R"(}
inference:
  - name: flash
    model: deepseek-v4-flash
    demand: "10T tokens/day"
    input_tokens: 1500
    output_tokens: 400
    precision: fp8
    kv_cache_precision: fp8
    pool_precision: [{pool: c910, precision: int8, kv_cache_precision: int8}]
    tpot_target: "50 ms"
    pools: [h200, c910]
)" + (replica.empty() ? "" : "    replica_chips: " + replica + "\n") + buy;
}

struct Loaded {
  engine::Scenario scenario;
  engine::MixSpec spec;
};

Loaded load_mix(const std::string& text) {
  auto loaded = load_text(text);
  for (const auto& d : loaded.diagnostics) INFO(d.message);
  REQUIRE(loaded.scenario);
  return {*loaded.scenario, loaded.buy.value_or(engine::MixSpec{})};
}

double per_chip(const engine::Scenario& s, std::size_t pool, O objective) {
  const auto e = engine::economics_of(s.fleet.pools[pool], 1, s.assumptions);
  return objective == O::capex ? *e.capex_usd : objective == O::tco ? *e.tco_usd_per_year : *e.facility_power_w;
}

/// The answer serves the demand, stays within supply and caps, and buys exactly its replicas.
void check_feasible(const engine::Scenario& s, const engine::MixSpec& spec, const mix::MixAnswer& a) {
  REQUIRE(a.status == mix::MixAnswer::Status::optimal);
  const auto& c = a.candidates;
  std::vector<double> used(s.fleet.pools.size(), 0);
  double served = 0;
  for (std::size_t o = 0; o < c.serving.size(); ++o) {
    CHECK(a.replicas[o] == std::round(a.replicas[o]));
    CHECK(a.replicas[o] >= 0);
    served += a.replicas[o] * c.serving[o].tokens_per_s_per_replica;
    used[c.serving[o].pool] += a.replicas[o] * c.serving[o].replica_chips;
  }
  CHECK(served >= s.inference[0].demand_tokens_per_s * (1 - 1e-9));
  for (const auto& t : c.pools) {
    CHECK(a.chips[t.pool] <= t.supply);
    if (spec.objective != O::training_left) CHECK(a.chips[t.pool] == used[t.pool]);  // nothing bought idle
  }
  if (spec.power_cap_w) CHECK(a.facility_w <= *spec.power_cap_w * (1 + 1e-9));
  if (spec.budget_usd) CHECK(a.capex_usd <= *spec.budget_usd * (1 + 1e-9));
}

/// The best whole-replica mix by enumeration over the first pool's replicas (two serving options).
double enumerated_best(const engine::Scenario& s, const engine::MixSpec& spec, const mix::Candidates& c) {
  REQUIRE(c.serving.size() == 2);
  const auto& a = c.serving[0];
  const auto& b = c.serving[1];
  const double demand = s.inference[0].demand_tokens_per_s;
  double best = std::numeric_limits<double>::infinity();
  for (double ra = 0; ra * a.replica_chips <= c.pools[a.pool].supply; ++ra) {
    const double rb = std::max(0.0, std::ceil((demand - ra * a.tokens_per_s_per_replica) / b.tokens_per_s_per_replica - 1e-12));
    if (rb * b.replica_chips > c.pools[b.pool].supply) continue;
    const double chips_a = ra * a.replica_chips, chips_b = rb * b.replica_chips;
    if (spec.power_cap_w && chips_a * per_chip(s, a.pool, O::power) + chips_b * per_chip(s, b.pool, O::power) > *spec.power_cap_w) continue;
    best = std::min(best, chips_a * per_chip(s, a.pool, spec.objective) + chips_b * per_chip(s, b.pool, spec.objective));
  }
  return best;
}

}  // namespace

TEST_CASE("mix: the answer serves the demand within supply and caps, and no enumerated whole-replica mix is cheaper", "[unit][mix]") {
  for (const std::string buy : {"buy: {objective: tco}\n", "buy: {objective: capex}\n", "buy: {objective: power}\n"}) {
    const auto m = load_mix(two_pools(buy, "4000", "50000", "24"));
    const auto a = mix::cheapest_mix(m.scenario, m.spec);
    INFO(buy << a.reason);
    check_feasible(m.scenario, m.spec, a);
    // The solver's contract: within its stated relative gap of the enumerated optimum.
    const double best = enumerated_best(m.scenario, m.spec, a.candidates);
    CHECK(a.relative_gap == 1e-4);
    CHECK(a.objective_value >= best * (1 - 1e-9));
    CHECK(a.objective_value <= best * (1 + a.relative_gap));
  }
}

TEST_CASE("mix: a power cap that binds changes the mix, costs more, and relaxing it buys part of that back", "[unit][mix]") {
  const auto open = load_mix(two_pools("buy: {objective: tco}\n", "4000", "50000", "24"));
  const auto free = mix::cheapest_mix(open.scenario, open.spec);
  REQUIRE(free.status == mix::MixAnswer::Status::optimal);
  // A cap a little below the free optimum's power, but above what the least-power mix draws.
  auto power_spec = open.spec;
  power_spec.objective = O::power;
  const auto least = mix::cheapest_mix(open.scenario, power_spec);
  REQUIRE(least.status == mix::MixAnswer::Status::optimal);
  REQUIRE(least.facility_w < free.facility_w);
  auto capped = open.spec;
  capped.power_cap_w = (least.facility_w + free.facility_w) / 2;
  const auto a = mix::cheapest_mix(open.scenario, capped);
  check_feasible(open.scenario, capped, a);
  CHECK(a.objective_value >= free.objective_value);
  CHECK(a.objective_value == Approx(enumerated_best(open.scenario, capped, a.candidates)).epsilon(1e-9));
  const auto cap = std::find_if(a.constraints.begin(), a.constraints.end(), [](const auto& c) { return c.name == "power cap"; });
  REQUIRE(cap != a.constraints.end());
  if (cap->binding) {
    REQUIRE(cap->relaxed_objective);
    CHECK(*cap->relaxed_objective <= a.objective_value);
    CHECK(*cap->relaxed_objective >= free.objective_value * (1 - 1e-12));
    // Its proven gap: this small case closes within the re-solve node limit, at the answer's gap.
    CHECK(cap->relaxed_gap >= 0);
    CHECK(cap->relaxed_gap <= *cap->relaxed_objective * 1e-4 * (1 + 1e-9));
  }
  // The objective chosen is the one minimised: the least-power mix draws no more than the cheapest.
  CHECK(least.facility_w <= a.facility_w);
  CHECK(free.tco_usd_per_year <= least.tco_usd_per_year);
}

TEST_CASE("mix: several replica sizes per pool, and relaxing the TPOT target never raises the cost", "[unit][mix]") {
  std::optional<double> looser_cost;
  for (const char* target : {"60 ms", "55 ms", "50 ms", "45 ms"}) {  // tightening
    auto text = two_pools("buy: {objective: tco, power_cap: \"20 MW\"}\n");
    text.replace(text.find("\"50 ms\""), 7, std::string("\"") + target + "\"");
    const auto m = load_mix(text);
    const auto a = mix::cheapest_mix(m.scenario, m.spec);
    INFO(target << ": " << a.reason);
    check_feasible(m.scenario, m.spec, a);
    // More than the serving model's one preferred size is offered, none dominated by a divisor.
    CHECK(a.candidates.serving.size() > 2);
    for (const auto& x : a.candidates.serving) {
      for (const auto& y : a.candidates.serving) {
        if (x.pool != y.pool || x.replica_chips >= y.replica_chips || std::fmod(y.replica_chips, x.replica_chips) != 0) continue;
        CHECK(x.tokens_per_s_per_replica * (y.replica_chips / x.replica_chips) < y.tokens_per_s_per_replica);
      }
    }
    if (looser_cost) CHECK(a.objective_value >= *looser_cost * (1 - 1e-12));
    looser_cost = a.objective_value;
  }
}

TEST_CASE("mix: training_left keeps the demand served and leaves the rest of the supply for training", "[unit][mix]") {
  const auto m = load_mix(two_pools("buy: {objective: training_left}\n"));
  const auto a = mix::cheapest_mix(m.scenario, m.spec);
  check_feasible(m.scenario, m.spec, a);
  double left_flops = 0;
  for (const auto& t : a.candidates.pools) {
    CHECK(a.left_chips[t.pool] >= 0);
    CHECK(a.chips[t.pool] == t.supply);  // with no cap, every chip not serving is left for training
    left_flops += a.left_chips[t.pool] * t.training_flop_per_s;
  }
  CHECK(a.objective_value == Approx(left_flops).epsilon(1e-9));
}

TEST_CASE("mix: no mix within supply, budget or power says which, and why", "[unit][mix]") {
  SECTION("supply") {
    const auto m = load_mix(two_pools("buy: {objective: tco}\n", "100", "100"));
    const auto a = mix::cheapest_mix(m.scenario, m.spec);
    CHECK(a.status == mix::MixAnswer::Status::infeasible);
    CHECK_THAT(a.reason, Catch::Contains("supply falls short"));
    // One service: the LP bound is each pool's supply at its best tokens/s per chip, over the demand.
    double best_rate = 0;
    for (const auto& t : a.candidates.pools) {
      double per_chip = 0;
      for (const auto& o : a.candidates.serving) if (o.pool == t.pool) per_chip = std::max(per_chip, o.tokens_per_s_per_replica / o.replica_chips);
      best_rate += t.supply * per_chip;
    }
    const int percent = static_cast<int>(std::floor(100 * best_rate / m.scenario.inference[0].demand_tokens_per_s));
    REQUIRE(percent > 0);
    CHECK_THAT(a.reason, Catch::Contains("at most " + std::to_string(percent) + " % of the demand"));
    CHECK_THAT(a.reason, Catch::Contains("the tightest is flash"));
  }
  SECTION("budget") {
    const auto m = load_mix(two_pools("buy: {objective: power, budget: \"$1M\"}\n"));
    const auto a = mix::cheapest_mix(m.scenario, m.spec);
    CHECK(a.status == mix::MixAnswer::Status::infeasible);
    CHECK_THAT(a.reason, Catch::Contains("budget"));
  }
  SECTION("power") {
    const auto m = load_mix(two_pools("buy: {objective: tco, power_cap: \"1 MW\"}\n"));
    const auto a = mix::cheapest_mix(m.scenario, m.spec);
    CHECK(a.status == mix::MixAnswer::Status::infeasible);
    CHECK_THAT(a.reason, Catch::Contains("power cap"));
  }
  SECTION("no chip type meets the TPOT target") {
    auto text = two_pools("buy: {objective: tco}\n");
    text.replace(text.find("\"50 ms\""), 7, "\"1 ms\"");
    const auto m = load_mix(text);
    const auto a = mix::cheapest_mix(m.scenario, m.spec);
    CHECK(a.status == mix::MixAnswer::Status::infeasible);
    CHECK_THAT(a.reason, Catch::Contains("no chip type can serve flash"));
  }
}

TEST_CASE("mix: a chip without the figure the objective needs is left out, with the override that fixes it", "[unit][mix]") {
  auto text = two_pools("buy: {objective: tco}\n");
  text.replace(text.find("chip: h200"), 10, "chip: ascend-950pr");  // no published price
  const auto m = load_mix(text);
  const auto a = mix::cheapest_mix(m.scenario, m.spec);
  REQUIRE(a.candidates.pools.size() == 2);
  CHECK_THAT(a.candidates.pools[0].excluded_because, Catch::Contains("no price"));
  CHECK(a.candidates.pools[1].excluded_because.empty());
  if (a.status == mix::MixAnswer::Status::optimal) CHECK(a.chips[0] == 0);
}

TEST_CASE("mix: a buy: section with an unknown training run or pool is a located error", "[unit][mix]") {
  const auto loaded = load_text(two_pools("buy:\n  train: [{run: pretrain, days: \"60 days\"}]\n"));
  REQUIRE_FALSE(loaded.scenario);
  REQUIRE_FALSE(loaded.diagnostics.empty());
  CHECK(loaded.diagnostics[0].path == "buy.train[0].run");
  CHECK_THAT(loaded.diagnostics[0].message, Catch::Contains("unknown training run 'pretrain'"));
  const auto bad = load_text(two_pools("buy: {objective: cheapest}\n"));
  REQUIRE_FALSE(bad.scenario);
  CHECK(bad.diagnostics[0].path == "buy.objective");
}
