// First-order training model: time and chip-hours from FLOPs and achieved throughput.
#include <catch2/catch.hpp>
#include <algorithm>

#include "flopcast/perf/training_estimate.hpp"
#include "flopcast/perf/training_step.hpp"
#include "flopcast/scenario/load.hpp"
#include "support/builtins.hpp"
#include "support/run_binary.hpp"

using namespace flopcast;

namespace {
const catalog::Catalog& builtins() { return test::builtin_catalog(); }

/// A stated ZeRO-1 data-parallel layout of `model` on `chip` over `dp` chips, one sequence each,
/// with `cal` (the data-parallel tests set its overlap to 0 to see every byte).
perf::TrainingStepInputs stated_dp(const char* model, const char* chip, int sequence_length, int dp, const perf::Calibration& cal) {
  perf::TrainingStepInputs in;
  in.model = builtins().find_model(model);
  in.chip = builtins().find_chip(chip);
  in.sequence_length = sequence_length;
  in.global_batch_sequences = dp;
  in.calibration = &cal;
  in.stated_layout = true;
  in.layout.dp = dp;
  in.layout.zero_stage = 1;
  return in;
}

/// A chip's NIC and scale-up link at the calibration's efficiencies (eq. C1).
struct Links {
  double nic = 0, up = 0;
};
Links links(const catalog::ChipSpec& chip, const perf::Calibration& cal) {
  return {*chip.scale_out_bytes_per_s * cal.link_efficiency,
          chip.scale_up_bytes_per_s * (chip.scale_up_efficiency > 0 ? chip.scale_up_efficiency : cal.link_efficiency)};
}
}  // namespace

TEST_CASE("perf: DeepSeek-V3 on 2,048 H800 at its measured MFU reproduces the published GPU-hours", "[unit][perf]") {
  // eq. T1-T4: 250.4 GFLOP/token x 14.8T tokens = 3.706e24 FLOP; achieved = 2,048 x 989 TFLOPS x
  // 0.3894 = 7.887e17 FLOP/s; time = 4.70e6 s = 54.4 days; GPU-hours = 4.70e6 x 2,048 / 3,600 =
  // 2.673M. Published: 2.664M (DeepSeek-V3 report, Table 1): +0.3 %.
  perf::TrainingInputs in{builtins().find_model("deepseek-v3"), builtins().find_chip("h800"), 2048, 14.8e12, 4096,
                          catalog::Precision::bf16, 0.3894, perf::AttentionAccounting::causal};
  const auto e = perf::estimate_training(in);
  REQUIRE(e.status == perf::EstimateStatus::ok);
  CHECK(e.chip_hours == Approx(2.664e6).epsilon(0.01));
  CHECK(e.time_s / 86400 == Approx(54.4).epsilon(0.01));
}

TEST_CASE("perf: a precision the chip lacks makes a run infeasible, with the reason", "[unit][perf]") {
  perf::TrainingInputs in{builtins().find_model("deepseek-v3"), builtins().find_chip("ascend-910c"), 1000, 1e12, 4096,
                          catalog::Precision::fp8, 0.3, perf::AttentionAccounting::causal};
  const auto e = perf::estimate_training(in);
  CHECK(e.status == perf::EstimateStatus::infeasible);
  CHECK(e.reason == "ascend-910c has no fp8 throughput in the catalog");
}

TEST_CASE("perf: twice the chips halve the training time", "[unit][perf][property]") {
  perf::TrainingInputs in{builtins().find_model("llama-3.1-405b"), builtins().find_chip("h100"), 8192, 15e12, 8192,
                          catalog::Precision::bf16, 0.4, perf::AttentionAccounting::causal};
  const double t1 = perf::estimate_training(in).time_s;
  in.chips *= 2;
  CHECK(perf::estimate_training(in).time_s == Approx(t1 / 2));
}

