// Named metrics of a run ("training.<run>.mfu_bf16"), for validation cases and expectations.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "flopcast/engine/results.hpp"

namespace flopcast::engine {

/// The value of `path` in `r`, or nothing if the path names no metric. Paths:
///   training.<run>.{tokens_per_s_per_chip, model_tflops_per_chip, hardware_tflops_per_chip,
///                   mfu_bf16, step_s, time_days, chip_hours}
///   inference.<service>.{prefill_tokens_per_s_per_chip, decode_tokens_per_s_per_chip,
///                        output_tokens_per_s_per_chip, tpot_ms, chips_needed}
///                        (the service's first pool; inference.<service>@<chip>.… for another)
std::optional<double> metric_value(const Results& r, const std::string& path);

/// Every metric name `metric_value` understands for `r` (for error messages).
std::vector<std::string> metric_names(const Results& r);

}  // namespace flopcast::engine
