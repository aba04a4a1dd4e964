// The models' held-out error for the workloads of a scenario (internal to the report module):
// which row of scenarios/catalog/model-error.yaml vouches for each training run and service,
// and the sentence an answer quotes it in.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "flopcast/catalog/model_error.hpp"
#include "flopcast/engine/results.hpp"
#include "flopcast/engine/scenario.hpp"

namespace flopcast::report::detail {

/// A workload's family and chip vendor, and the table row quoted for it (nullptr: the catalog
/// has no row for the family).
struct WorkloadError {
  std::string family, vendor;
  const catalog::HeldOutError* row = nullptr;
  /// The vendor's own row in the family when `row` is not it (too few cases to quote alone, but
  /// said beside it); nullptr when the vendor has no case in the family.
  const catalog::HeldOutError* own = nullptr;
  /// The median error the answer reads a gap against: the quoted row's, or the vendor's own
  /// where its few cases are further off (never the kinder of the two).
  [[nodiscard]] double typical() const;
};

/// A training run priced by the step model; nothing for one at a stated utilisation (its
/// speed is the user's assumption, not the model's).
std::optional<WorkloadError> training_error(const engine::Scenario& s, const engine::TrainingResult& t);
/// A service on one pool (serving model).
std::optional<WorkloadError> serving_error(const engine::Scenario& s, const engine::InferenceResult& i);
/// The same by name: a training run or a service placed on a pool (a mix's choices).
std::optional<WorkloadError> training_error_on(const engine::Scenario& s, const std::string& run, const std::string& pool);
std::optional<WorkloadError> serving_error_on(const engine::Scenario& s, const std::string& service, const std::string& pool);

/// The workloads the metric paths `metrics` read (training.<run>.*, inference.<service>[@chip
/// or pool].*), those priced by a model; other metrics add none.
std::vector<WorkloadError> metric_workloads(const engine::Scenario& s, const engine::Results& r, const std::vector<std::string>& metrics);

/// "On published MoE training measurements held out of its fit, the model is off by a median
/// 14 % on Huawei chips (one case in five by more than 37 %; 6 cases) and 10 % on NVIDIA chips
/// (31 %; 21 cases)." Empty when no workload has a row.
std::string model_error_sentence(const std::vector<WorkloadError>& workloads);

/// Whether a gap between two runs (`gap` = the slower's time over the faster's, minus 1) is
/// wider than the two runs' typical errors: a sentence ("" when either run has no row).
std::string gap_sentence(double gap, const WorkloadError& faster, const WorkloadError& slower);

}  // namespace flopcast::report::detail
