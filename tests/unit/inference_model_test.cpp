// Serving model: prefill per token and decode per step as per-operation rooflines, the bounds
// on the decode batch, and the monotonicity a user expects.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

#include "flopcast/engine/evaluate.hpp"
#include "flopcast/engine/parameters.hpp"
#include "flopcast/perf/inference_estimate.hpp"
#include "flopcast/perf/moe_routing.hpp"
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
/// DeepSeek-V3 decode as in case I4: 72 H100, FP8, data-parallel attention, 256 sequences per
/// chip, where routed-expert compute is the largest term of the step.
perf::InferenceInputs v3_decode_on_h100() {
  perf::InferenceInputs in;
  in.model = builtins().find_model("deepseek-v3");
  in.chip = builtins().find_chip("h100");
  in.precision = catalog::Precision::fp8;
  in.input_tokens = 2000;
  in.output_tokens = 1;
  in.replica_chips = 72;
  in.attention_parallelism = perf::AttentionParallelism::data;
  in.batch_per_chip = 256;
  return in;
}
/// The first inference row of a scenario given as text (it must load without a diagnostic).
engine::InferenceResult first_service_of(const std::string& text, const std::string& file) {
  auto loaded = scenario::load_scenario_text(text, file, builtins());
  REQUIRE(loaded.diagnostics.empty());
  REQUIRE(loaded.scenario);
  return engine::evaluate(*loaded.scenario).inference[0];
}
}  // namespace

TEST_CASE("perf: prefill of a dense model on one chip is bounded by its matmul and attention compute", "[unit][perf]") {
  // eq. I3 with one chip (no communication): Llama 2 70B, 1,000-token prompts. A saturated
  // prefill (16,384 rows per GEMM) runs its matmuls near the chip's large-GEMM efficiency: never
  // faster than that roofline, and within the element-wise kernels, norms and padding of it.
  const auto e = perf::estimate_inference(llama70b_on(builtins().find_chip("h100")));
  REQUIRE(e.feasible);
  const auto& m = *builtins().find_model("llama-2-70b");
  const auto& h100 = *builtins().find_chip("h100");
  const double roofline = 1.0 / (2 * catalog::matmul_params_per_token(m) / (h100.peak(catalog::Precision::fp8) * h100.efficiency(catalog::Precision::fp8)) +
                                 catalog::attention_forward_flops_per_token(m, 500) / (h100.peak(catalog::Precision::bf16) * h100.attention_efficiency));
  CHECK(e.prefill_tokens_per_s_per_chip < roofline);
  CHECK(e.prefill_tokens_per_s_per_chip > 0.75 * roofline);
}

TEST_CASE("perf: KV capacity bounds the decode batch of a full chip", "[unit][perf]") {
  // eq. I2: weights 68.98 GB (FP8); usable 80 GB x 0.9 = 72 GB; KV per sequence at its average
  // context (1,000 + 150 tokens) = 163,840 x 1,150 B = 0.188 GB -> floor(3.02 / 0.188) = 16.
  const auto e = perf::estimate_inference(llama70b_on(builtins().find_chip("h100")));
  REQUIRE(e.feasible);
  CHECK(e.decode_bound == perf::DecodeBound::kv_capacity);
  CHECK(e.decode_batch_per_chip == 16);
}

TEST_CASE("perf: a tensor-parallel replica's KV capacity counts whole sequences per replica", "[unit][perf]") {
  // Two H100 shard the weights (34.49 GB each) and every sequence's cache: the batch is a whole
  // number of sequences per replica (half-sequences per chip are allowed), all of them fit, and
  // the bound is the KV capacity (or a tile-aligned batch below it, never a per-chip floor).
  auto in = llama70b_on(builtins().find_chip("h100"));
  in.replica_chips = 2;
  in.input_tokens = 19500;  // 3.2 GB a sequence: 11.65 per chip, 23.3 per replica
  const auto e = perf::estimate_inference(in);
  REQUIRE(e.feasible);
  CHECK(e.decode_bound == perf::DecodeBound::kv_capacity);
  const double per_replica = e.decode_batch_per_chip * 2;
  const double kv_per_sequence = 163840.0 * (19500 + 150);
  CHECK(per_replica == std::floor(2 * e.hbm_headroom_bytes_per_chip / kv_per_sequence));
  CHECK(per_replica != 2 * std::floor(e.hbm_headroom_bytes_per_chip / kv_per_sequence));
}

