// The bound, validated scenario: plain structs the engine evaluates. Nothing here knows YAML.
#pragma once

#include <cmath>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "flopcast/catalog/catalog.hpp"
#include "flopcast/core/diagnostic.hpp"
#include "flopcast/fleet/fleet.hpp"
#include "flopcast/fleet/projection.hpp"
#include "flopcast/perf/goodput.hpp"
#include "flopcast/perf/inference_estimate.hpp"
#include "flopcast/perf/parallel_layout.hpp"
#include "flopcast/perf/training_step.hpp"
#include "flopcast/perf/training_estimate.hpp"

namespace flopcast::engine {

struct TrainingRun {
  std::string name;
  catalog::ModelProfile model;
  double tokens = 0;
  int sequence_length = 0;
  catalog::Precision precision = catalog::Precision::bf16;
  std::vector<std::string> pools;  ///< pool names the run uses (all chips of each)
  /// Parallel layout for the step model; dp = 0 means "fill the pool". Without a layout and
  /// without a stated utilisation, the engine searches for the best layout (plan).
  std::optional<perf::ParallelLayout> layout;
  /// The layout was chosen by a search (a sweep re-planning a searched run), not stated: it
  /// must fit in memory like any searched layout.
  bool layout_searched = false;
  double global_batch_tokens = 0;  ///< tokens per optimizer step (step model)
  int routing_node_limit = 0;      ///< MoE node-limited routing (0 = none)
  /// A stated MFU (model FLOP/s over dense peak at `precision`): selects the first-order model.
  std::optional<double> utilisation;
  double default_utilisation = 0;  ///< the assumptions' MFU, used only by the first-order model
  perf::AttentionAccounting accounting = perf::AttentionAccounting::causal;
  bool include_mtp = false;  ///< count the model's MTP modules in training FLOPs
  /// Busiest over mean expert-parallel load; 1 = forced balance. Unset: modelled (eq. M1).
  std::optional<double> expert_imbalance;
  perf::AttentionKernel attention_kernel = perf::AttentionKernel::flash;
  bool fp8_attention = false;     ///< the attention core in FP8 (kernels.md eq. K4b)
  bool fused_expert_mlp = false;  ///< expert activation and quantisation fused into the grouped GEMMs (training.md eq. T6d)
  /// A stage of a multi-stage run (stages:): the run it belongs to, and the stage's own name
  /// (the run's name is "<group>/<stage>"). Empty for a single-stage run.
  std::string group, stage;
  /// A multi-stage run's total: the indices of its stage runs, all before it in the list. Its
  /// result is their sum (eq. T15); it is never evaluated, searched or swept on its own.
  std::vector<std::size_t> stage_runs;
  [[nodiscard]] bool is_total() const { return !stage_runs.empty(); }
};

struct InferenceService {
  std::string name;
  std::string group;  ///< the service a mode mix was expanded from ("" if none)
  std::string mode;   ///< the serving mode this service carries ("" if none)
  catalog::ModelProfile model;
  double demand_tokens_per_s = 0;  ///< input + output tokens served per second
  double input_tokens = 0;
  double output_tokens = 0;
  catalog::Precision precision = catalog::Precision::fp8;
  double kv_bytes_per_element = 1;
  /// Precision on particular pools (pool_precision:), e.g. INT8 on 910C and FP8 on 950PR; the
  /// service's precision and KV-cache precision elsewhere.
  struct PoolPrecision {
    std::string pool;
    catalog::Precision precision = catalog::Precision::fp8;
    std::optional<double> kv_bytes_per_element;
  };
  std::vector<PoolPrecision> pool_precision;
  std::optional<double> ttft_target_s;
  std::optional<double> tpot_target_s;
  std::vector<std::string> pools;          ///< co-located prefill and decode
  std::vector<std::string> prefill_pools;  ///< disaggregated: prefill only
  std::vector<std::string> decode_pools;   ///< disaggregated: decode only
  double vision_flops_per_request = 0;     ///< vision encoder work added to prefill
  int replica_chips = 0;                 ///< 0 = search for the best replica size
  perf::AttentionParallelism attention_parallelism = perf::AttentionParallelism::automatic;
  std::optional<double> batch_per_chip;  ///< fixed decode batch (sequences per chip)
  double draft_tokens = 0;               ///< speculative / MTP tokens per step
  double draft_acceptance = 0;
  std::optional<double> expert_imbalance;
  double redundant_experts = 0;          ///< extra expert copies per MoE layer over a replica (EPLB)
  double expert_weight_bytes = 0;        ///< routed-expert weight storage apart from precision (0 = precision's)
  std::optional<catalog::Precision> expert_precision;  ///< routed experts' GEMMs (weights and activations); none = precision
  double prefill_tokens_per_chip = 0;    ///< prompt tokens per chip per prefill pass (0 = saturated default)
  perf::PrefillScheduling prefill_scheduling = perf::PrefillScheduling::chunked;  ///< on pools that prefill and decode
  perf::ServingStack serving_stack = perf::ServingStack::overlapped;  ///< eq. I15: host time a forward pass waits for

