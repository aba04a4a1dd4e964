// Serving model: prefill per token and decode per step as per-operation rooflines, the bounds
// on the decode batch, and the monotonicity a user expects.
#include <catch2/catch.hpp>
#include <limits>

#include "flopcast/perf/inference_estimate.hpp"
#include "flopcast/scenario/load.hpp"
#include "support/builtins.hpp"
#include "support/run_binary.hpp"

using namespace flopcast;

namespace {
const catalog::Catalog& builtins() { return test::builtin_catalog(); }
perf::InferenceInputs llama70b_on(const catalog::ChipSpec* chip) {
  perf::InferenceInputs in;
  in.model = builtins().find_model("llama-2-70b");
  in.chip = chip;
  in.precision = catalog::Precision::fp8;
  in.kv_bytes_per_element = 1;
  in.input_tokens = 1000;
  in.output_tokens = 300;
  in.replica_chips = 1;
  return in;
}
}  // namespace

TEST_CASE("perf: prefill of a dense model on one chip is its matmul and attention compute", "[unit][perf]") {
  // eq. I3 with one chip (no communication): Llama 2 70B, 1,000-token prompt, attending 500.
  // matmul: 2 x 68.71B = 137.4 GFLOP at H100 FP8 1,979 TFLOPS x 0.65 (catalog) = 1,286 TFLOPS
  // -> 106.8 us; attention: 80 x 2 x 64 x 256 x 500 = 1.31 GFLOP at 989 x 0.70 = 692 TFLOPS
  // -> 1.9 us. 1 / 108.7 us = 9,200 tokens/s.
  const auto e = perf::estimate_inference(llama70b_on(builtins().find_chip("h100")));
  REQUIRE(e.feasible);
  const auto& m = *builtins().find_model("llama-2-70b");
  const double expected = 1.0 / (2 * catalog::matmul_params_per_token(m) / (1979e12 * 0.65) +
                                 catalog::attention_forward_flops_per_token(m, 500) / (989e12 * 0.70));
  CHECK(e.prefill_tokens_per_s_per_chip == Approx(expected));
  CHECK(e.prefill_tokens_per_s_per_chip == Approx(9200).epsilon(0.01));
}

TEST_CASE("perf: KV capacity bounds the decode batch of a full chip", "[unit][perf]") {
  // eq. I2: weights 68.98 GB (FP8); usable 80 GB x 0.9 = 72 GB; KV per sequence at its average
  // context (1,000 + 150 tokens) = 163,840 x 1,150 B = 0.188 GB -> floor(3.02 / 0.188) = 16.
  const auto e = perf::estimate_inference(llama70b_on(builtins().find_chip("h100")));
  REQUIRE(e.feasible);
  CHECK(e.decode_bound == perf::DecodeBound::kv_capacity);
  CHECK(e.decode_batch_per_chip == 16);
}

TEST_CASE("perf: MLA decodes in absorbed form, at a higher FLOP count than training", "[unit][perf]") {
  // eq. I6: DeepSeek-V3 at 2,000 tokens: 61 x 2 x 128 x (2 x 512 + 64) x 2,000 = 34.0 GFLOP,
  // against 61 x 2 x 128 x (192 + 128) x 2,000 = 10.0 GFLOP in the training form.
  const auto& v3 = *builtins().find_model("deepseek-v3");
  CHECK(perf::decode_attention_flops_per_token(v3, 2000) == Approx(61.0 * 2 * 128 * 1088 * 2000));
  CHECK(catalog::attention_forward_flops_per_token(v3, 2000) == Approx(61.0 * 2 * 128 * 320 * 2000));
}

TEST_CASE("perf: speculative decoding emits more tokens per step", "[unit][perf]") {
  // eq. I8: 1 draft token accepted 70 % of the time emits 1.7 tokens per step.
  auto in = llama70b_on(builtins().find_chip("h100"));
  in.batch_per_chip = 8;
  const auto plain = perf::estimate_inference(in);
  in.draft_tokens = 1;
  in.draft_acceptance = 0.7;
  const auto mtp = perf::estimate_inference(in);
  CHECK(mtp.tpot_s == Approx(mtp.decode_step_s / 1.7));
  CHECK(mtp.decode_tokens_per_s_per_chip > plain.decode_tokens_per_s_per_chip);
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

TEST_CASE("perf: a larger batch never lowers decode tokens/s until a bound binds", "[unit][perf][property]") {
  auto in = llama70b_on(builtins().find_chip("h200"));
  double previous = 0;
  for (double batch : {1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0}) {
    in.batch_per_chip = batch;
    const auto e = perf::estimate_inference(in);
    if (!e.feasible) break;  // the KV cache no longer fits: the bound binds
    INFO("batch " << batch);
    CHECK(e.decode_tokens_per_s_per_chip >= previous);
    previous = e.decode_tokens_per_s_per_chip;
  }
  CHECK(previous > 0);
}

TEST_CASE("perf: a stricter TPOT target never raises decode throughput", "[unit][perf][property]") {
  auto in = llama70b_on(builtins().find_chip("h200"));
  double previous = std::numeric_limits<double>::infinity();
  for (double ms : {200.0, 100.0, 50.0, 30.0}) {
    in.tpot_target_s = ms / 1e3;
    const auto e = perf::estimate_inference(in);
    if (!e.feasible) break;
    INFO(ms << " ms");
    CHECK(e.tpot_s <= ms / 1e3 + 1e-12);
    CHECK(e.decode_tokens_per_s_per_chip <= previous);
    previous = e.decode_tokens_per_s_per_chip;
  }
}
