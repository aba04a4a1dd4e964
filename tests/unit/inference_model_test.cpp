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
  // eq. I1: Llama 2 70B, 1,000-token prompt: forward at 500 attended = 2 x 68.71B (matmul params:
  // 68.98B minus the 0.26B embedding lookup) + 80 layers x 2 x 64 heads x (128 + 128) x 500
  // = 137.4G + 1.31G = 138.7 GFLOP/token; H100 FP8 1,979 TFLOPS x 0.5 / 138.7G = 7,132 tokens/s.
  const auto e = perf::estimate_inference(llama70b_on(builtins().find_chip("h100")));
  REQUIRE(e.feasible);
  const double flops = catalog::forward_flops_per_token(*builtins().find_model("llama-2-70b"), 500);
  CHECK(e.prefill_tokens_per_s_per_chip == Approx(1979e12 * 0.5 / flops));
  CHECK(e.prefill_tokens_per_s_per_chip == Approx(7132).epsilon(0.002));
}

TEST_CASE("perf: decode spreads a replica until compute, not HBM, limits tokens per chip", "[unit][perf]") {
  // eq. I2: weights 68.98 GB (FP8) + one 1,300-token sequence's KV (163,840 x 1,300 B = 0.213 GB)
  // fit in 80 GB x 0.9 = 72 GB, so the smallest replica is 1 chip, with room for 14 sequences:
  // step = (69.0 + 14 x 0.213) GB / (3.35 TB/s x 0.8) = 26.9 ms -> 14 / 26.9 ms = 521 tok/s.
  // eq. I3b: 2 chips hold 352 sequences (6,543 tok/s/chip); 4 chips hold 1,028, where the step
  // is compute-bound: 1,028 x 140.4 GFLOP (attending 1,150) / (4 x 1,979 TFLOPS x 0.5) = 36.5 ms
  // -> 7,047 tok/s/chip, the compute roofline. 8 chips are no faster per chip, so the search keeps 4.
  const auto e = perf::estimate_inference(llama70b_on(builtins().find_chip("h100")));
  REQUIRE(e.feasible);
  CHECK(e.replica_chips == 4);
  CHECK(e.decode_bound == perf::DecodeBound::kv_capacity);
  CHECK(e.decode_batch_per_replica == 1028);
  const double flops = catalog::forward_flops_per_token(*builtins().find_model("llama-2-70b"), 1000 + 300 / 2.0);
  CHECK(e.decode_tokens_per_s_per_chip == Approx(1979e12 * 0.5 / flops));
  CHECK(e.decode_tokens_per_s_per_chip == Approx(7047).epsilon(0.002));
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
