// Token lists of the enumerations the scenario format uses (for the key table and the schema).
#pragma once

#include <span>
#include <string>
#include <vector>

#include "flopcast/core/enum_table.hpp"

namespace flopcast::scenario {

/// Linear-attention variants (the profile stores only their dimensions; the kind is documentation).
enum class LinearAttentionKind { gated_deltanet };
std::span<const core::EnumName<LinearAttentionKind>> linear_attention_kind_names();

std::vector<std::string> precision_tokens();
std::vector<std::string> chip_status_tokens();
std::vector<std::string> attention_kind_tokens();
std::vector<std::string> linear_attention_kind_tokens();
std::vector<std::string> model_status_tokens();
std::vector<std::string> confidence_tokens();
std::vector<std::string> accounting_tokens();
std::vector<std::string> outcome_tokens();
std::vector<std::string> item_kind_tokens();
std::vector<std::string> schedule_tokens();
std::vector<std::string> recompute_tokens();
std::vector<std::string> attention_kernel_tokens();
std::vector<std::string> validation_quality_tokens();
std::vector<std::string> attention_parallelism_tokens();
std::vector<std::string> prefill_scheduling_tokens();
std::vector<std::string> serving_stack_tokens();
std::vector<std::string> distribution_tokens();
std::vector<std::string> sweep_mode_tokens();
std::vector<std::string> mix_objective_tokens();
std::vector<std::string> timeline_step_tokens();
std::vector<std::string> allocation_policy_tokens();
std::vector<std::string> serve_on_tokens();
std::vector<std::string> option_rank_tokens();

}  // namespace flopcast::scenario