TEST_CASE("perf: one sequence on a four-chip tensor-parallel replica is a batch of 1/4 per chip", "[unit][perf]") {
  // Concurrency 1 on a TP-4 replica (case C40a): the smallest batch a sharded replica runs is one
  // sequence, a quarter per chip; it was refused as "no room for one sequence's KV cache".
  auto in = llama70b_on(builtins().find_chip("h100"));
  in.replica_chips = 4;
  in.batch_per_chip = 0.25;
  const auto e = perf::estimate_inference(in);
  REQUIRE(e.feasible);
  CHECK(e.decode_batch_per_chip == 0.25);
  in.batch_per_chip = 1;
  CHECK(perf::estimate_inference(in).tpot_s > e.tpot_s);
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

// ---- redundant experts (eq. I11) ----------------------------------------------------------

TEST_CASE("perf: chunked prefill (eq. I12) rides in weight-bound decode steps", "[unit][perf][property]") {
  auto separate = llama70b_on(builtins().find_chip("h100"));
  separate.replica_chips = 2;
  separate.batch_per_chip = 16;  // a small batch: the step reads the weights far below the compute roofline
  auto chunked = separate;
  chunked.chunked_prefill = true;
  const auto a = perf::estimate_inference(separate);
  const auto b = perf::estimate_inference(chunked);
  REQUIRE(a.feasible);
  REQUIRE(b.feasible);
  // A decode benchmark's figure is the same batch without prompts, whatever the scheduling.
  CHECK(b.decode_tokens_per_s_per_chip == Approx(a.decode_tokens_per_s_per_chip));
  CHECK(b.prefill_tokens_per_s_per_chip == Approx(a.prefill_tokens_per_s_per_chip));
  // The prompt rows slow each step (TPOT) but share its weight reads: more output per chip.
  CHECK(b.tpot_s > a.tpot_s);
  CHECK(b.output_tokens_per_s_per_chip > a.output_tokens_per_s_per_chip);
  CHECK(b.chip_seconds_per_request == Approx(separate.output_tokens / b.output_tokens_per_s_per_chip));
  // Never better than decoding with the prompts' compute free.
  CHECK(b.output_tokens_per_s_per_chip < a.decode_tokens_per_s_per_chip);
}

TEST_CASE("perf: eq. I14 by hand: the expected busiest of n Poisson counts", "[unit][perf]") {
  // n = 2, mean 0.1: sum over j >= 1 of 1 - F(j-1)^2 = 0.181269 + 0.009336 + 0.000310 + ... = 0.190922.
  CHECK(perf::expected_max_poisson(0.1, 2) == Approx(0.190922).epsilon(1e-5));
  // n = 8, mean 0.5 (the prompts per rank of a step in case C43's neighbourhood): 1.63717; a
  // 200,000-draw simulation gives 1.638.
  CHECK(perf::expected_max_poisson(0.5, 8) == Approx(1.63717).epsilon(1e-5));
  CHECK(perf::expected_max_poisson(0.7, 1) == 0.7);  // one rank is its own busiest
  CHECK(perf::expected_max_poisson(0, 8) == 0.0);
  // The normal limit beyond a mean of 50 joins the exact sum within half a percent.
  CHECK(perf::expected_max_poisson(50.001, 8) == Approx(perf::expected_max_poisson(49.999, 8)).epsilon(5e-3));
}

TEST_CASE("perf: the busiest of n ranks grows with n and never falls below the mean", "[unit][perf][property]") {
  for (double mean : {0.01, 0.3, 2.0, 20.0, 80.0}) {
    double last = mean;
    for (double n : {1.0, 2.0, 8.0, 32.0, 256.0}) {
      const double v = perf::expected_max_poisson(mean, n);
      CHECK(v >= last * (1 - 1e-12));
      last = v;
    }
  }
}

TEST_CASE("perf: whole prompts over data-parallel attention ranks slow the step (eq. I14); chunks do not", "[unit][perf][property]") {
  // DeepSeek-V3 on 8 H200 with data-parallel attention, 128 sequences per chip, 1K/2K (case C43).
  perf::InferenceInputs in;
  in.model = builtins().find_model("deepseek-v3");
  in.chip = builtins().find_chip("h200");
  in.precision = catalog::Precision::fp8;
  in.input_tokens = 1024;
  in.output_tokens = 2048;
  in.replica_chips = 8;
  in.attention_parallelism = perf::AttentionParallelism::data;
  in.batch_per_chip = 128;
  in.chunked_prefill = true;
  auto balanced = in;
  in.whole_prompts = true;
  const auto uneven = perf::estimate_inference(in);
  const auto even = perf::estimate_inference(balanced);
  REQUIRE(uneven.feasible);
  REQUIRE(even.feasible);
  // Every rank waits for the one holding the step's prompts: longer steps, less output.
  CHECK(uneven.tpot_s > even.tpot_s);
  CHECK(uneven.output_tokens_per_s_per_chip < even.output_tokens_per_s_per_chip);
  // A decode benchmark's figure (no prompts in the step) and prefill are untouched.
  CHECK(uneven.decode_tokens_per_s_per_chip == Approx(even.decode_tokens_per_s_per_chip));
  CHECK(uneven.prefill_tokens_per_s_per_chip == Approx(even.prefill_tokens_per_s_per_chip));
  // Tensor-parallel attention shares every prompt across the replica: nothing to balance.
  in.attention_parallelism = balanced.attention_parallelism = perf::AttentionParallelism::tensor;
  CHECK(perf::estimate_inference(in).output_tokens_per_s_per_chip == Approx(perf::estimate_inference(balanced).output_tokens_per_s_per_chip));
}

TEST_CASE("perf: with chunked prefill a TPOT target sees the prompt chunks", "[unit][perf][property]") {
  auto in = llama70b_on(builtins().find_chip("h100"));
  in.replica_chips = 2;
  in.chunked_prefill = true;
  const auto free_run = perf::estimate_inference(in);
  REQUIRE(free_run.feasible);
  in.tpot_target_s = free_run.tpot_s * 0.8;
  const auto capped = perf::estimate_inference(in);
  REQUIRE(capped.feasible);
  CHECK(capped.tpot_s <= *in.tpot_target_s * (1 + 1e-9));
  CHECK(capped.decode_batch_per_chip < free_run.decode_batch_per_chip);
}

TEST_CASE("perf: each redundant expert takes one expert's weights, spread over the replica", "[unit][perf][property]") {
  // One expert of DeepSeek-V3 over its 58 MoE layers: 58 x 3 x 7168 x 2048 FP8 bytes = 2.55 GB;
  // over 32 chips, 80 MB per chip per redundant copy. Headroom never rises as copies are added.
  auto in = v3_decode_on_h100();
  in.replica_chips = 32;
  in.batch_per_chip.reset();  // the KV-capacity bound: the batch follows the headroom
  const auto& v3 = *in.model;
  const double per_copy_per_chip = catalog::routed_expert_params(v3) * 1.0 / v3.moe->routed_experts / 32;
  CHECK(per_copy_per_chip == Approx(58.0 * 3 * 7168 * 2048 / 32));
  const auto base = perf::estimate_inference(in);
  REQUIRE(base.feasible);
  double headroom = base.hbm_headroom_bytes_per_chip, batch = base.decode_batch_per_chip;
  for (double r : {1.0, 8.0, 32.0, 64.0, 128.0}) {
    in.redundant_experts = r;
    const auto e = perf::estimate_inference(in);
    INFO(r << " redundant experts");
    REQUIRE(e.feasible);
    CHECK(e.hbm_headroom_bytes_per_chip == Approx(base.hbm_headroom_bytes_per_chip - r * per_copy_per_chip));
    CHECK(e.hbm_headroom_bytes_per_chip < headroom);
    CHECK(e.decode_batch_per_chip <= batch);
    headroom = e.hbm_headroom_bytes_per_chip;
    batch = e.decode_batch_per_chip;
  }
  CHECK(batch < base.decode_batch_per_chip);  // 128 copies (10 GB per chip) cost KV capacity
}

TEST_CASE("perf: 4-bit experts in FP8 GEMMs free half the experts' HBM and read half their bytes", "[unit][perf]") {
  // DeepSeek-V3's routed experts at FP8 on a 32-chip replica, then stored in 4 bits
  // (expert_weight_precision: fp4): headroom grows by half their bytes per chip; at a fixed batch
  // the memory-bound decode step gets shorter; a dense model is untouched.
  auto in = v3_decode_on_h100();
  in.replica_chips = 32;
  in.batch_per_chip = 64;
  const auto& v3 = *in.model;
  const auto fp8 = perf::estimate_inference(in);
  in.expert_weight_bytes = 0.5;
  const auto fp4 = perf::estimate_inference(in);
  REQUIRE(fp8.feasible);
  REQUIRE(fp4.feasible);
  CHECK(fp4.hbm_headroom_bytes_per_chip == Approx(fp8.hbm_headroom_bytes_per_chip + catalog::routed_expert_params(v3) * 0.5 / 32));
  CHECK(fp4.decode_batch_per_chip == fp8.decode_batch_per_chip);  // fixed by the helper
  CHECK(fp4.decode_step_s < fp8.decode_step_s);
  CHECK(fp4.decode_step_s > 0.5 * fp8.decode_step_s);  // attention, dense weights and KV reads stay
  in.expert_weight_bytes = 1;  // the same as precision: exactly the default
  CHECK(perf::estimate_inference(in).decode_step_s == fp8.decode_step_s);
  in.model = builtins().find_model("llama-3.1-70b");  // no routed experts: nothing to store apart
  in.attention_parallelism = perf::AttentionParallelism::automatic;
  in.expert_weight_bytes = 0;
  const auto dense = perf::estimate_inference(in);
  in.expert_weight_bytes = 0.5;
  REQUIRE(dense.feasible);
  CHECK(perf::estimate_inference(in).decode_step_s == dense.decode_step_s);
}

TEST_CASE("perf: FP4 experts beside FP8 attention sit between all-FP8 and all-FP4 (expert_precision)", "[unit][perf]") {
  // DeepSeek-V3 decode on 16 B200 at 64 sequences per chip: routed experts in NVFP4 (weights and
  // activations) with everything else in FP8, as NVIDIA's FP4 checkpoints run. The experts' bytes
  // halve (headroom grows by exactly that) and their GEMMs run at the FP4 peak, so the step is
  // shorter than all-FP8 and longer than all-FP4 (attention and dense weights stay FP8).
  auto in = v3_decode_on_h100();
  in.chip = builtins().find_chip("b200");
  in.replica_chips = 16;
  in.batch_per_chip = 64;
  const auto fp8 = perf::estimate_inference(in);
  in.expert_precision = catalog::Precision::fp4;
  const auto mixed = perf::estimate_inference(in);
  in.expert_precision.reset();
  in.precision = catalog::Precision::fp4;
  const auto fp4 = perf::estimate_inference(in);
  REQUIRE(fp8.feasible);
  REQUIRE(mixed.feasible);
  REQUIRE(fp4.feasible);
  CHECK(mixed.hbm_headroom_bytes_per_chip == Approx(fp8.hbm_headroom_bytes_per_chip + catalog::routed_expert_params(*in.model) * 0.5 / 16));
  CHECK(mixed.decode_step_s < fp8.decode_step_s);
  CHECK(mixed.decode_step_s > fp4.decode_step_s);
  in.precision = catalog::Precision::fp8;
  in.expert_precision = catalog::Precision::fp8;  // the same as precision: exactly the default
  CHECK(perf::estimate_inference(in).decode_step_s == fp8.decode_step_s);
  // A chip without the experts' precision cannot run them, and says which key asked for it.
  in.chip = builtins().find_chip("h100");
  in.replica_chips = 32;
  in.expert_precision = catalog::Precision::fp4;
  const auto h100 = perf::estimate_inference(in);
  CHECK_FALSE(h100.feasible);
  CHECK_THAT(h100.reason, Catch::Contains("no fp4 throughput") && Catch::Contains("expert_precision"));
}

TEST_CASE("perf: redundant experts lower the imbalance (eq. M1) and a stated imbalance replaces the rule", "[unit][perf]") {
  // eq. M1: the busiest of 72 ranks, 256 experts, top-8, 256 tokens per rank; 32 copies of the
  // hottest experts spread the popularity skew over 288 slots.
  auto in = v3_decode_on_h100();
  const auto plain = perf::estimate_inference(in);
  in.redundant_experts = 32;
  const auto eplb = perf::estimate_inference(in);
  REQUIRE(plain.feasible);
  REQUIRE(eplb.feasible);
  const double skew = builtins().calibration().expert_skew;
  in.calibration = &builtins().calibration();
  CHECK(perf::estimate_inference(in).expert_imbalance == Approx(perf::expert_load_imbalance(256, 8, 72, 256, 32, skew)));
  CHECK(eplb.expert_imbalance <= plain.expert_imbalance);
  // The rule is the only change: stating the decode step's imbalance with the same copies gives
  // the same decode (prefill routes more rows per rank, so its modelled imbalance is lower).
  in.calibration = nullptr;
  in.expert_imbalance = eplb.expert_imbalance;
  const auto stated = perf::estimate_inference(in);
  CHECK(stated.decode_tokens_per_s_per_chip == Approx(eplb.decode_tokens_per_s_per_chip));
  CHECK(stated.prefill_tokens_per_s_per_chip <= eplb.prefill_tokens_per_s_per_chip);
}

TEST_CASE("perf: eq. M1 by hand: two ranks, the popularity term and the routing-noise term", "[unit][perf]") {
  // Blom's expected maximum of 2 standard normals: Phi^-1((2 - 0.375) / 2.25) = 0.5895.
  // 16 experts on 2 ranks (8 slots each), skew 0.2, 1,000 tokens x top-2 per rank:
  // cv = sqrt(0.2^2 / 8 + 1 / 2000) = 0.07416; imbalance = 1 + 0.5895 x 0.07416 = 1.04372.
  CHECK(perf::expected_max_standard_normal(2) == Approx(0.5895).epsilon(1e-3));
  CHECK(perf::expert_load_imbalance(16, 2, 2, 1000, 0, 0.2) == Approx(1.04372).epsilon(1e-4));
  // 16 redundant copies: 16 slots per rank, the skew scaled by 16/32.
  CHECK(perf::expert_load_imbalance(16, 2, 2, 1000, 16, 0.2) == Approx(1 + 0.5895 * std::sqrt(0.01 / 16 + 1.0 / 2000)).epsilon(1e-4));
  CHECK(perf::expert_load_imbalance(256, 8, 1, 1000, 0, 0.2) == 1.0);  // one rank holds every expert
}

TEST_CASE("perf: the imbalance falls towards 1, never below, as redundant experts are added", "[unit][perf][property]") {
  auto in = v3_decode_on_h100();
  in.replica_chips = 0;  // searched: wider replicas make room for many copies
  in.batch_per_chip.reset();
  double previous = std::numeric_limits<double>::infinity();
  for (double r : {0.0, 16.0, 64.0, 256.0, 1024.0}) {
    in.redundant_experts = r;
    const auto e = perf::estimate_inference(in);
    INFO(r << " redundant experts");
    REQUIRE(e.feasible);
    CHECK(e.expert_imbalance <= previous);
    CHECK(e.expert_imbalance >= 1.0);
    previous = e.expert_imbalance;
  }
}

TEST_CASE("perf: a replica too small for its redundant experts is infeasible and says so", "[unit][perf]") {
  // 16 H100: 17.1 GB dense + 40.9 GB experts of 72 GB usable; 128 copies add 20.4 GB per chip.
  auto in = v3_decode_on_h100();
  in.replica_chips = 16;
  in.batch_per_chip.reset();
  REQUIRE(perf::estimate_inference(in).feasible);
  in.redundant_experts = 128;
  const auto e = perf::estimate_inference(in);
  CHECK_FALSE(e.feasible);
  CHECK_THAT(e.reason, Catch::StartsWith("the weights do not fit"));
  CHECK_THAT(e.reason, Catch::Contains("128 redundant experts take 20.4"));
  CHECK_THAT(e.reason, Catch::Contains("16-chip replica"));
  // A pool too small for the searched replica names them as well.
  in.replica_chips = 0;
  in.max_replica_chips = 8;
  CHECK_THAT(perf::estimate_inference(in).reason, Catch::StartsWith("one copy of the weights with 128 redundant experts needs"));
}

TEST_CASE("perf: a stated expert_imbalance wins over redundant experts", "[unit][perf][property]") {
  // Prefill has no memory term, so with the imbalance stated, redundant copies change nothing.
  auto in = v3_decode_on_h100();
  for (double stated : {1.0, 1.1, 1.18, 1.5}) {
    in.expert_imbalance = stated;
    in.redundant_experts = 0;
    const auto base = perf::estimate_inference(in);
    for (double r : {8.0, 32.0, 64.0}) {
      in.redundant_experts = r;
      const auto e = perf::estimate_inference(in);
      INFO("stated " << stated << ", " << r << " redundant experts");
      REQUIRE(e.feasible);
      CHECK(e.expert_imbalance == stated);
      CHECK(e.prefill_tokens_per_s_per_chip == base.prefill_tokens_per_s_per_chip);
    }
  }
}

TEST_CASE("perf: redundant experts mean nothing for a dense model; a negative count is refused", "[unit][perf]") {
  auto in = llama70b_on(builtins().find_chip("h100"));
  const auto base = perf::estimate_inference(in);
  in.redundant_experts = 32;
  const auto e = perf::estimate_inference(in);
  CHECK(e.hbm_headroom_bytes_per_chip == base.hbm_headroom_bytes_per_chip);
  CHECK(e.decode_tokens_per_s_per_chip == base.decode_tokens_per_s_per_chip);
  auto v3 = v3_decode_on_h100();
  v3.redundant_experts = -4;  // e.g. sampled by a sweep from a normal distribution
  const auto neg = perf::estimate_inference(v3);
  CHECK_FALSE(neg.feasible);
  CHECK(neg.reason == "redundant_experts must be 0 or more, found -4");
}

TEST_CASE("scenario: redundant_experts binds, reaches the estimate and can be swept", "[unit][scenario]") {
  const std::string text = R"(name: eplb
fleet:
  pools:
    - {name: h, chip: h100, count: 72}
inference:
  - {name: d, model: deepseek-v3, demand: "1T tokens/day", input_tokens: 2000, output_tokens: 1, precision: fp8,
     replica_chips: 72, attention_parallelism: data, batch_per_chip: 256, redundant_experts: 32, pools: [h]}
)";
  auto loaded = scenario::load_scenario_text(text, "eplb.yaml", builtins());
  REQUIRE(loaded.diagnostics.empty());
  REQUIRE(loaded.scenario);
  engine::Scenario s = *loaded.scenario;
  CHECK(s.inference[0].redundant_experts == 32);
  const double skew = s.catalog.calibration().expert_skew;
  CHECK(engine::evaluate(s).inference[0].estimate.expert_imbalance == Approx(perf::expert_load_imbalance(256, 8, 72, 256, 32, skew)));
  const auto ref = engine::resolve_parameter(s, "inference[d].redundant_experts");
  REQUIRE(ref);
  CHECK(engine::get_parameter(s, *ref) == 32);
  engine::set_parameter(s, *ref, 64);
  CHECK(engine::evaluate(s).inference[0].estimate.expert_imbalance == Approx(perf::expert_load_imbalance(256, 8, 72, 256, 64, skew)));
}

