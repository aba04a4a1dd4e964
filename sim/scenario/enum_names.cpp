// Token lists of the scenario format's enumerations, read from each enum's one name table.
#include "enum_names.hpp"

#include "flopcast/engine/mix_spec.hpp"
#include "flopcast/perf/training_step.hpp"

#include <array>

#include "flopcast/catalog/chip_spec.hpp"
#include "flopcast/catalog/model_profile.hpp"
#include "flopcast/engine/sweep_spec.hpp"
#include "flopcast/perf/inference_estimate.hpp"
#include "flopcast/perf/parallel_layout.hpp"
#include "flopcast/perf/training_estimate.hpp"
#include "flopcast/rules/export_regime.hpp"

namespace flopcast::scenario {
namespace {

constexpr std::array<core::EnumName<LinearAttentionKind>, 1> kLinearKinds{{
    {LinearAttentionKind::gated_deltanet, "gated_deltanet", "Gated DeltaNet (Qwen3-Next, Qwen3.5)"},
}};

}  // namespace

std::span<const core::EnumName<LinearAttentionKind>> linear_attention_kind_names() { return kLinearKinds; }

std::vector<std::string> precision_tokens() { return core::enum_tokens(catalog::precision_names()); }
std::vector<std::string> chip_status_tokens() { return core::enum_tokens(catalog::chip_status_names()); }
std::vector<std::string> attention_kind_tokens() { return core::enum_tokens(catalog::attention_kind_names()); }
std::vector<std::string> linear_attention_kind_tokens() { return core::enum_tokens(linear_attention_kind_names()); }
std::vector<std::string> model_status_tokens() { return core::enum_tokens(catalog::model_status_names()); }
std::vector<std::string> confidence_tokens() { return core::enum_tokens(catalog::confidence_names()); }
std::vector<std::string> accounting_tokens() { return core::enum_tokens(perf::attention_accounting_names()); }
std::vector<std::string> outcome_tokens() { return core::enum_tokens(rules::outcome_names()); }
std::vector<std::string> item_kind_tokens() { return core::enum_tokens(rules::item_kind_names()); }
std::vector<std::string> schedule_tokens() { return core::enum_tokens(perf::pipeline_schedule_names()); }
std::vector<std::string> recompute_tokens() { return core::enum_tokens(perf::recompute_names()); }
std::vector<std::string> attention_kernel_tokens() { return core::enum_tokens(perf::attention_kernel_names()); }
std::vector<std::string> validation_quality_tokens() { return {"full", "partial", "band"}; }
std::vector<std::string> distribution_tokens() { return core::enum_tokens(engine::distribution_names()); }
std::vector<std::string> sweep_mode_tokens() { return {"grid", "zip"}; }
std::vector<std::string> mix_objective_tokens() { return core::enum_tokens(engine::mix_objective_names()); }
std::vector<std::string> timeline_step_tokens() { return {"month", "quarter", "year"}; }
std::vector<std::string> allocation_policy_tokens() { return {"shares", "serving-first"}; }
std::vector<std::string> serve_on_tokens() { return {"best-suited", "every-type"}; }
std::vector<std::string> prefill_scheduling_tokens() { return core::enum_tokens(perf::prefill_scheduling_names()); }
std::vector<std::string> serving_stack_tokens() { return core::enum_tokens(perf::serving_stack_names()); }
std::vector<std::string> option_rank_tokens() { return {"cost", "listed"}; }
std::vector<std::string> attention_parallelism_tokens() { return core::enum_tokens(perf::attention_parallelism_names()); }

}  // namespace flopcast::scenario
