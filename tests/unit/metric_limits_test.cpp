// Physical limits of metrics (engine::metric_limit): what a published value is set against in
// docs/validation.md, by hand for each kind of metric.
#include <catch2/catch.hpp>

#include "flopcast/engine/evaluate.hpp"
#include "flopcast/engine/metric_limits.hpp"
#include "flopcast/engine/metrics.hpp"
#include "flopcast/scenario/load.hpp"
#include "support/builtins.hpp"

using namespace flopcast;

namespace {

engine::Scenario load(const std::string& text) {
  auto loaded = scenario::load_scenario_text(text, "limits.yaml", test::builtin_catalog());
  REQUIRE(loaded.diagnostics.empty());
  REQUIRE(loaded.scenario);
  return *loaded.scenario;
}

const char* kScenario = R"(name: limits
fleet:
  pools:
    - {name: h, chip: h100, count: 8}
training:
  - name: t
    model: llama-3.1-8b
    tokens: "1T tokens"
    sequence_length: 8192
    global_batch: "65536 tokens"
    precision: bf16
    pools: [h]
    layout: {tp: 1, pp: 1, dp: 8, micro_batch: 1, zero_stage: 3, recompute: selective}
inference:
  - {name: s, model: llama-3.1-70b, demand: "1T tokens/day", input_tokens: 1000, output_tokens: 1000, precision: fp8, replica_chips: 2, pools: [h]}
  - {name: f, model: llama-3.1-70b, demand: "1T tokens/day", input_tokens: 1000, output_tokens: 1000, precision: fp8, replica_chips: 2,
     batch_per_chip: 8, pools: [h]}
kernels:
  - {name: k, chip: h100, precision: fp8, m: 4096, n: 4096, k: 4096}
)";

}  // namespace

TEST_CASE("engine: a training rate's limit is its value at the dense peak, a time's its value at the peak and full goodput",
          "[unit][engine]") {
  const auto s = load(kScenario);
  const auto r = engine::evaluate(s);
  const auto& t = r.training[0];
  REQUIRE(t.utilisation > 0);
  const double peak = s.fleet.pools[0].chip.peak(catalog::Precision::bf16);
  // tokens/s x model FLOPs per token = model FLOP/s: at the limit, the chip's whole dense peak.
  const auto rate = engine::metric_limit(s, r, "training.t.tokens_per_s_per_chip");
  REQUIRE(rate);
  CHECK(rate->ceiling);
  CHECK(rate->basis == "dense peak");
  CHECK(rate->value * t.estimate.flops_per_token == Approx(peak));
  const auto tflops = engine::metric_limit(s, r, "training.t.model_tflops_per_chip");
  REQUIRE(tflops);
  CHECK(tflops->value == Approx(peak / 1e12));
  const auto step = engine::metric_limit(s, r, "training.t.step_s");
  REQUIRE(step);
  CHECK_FALSE(step->ceiling);
  CHECK(step->value == Approx(65536 * t.estimate.flops_per_token / (8 * peak)));
  const auto hours = engine::metric_limit(s, r, "training.t.chip_hours");
  REQUIRE(hours);
  CHECK(hours->value == Approx(t.estimate.total_flops / peak / 3600));
  // A published value at 80 % of the peak's rate sits at 80 % of its limit, whichever way it is stated.
  CHECK(engine::limit_share(*rate, 0.8 * rate->value) == Approx(0.8));
  CHECK(engine::limit_share(*step, step->value / 0.8) == Approx(0.8));
  // Money and energy have no physical limit here.
  CHECK_FALSE(engine::metric_limit(s, r, "training.t.cost_usd"));
}

TEST_CASE("engine: serving rates are limited by the memory roofline, TPOT only at a stated batch, prefill by the peak",
          "[unit][engine]") {
  const auto s = load(kScenario);
  const auto r = engine::evaluate(s);
  const auto& free = r.inference[0].estimate;
  const auto& fixed = r.inference[1].estimate;
  REQUIRE(free.feasible);
  REQUIRE(fixed.feasible);
  const auto out = engine::metric_limit(s, r, "inference.s.output_tokens_per_s_per_chip");
  REQUIRE(out);
  CHECK(out->basis == "HBM bandwidth");
  CHECK(out->value == free.memory_roofline_tokens_per_s_per_chip);
  // The KV-bound batch: TPOT has no floor there (one sequence alone would be faster).
  CHECK_FALSE(engine::metric_limit(s, r, "inference.s.tpot_ms"));
  const auto tpot = engine::metric_limit(s, r, "inference.f.tpot_ms");
  REQUIRE(tpot);
  CHECK_FALSE(tpot->ceiling);
  CHECK(tpot->value == Approx(1e3 * 8 / fixed.memory_roofline_tokens_per_s_per_chip));
  CHECK(tpot->value < fixed.tpot_s * 1e3);
  // Prefill: 2 x (matmul weights less the LM head) + attention over half the prompt, at the FP8 peak.
  const auto& m = *test::builtin_catalog().find_model("llama-3.1-70b");
  const double flops = 2 * (catalog::matmul_params_per_token(m) - static_cast<double>(m.vocab) * m.hidden) +
                       catalog::attention_forward_flops_per_token(m, 500);
  const auto prefill = engine::metric_limit(s, r, "inference.s.prefill_tokens_per_s_per_chip");
  REQUIRE(prefill);
  CHECK(prefill->value == Approx(s.fleet.pools[0].chip.peak(catalog::Precision::fp8) / flops));
  CHECK(free.prefill_tokens_per_s_per_chip < prefill->value);
}

TEST_CASE("engine: a kernel's limit is the chip's dense peak at its precision", "[unit][engine]") {
  const auto s = load(kScenario);
  const auto r = engine::evaluate(s);
  const double peak = s.kernels[0].chip.peak(catalog::Precision::fp8);
  const auto tflops = engine::metric_limit(s, r, "kernel.k.tflops");
  REQUIRE(tflops);
  CHECK(tflops->value == Approx(peak / 1e12));
  const auto seconds = engine::metric_limit(s, r, "kernel.k.seconds");
  REQUIRE(seconds);
  CHECK(seconds->value == Approx(2.0 * 4096 * 4096 * 4096 / peak));
  CHECK(engine::limit_share(*seconds, r.kernels[0].seconds) < 1);
}
