// Serving modes and disaggregation: a mix expands into one service per mode with its share of
// demand; prefill and decode pools each count only their phase.
#include <catch2/catch.hpp>
#include <fstream>

#include "flopcast/engine/evaluate.hpp"
#include "flopcast/scenario/load.hpp"
#include "support/builtins.hpp"
#include "support/run_binary.hpp"

using namespace flopcast;

namespace {
const catalog::Catalog& builtins() { return test::builtin_catalog(); }
scenario::ScenarioLoad load_text(const std::string& text) {
  const std::string path = test::fresh_temp_dir("modes") + "/s.yaml";
  std::ofstream(path) << text;
  return scenario::load_scenario(path, builtins());
}
}  // namespace

TEST_CASE("scenario: a mode mix expands into one service per mode with its share of demand", "[unit][scenario]") {
  const auto r = load_text(R"(name: mix
fleet: {pools: [{name: h, chip: h20, count: 1000}]}
inference:
  - name: v3
    model: deepseek-v3
    demand: "100B tokens/day"
    precision: fp8
    mix: [{mode: fast, share: 0.75}, {mode: vision, share: 0.25}]
    pools: [h]
)");
  REQUIRE(r.scenario);
  const auto& svcs = r.scenario->inference;
  REQUIRE(svcs.size() == 2);
  CHECK(svcs[0].name == "v3/fast");
  CHECK(svcs[0].group == "v3");
  // 100B tokens/day x 0.75 = 75B tokens/day.
  CHECK(svcs[0].demand_tokens_per_s * 86400 == Approx(75e9));
  // Vision: 800 text tokens + 1 image x 1,024 tokens; encoder 1 x 1.2 TFLOP.
  CHECK(svcs[1].input_tokens == 800 + 1024);
  CHECK(svcs[1].vision_flops_per_request == Approx(1.2e12));
  CHECK(svcs[1].tpot_target_s == Approx(0.040));
}

TEST_CASE("scenario: mix shares must add up to one", "[unit][scenario]") {
  const auto r = load_text(R"(name: mix
fleet: {pools: [{name: h, chip: h20, count: 1000}]}
inference:
  - {name: v3, model: deepseek-v3, demand: "1B tokens/day", precision: fp8, pools: [h], mix: [{mode: fast, share: 0.5}, {mode: expert, share: 0.3}]}
)");
  REQUIRE_FALSE(r.scenario);
  CHECK(r.diagnostics.at(0).code == core::ErrorCode::invalid_value);
  CHECK(r.diagnostics.at(0).message == "the shares of mix: add up to 0.8, not 1");
}

TEST_CASE("engine: disaggregated pools each need chips for their own phase only", "[unit][engine]") {
  const auto r = load_text(R"(name: disagg
fleet: {pools: [{name: p, chip: h100, count: 5000}, {name: d, chip: h100, count: 5000}, {name: c, chip: h100, count: 5000}]}
inference:
  - {name: split, model: deepseek-v3, demand: "10T tokens/day", input_tokens: 2000, output_tokens: 500, precision: fp8, replica_chips: 32, prefill_pools: [p], decode_pools: [d]}
  - {name: together, model: deepseek-v3, demand: "10T tokens/day", input_tokens: 2000, output_tokens: 500, precision: fp8, replica_chips: 32, prefill_scheduling: separate, pools: [c]}
)");
  REQUIRE(r.scenario);
  const auto res = engine::evaluate(*r.scenario);
  REQUIRE(res.inference.size() == 3);
  CHECK(res.inference[0].role == "prefill");
  CHECK(res.inference[1].role == "decode");
  // eq. I9/I10: the prefill and decode chips of the split service add up to the co-located chips
  // when the co-located server runs prompts in their own passes (no chunked prefill, eq. I12).
  CHECK(res.inference[0].chips_busy + res.inference[1].chips_busy == Approx(res.inference[2].chips_busy));
  CHECK(res.inference[0].chips_needed < res.inference[2].chips_needed);
}
