// Serving on pools: whole replicas wherever chips are counted, and a precision per pool.
#include <catch2/catch.hpp>

#include <cmath>

#include "flopcast/engine/evaluate.hpp"
#include "flopcast/scenario/load.hpp"
#include "support/builtins.hpp"

using namespace flopcast;

namespace {
scenario::ScenarioLoad load_text(const std::string& text) { return scenario::load_scenario_text(text, "pools.yaml", test::builtin_catalog()); }
}  // namespace

TEST_CASE("serving: chips are counted in whole replicas, needed and available", "[unit][serving]") {
  // 1,000 chips is no multiple of a 32- or 48-chip replica; 50 ms TPOT leaves the replica searched.
  auto loaded = load_text(R"(
name: replicas
fleet:
  pools:
    - {name: h, chip: h100, count: 1000}
    - {name: c, chip: ascend-910c, count: 1000}
inference:
  - {name: chat, model: deepseek-v3, demand: "300B tokens/day", input_tokens: 2000, output_tokens: 500, precision: fp8, tpot_target: "50 ms", pools: [h]}
  - {name: fixed, model: deepseek-v3, demand: "300B tokens/day", input_tokens: 2000, output_tokens: 500, precision: int8, replica_chips: 48, pools: [c]}
)");
  REQUIRE(loaded.scenario);
  const auto r = engine::evaluate(*loaded.scenario);
  REQUIRE(r.inference.size() == 2);
  CHECK(r.inference[1].estimate.replica_chips == 48);
  for (const auto& i : r.inference) {
    INFO(i.name);
    REQUIRE(i.estimate.feasible);
    const double n = i.estimate.replica_chips;
    CHECK(i.chips_needed == i.replicas_needed * n);
    CHECK(i.replicas_needed == std::ceil(i.chips_busy / n));
    CHECK(i.chips_busy <= i.chips_needed);
    CHECK(i.chips_needed < i.chips_busy + n);
    CHECK(i.replicas_available == std::floor(1000 / n));
    // What the pool serves: its whole replicas' worth, never the fractional rest of the pool.
    const double per_chip_tokens_per_s = i.demand_tokens_per_s / i.chips_busy;
    CHECK(i.served_tokens_per_s == Approx(std::min(i.demand_tokens_per_s, i.replicas_available * n * per_chip_tokens_per_s)));
  }
}

TEST_CASE("serving: a service runs at its own precision on each pool (INT8 on 910C, FP8 on 950PR)", "[unit][serving]") {
  const std::string fleet = R"(
fleet:
  pools:
    - {name: c910, chip: ascend-910c, count: 4096}
    - {name: pr, chip: ascend-950pr, count: 4096}
)";
  auto per_pool = load_text("name: per-pool" + fleet + R"(
inference:
  - name: chat
    model: deepseek-v3
    demand: "1T tokens/day"
    input_tokens: 2000
    output_tokens: 500
    precision: fp8
    kv_cache_precision: fp8
    pools: [c910, pr]
    pool_precision:
      - {pool: c910, precision: int8}
)");
  // The same service stated twice, once per precision, is what each row must equal.
  auto separate = load_text("name: separate" + fleet + R"(
inference:
  - {name: int8, model: deepseek-v3, demand: "1T tokens/day", input_tokens: 2000, output_tokens: 500, precision: int8, kv_cache_precision: fp8, pools: [c910]}
  - {name: fp8, model: deepseek-v3, demand: "1T tokens/day", input_tokens: 2000, output_tokens: 500, precision: fp8, kv_cache_precision: fp8, pools: [pr]}
)");
  REQUIRE(per_pool.scenario);
  REQUIRE(separate.scenario);
  const auto a = engine::evaluate(*per_pool.scenario), b = engine::evaluate(*separate.scenario);
  REQUIRE(a.inference.size() == 2);
  CHECK(a.inference[0].precision == catalog::Precision::int8);
  CHECK(a.inference[1].precision == catalog::Precision::fp8);
  for (std::size_t k = 0; k < 2; ++k) {
    REQUIRE(a.inference[k].estimate.feasible);
    CHECK(a.inference[k].estimate.decode_tokens_per_s_per_chip == b.inference[k].estimate.decode_tokens_per_s_per_chip);
    CHECK(a.inference[k].chips_needed == b.inference[k].chips_needed);
  }
}
