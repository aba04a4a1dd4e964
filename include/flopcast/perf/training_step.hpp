// Layout-aware training model: one optimizer step on a parallel layout, broken down into
// compute, exposed communication, pipeline bubble and memory. Equations: docs/models/training.md.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "flopcast/catalog/chip_spec.hpp"
#include "flopcast/catalog/model_profile.hpp"
#include "flopcast/perf/calibration.hpp"
#include "flopcast/perf/parallel_layout.hpp"
#include "flopcast/perf/training_estimate.hpp"

namespace flopcast::perf {

/// How attention runs: a fused kernel that never writes the score matrix (FlashAttention and
/// its kin, the default), or Megatron's unfused batched GEMMs with softmax and dropout in HBM
/// (Megatron-LM before FlashAttention, e.g. Korthikanti et al. 2022).
enum class AttentionKernel { flash, unfused };
std::span<const core::EnumName<AttentionKernel>> attention_kernel_names();

struct TrainingStepInputs {
  const catalog::ModelProfile* model = nullptr;
  const catalog::ChipSpec* chip = nullptr;
  ParallelLayout layout;
  int sequence_length = 0;
  double global_batch_sequences = 0;
  catalog::Precision precision = catalog::Precision::bf16;  ///< matmul precision
  AttentionAccounting accounting = AttentionAccounting::causal;  ///< for the reported model FLOPs
  int routing_node_limit = 0;  ///< MoE: a token's experts span at most this many nodes (0 = no limit)
  const Calibration* calibration = nullptr;  ///< nullptr = default_calibration()
  bool include_mtp = false;  ///< count the multi-token-prediction modules' FLOPs (eq. T5b)
  /// Busiest over mean routed load of an expert-parallel rank; 1 = forced balance (benchmarks
  /// with a balanced fake gate). Unset: modelled from the routing (eq. M1).
  std::optional<double> expert_imbalance;
  AttentionKernel attention_kernel = AttentionKernel::flash;
  /// The attention core runs in FP8 (Transformer Engine's FP8 dot-product attention), at the
  /// chip's FP8 peak and FlashAttention-3's FP8 utilisation (kernels.md eq. K4b).
  bool fp8_attention = false;
  /// The routed experts' activation and quantisation run in the grouped GEMMs' epilogues
  /// (CuTe-DSL fused grouped MLP): no element-wise pass of their own (training.md eq. T6d).
  bool fused_expert_mlp = false;
  /// The layout is a stated fact (a run that happened), not a candidate: a memory estimate
  /// above capacity then raises a warning instead of making the layout infeasible.
  bool stated_layout = false;
};

/// Plausibility guards (issue: a number that cannot be right is never printed silently). Bits
/// of `TrainingStepEstimate::warnings`; `describe_warnings` turns them into sentences.
enum class StepWarning : unsigned {
  over_memory = 1u << 0,       ///< a stated layout the memory model puts above HBM capacity
  above_peak_share = 1u << 1,  ///< model FLOP/s above the large-GEMM efficiency of the precision's peak
  above_roofline = 1u << 2,    ///< faster than the matmul FLOPs at the precision's dense peak allow
};

/// Seconds per optimizer step, per component (all per chip, critical path).
struct StepBreakdown {
  double compute_s = 0;    ///< every kernel at its efficiency: the sum of the four below
  double matmul_s = 0;         ///< dense matmuls: attention projections, FFN, shared experts, router, LM head
  double expert_matmul_s = 0;  ///< the routed experts' grouped matmuls
  double attention_s = 0;      ///< the attention core (fused kernel, or unfused GEMMs with their softmax)
  double elementwise_s = 0;    ///< norms, residual adds, activations, casts, MoE permutations, the loss
  double tp_comm_s = 0;    ///< exposed tensor-parallel collectives
  double ep_comm_s = 0;    ///< exposed expert-parallel all-to-all
  double cp_comm_s = 0;    ///< exposed context-parallel KV exchange
  double dp_comm_s = 0;    ///< exposed gradient reduction and ZeRO-3 weight gathers
  double pp_comm_s = 0;    ///< exposed pipeline point-to-point sends
  double bubble_s = 0;     ///< pipeline fill and drain
  double optimizer_s = 0;  ///< the optimizer step (memory-bound)
  double step_s = 0;
};

/// Bytes per chip; `overflow` names the largest term when the total exceeds usable HBM.
struct MemoryBreakdown {
  double weights = 0;
  double gradients = 0;
  double optimizer = 0;
  double activations = 0;
  double total = 0;
  double capacity = 0;
  bool fits = true;
  const char* overflow = "";  ///< static text: the hot path allocates nothing
};

/// Why a layout cannot run (kept as a code so layout search allocates nothing per layout).
enum class StepInfeasibility {
  none,
  precision_unsupported,
  fp8_attention_unsupported,  ///< fp8_attention on a chip without an FP8 peak
  no_dimensions,
  batch_too_small,
  too_many_stages,
  ep_not_divisor,
  out_of_memory
};

struct TrainingStepEstimate {
  bool feasible = true;
  StepInfeasibility why = StepInfeasibility::none;
  StepBreakdown time;
  MemoryBreakdown memory;
  double micro_batches = 0;              ///< per data-parallel replica per step
  double tokens_per_s_per_chip = 0;
  double model_flop_per_s_per_chip = 0;  ///< under `accounting`, recomputation excluded
  double hardware_flop_per_s_per_chip = 0;  ///< as model FLOP/s, recomputation included (Megatron's count)
  double mfu_bf16 = 0;                   ///< model FLOP/s over the dense BF16 (or FP16) peak
  double expert_imbalance = 1;           ///< the imbalance applied (stated or eq. M1)
  unsigned warnings = 0;                 ///< StepWarning bits
};

/// One sentence per warning bit of `e`, naming the term responsible (cold path, allocates).
std::vector<std::string> describe_warnings(const TrainingStepEstimate& e, const TrainingStepInputs& in);

TrainingStepEstimate estimate_training_step(const TrainingStepInputs& in);

/// One sentence saying why `e` is infeasible (cold path, allocates).
std::string describe_infeasibility(const TrainingStepEstimate& e, const TrainingStepInputs& in);

/// Training FLOPs per token split by how they run (eq. T5): dense matmuls, routed-expert
/// matmuls, attention score/value products. Recomputation not included.
struct TrainingFlops {
  double dense_matmul = 0;
  double routed_matmul = 0;
  double attention = 0;
};
TrainingFlops training_flops_split(const catalog::ModelProfile& m, int sequence_length, AttentionAccounting accounting,
                                   bool include_mtp = false);

}  // namespace flopcast::perf