TEST_CASE("scenario: expert_precision binds, reaches the estimate and labels the row", "[unit][scenario]") {
  // NVFP4 experts beside FP8 attention on B200: the row says so ("fp8, experts fp4"); the same key
  // at the service's own precision changes nothing and labels nothing.
  auto load = [](const std::string& experts) {
    const std::string text = R"(name: fp4-experts
fleet:
  pools:
    - {name: b, chip: b200, count: 16}
inference:
  - {name: d, model: deepseek-v3, demand: "1T tokens/day", input_tokens: 2000, output_tokens: 1, precision: fp8,
     expert_precision: )" + experts + R"(, replica_chips: 16, attention_parallelism: data, batch_per_chip: 64, pools: [b]}
)";
    return first_service_of(text, "fp4-experts.yaml");
  };
  const auto fp4 = load("fp4"), fp8 = load("fp8");
  REQUIRE(fp4.estimate.feasible);
  REQUIRE(fp8.estimate.feasible);
  CHECK(engine::precision_label(fp4) == "fp8, experts fp4");
  CHECK(engine::precision_label(fp8) == "fp8");
  CHECK_FALSE(fp8.expert_precision.has_value());
  CHECK(fp4.estimate.decode_step_s < fp8.estimate.decode_step_s);
}

TEST_CASE("scenario: prefill_scheduling whole and balanced bind and reach the estimate", "[unit][scenario]") {
  // The same service scheduled four ways on 8 H200 with data-parallel attention: whole prompts
  // serve less than chunks (eq. I14); balanced whole prompts are priced as chunks; all three
  // carry prompt rows in the decode steps (eq. I12), unlike separate.
  auto load = [](const std::string& scheduling) {
    const std::string text = R"(name: adp-balance
fleet:
  pools:
    - {name: h, chip: h200, count: 8}
inference:
  - {name: s, model: deepseek-v3, demand: "1T tokens/day", input_tokens: 1024, output_tokens: 2048, precision: fp8,
     replica_chips: 8, attention_parallelism: data, batch_per_chip: 128, prefill_scheduling: )" + scheduling + R"(, pools: [h]}
)";
    return first_service_of(text, "adp-balance.yaml").estimate;
  };
  const auto uneven = load("whole"), chunked = load("chunked"), even = load("balanced"), apart = load("separate");
  REQUIRE(uneven.feasible);
  REQUIRE(chunked.feasible);
  REQUIRE(even.feasible);
  REQUIRE(apart.feasible);
  CHECK(chunked.output_tokens_per_s_per_chip > uneven.output_tokens_per_s_per_chip);
  CHECK(even.output_tokens_per_s_per_chip == Approx(chunked.output_tokens_per_s_per_chip));
  CHECK(uneven.tpot_s > apart.tpot_s);  // prompt rows ride in the steps
  CHECK(even.tpot_s > apart.tpot_s);
}