  /// The weight/matmul precision and KV-cache bytes per element on pool `pool`.
  [[nodiscard]] std::pair<catalog::Precision, double> precision_on(const std::string& pool) const {
    for (const auto& p : pool_precision) {
      if (p.pool == pool) return {p.precision, p.kv_bytes_per_element.value_or(kv_bytes_per_element)};
    }
    return {precision, kv_bytes_per_element};
  }
};

/// A kernel timed on its own (a microbenchmark: a GEMM from `kernels:`, an attention forward
/// from `attention_kernels:`, a decode attention from `decode_attention_kernels:`), e.g. a
/// calibration case.
struct KernelBenchmark {
  enum class Kind { gemm, attention, decode_attention };
  Kind kind = Kind::gemm;
  std::string name;
  catalog::ChipSpec chip;
  catalog::Precision precision = catalog::Precision::bf16;
  double m = 0, n = 0, k = 0;
  double groups = 1;  ///< GEMMs of this shape in one kernel (grouped expert GEMMs)
  /// An attention kernel (`attention_kernels:`): `sequences` x `heads` queries of
  /// `sequence_length` tokens and `head_dim`, each against its own keys (self-attention).
  double sequences = 0, heads = 0, sequence_length = 0, head_dim = 0;
  bool causal = false;
  /// A decode attention kernel (`decode_attention_kernels:`): each of `sequences` sequences
  /// brings `query_tokens` new tokens x `heads` query heads against a cache of `sequence_length`
  /// tokens x `kv_heads` key heads of `head_dim` (and value heads of `value_head_dim`). With
  /// `shared_kv` the values are the first `value_head_dim` dimensions of the cached keys (MLA's
  /// compressed cache), so one read of the cache serves both.
  double query_tokens = 1, kv_heads = 1, value_head_dim = 0;
  bool shared_kv = false;
  /// Forward FLOPs as attention benchmarks count them: 4 x sequences x heads x length^2 x
  /// head_dim (the QK^T and PV matmuls), halved under a causal mask; for decode, 2 x query
  /// tokens x cached tokens x heads x (head_dim + value_head_dim) (FlashMLA's count).
  double flops() const {
    if (kind == Kind::gemm) return 2 * m * n * k * groups;
    if (kind == Kind::decode_attention) return 2 * query_tokens * sequences * sequence_length * heads * (head_dim + value_head_dim);
    return 4 * sequences * heads * sequence_length * sequence_length * head_dim * (causal ? 0.5 : 1.0);
  }
  /// Bytes the kernel moves to and from HBM at least, as its benchmark counts them: a GEMM's
  /// operands (at `precision`) and BF16 output; an attention forward's Q, K, V and O; a decode
  /// attention's cache read once, queries read and outputs written (FlashMLA's count).
  double bytes() const {
    const double element = catalog::bit_length(precision) / 8.0;
    if (kind == Kind::gemm) return groups * ((m * k + k * n) * element + m * n * 2);
    if (kind == Kind::attention) return 4 * sequences * heads * sequence_length * head_dim * element;
    const double cached = sequences * sequence_length * kv_heads * (head_dim + (shared_kv ? 0.0 : value_head_dim));
    const double queries = sequences * query_tokens * heads * (head_dim + value_head_dim);
    return (cached + queries) * element;
  }
};

/// Modelling assumptions shared by every workload unless it says otherwise. Every value is
/// echoed in results.json so no default is silent.
struct Assumptions {
  double training_utilisation = 0.40;   ///< MFU for a run with neither a layout nor a stated utilisation
  double hbm_reserve_fraction = 0.10;
  double effective_utilisation = 0.40;  ///< for "effective capacity" = peak x this
  double chip_mtbf_s = perf::llama3_chip_mtbf_s;  ///< interruptions per chip (Llama 3: 50,700 chip-hours)
  double checkpoint_write_s = 30;       ///< stall to write a checkpoint
  double restart_s = 300;               ///< from an interruption back to training
  double pue = 1.3;                     ///< facility power over IT power
  double electricity_usd_per_j = 0.08 / 3.6e6;  ///< $0.08/kWh
  double amortisation_s = 4 * 365.25 * 86400;   ///< capex spread over 4 years of service
  double service_life_s = 5 * 365.25 * 86400;   ///< projection: chips retire after this
  double licence_approval = 0.5;                ///< projection: expected approval when a rule gives none
  double system_overhead = 10200.0 / 8 / 700;   ///< projection: wall power per chip = TDP x this x PUE (DGX H100)
  /// Projection: permanent chip losses per year (0: failed chips are repaired or replaced under
  /// warranty). Llama 3's 220 GPU and HBM faults in 54 days on 16,384 H100 (~9 %/year) bound it.
  double failure_rate_per_year = 0;
  std::string reference_model = "llama-3.1-405b";  ///< projection: the workload behind effective compute
  std::string reference_service_model = "deepseek-v3";  ///< projection: the service behind serving capacity
  std::string reference_service_mode = "fast";
  /// Projection: a mix of modes instead of one mode (token shares summing to 1); one chip then
  /// serves 1 / sum(share / tokens-per-s of the mode) tokens/s (eq. P10).
  struct ModeShare {
    std::string mode;
    double share = 0;
  };
  std::vector<ModeShare> reference_service_mix;
  catalog::Precision capacity_precision = catalog::Precision::bf16;

