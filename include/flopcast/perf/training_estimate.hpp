// First-order training estimate: FLOPs needed and time at a stated utilisation of dense peak.
// Equations: docs/models/training.md. The calibrated layout-aware model replaces the
// utilisation input in a later model; the interface (inputs -> TrainingEstimate) stays.
#pragma once

#include <span>
#include <string>

#include "flopcast/catalog/chip_spec.hpp"
#include "flopcast/catalog/model_profile.hpp"

namespace flopcast::perf {

/// How attention FLOPs are counted in training: causal (each token attends to half the
/// sequence on average, as DeepSeek's 250 GFLOP/token) or non-causal (the full matrix,
/// Megatron-style, as DeepSeek's 432 TFLOPS/GPU figure).
enum class AttentionAccounting { causal, non_causal };
std::span<const core::EnumName<AttentionAccounting>> attention_accounting_names();

struct TrainingInputs {
  const catalog::ModelProfile* model = nullptr;
  const catalog::ChipSpec* chip = nullptr;
  double chips = 0;
  double tokens = 0;
  int sequence_length = 0;
  catalog::Precision precision = catalog::Precision::bf16;
  double utilisation = 0;  ///< model FLOP/s achieved / dense peak at `precision`
  AttentionAccounting accounting = AttentionAccounting::causal;
  bool include_mtp = false;  ///< count the model's multi-token-prediction modules (eq. T5b)
};

enum class EstimateStatus { ok, infeasible };

struct TrainingEstimate {
  EstimateStatus status = EstimateStatus::ok;
  std::string reason;                  ///< why infeasible
  double flops_per_token = 0;          ///< training (forward + backward) FLOPs per token
  double total_flops = 0;
  double fleet_peak_flop_per_s = 0;    ///< chips x dense peak at the precision
  double achieved_flop_per_s = 0;      ///< fleet peak x utilisation
  double tokens_per_s = 0;
  double time_s = 0;
  double chip_hours = 0;
};

/// Training FLOPs per token: 3 x forward (forward + backward), eq. T1.
double training_flops_per_token(const catalog::ModelProfile& m, int sequence_length, AttentionAccounting accounting);

TrainingEstimate estimate_training(const TrainingInputs& in);

}  // namespace flopcast::perf