TEST_CASE("perf: counting DeepSeek-V3's MTP module adds one layer and the LM head", "[unit][perf]") {
  // eq. T5b: V3's MTP module: attention 187.1M + shared and 8 routed experts 9 x 44.04M + router
  // 1.84M + projection 2 x 7,168^2 = 102.8M + LM head 129,280 x 7,168 = 926.7M -> 1.614B weights,
  // 6 x 1.614B = 9.69 GFLOP, plus one layer's share of attention, 30.7 G / 61 = 0.50 G:
  // 250.4 -> 260.6 GFLOP per token (causal, 4K).
  const auto& v3 = *builtins().find_model("deepseek-v3");
  const auto plain = perf::training_flops_split(v3, 4096, perf::AttentionAccounting::causal, false);
  const auto mtp = perf::training_flops_split(v3, 4096, perf::AttentionAccounting::causal, true);
  const double a = plain.dense_matmul + plain.routed_matmul + plain.attention;
  const double b = mtp.dense_matmul + mtp.routed_matmul + mtp.attention;
  CHECK(a == Approx(250.4e9).epsilon(0.001));
  CHECK(b - a == Approx(9.69e9 + 0.50e9).epsilon(0.01));
}

namespace {

/// eq. C4 with the chip's catalog latency (NCCL's on NVIDIA chips): `steps` ring steps, `inter`
/// of them between domains.
double ring_latency(const catalog::ChipSpec& chip, double steps, double inter) {
  REQUIRE(chip.collective_latency);
  const auto& l = *chip.collective_latency;
  return l.base_s + (steps - inter) * l.scale_up_step_s + inter * l.scale_out_step_s;
}

}  // namespace

TEST_CASE("perf: a chip with its library's latency model ignores the fitted per-step latency; one without pays it per step (eq. C4)",
          "[unit][perf]") {
  // The same 16-way data-parallel ring, no overlap, with the fitted latency at 0 and at 10 us.
  auto dp_comm = [](const char* chip, double alpha) {
    perf::Calibration cal = perf::default_calibration();
    cal.dp_overlap = 0;
    cal.collective_latency_s = alpha;
    auto in = stated_dp("llama-3.1-8b", chip, 8192, 16, cal);
    const auto e = perf::estimate_training_step(in);
    REQUIRE(e.feasible);
    return e.time.dp_comm_s;
  };
  CHECK(dp_comm("h100", 10e-6) == Approx(dp_comm("h100", 0)));                       // NCCL's model
  CHECK(dp_comm("ascend-910c", 10e-6) - dp_comm("ascend-910c", 0) == Approx(30 * 10e-6));  // 2 (16 - 1) steps of alpha
}

TEST_CASE("perf: a data-parallel ring across DGX nodes runs at its members' NICs together (eq. C1b)", "[unit][perf]") {
  // Llama 3.1 8B on 16 H100 (two DGX nodes), tp 1, dp 16, ZeRO-1, no overlap: the gradient
  // all-reduce is 2·15/16 · 2 bytes · P over the 8 NICs of a node (8 × 400 Gb/s at the link
  // efficiency; at most NVLink's rate), not over one, plus NCCL's latency for 2·15 ring steps,
  // 2 of them between the nodes (eq. C4).
  perf::Calibration cal = perf::default_calibration();
  cal.dp_overlap = 0;
  auto in = stated_dp("llama-3.1-8b", "h100", 8192, 16, cal);
  const auto& m = *in.model;
  const auto e = perf::estimate_training_step(in);
  REQUIRE(e.feasible);
  const auto [nic, up] = links(*in.chip, cal);
  const double params = catalog::total_params(m);
  CHECK(e.time.dp_comm_s == Approx(2.0 * 15 / 16 * 2 * params / std::min(up, 8 * nic) + ring_latency(*in.chip, 30, 2)));
  // tp 8 x dp 2 on the same 16 chips: the two members of each ring sit in different nodes.
  in.layout.dp = 2;
  in.layout.tp = 8;
  in.global_batch_sequences = 2;
  const auto wide = perf::estimate_training_step(in);
  REQUIRE(wide.feasible);
  CHECK(wide.time.dp_comm_s == Approx(2.0 * 1 / 2 * 2 * params / 8 / nic + ring_latency(*in.chip, 2, 2)));
}

