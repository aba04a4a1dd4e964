// The serving model's words (cold path): what a plausibility warning means, built only for
// output (inference_model.cpp and serving_replica.cpp keep the numbers free of strings, so a
// sweep allocates nothing per sample).
#include <cstdio>

#include "flopcast/perf/inference_estimate.hpp"

namespace flopcast::perf {

std::vector<std::string> describe_warnings(const InferenceEstimate& e, const catalog::ChipSpec& chip) {
  std::vector<std::string> out;
  if (e.warnings & static_cast<unsigned>(ServingWarning::above_memory_roofline)) {
    char buf[320];
    std::snprintf(buf, sizeof buf,
                  "decode at %.0f tokens/s per chip (batch %.0f) is faster than %s's peak HBM bandwidth allows for the weights and KV cache "
                  "a step reads (eq. I13): check hbm_efficiency and the bytes per weight and per KV element",
                  e.decode_tokens_per_s_per_chip, e.decode_batch_per_chip, chip.id.c_str());
    out.emplace_back(buf);
  }
  return out;
}

}  // namespace flopcast::perf
