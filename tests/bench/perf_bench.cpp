// Benchmarks of the performance models (Google Benchmark). Run: ./build/tests/bench/flopcast_bench
// Figures and the command that made them are in docs/performance.md. Never asserted in tests.
#include <benchmark/benchmark.h>

#include "flopcast/perf/inference_estimate.hpp"
#include "flopcast/perf/layout_search.hpp"
#include "flopcast/perf/training_step.hpp"
#include "flopcast/scenario/load.hpp"

using namespace flopcast;

namespace {

const catalog::Catalog& builtins() {
  static const auto loaded = scenario::load_catalog_dir(FLOPCAST_SOURCE_DIR "/scenarios/catalog");
  return loaded.catalog;
}

perf::TrainingStepInputs v3_on_h800() {
  // The T2 validation case: DeepSeek-V3, 2,048 H800, DualPipe PP16 EP64 DP128.
  perf::TrainingStepInputs in{builtins().find_model("deepseek-v3"), builtins().find_chip("h800"), {}, 4096, 15360,
                              catalog::Precision::fp8, perf::AttentionAccounting::non_causal, 4, &builtins().calibration(), false, std::nullopt,
                              perf::AttentionKernel::flash};
  in.layout = {1, 16, 64, 1, 128, 1, 1, perf::PipelineSchedule::dualpipe, 1, perf::Recompute::selective};
  return in;
}

void training_step(benchmark::State& state) {
  const auto in = v3_on_h800();
  for (auto _ : state) {
    auto e = perf::estimate_training_step(in);
    benchmark::DoNotOptimize(e);
  }
}
BENCHMARK(training_step);

void serving(benchmark::State& state) {
  // The I7 validation case: DeepSeek-R1 decode on 160 Ascend 910C, batch 96, MTP.
  perf::InferenceInputs in;
  in.model = builtins().find_model("deepseek-v3");
  in.chip = builtins().find_chip("ascend-910c");
  in.precision = catalog::Precision::int8;
  in.kv_bytes_per_element = 1;
  in.input_tokens = 4096;
  in.output_tokens = 1;
  in.replica_chips = 160;
  in.batch_per_chip = 96;
  in.draft_tokens = 1;
  in.draft_acceptance = 0.7;
  for (auto _ : state) {
    auto e = perf::estimate_inference(in);
    benchmark::DoNotOptimize(e);
  }
}
BENCHMARK(serving);

void plan_gpt3_on_1024_h100(benchmark::State& state) {
  // `flopcast plan` over every layout of GPT-3 175B on 1,024 H100 (2,048-token sequences, 1,536 per batch).
  perf::LayoutSearchInputs in{{builtins().find_model("gpt3-175b"), builtins().find_chip("h100"), {}, 2048, 1536, catalog::Precision::bf16,
                               perf::AttentionAccounting::causal, 0, &builtins().calibration(), false, std::nullopt, perf::AttentionKernel::flash},
                              1024, 5};
  perf::LayoutSearchStats stats;
  for (auto _ : state) {
    auto best = perf::search_layouts(in, &stats);
    benchmark::DoNotOptimize(best);
  }
  state.counters["layouts"] = static_cast<double>(stats.evaluated);
  state.counters["ns_per_layout"] = benchmark::Counter(static_cast<double>(stats.evaluated), benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}
BENCHMARK(plan_gpt3_on_1024_h100)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