TEST_CASE("perf: routed experts are reduced and sharded over the expert data-parallel group only", "[unit][perf]") {
  // DeepSeek-V3 on 64 H800 with ep = dp = 64: every expert lives on one chip, so only the dense
  // weights cross the data-parallel ring; at ep 8 each expert has 8 replicas to reduce.
  perf::Calibration cal = perf::default_calibration();
  cal.dp_overlap = 0;
  auto in = stated_dp("deepseek-v3", "h800", 4096, 64, cal);
  const auto& m = *in.model;
  in.layout.ep = 64;
  in.expert_imbalance = 1;
  const auto full = perf::estimate_training_step(in);
  REQUIRE(full.feasible);
  const auto [nic, up] = links(*in.chip, cal);
  const double dense = catalog::total_params(m) - catalog::routed_expert_params(m);
  CHECK(full.time.dp_comm_s == Approx(2.0 * 63 / 64 * 2 * dense / std::min(up, 8 * nic) + ring_latency(*in.chip, 126, 14)));
  // ZeRO-1 shards each part's optimizer states over its own replicas (eq. T11): the dense part
  // over 64, the experts (one copy each) not at all.
  CHECK(full.memory.optimizer == Approx(12 * (dense / 64 + catalog::routed_expert_params(m) / 64)));
  in.layout.ep = 8;  // expert group 64 / 8 = 8 chips, ep ranks apart: one per node, one NIC each
  const auto part = perf::estimate_training_step(in);
  REQUIRE(part.feasible);
  const double experts = catalog::routed_expert_params(m) / 8;
  CHECK(part.time.dp_comm_s == Approx(full.time.dp_comm_s + 2.0 * 7 / 8 * 2 * experts / nic + ring_latency(*in.chip, 14, 14)));
}

TEST_CASE("perf: torchtitan's per-op checkpointing recomputes wk, wo, w3 and keeps the attention output (eq. T6b)",
          "[unit][perf][property]") {
  // Llama 3.1 8B on 8 H100, FSDP: per-op recomputes more than Megatron's selective (three GEMMs
  // against the attention kernel) and less than full; it keeps less than selective and more
  // than full (the layer's input alone).
  const perf::Calibration& cal = perf::default_calibration();
  auto in = stated_dp("llama-3.1-8b", "h100", 8192, 8, cal);
  in.layout.zero_stage = 3;
  auto with = [&](perf::Recompute r) {
    in.layout.recompute = r;
    const auto e = perf::estimate_training_step(in);
    REQUIRE(e.feasible);
    return e;
  };
  const auto selective = with(perf::Recompute::selective), op = with(perf::Recompute::op), full = with(perf::Recompute::full);
  CHECK(selective.time.compute_s < op.time.compute_s);
  CHECK(op.time.compute_s < full.time.compute_s);
  CHECK(op.memory.activations < selective.memory.activations);
  CHECK(full.memory.activations < op.memory.activations);
  // Hardware FLOPs: the recomputed share of the matmul weights, no attention again.
  const auto& m = *in.model;
  const double h = m.hidden, kv = m.attention.kv_heads * m.attention.head_dim, o = m.attention.heads * m.attention.head_dim;
  const double share = m.layers * (h * kv + o * h + h * m.ffn.hidden) / catalog::matmul_params_per_token(m);
  CHECK(share == Approx(0.31).margin(0.03));  // wk, wo, w3 of Llama 3.1 8B, LM head included in the total
  const double model_flops = op.model_flop_per_s_per_chip / op.tokens_per_s_per_chip;
  const auto split = perf::training_flops_split(m, 8192, in.accounting);
  CHECK(op.hardware_flop_per_s_per_chip / op.tokens_per_s_per_chip ==
        Approx(model_flops + (split.dense_matmul + split.routed_matmul) * share / 3));
}

