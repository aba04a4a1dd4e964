// Validation cases: each published measurement next to what flopcast simulates with the shipped
// calibration and what it predicts with that case's source held out of the fit (cross-
// validation), with the errors, as text and as docs/validation.md.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "flopcast/catalog/calibration.hpp"
#include "flopcast/catalog/model_error.hpp"
#include "flopcast/engine/results.hpp"
#include "flopcast/engine/scenario.hpp"

namespace flopcast::report {

struct ValidationRow {
  std::string case_id;
  std::string scenario_file;
  std::string metric;
  double published = 0;
  std::optional<double> simulated;  ///< nothing if the metric does not exist or the run was infeasible
  double error = 0;                 ///< (simulated - published) / published
  double tolerance = 0;
  bool pass = false;
  std::string source;
  std::string note;
  std::string quality = "full";     ///< full, partial or band
  std::string family;               ///< dense/MoE x training/serving
  std::string vendor;
  std::string source_key;           ///< the cross-validation fold: cases of one source are held out together
  std::optional<double> predicted;  ///< cross-validated: fitted without this case's source
  /// The share of its physical limit the *published* value sits at under the case's own inputs
  /// (engine::metric_limit, limit_share): above 1 the case's assumptions cannot produce it.
  std::optional<double> limit_share;
  std::string limit_basis;          ///< "dense peak" or "HBM bandwidth"
  std::vector<std::string> warnings;  ///< the plausibility warnings of the case's run (engine::run_warnings)
};

/// The row of check `c` of scenario `s` with its simulated value (nothing: no such metric or
/// infeasible): error and verdict against the published value.
ValidationRow validation_row(const engine::Scenario& s, const engine::ValidationCheck& c, std::optional<double> simulated);

/// A plain-text table for the terminal.
std::string validation_table(const std::vector<ValidationRow>& rows);
/// docs/validation.md: per-case and cross-validated errors, summaries by family and vendor,
/// sources; generated so it cannot drift.
std::string validation_markdown(const std::vector<ValidationRow>& rows);

/// Every row as CSV, one line per case: what the terminal table shows, with family, vendor,
/// quality, the limit's basis and the scenario file (for CI jobs and spreadsheets).
std::string validation_csv(const std::vector<ValidationRow>& rows);

/// The cross-validated predictions as CSV (scenario,case,metric,fold,predicted), keyed so
/// `attach_predictions` can find them again.
std::string cross_validation_csv(const std::vector<ValidationRow>& rows);
/// Reads `cross_validation_csv` output into each row's `predicted` (rows not in it keep none).
void attach_predictions(const std::string& csv, std::vector<ValidationRow>& rows);

/// scenarios/catalog/calibration.yaml: every constant with its unit, bounds and status.
std::string calibration_yaml(const catalog::Calibration& c, const std::string& fit_summary);

/// The held-out |error| of the workload cases (not the kernel ones, not band cases) per family,
/// over all vendors and per vendor: what answers quote as the models' error.
std::vector<catalog::HeldOutError> held_out_errors(const std::vector<ValidationRow>& rows);
/// scenarios/catalog/model-error.yaml: held_out_errors() as the catalog reads it.
std::string model_error_yaml(const std::vector<ValidationRow>& rows);

}  // namespace flopcast::report
