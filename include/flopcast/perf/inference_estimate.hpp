// Serving model: prefill and decode throughput per chip on a replica, with EP/TP communication,
// expert imbalance, KV-capacity and TPOT bounds, and speculative (MTP) decoding.
// Equations: docs/models/inference.md (eq. I1-I15).
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "flopcast/catalog/chip_spec.hpp"
#include "flopcast/catalog/model_profile.hpp"
#include "flopcast/perf/calibration.hpp"

namespace flopcast::perf {

/// How a server that both prefills and decodes schedules prompts (docs/models/inference.md, eq. I12).
enum class PrefillScheduling {
  chunked,   ///< prompt chunks ride in the decode steps (in-flight batching, chunked prefill)
  whole,     ///< each prompt prefilled whole in one decode step, on one data-parallel rank (eq. I14)
  balanced,  ///< whole, with every data-parallel rank given its prompts in the same step (priced as chunked)
  separate,  ///< prompts run in their own forward passes between decode steps
};
std::span<const core::EnumName<PrefillScheduling>> prefill_scheduling_names();

/// Whose host work a forward pass may wait for (docs/models/inference.md, eq. I15).
enum class ServingStack {
  overlapped,   ///< the host schedules ahead of the chips: no host time (TensorRT-LLM, SGLang, graph launch)
  vllm_ascend,  ///< vLLM-Ascend: a fitted host time per layer bounds each forward pass
};
std::span<const core::EnumName<ServingStack>> serving_stack_names();

/// How a MoE model's dense part (attention, shared experts, embeddings) is laid out.
enum class AttentionParallelism { automatic, data, tensor };
std::span<const core::EnumName<AttentionParallelism>> attention_parallelism_names();

struct InferenceInputs {
  /// Fill InferenceEstimate::decode_split (one more forward pass: outputs, not sweep samples).
  bool split_decode_step = false;
  const catalog::ModelProfile* model = nullptr;
  const catalog::ChipSpec* chip = nullptr;
  catalog::Precision precision = catalog::Precision::fp8;  ///< weights and matmuls
  double kv_bytes_per_element = 2;                         ///< KV-cache storage (BF16 = 2, FP8/INT8 = 1)
  double input_tokens = 0;   ///< prompt length per request
  double output_tokens = 0;  ///< generated tokens per request
  std::optional<double> tpot_target_s;  ///< time-per-output-token ceiling
  std::optional<double> ttft_target_s;  ///< time-to-first-token ceiling (prefill of one prompt)
  int replica_chips = 0;                ///< chips holding one copy of the weights; 0 = search
  AttentionParallelism attention_parallelism = AttentionParallelism::automatic;
  std::optional<double> batch_per_chip; ///< fixed decode batch (sequences per chip); else the largest allowed
  double draft_tokens = 0;              ///< speculative/MTP tokens proposed per step
  double draft_acceptance = 0;          ///< probability each draft token is accepted
  std::optional<double> expert_imbalance;  ///< busiest/mean expert load; 1 = perfect balance (stated: wins over the rule below)
  double redundant_experts = 0;         ///< extra expert copies per MoE layer over the replica (EPLB); whole copies count
  /// Bytes per routed-expert weight when stored apart from `precision` (weight-only
  /// quantisation, e.g. 0.5 for 4-bit experts in FP8 GEMMs); 0 = precision's.
  double expert_weight_bytes = 0;
  /// The precision routed experts' GEMMs run in, weights and activations (e.g. NVFP4 W4A4 experts
  /// beside FP8 attention); none = `precision`. Weights are stored in it unless narrower
  /// (expert_weight_bytes).
  std::optional<catalog::Precision> expert_precision;
  double hbm_reserve_fraction = 0.10;   ///< HBM kept free for activations and runtime
  double extra_prefill_flops = 0;       ///< per request, e.g. a vision encoder, run at GEMM efficiency
  /// Prompt tokens each chip prefills per forward pass: the load level (a saturated server
  /// batches many prompts; a lightly loaded one runs one at a time). 0 = 16,384, at least one prompt.
  double prefill_tokens_per_chip = 0;
  /// A server that prefills and decodes on the same chips with chunked prefill: each decode
  /// step also carries its share of prompt tokens (eq. I12). false: prefill apart (eq. I9), as
  /// on disaggregated pools and servers that run prompts in their own passes.
  bool chunked_prefill = false;
  /// eq. I14: each prompt is prefilled whole in one step on the data-parallel attention rank
  /// that holds it (TensorRT-LLM without chunked prefill), so the ranks wait for the busiest.
  bool whole_prompts = false;
  ServingStack serving_stack = ServingStack::overlapped;  ///< eq. I15: host time a forward pass may wait for
  double max_replica_chips = 0;         ///< chips of the pool: no larger replica is tried (0 = no limit)
  const Calibration* calibration = nullptr;  ///< nullptr = default_calibration()
};

/// Which constraint set the decode batch.
enum class DecodeBound { kv_capacity, tpot_target, fixed, none };
/// Its token in results.json and inference.csv: kv_capacity, tpot_target, fixed, none.
std::string_view decode_bound_name(DecodeBound b);

/// Plausibility guards of a serving estimate (bits of `InferenceEstimate::warnings`);
/// `describe_warnings` turns them into sentences.
enum class ServingWarning : unsigned {
  above_memory_roofline = 1u << 0,  ///< decode faster than the HBM's peak bandwidth allows (eq. I13)
};

/// Where one decode step goes on a chip of the replica (seconds; the parts add up to the step):
/// kernels by kind, the communication left exposed, and time the chips wait for the host (eq. I15).
struct DecodeStepSplit {
  double matmul_s = 0;         ///< dense GEMMs: attention projections, FFN, shared experts, router, LM head
  double expert_matmul_s = 0;  ///< the routed experts' grouped GEMMs (weights read or FLOPs, whichever binds)
  double attention_s = 0;      ///< the attention core: reading the KV cache, or its FLOPs
  double elementwise_s = 0;    ///< norms, residual adds, activations, casts, MoE permutations
  double tp_comm_s = 0;        ///< tensor-parallel all-reduces left exposed
  double ep_comm_s = 0;        ///< expert-parallel all-to-all left exposed
  double host_wait_s = 0;      ///< the chips idle, waiting for the serving stack's host
};

struct InferenceEstimate {
  bool feasible = true;
  std::string reason;
  int replica_chips = 0;
  double expert_imbalance = 1;       ///< the imbalance applied: stated, or from redundant experts (eq. I11)
  double hbm_headroom_bytes_per_chip = 0;  ///< usable HBM left after the weights (with redundant copies), for KV cache
  double prefill_tokens_per_s_per_chip = 0;
  double ttft_s = 0;                 ///< prefill time of one prompt on one replica
  bool ttft_met = true;
  double decode_batch_per_chip = 0;  ///< sequences
  DecodeBound decode_bound = DecodeBound::none;
  double decode_step_s = 0;          ///< one decode step (all draft tokens verified)
  bool decode_host_bound = false;    ///< eq. I15: the step is the serving stack's host time, not the chips' work
  DecodeStepSplit decode_split;      ///< decode_step_s by part
  double tpot_s = 0;                 ///< step / tokens emitted per step (with prompt chunks when chunked)
  double decode_tokens_per_s_per_chip = 0;  ///< decode-only steps at the batch (what a decode benchmark measures)
  double prefill_chip_seconds_per_request = 0;
  double chip_seconds_per_request = 0;
  double output_tokens_per_s_per_chip = 0;  ///< system throughput with prefill included
  /// eq. I13: decode tokens/s per chip the HBM's peak bandwidth allows at the largest batch (the
  /// stated one, else the most the KV capacity holds): an upper bound on decode and output rates.
  double memory_roofline_tokens_per_s_per_chip = 0;
  /// Prompt tokens/s per chip the dense peak allows: the prompt's matmul and attention FLOPs
  /// (the LM head left out, it runs once per prompt) at the highest peak the service uses.
  double prefill_compute_roofline_tokens_per_s_per_chip = 0;
  unsigned warnings = 0;  ///< ServingWarning bits
};

InferenceEstimate estimate_inference(const InferenceInputs& in);

/// The warnings of `e` as sentences naming the term responsible (cold path: output only).
std::vector<std::string> describe_warnings(const InferenceEstimate& e, const catalog::ChipSpec& chip);

/// Decode attention FLOPs per token at context `context` (eq. I6): MLA decodes in its absorbed
/// form, multiplying against the latent cache, which costs more FLOPs than the training form.
double decode_attention_flops_per_token(const catalog::ModelProfile& m, double context);

}  // namespace flopcast::perf