TEST_CASE("perf: per-op checkpointing recomputes an unfused attention core whole (eq. T6b)", "[unit][perf][property]") {
  // Megatron-style unfused attention is batched GEMMs and a softmax, none of which torchtitan's
  // policy saves: per-op then recomputes the core as well, and keeps none of its score matrices.
  const perf::Calibration& cal = perf::default_calibration();
  auto in = stated_dp("llama-3.1-8b", "h100", 4096, 8, cal);
  in.layout.zero_stage = 3;
  in.layout.recompute = perf::Recompute::op;
  const auto fused = perf::estimate_training_step(in);
  in.attention_kernel = perf::AttentionKernel::unfused;
  const auto unfused = perf::estimate_training_step(in);
  in.layout.recompute = perf::Recompute::none;
  const auto kept = perf::estimate_training_step(in);
  REQUIRE(fused.feasible);
  REQUIRE(unfused.feasible);
  REQUIRE(kept.feasible);
  // The unfused core's forward runs twice under per-op, once when everything is kept.
  CHECK(unfused.time.compute_s > kept.time.compute_s);
  CHECK(unfused.memory.activations < kept.memory.activations);
  CHECK(unfused.memory.activations < fused.memory.activations);  // neither scores nor the attention output kept
  // Hardware FLOPs count the recomputed core: attention three times 4/3 more than the fused run.
  const auto split = perf::training_flops_split(*in.model, 4096, in.accounting);
  const double fused_hw = fused.hardware_flop_per_s_per_chip / fused.tokens_per_s_per_chip;
  const double unfused_hw = unfused.hardware_flop_per_s_per_chip / unfused.tokens_per_s_per_chip;
  CHECK(unfused_hw == Approx(fused_hw + split.attention / 3));
}

namespace {
/// The four kinds of kernel time of a step, summed.
double kernel_kinds(const perf::StepBreakdown& t) { return t.matmul_s + t.expert_matmul_s + t.attention_s + t.elementwise_s; }
}  // namespace

TEST_CASE("perf: a step's compute splits into matmuls, expert matmuls, attention and element-wise kernels under every policy",
          "[unit][perf][property]") {
  // "Where a step goes" (training.md): the four kinds add up to compute_s whatever is recomputed,
  // and the whole step is compute plus the exposed communication, the bubble and the optimizer.
  const perf::Calibration& cal = perf::default_calibration();
  for (const char* model : {"llama-3.1-8b", "qwen3-30b-a3b", "deepseek-v3"}) {
    for (const auto kernel : {perf::AttentionKernel::flash, perf::AttentionKernel::unfused}) {
      for (const auto policy : {perf::Recompute::none, perf::Recompute::selective, perf::Recompute::full, perf::Recompute::op}) {
        auto in = stated_dp(model, "h100", 4096, 64, cal);
        in.attention_kernel = kernel;
        in.layout.recompute = policy;
        in.layout.recompute_modules = perf::module_bit(perf::RecomputeModule::core_attn) | perf::module_bit(perf::RecomputeModule::moe_act) |
                                      perf::module_bit(perf::RecomputeModule::layernorm) | perf::module_bit(perf::RecomputeModule::moe);
        in.layout.pp = 4;
        in.layout.dp = 16;
        if (in.model->moe) in.layout.ep = 16;
        const auto e = perf::estimate_training_step(in);
        INFO(model << ", policy " << static_cast<int>(policy) << ", kernel " << static_cast<int>(kernel));
        REQUIRE(e.feasible);
        const auto& t = e.time;
        CHECK(kernel_kinds(t) == Approx(t.compute_s).epsilon(1e-12));
        CHECK(t.compute_s + t.tp_comm_s + t.ep_comm_s + t.cp_comm_s + t.pp_comm_s + t.dp_comm_s + t.bubble_s + t.optimizer_s ==
              Approx(t.step_s).epsilon(1e-12));
        CHECK(t.matmul_s > 0);
        CHECK(t.attention_s > 0);
        CHECK(t.elementwise_s > 0);
        CHECK((t.expert_matmul_s > 0) == in.model->moe.has_value());
      }
    }
  }
}