TEST_CASE("perf: eq. I15 by hand: vLLM-Ascend's host time bounds a one-sequence step, not a saturated one", "[unit][perf]") {
  // Qwen3-32B on a TP-4 replica of 910B (case C40's shape). With a host time of 1 ms per layer a
  // one-sequence step waits for the host: 64 layers x 1 ms, exactly. The same stack's prefill
  // (16,384 prompt rows a pass) and an overlapped stack's decode are device-bound as before.
  catalog::Calibration cal = builtins().calibration();
  cal.vllm_ascend_layer_s = 1e-3;
  perf::InferenceInputs in;
  in.model = builtins().find_model("qwen3-32b");
  in.chip = builtins().find_chip("ascend-910b");
  in.precision = catalog::Precision::bf16;
  in.input_tokens = 150;
  in.output_tokens = 2700;
  in.replica_chips = 4;
  in.batch_per_chip = 0.25;
  in.calibration = &cal;
  const auto device = perf::estimate_inference(in);
  in.serving_stack = perf::ServingStack::vllm_ascend;
  const auto host = perf::estimate_inference(in);
  REQUIRE(device.feasible);
  REQUIRE(host.feasible);
  REQUIRE(in.model->layers == 64);
  CHECK(device.decode_step_s < 0.064);  // the device alone is faster than the host
  CHECK(host.decode_step_s == Approx(0.064).epsilon(1e-12));
  CHECK(host.tpot_s == Approx(0.064).epsilon(1e-12));
  CHECK(host.decode_host_bound);
  CHECK_FALSE(device.decode_host_bound);
  CHECK(host.prefill_tokens_per_s_per_chip == Approx(device.prefill_tokens_per_s_per_chip));
  // A host time of zero is the overlapped stack.
  cal.vllm_ascend_layer_s = 0;
  CHECK(perf::estimate_inference(in).decode_step_s == Approx(device.decode_step_s).epsilon(1e-12));
}

