// One transformer layer on one chip, operation by operation (docs/models/training.md eq. T6-T8,
// inference.md eq. I3): GEMMs from their shapes, the attention core, element-wise kernels,
// tensor- and expert-parallel communication, and the activations kept for the backward pass.
// Used by the training step (forward, backward, recomputation) and the serving model (forward).
#pragma once

#include <optional>

#include "flopcast/catalog/model_profile.hpp"
#include "flopcast/perf/parallel_layout.hpp"
#include "kernel_time.hpp"

namespace flopcast::perf {
enum class AttentionKernel;
}

namespace flopcast::perf::detail {

/// Seconds of one micro-batch through one layer on one chip, by kind. Communication is the
/// raw transfer time; the caller decides how much of it compute hides.
struct LayerPass {
  double compute = 0;
  double tp_comm = 0;
  double ep_comm = 0;
};

/// Kernel seconds by kind (training.md, "Where a step goes"): what the compute time is spent on.
struct KernelSplit {
  double matmul = 0;         ///< dense GEMMs: attention projections, FFN, shared experts, router, LM head
  double expert_matmul = 0;  ///< the routed experts' grouped GEMMs
  double attention = 0;      ///< the attention core (a fused kernel, or unfused GEMMs with their softmax)
  double elementwise = 0;    ///< norms, residual adds, activations, casts, MoE permutations, the loss
  void add(const KernelSplit& o, double times) {
    matmul += times * o.matmul;
    expert_matmul += times * o.expert_matmul;
    attention += times * o.attention;
    elementwise += times * o.elementwise;
  }
};

struct LayerCost {
  LayerPass fwd;
  LayerPass bwd;
  LayerPass recompute;          ///< the forward work repeated in the backward pass
  double activation_bytes = 0;  ///< kept from the forward to the backward pass
  /// fwd, bwd and recompute compute by kind of kernel (training, or a forward pass with
  /// `split_kernels`; sums to their compute).
  KernelSplit kernels;
};

/// What a layer's cost depends on besides the model: the work placed on one chip.
struct LayerSetup {
  const catalog::ModelProfile* model = nullptr;
  KernelRates rates;
  double tokens = 0;     ///< rows of the layer's GEMMs on this chip's TP group (micro-batch tokens / cp)
  double sequences = 0;  ///< sequences in those rows (unfused attention: one score matrix each)
  double queries = 0;    ///< query rows of one sequence on this chip (unfused attention)
  double keys = 0;       ///< keys each query attends to on average (attention FLOPs and kernel efficiency)
  double key_rows = 0;   ///< keys of one sequence (unfused attention computes every score)
  bool unfused_attention = false;  ///< scores materialised in HBM (Megatron 2021-22) instead of FlashAttention
  /// Decode: attention reads this many bytes of KV cache per layer on this chip (> 0 selects a
  /// decode attention kernel bounded by compute or by those reads).
  double decode_kv_bytes = 0;
  bool casts = false;    ///< sub-16-bit matmuls: activations are cast before the GEMMs that no norm feeds
  int tp = 1;
  bool sequence_parallel = true;
  double tp_bytes_per_s = 0;  ///< achieved bandwidth of the TP group
  double tp_latency_s = 0;        ///< of one tensor-parallel all-reduce (eq. C4)
  double all_to_all_latency_s = 0;  ///< of one expert-parallel all-to-all (eq. C4: one step)
  // expert parallelism
  double ep = 1;
  double imbalance = 1;        ///< busiest rank's routed tokens over the mean (eq. M1)
  double remote_nodes = 0;     ///< remote nodes per token (eq. M2)
  double dispatch_bytes = 2;   ///< bytes per element sent to the experts (1 = FP8 dispatch)
  double scale_up_bytes_per_s = 0;
  double scale_out_bytes_per_s = 0;
  double rows_per_rank = -1;   ///< routed rows arriving per rank; < 0: tokens / tp x top_k x imbalance (the rank's own)
  double expert_weight_ratio = 1;  ///< routed-expert weight bytes over the matmul operand bytes (serving: expert_weight_precision)
  std::optional<KernelRates> expert_rates;  ///< routed experts' GEMMs in a precision of their own (serving: expert_precision); none = rates
  bool fused_expert_mlp = false;  ///< expert activation and casts in the grouped GEMMs' epilogues (eq. T6d)
  bool split_kernels = false;  ///< a forward pass: fill LayerCost::kernels too (training always does)
};

/// A dense layer (attention + FFN) or a MoE layer (attention + router, experts, shared experts),
/// for a training step (`training`: backward, recomputation, activations) or a forward pass.
/// `policy` and `modules` are the recomputation for this layer (`modules`: what selective
/// recomputes; none, full and op ignore them).
LayerCost layer_cost(const LayerSetup& s, bool moe_layer, bool training, Recompute policy, unsigned modules);

/// The LM head (vocabulary projection and loss) on the last pipeline stage, per micro-batch.
LayerCost head_cost(const LayerSetup& s, bool training);

}  // namespace flopcast::perf::detail
