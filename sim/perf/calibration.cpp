// The shipped calibration and the names of layout enums.
#include <array>

#include "flopcast/perf/calibration.hpp"
#include "flopcast/perf/parallel_layout.hpp"

namespace flopcast::perf {
namespace {

constexpr std::array<core::EnumName<PipelineSchedule>, 3> kSchedules{{
    {PipelineSchedule::one_f_one_b, "1f1b", "one-forward-one-backward (PipeDream-Flush / Megatron)"},
    {PipelineSchedule::interleaved, "interleaved", "Megatron interleaved 1F1B with virtual stages"},
    {PipelineSchedule::dualpipe, "dualpipe", "DeepSeek DualPipe: bidirectional, overlaps all-to-all"},
}};
constexpr std::array<core::EnumName<Recompute>, 4> kRecompute{{
    {Recompute::none, "none", "keep every activation"},
    {Recompute::selective, "selective", "recompute attention internals (Korthikanti et al. 2022)"},
    {Recompute::full, "full", "recompute each layer's forward in backward"},
    {Recompute::op, "op", "torchtitan's per-op selective checkpointing: keep matmul outputs (all but every second) and attention outputs, recompute the rest (dense MHA/GQA models)"},
}};
constexpr std::array<core::EnumName<RecomputeModule>, recompute_module_count> kModules{{
    {RecomputeModule::core_attn, "core_attn", "the attention core (scores, softmax, values)"},
    {RecomputeModule::mlp, "mlp", "a dense layer's feed-forward block"},
    {RecomputeModule::moe, "moe", "a MoE layer's routed experts (permute, grouped GEMMs, unpermute)"},
    {RecomputeModule::moe_act, "moe_act", "the activation function inside the experts"},
    {RecomputeModule::layernorm, "layernorm", "the normalisations"},
    {RecomputeModule::mla_up_proj, "mla_up_proj", "MLA's query and key/value up-projections"},
    {RecomputeModule::shared_experts, "shared_experts", "a MoE layer's shared experts"},
}};

}  // namespace

std::span<const core::EnumName<PipelineSchedule>> pipeline_schedule_names() { return kSchedules; }
std::span<const core::EnumName<Recompute>> recompute_names() { return kRecompute; }
std::span<const core::EnumName<RecomputeModule>> recompute_module_names() { return kModules; }

const Calibration& default_calibration() {
  static const Calibration c{};
  return c;
}

}  // namespace flopcast::perf