TEST_CASE("perf: a host-bound step (eq. I15) never makes serving faster, and a larger batch amortises it", "[unit][perf][property]") {
  catalog::Calibration cal = builtins().calibration();
  cal.vllm_ascend_layer_s = 0.9e-3;
  perf::InferenceInputs in = llama70b_on(builtins().find_chip("h100"));
  in.calibration = &cal;
  double last_rate = 0;
  for (double batch : {1.0, 2.0, 4.0, 8.0}) {  // up to what the KV capacity holds
    in.batch_per_chip = batch;
    in.serving_stack = perf::ServingStack::overlapped;
    const auto fast = perf::estimate_inference(in);
    in.serving_stack = perf::ServingStack::vllm_ascend;
    const auto slow = perf::estimate_inference(in);
    REQUIRE(fast.feasible);
    REQUIRE(slow.feasible);
    INFO(batch);
    CHECK(slow.decode_step_s >= fast.decode_step_s);
    CHECK(slow.decode_tokens_per_s_per_chip > last_rate);
    last_rate = slow.decode_tokens_per_s_per_chip;
  }
}

TEST_CASE("scenario: serving_stack binds and reaches the estimate: the step is the larger of device and host time", "[unit][scenario]") {
  auto load = [](const std::string& stack) {
    const std::string text = R"(name: stack
fleet:
  pools:
    - {name: a2, chip: ascend-910b, count: 4}
inference:
  - {name: s, model: qwen3-32b, demand: "1B tokens/day", input_tokens: 150, output_tokens: 2700, precision: bf16,
     replica_chips: 4, batch_per_chip: 0.25, serving_stack: )" + stack + R"(, pools: [a2]}
)";
    return first_service_of(text, "stack.yaml");
  };
  const auto overlapped = load("overlapped"), ascend = load("vllm-ascend");
  REQUIRE(overlapped.estimate.feasible);
  REQUIRE(ascend.estimate.feasible);
  CHECK(ascend.serving_stack == perf::ServingStack::vllm_ascend);
  CHECK(overlapped.serving_stack == perf::ServingStack::overlapped);
  const double layers = 64, host = builtins().calibration().vllm_ascend_layer_s;
  REQUIRE(host > 0);  // the shipped constant is fitted (scenarios/catalog/calibration.yaml)
  CHECK(ascend.estimate.decode_step_s == Approx(std::max(overlapped.estimate.decode_step_s, layers * host)));
}