TEST_CASE("perf: recomputation repeats each kind of kernel it names: the attention core under selective, everything under full",
          "[unit][perf][property]") {
  const perf::Calibration& cal = perf::default_calibration();
  auto in = stated_dp("llama-3.1-8b", "h100", 8192, 8, cal);
  in.layout.zero_stage = 3;
  auto with = [&](perf::Recompute r) {
    in.layout.recompute = r;
    const auto e = perf::estimate_training_step(in);
    REQUIRE(e.feasible);
    return e.time;
  };
  const auto none = with(perf::Recompute::none);
  in.layout.recompute_modules = perf::module_bit(perf::RecomputeModule::core_attn);
  const auto selective = with(perf::Recompute::selective);
  const auto full = with(perf::Recompute::full);
  // Selective (the attention core only) adds the core's forward and nothing else.
  CHECK(selective.matmul_s == Approx(none.matmul_s));
  CHECK(selective.elementwise_s == Approx(none.elementwise_s));
  CHECK(selective.attention_s > none.attention_s);
  // Full repeats every layer's forward: more matmuls and element-wise kernels, and the core's
  // forward once, as selective does.
  CHECK(full.matmul_s > none.matmul_s);
  CHECK(full.elementwise_s > none.elementwise_s);
  CHECK(full.attention_s == Approx(selective.attention_s));
  // A longer sequence shifts the step towards attention (quadratic in the sequence, matmuls linear).
  in.layout.recompute = perf::Recompute::none;
  in.sequence_length = 32768;
  const auto longer = perf::estimate_training_step(in);
  REQUIRE(longer.feasible);
  CHECK(longer.time.attention_s / longer.time.compute_s > none.attention_s / none.compute_s);
}

TEST_CASE("perf: hyper-connection streams add residual traffic, linear in the streams, and nothing else (eq. T6c)",
          "[unit][perf][property]") {
  // DeepSeek-V4's mHC: each sublayer's fused mixers move (3n + 2) rows of h in BF16 where a plain
  // residual add moves 7h bytes, so the element-wise time grows by 2(3n + 2)2h - 7h per sublayer.
  const perf::Calibration& cal = perf::default_calibration();
  auto in = stated_dp("deepseek-v4-flash", "b200-gb200", 4096, 64, cal);
  in.layout.ep = 64;
  auto with_streams = [&](int n) {
    catalog::ModelProfile m = *builtins().find_model("deepseek-v4-flash");
    m.hc_mult = n;
    in.model = &m;
    const auto e = perf::estimate_training_step(in);
    REQUIRE(e.feasible);
    return e.time;
  };
  const auto plain = with_streams(0), two = with_streams(2), four = with_streams(4);
  CHECK(four.elementwise_s > two.elementwise_s);
  CHECK(two.elementwise_s > plain.elementwise_s);
  // Extra bytes per sublayer over the plain add: n = 2 -> 32h - 14h = 18h; n = 4 -> 56h - 14h = 42h.
  CHECK((four.elementwise_s - plain.elementwise_s) / (two.elementwise_s - plain.elementwise_s) == Approx(42.0 / 18.0).epsilon(1e-9));
  CHECK(four.matmul_s == Approx(plain.matmul_s).epsilon(1e-12));
  CHECK(four.expert_matmul_s == Approx(plain.expert_matmul_s).epsilon(1e-12));
  CHECK(four.attention_s == Approx(plain.attention_s).epsilon(1e-12));
}

