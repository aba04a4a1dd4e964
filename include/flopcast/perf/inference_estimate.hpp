// First-order serving estimate: prefill and decode roofline per chip, and chips needed for a
// demand. Equations: docs/models/inference.md.
#pragma once

#include <optional>
#include <string>

#include "flopcast/catalog/chip_spec.hpp"
#include "flopcast/catalog/model_profile.hpp"

namespace flopcast::perf {

struct InferenceInputs {
  const catalog::ModelProfile* model = nullptr;
  const catalog::ChipSpec* chip = nullptr;
  catalog::Precision precision = catalog::Precision::fp8;  ///< weights and matmuls
  double kv_bytes_per_element = 1;                         ///< KV-cache storage (FP8 = 1, BF16 = 2)
  double input_tokens = 0;   ///< prompt length per request
  double output_tokens = 0;  ///< generated tokens per request
  double compute_utilisation = 0;  ///< achieved fraction of dense peak in prefill/decode matmuls
  double memory_utilisation = 0;   ///< achieved fraction of HBM bandwidth in decode
  double hbm_reserve_fraction = 0; ///< HBM kept free for activations and runtime (0.1 = 10 %)
  std::optional<double> tpot_target_s;  ///< time-per-output-token ceiling
};

/// Which constraint set the decode batch.
enum class DecodeBound { kv_capacity, tpot_target, none };

struct InferenceEstimate {
  bool feasible = true;
  std::string reason;
  int replica_chips = 0;          ///< chips holding one copy of the weights
  double prefill_tokens_per_s_per_chip = 0;
  double decode_batch_per_replica = 0;
  DecodeBound decode_bound = DecodeBound::none;
  double decode_step_s = 0;       ///< = TPOT
  double decode_tokens_per_s_per_chip = 0;
  double chip_seconds_per_request = 0;
};

InferenceEstimate estimate_inference(const InferenceInputs& in);

}  // namespace flopcast::perf