TEST_CASE("scenario: redundant_experts on a dense model is an error", "[unit][scenario]") {
  const std::string text = R"(name: dense
fleet:
  pools:
    - {name: h, chip: h100, count: 8}
inference:
  - {name: d, model: llama-2-70b, demand: "1T tokens/day", input_tokens: 1000, output_tokens: 300, precision: fp8,
     redundant_experts: 8, pools: [h]}
)";
  const auto loaded = scenario::load_scenario_text(text, "dense.yaml", builtins());
  REQUIRE(loaded.diagnostics.size() == 1);
  CHECK(loaded.diagnostics[0].code == core::ErrorCode::invalid_value);
  CHECK_THAT(loaded.diagnostics[0].message, Catch::Contains("llama-2-70b is a dense model"));
}

TEST_CASE("perf: the memory roofline (eq. I13) by hand: weights and the batch's cache read once per step", "[unit][perf]") {
  // Llama 2 70B on one H100, FP8 weights and KV, KV-bound at 16 sequences (the case above): a
  // step reads 68.98 GB of weights and 16 caches of 163,840 B x 1,150 tokens, at 3.35 TB/s at best.
  const auto in = llama70b_on(builtins().find_chip("h100"));
  const auto e = perf::estimate_inference(in);
  REQUIRE(e.feasible);
  REQUIRE(e.decode_bound == perf::DecodeBound::kv_capacity);
  const auto& m = *in.model;
  const double kv_per_seq = catalog::kv_elements_per_token(m) * 1150 + catalog::state_elements_per_sequence(m);
  const double largest = std::floor(e.hbm_headroom_bytes_per_chip / kv_per_seq);
  const double bytes = catalog::total_params(m) + largest * kv_per_seq;
  CHECK(e.memory_roofline_tokens_per_s_per_chip == Approx(largest * in.chip->hbm_bytes_per_s / bytes));
  // No rate the model gives exceeds it, and nothing is flagged.
  CHECK(e.decode_tokens_per_s_per_chip < e.memory_roofline_tokens_per_s_per_chip);
  CHECK(e.output_tokens_per_s_per_chip < e.memory_roofline_tokens_per_s_per_chip);
  CHECK(e.warnings == 0);
  CHECK(perf::describe_warnings(e, *in.chip).empty());
}

