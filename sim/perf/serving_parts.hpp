// The serving model's parts shared by the step model (inference_model.cpp: eq. I1-I3, I5-I8,
// I11-I12) and the replica choice (serving_replica.cpp: eq. I4, I9). Internal to perf.
#pragma once

#include <optional>
#include <string>

#include "flopcast/perf/inference_estimate.hpp"
#include "kernel_time.hpp"

namespace flopcast::perf::detail {

/// A count or size for a reason text: whole numbers and those from 100 up to 1e15 without
/// decimals, others with four digits.
std::string number_text(double v);

/// Everything about one model on one chip type that does not depend on replica size or batch.
struct ServingShape {
  const InferenceInputs* in = nullptr;
  const Calibration* cal = nullptr;
  KernelRates rates;
  KernelRates expert_rates;                    // routed experts' GEMMs (expert_precision; else = rates)
  double peak = 0, eff = 0, hbm = 0;
  std::optional<double> stated_imbalance;      // the user's measured imbalance, if given
  double dense_mm = 0, routed_mm = 0;          // matmul weights per token (eq. I1)
  double dense_bytes = 0, expert_bytes = 0;    // all weights, by kind
  double expert_weight_ratio = 1;              // expert weight bytes over the matmul operand bytes
  double kv_bytes_per_seq = 0, context = 0;
  double moe_layers = 0;
  double prompt_rows_per_sequence = 0;         // prompt tokens each decode step carries per sequence (eq. I12)
  double redundant = 0;                        // extra expert copies per MoE layer (eq. I11)
  double redundant_bytes = 0;                  // their weights over all MoE layers
  bool moe = false;
};

/// eq. I1: the shape of `in` on its chip, with the constants of `cal`.
ServingShape make_shape(const InferenceInputs& in, const Calibration& cal);

/// Weights resident on each chip of an n-chip replica (eq. I2): MoE experts spread over the
/// replica; the dense part (attention, shared experts, embeddings) either replicated per chip
/// (data-parallel attention: no all-reduce, but every chip streams all of it) or sharded with
/// tensor parallelism (less to stream, all-reduces per layer). Dense models are always sharded.
struct Placement {
  double n = 1;
  double dense_per_chip = 0, expert_per_chip = 0;
  bool dense_sharded = false;
  /// The replica's communication, fixed by the placement (computed once, not per pass): the
  /// tensor-parallel group's bandwidth and all-reduce latency, and one all-to-all's latency.
  double tp_bytes_per_s = 0, tp_latency_s = 0, all_to_all_latency_s = 0;
  /// Chips one sequence spreads over: all n when the dense part (and the cache) is sharded, else
  /// one. Batches count sequences per chip, so a sharded replica's smallest step is 1/n.
  [[nodiscard]] double chips_per_sequence() const { return dense_sharded ? n : 1.0; }
};

/// eq. I2: the placement on an n-chip replica, the dense part sharded or replicated.
Placement place(const ServingShape& s, double n, bool shard_dense);

/// The expert imbalance of a forward pass with `rows` rows per chip (eq. M1, or the stated one).
double routing_imbalance(const ServingShape& s, const Placement& p, double rows);

/// eq. I3: prefill seconds per prompt token per chip.
double prefill_s_per_token(const ServingShape& s, const Placement& p);

/// eq. I7, I12: one decode step of `batch` sequences per chip (with its prompt chunk when chunked).
/// With `split`, also where that step goes (one more pass's bookkeeping: not on the search path).
double decode_step_s(const ServingShape& s, const Placement& p, double batch, DecodeStepSplit* split = nullptr);

/// eq. I13: decode tokens/s per chip that the HBM's peak bandwidth allows at `batch` sequences
/// per chip: a step reads at least the dense weights, the experts the step touches and the
/// batch's KV cache once. No server of these inputs decodes faster (a physical bound, not a model).
double memory_roofline_tokens_per_s(const ServingShape& s, const Placement& p, double batch);
/// eq. I15: the serving stack's host time of one forward pass (0 for a stack that runs ahead).
double host_pass_s(const ServingShape& s);

/// eq. I8: the decode batch on a placement (fixed, TPOT-bound or KV-bound) and its rate.
struct Decode {
  bool feasible = false;
  double batch = 0, step = 0, tokens_per_s = 0;
  DecodeBound bound = DecodeBound::none;
  std::string reason;
};

Decode decode_on(const ServingShape& s, const Placement& p, double usable);

}  // namespace flopcast::perf::detail
