// First-order serving model: roofline prefill and decode, batch bounds and their monotonicity.
#include <catch2/catch.hpp>

#include "flopcast/perf/inference_estimate.hpp"
#include "flopcast/scenario/load.hpp"
#include "support/run_binary.hpp"

using namespace flopcast;

namespace {
const catalog::Catalog& builtins() {
  static const auto loaded = scenario::load_catalog_dir(test::source_dir() + "/scenarios/catalog");
  REQUIRE(loaded.diagnostics.empty());
  return loaded.catalog;
}
perf::InferenceInputs llama70b_on(const catalog::ChipSpec* chip) {
  return {builtins().find_model("llama-2-70b"), chip, catalog::Precision::fp8, 1.0, 1000, 300, 0.5, 0.8, 0.1, std::nullopt};
}
}  // namespace

TEST_CASE("perf: prefill is compute-bound at the stated utilisation", "[unit][perf]") {
  // eq. I1: Llama 2 70B, 1,000-token prompt: forward at 500 attended = 2 x 68.4B (matmul params)
  // + 80 x 2 x 64 x 256 x 500 = 136.8G + 1.31G = 138.1 GFLOP/token; H100 FP8 1,979 TFLOPS x 0.5
  // / 138.1G = 7,165 tokens/s per chip.
  const auto e = perf::estimate_inference(llama70b_on(builtins().find_chip("h100")));
  REQUIRE(e.feasible);
  const double flops = catalog::forward_flops_per_token(*builtins().find_model("llama-2-70b"), 500);
  CHECK(e.prefill_tokens_per_s_per_chip == Approx(1979e12 * 0.5 / flops));
  CHECK(e.prefill_tokens_per_s_per_chip == Approx(7165).epsilon(0.01));
}

TEST_CASE("perf: one H100 holds Llama 2 70B in FP8, and KV capacity binds the batch", "[unit][perf]") {
  // eq. I2: weights 69.0 GB FP8 + KV per 1,300-token sequence 163,840 x 1,300 B = 0.213 GB
  // fit in 80 GB x 0.9 = 72 GB: one chip; batch = floor((72 - 69.0) / 0.213) = 14.
  const auto e = perf::estimate_inference(llama70b_on(builtins().find_chip("h100")));
  CHECK(e.replica_chips == 1);
  CHECK(e.decode_bound == perf::DecodeBound::kv_capacity);
  CHECK(e.decode_batch_per_replica == Approx(14).margin(1));
}

TEST_CASE("perf: faster HBM never slows decode", "[unit][perf][property]") {
  catalog::ChipSpec chip = *builtins().find_chip("h100");
  double previous = 0;
  for (double tbps : {2.0, 3.35, 4.8, 8.0}) {
    chip.hbm_bytes_per_s = tbps * 1e12;
    const auto e = perf::estimate_inference(llama70b_on(&chip));
    INFO(tbps << " TB/s");
    CHECK(e.decode_tokens_per_s_per_chip >= previous);
    previous = e.decode_tokens_per_s_per_chip;
  }
}

TEST_CASE("perf: a stricter TPOT target never raises decode throughput", "[unit][perf][property]") {
  auto in = llama70b_on(builtins().find_chip("h200"));
  double previous = std::numeric_limits<double>::infinity();
  for (double ms : {200.0, 100.0, 50.0, 30.0}) {
    in.tpot_target_s = ms / 1e3;
    const auto e = perf::estimate_inference(in);
    if (!e.feasible) break;
    INFO(ms << " ms");
    CHECK(e.decode_step_s <= ms / 1e3 + 1e-12);
    CHECK(e.decode_tokens_per_s_per_chip <= previous);
    previous = e.decode_tokens_per_s_per_chip;
  }
}