TEST_CASE("perf: the memory roofline reads only the experts a small decode step touches", "[unit][perf]") {
  // DeepSeek-V3 on 72 H100 with data-parallel attention, one sequence per chip: 72 tokens each
  // pick 8 of 256 experts, so an expert is idle with probability (1 - 8/256)^72 and a chip reads
  // that share less of its experts; the dense part is replicated, so every chip reads all of it.
  auto in = v3_decode_on_h100();
  in.batch_per_chip = 1;
  const auto e = perf::estimate_inference(in);
  REQUIRE(e.feasible);
  const auto& m = *in.model;
  const double routed = catalog::routed_expert_params(m);  // FP8: one byte each
  const double touched = 1 - std::pow(1 - 8.0 / 256, 72);
  const double kv = (catalog::kv_elements_per_token(m) * 2000.5 + catalog::state_elements_per_sequence(m)) * in.kv_bytes_per_element;
  const double bytes = catalog::total_params(m) - routed + routed / 72 * touched + kv;
  CHECK(e.memory_roofline_tokens_per_s_per_chip == Approx(in.chip->hbm_bytes_per_s / bytes));
  CHECK(e.decode_tokens_per_s_per_chip < e.memory_roofline_tokens_per_s_per_chip);
}

TEST_CASE("perf: a decode faster than its memory roofline is flagged and names the term", "[unit][perf]") {
  // A calibration claiming 1.5x the HBM's peak bandwidth: the weight-bound decode step beats
  // what the chip can read, and the guard says which constant to check.
  perf::Calibration cal = perf::default_calibration();
  cal.hbm_efficiency = 1.5;
  auto in = llama70b_on(builtins().find_chip("h100"));
  in.calibration = &cal;
  const auto e = perf::estimate_inference(in);
  REQUIRE(e.feasible);
  CHECK(e.decode_tokens_per_s_per_chip > e.memory_roofline_tokens_per_s_per_chip);
  CHECK((e.warnings & static_cast<unsigned>(perf::ServingWarning::above_memory_roofline)) != 0);
  const auto text = perf::describe_warnings(e, *in.chip);
  REQUIRE(text.size() == 1);
  CHECK_THAT(text[0], Catch::Contains("h100's peak HBM bandwidth") && Catch::Contains("eq. I13") && Catch::Contains("hbm_efficiency"));
}