TEST_CASE("perf: a fused expert MLP removes the experts' activation and casts, and nothing else (eq. T6d)", "[unit][perf][property]") {
  // Unfused, the routed experts' SwiGLU moves 6f bytes per routed row and, below 16 bits, its
  // output's cast 3f more; fused into the grouped GEMMs' epilogues neither is a pass of its own.
  // With no fixed time per kernel the element-wise time saved is in the ratio of those bytes.
  perf::Calibration cal = perf::default_calibration();
  cal.kernel_overhead_s = 0;
  auto in = stated_dp("qwen3-30b-a3b", "b200-gb200", 4096, 8, cal);
  in.layout.ep = 8;
  in.layout.recompute = perf::Recompute::none;
  auto saved = [&](catalog::Precision p) {
    in.precision = p;
    in.fused_expert_mlp = false;
    const auto unfused = perf::estimate_training_step(in);
    in.fused_expert_mlp = true;
    const auto fused = perf::estimate_training_step(in);
    REQUIRE(unfused.feasible);
    REQUIRE(fused.feasible);
    CHECK(fused.time.matmul_s == Approx(unfused.time.matmul_s).epsilon(1e-12));
    CHECK(fused.time.expert_matmul_s == Approx(unfused.time.expert_matmul_s).epsilon(1e-12));
    CHECK(fused.time.attention_s == Approx(unfused.time.attention_s).epsilon(1e-12));
    CHECK(fused.memory.activations == Approx(unfused.memory.activations).epsilon(1e-12));
    return unfused.time.elementwise_s - fused.time.elementwise_s;
  };
  const double bf16 = saved(catalog::Precision::bf16), fp8 = saved(catalog::Precision::fp8);
  CHECK(bf16 > 0);
  CHECK(fp8 / bf16 == Approx(9.0 / 6.0).epsilon(1e-9));
}

TEST_CASE("perf: FP8 attention runs at the FP8 peak and FlashAttention-3's FP8 share of the efficiency (eq. K4b)",
          "[unit][perf]") {
  perf::Calibration cal = perf::default_calibration();
  cal.kernel_overhead_s = 0;
  auto in = stated_dp("llama-3.1-8b", "h100", 8192, 8, cal);
  in.precision = catalog::Precision::fp8;
  const auto bf16 = perf::estimate_training_step(in);
  in.fp8_attention = true;
  const auto fp8 = perf::estimate_training_step(in);
  REQUIRE(bf16.feasible);
  REQUIRE(fp8.feasible);
  // FA3 on H100: FP8 close to 1.2 of 1.979 PFLOPS against FP16's 740 of 989 TFLOPS, so FP8
  // attention takes (989 / 1,979) / 0.81 of the BF16 time: 1.62x faster.
  const auto& h100 = *builtins().find_chip("h100");
  const double expected = h100.peak(catalog::Precision::bf16) / h100.peak(catalog::Precision::fp8) /
                          ((1200.0 / 1979.0) / (740.0 / 989.0));
  CHECK(fp8.time.attention_s / bf16.time.attention_s == Approx(expected).epsilon(1e-9));
  CHECK(fp8.time.matmul_s == Approx(bf16.time.matmul_s).epsilon(1e-12));
  CHECK(fp8.time.elementwise_s == Approx(bf16.time.elementwise_s).epsilon(1e-12));

  // A chip without FP8 cannot run it, and says why.
  auto ascend = stated_dp("llama-3.1-8b", "ascend-910c", 8192, 8, cal);
  ascend.fp8_attention = true;
  const auto none = perf::estimate_training_step(ascend);
  CHECK_FALSE(none.feasible);
  CHECK(perf::describe_infeasibility(none, ascend) == "ascend-910c has no fp8 throughput for fp8_attention");
}
