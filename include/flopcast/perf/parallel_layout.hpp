// How a training run is split across chips: tensor, pipeline, expert, context and data
// parallelism, the pipeline schedule, ZeRO stage and activation recomputation.
#pragma once

#include <span>

#include "flopcast/core/enum_table.hpp"

namespace flopcast::perf {

enum class PipelineSchedule { one_f_one_b, interleaved, dualpipe };
std::span<const core::EnumName<PipelineSchedule>> pipeline_schedule_names();

enum class Recompute { none, selective, full };
std::span<const core::EnumName<Recompute>> recompute_names();

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

  /// Chips the layout occupies. Experts reuse the data-parallel chips (EP divides tp x cp x dp).
  [[nodiscard]] long long chips() const { return static_cast<long long>(tp) * pp * cp * dp; }
};

}  // namespace flopcast::perf