TEST_CASE("perf: prompt chunks never make a decode-only rate look faster than its roofline", "[unit][perf][property]") {
  // Chunked prefill (eq. I12) at one sequence per chip: the prompt rows touch nearly every expert
  // while the decode rows touch a few. Eq. I13 counts the decode rows only, so it bounds the
  // decode-only rate (what a decode benchmark measures) and the output rate alike, and the guard
  // stays silent on a physical estimate.
  for (double batch : {1.0, 4.0, 32.0}) {
    auto in = v3_decode_on_h100();
    in.batch_per_chip = batch;
    in.output_tokens = 100;
    in.chunked_prefill = true;
    const auto e = perf::estimate_inference(in);
    INFO("batch " << batch);
    REQUIRE(e.feasible);
    CHECK(e.decode_tokens_per_s_per_chip <= e.memory_roofline_tokens_per_s_per_chip);
    CHECK(e.output_tokens_per_s_per_chip <= e.memory_roofline_tokens_per_s_per_chip);
    CHECK(e.warnings == 0);
  }
}

namespace {
double split_total(const perf::DecodeStepSplit& d) {
  return d.matmul_s + d.expert_matmul_s + d.attention_s + d.elementwise_s + d.tp_comm_s + d.ep_comm_s + d.host_wait_s;
}
}  // namespace

TEST_CASE("perf: a decode step's parts add up to the step, and only when asked for", "[unit][perf][property]") {
  // "Where a decode step goes" (inference.md): kernels by kind, exposed communication and host
  // wait sum to decode_step_s for dense and MoE models, tensor- and expert-parallel replicas,
  // with a host-bound stack; a sweep's samples (split_decode_step false) pay nothing for it.
  catalog::Calibration cal = builtins().calibration();
  cal.vllm_ascend_layer_s = 1e-3;
  std::vector<perf::InferenceInputs> cases{llama70b_on(builtins().find_chip("h100")), v3_decode_on_h100()};
  cases[0].replica_chips = 4;  // a TP-4 replica: all-reduces in the step
  cases.push_back(cases[0]);
  cases.back().serving_stack = perf::ServingStack::vllm_ascend;
  cases.back().batch_per_chip = 0.25;
  for (auto& in : cases) {
    in.calibration = &cal;
    const auto plain = perf::estimate_inference(in);
    in.split_decode_step = true;
    const auto e = perf::estimate_inference(in);
    REQUIRE(e.feasible);
    INFO(in.model->id << " on " << in.replica_chips << " chips");
    CHECK(split_total(plain.decode_split) == 0);
    CHECK(e.decode_step_s == plain.decode_step_s);  // the split changes nothing it reports
    const auto& d = e.decode_split;
    CHECK(split_total(d) == Approx(e.decode_step_s).epsilon(1e-12));
    CHECK(d.matmul_s > 0);
    CHECK(d.attention_s > 0);
    CHECK((d.expert_matmul_s > 0) == in.model->moe.has_value());
    CHECK((d.host_wait_s > 0) == e.decode_host_bound);
    if (in.replica_chips > 1 && !in.model->moe) CHECK(d.tp_comm_s > 0);
    if (in.model->moe) CHECK(d.ep_comm_s > 0);
  }
}
