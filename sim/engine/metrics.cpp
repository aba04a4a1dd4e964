// Metric paths over Results: the one place that names result values for checks.
#include "flopcast/engine/metrics.hpp"

#include <algorithm>

namespace flopcast::engine {
namespace {

const char* const kTrainingFields[] = {"tokens_per_s_per_chip", "model_tflops_per_chip", "hardware_tflops_per_chip", "mfu_bf16",
                                       "step_s", "time_days", "chip_hours"};
const char* const kInferenceFields[] = {"prefill_tokens_per_s_per_chip", "decode_tokens_per_s_per_chip",
                                        "output_tokens_per_s_per_chip", "tpot_ms", "chips_needed"};

std::optional<double> training_field(const TrainingResult& t, const std::string& f) {
  if (t.estimate.status != perf::EstimateStatus::ok) return std::nullopt;
  if (f == "time_days") return t.estimate.time_s / 86400.0;
  if (f == "chip_hours") return t.estimate.chip_hours;
  if (f == "tokens_per_s_per_chip") return t.estimate.tokens_per_s / t.chips;
  if (f == "model_tflops_per_chip") return t.estimate.achieved_flop_per_s / t.chips / 1e12;
  if (!t.step) return std::nullopt;  // the rest exist only for the step model
  const auto& s = *t.step;
  if (f == "hardware_tflops_per_chip") return s.hardware_flop_per_s_per_chip / 1e12;
  if (f == "mfu_bf16") return s.mfu_bf16;
  if (f == "step_s") return s.time.step_s;
  return std::nullopt;
}

std::optional<double> inference_field(const InferenceResult& i, const std::string& f) {
  const auto& e = i.estimate;
  if (!e.feasible) return std::nullopt;
  if (f == "prefill_tokens_per_s_per_chip") return e.prefill_tokens_per_s_per_chip;
  if (f == "decode_tokens_per_s_per_chip") return e.decode_tokens_per_s_per_chip;
  if (f == "output_tokens_per_s_per_chip") return e.output_tokens_per_s_per_chip;
  if (f == "tpot_ms") return e.tpot_s * 1e3;
  if (f == "chips_needed") return i.chips_needed;
  return std::nullopt;
}

}  // namespace

std::optional<double> metric_value(const Results& r, const std::string& path) {
  const auto first = path.find('.');
  const auto last = path.rfind('.');
  if (first == std::string::npos || first == last) return std::nullopt;
  const std::string kind = path.substr(0, first), name = path.substr(first + 1, last - first - 1), field = path.substr(last + 1);
  if (kind == "training") {
    for (const auto& t : r.training) if (t.name == name) return training_field(t, field);
  } else if (kind == "inference") {
    const auto at = name.find('@');
    const std::string service = name.substr(0, at), chip = at == std::string::npos ? "" : name.substr(at + 1);
    for (const auto& i : r.inference) {
      if (i.name == service && (chip.empty() || i.chip_id == chip)) return inference_field(i, field);
    }
  }
  return std::nullopt;
}

std::vector<std::string> metric_names(const Results& r) {
  std::vector<std::string> out;
  for (const auto& t : r.training) for (const char* f : kTrainingFields) out.push_back("training." + t.name + "." + f);
  for (const auto& i : r.inference) {
    for (const char* f : kInferenceFields) {
      const std::string name = "inference." + i.name + "." + f;
      if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
    }
  }
  return out;
}

}  // namespace flopcast::engine
