// First-order training model: FLOPs from the profile, time from fleet peak x utilisation.
#include "flopcast/perf/training_estimate.hpp"

#include "flopcast/core/assert.hpp"
#include "flopcast/perf/training_step.hpp"

namespace flopcast::perf {
namespace {
constexpr core::EnumName<AttentionAccounting> kAccounting[] = {
    {AttentionAccounting::causal, "causal", "each token attends to the positions before it (L/2 on average)"},
    {AttentionAccounting::non_causal, "non_causal", "the full L x L attention matrix (Megatron-style counting)"},
};
}  // namespace

std::span<const core::EnumName<AttentionAccounting>> attention_accounting_names() { return kAccounting; }

double training_flops_per_token(const catalog::ModelProfile& m, int sequence_length, AttentionAccounting accounting) {
  // eq. T1: backward costs twice the forward, so training = 3 x forward. Causal attention
  // attends L/2 positions on average; the non-causal count uses the full L.
  const double attended = accounting == AttentionAccounting::causal ? sequence_length / 2.0 : sequence_length;
  return 3.0 * catalog::forward_flops_per_token(m, attended);
}

TrainingEstimate estimate_training(const TrainingInputs& in) {
  FLOPCAST_ASSERT(in.model && in.chip, "training inputs need a model and a chip");
  TrainingEstimate e;
  e.flops_per_token = training_flops_per_token(*in.model, in.sequence_length, in.accounting);
  if (in.include_mtp) {
    const auto f = training_flops_split(*in.model, in.sequence_length, in.accounting, true);
    e.flops_per_token = f.dense_matmul + f.routed_matmul + f.attention;
  }
  e.total_flops = e.flops_per_token * in.tokens;
  const double peak = in.chip->peak(in.precision);
  if (peak <= 0) {
    e.status = EstimateStatus::infeasible;
    e.reason = in.chip->id + " has no " + std::string(core::enum_token(catalog::precision_names(), in.precision)) +
               " throughput in the catalog";
    return e;
  }
  e.fleet_peak_flop_per_s = in.chips * peak;                      // eq. T2
  e.achieved_flop_per_s = e.fleet_peak_flop_per_s * in.utilisation;
  if (e.achieved_flop_per_s <= 0) {
    e.status = EstimateStatus::infeasible;
    e.reason = "no chips or zero utilisation";
    return e;
  }
  e.tokens_per_s = e.achieved_flop_per_s / e.flops_per_token;
  e.time_s = e.total_flops / e.achieved_flop_per_s;               // eq. T3
  e.chip_hours = e.time_s * in.chips / 3600.0;                    // eq. T4
  return e;
}

}  // namespace flopcast::perf
