// How a training run is split across chips: tensor, pipeline, expert, context and data
// parallelism, the pipeline schedule, ZeRO stage, activation recomputation, sequence
// parallelism and tensor-parallel communication overlap.
#pragma once

#include <span>

#include "flopcast/core/enum_table.hpp"

namespace flopcast::perf {

enum class PipelineSchedule { one_f_one_b, interleaved, dualpipe };
std::span<const core::EnumName<PipelineSchedule>> pipeline_schedule_names();

enum class Recompute { none, selective, full, op };
std::span<const core::EnumName<Recompute>> recompute_names();

/// Parts of a layer that selective recomputation can recompute (Megatron-Core's
/// --recompute-modules). A bit set of these is `ParallelLayout::recompute_modules`.
enum class RecomputeModule { core_attn, mlp, moe, moe_act, layernorm, mla_up_proj, shared_experts };
inline constexpr int recompute_module_count = 7;
std::span<const core::EnumName<RecomputeModule>> recompute_module_names();
constexpr unsigned module_bit(RecomputeModule m) { return 1u << static_cast<unsigned>(m); }

struct ParallelLayout {
  int tp = 1;  ///< tensor parallel (within a scale-up domain when it fits)
  int pp = 1;  ///< pipeline stages
  int ep = 1;  ///< expert parallel (MoE experts spread over ep chips)
  int cp = 1;  ///< context parallel (sequence split for attention)
  int dp = 1;  ///< data parallel replicas
  int micro_batch = 1;     ///< sequences per micro-batch
  int virtual_stages = 1;  ///< interleaved schedule: model chunks per stage
  PipelineSchedule schedule = PipelineSchedule::one_f_one_b;
  int zero_stage = 1;      ///< 0: replicated optimizer; 1: states sharded; 2: + gradients; 3: + weights
  Recompute recompute = Recompute::selective;
  /// With full recomputation: layers per pipeline stage recomputed (Megatron's block method);
  /// the others keep every activation. 0 = all layers.
  int recompute_layers = 0;
  /// With selective recomputation: the modules recomputed (bits of RecomputeModule); 0 = the
  /// attention core alone (Korthikanti et al. 2022).
  unsigned recompute_modules = 0;
  bool sequence_parallel = true;  ///< tp > 1: norms and dropouts sharded, reduce-scatter + all-gather
  bool tp_comm_overlap = false;   ///< TP collectives overlapped with GEMMs (userbuffers, async TP)

  /// Chips the layout occupies. Experts reuse the data-parallel chips (EP divides tp x cp x dp).
  [[nodiscard]] long long chips() const { return static_cast<long long>(tp) * pp * cp * dp; }
  /// The modules selective recomputation recomputes (the attention core when none is named).
  [[nodiscard]] unsigned selective_modules() const {
    return recompute_modules != 0 ? recompute_modules : module_bit(RecomputeModule::core_attn);
  }
};

}  // namespace flopcast::perf
