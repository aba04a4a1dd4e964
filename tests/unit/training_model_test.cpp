// First-order training model: time and chip-hours from FLOPs and achieved throughput.
#include <catch2/catch.hpp>

#include "flopcast/perf/training_estimate.hpp"
#include "flopcast/perf/training_step.hpp"
#include "flopcast/scenario/load.hpp"
#include "support/builtins.hpp"
#include "support/run_binary.hpp"

using namespace flopcast;

namespace {
const catalog::Catalog& builtins() { return test::builtin_catalog(); }
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