  /// "fast", or "fast 60% + expert 30% + vision 10%" when a mix is given (for titles and notes).
  [[nodiscard]] std::string reference_service_modes() const {
    if (reference_service_mix.empty()) return reference_service_mode;
    std::string out;
    for (const auto& m : reference_service_mix) {
      out += (out.empty() ? "" : " + ") + m.mode + " " + std::to_string(static_cast<int>(std::lround(m.share * 100))) + "%";
    }
    return out;
  }
};

/// A published measurement the scenario reproduces (tests/validation/): the engine ignores it;
/// `flopcast validate-cases` compares it with the named metric.
struct ValidationCheck {
  std::string case_id;    ///< e.g. "T2"
  std::string metric;     ///< a metric path, see engine/metrics.hpp
  double published = 0;
  double tolerance = 0.15;  ///< relative
  std::string source;
  std::string note;
  /// How completely the source states the setup: full, partial (one input assumed) or band (a
  /// plausibility band, not fitted). docs/models/calibration.md.
  std::string quality = "full";
};

/// A condition a pipeline can gate on (`flopcast check`): metric <op> threshold, optionally on a
/// Monte-Carlo percentile, at every grid point of a sweep.
struct Expectation {
  enum class Op { below, at_most, above, at_least };
  std::string name;    ///< label in reports (default: the condition itself)
  std::string metric;  ///< a metric path (engine/metrics.hpp)
  Op op = Op::below;
  double threshold = 0;
  std::optional<double> percentile;  ///< e.g. 95: the condition is on P95 of the samples
  std::string where;   ///< "file:line" of the expectation, for messages
  core::SourceLocation metric_location;  ///< of the metric: value, for a located error when no metric has that name
};

/// Whether `value <op> threshold` holds (expect: conditions and size: targets).
constexpr bool holds(Expectation::Op op, double value, double threshold) {
  switch (op) {
    case Expectation::Op::below: return value < threshold;
    case Expectation::Op::at_most: return value <= threshold;
    case Expectation::Op::above: return value > threshold;
    case Expectation::Op::at_least: return value >= threshold;
  }
  return false;
}

/// The operator as a user writes it: "<", "<=", ">", ">=".
constexpr const char* op_symbol(Expectation::Op op) {
  switch (op) {
    case Expectation::Op::below: return "<";
    case Expectation::Op::at_most: return "<=";
    case Expectation::Op::above: return ">";
    case Expectation::Op::at_least: return ">=";
  }
  return "?";
}

/// What the scenario's answer sets against each other (answer:): metric paths compared in the
/// generated answer sentences. Empty: the answer chooses from what the scenario holds
/// (docs/scenario-format.md#answer).
struct AnswerSpec {
  std::vector<std::string> compare;
  std::vector<core::SourceLocation> locations;  ///< of each compare item, for located errors
};

struct Scenario {
  std::string name;
  std::string question;     ///< the question the scenario answers, one line
  std::string source_file;  ///< as the user gave it
  catalog::Catalog catalog; ///< built-in entries plus the scenario's own
  fleet::Fleet fleet;
  std::vector<TrainingRun> training;
  std::vector<InferenceService> inference;
  std::vector<KernelBenchmark> kernels;
  Assumptions assumptions;
  std::vector<std::string> assumptions_set;  ///< keys the scenario set explicitly
  std::vector<ValidationCheck> validation;
  std::vector<Expectation> expectations;
  AnswerSpec answer;
  /// Fleets over time (timeline:, actors:, regime_timeline:, supply:), if the scenario has them.
  std::optional<fleet::ProjectionInputs> projection;
};

}  // namespace flopcast::engine
