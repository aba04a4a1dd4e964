// The training step model's words (cold path): why a layout is infeasible and what a
// plausibility warning means, built only for the layout a user asked about (training_step.cpp
// keeps the numbers free of strings, so the search allocates nothing per layout).
#include <cstdio>

#include "flopcast/perf/training_step.hpp"

namespace flopcast::perf {

std::vector<std::string> describe_warnings(const TrainingStepEstimate& e, const TrainingStepInputs& in) {
  std::vector<std::string> out;
  char buf[256];
  const auto precision = std::string(core::enum_token(catalog::precision_names(), in.precision));
  if (e.warnings & static_cast<unsigned>(StepWarning::over_memory)) {
    std::snprintf(buf, sizeof buf, "the memory model puts this stated layout at %.0f GB per chip, above the %.0f GB of HBM (%s the largest term, eq. T11)",
                  e.memory.total / 1e9, e.memory.capacity / 1e9, e.memory.overflow);
    out.emplace_back(buf);
  }
  if (e.warnings & static_cast<unsigned>(StepWarning::above_peak_share)) {
    std::snprintf(buf, sizeof buf, "model FLOP/s per chip (%.0f TFLOP/s) exceed %s's large-GEMM efficiency at %s (%.0f%% of peak): check gemm_efficiency and the FLOP count (eq. K1)",
                  e.model_flop_per_s_per_chip / 1e12, in.chip->id.c_str(), precision.c_str(),
                  100 * (in.chip->efficiency(in.precision) > 0 ? in.chip->efficiency(in.precision) : 0));
    out.emplace_back(buf);
  }
  if (e.warnings & static_cast<unsigned>(StepWarning::above_roofline)) {
    std::snprintf(buf, sizeof buf, "the step is faster than its matmul FLOPs at %s's dense %s peak allow: the compute term (eq. T6) is too small",
                  in.chip->id.c_str(), precision.c_str());
    out.emplace_back(buf);
  }
  return out;
}

std::string describe_infeasibility(const TrainingStepEstimate& e, const TrainingStepInputs& in) {
  switch (e.why) {
    case StepInfeasibility::none: return "";
    case StepInfeasibility::fp8_attention_unsupported: return in.chip->id + " has no fp8 throughput for fp8_attention";
    case StepInfeasibility::precision_unsupported:
      return in.chip->id + " has no " + std::string(core::enum_token(catalog::precision_names(), in.precision)) + " throughput";
    case StepInfeasibility::no_dimensions: return in.model->id + " has no dimensions (published totals only)";
    case StepInfeasibility::batch_too_small: return "the global batch is smaller than dp x micro_batch sequences";
    case StepInfeasibility::too_many_stages: return "more pipeline stages than layers";
    case StepInfeasibility::ep_not_divisor: return "ep must divide the routed experts";
    case StepInfeasibility::out_of_memory:
    {
      char gb[64];  // %.0f: a cast to an integer type is undefined for the huge sizes absurd models reach
      std::snprintf(gb, sizeof gb, "%.0f GB needed of %.0f GB", e.memory.total / 1e9, e.memory.capacity / 1e9);
      return "does not fit in HBM: " + std::string(e.memory.overflow) + " overflow (" + gb + ")";
    }
  }
  return "";
}

}  // namespace flopcast::perf
