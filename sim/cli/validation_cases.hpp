// The calibration set on disk (tests/validation/): loading it, and its rows for the reports of
// `validate-cases` and `calibrate`.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "commands.hpp"
#include "flopcast/fit/calibration_fit.hpp"
#include "flopcast/report/validation_report.hpp"

namespace flopcast::cli {

/// Every scenario of `dir` with validation checks, bound with the built-in catalog, grouped into
/// cases. Prints what is wrong (diagnostics, an unknown metric, no files) and returns nothing.
std::optional<fit::CaseSet> load_case_set(const std::string& dir, const GlobalOptions& g, const catalog::Catalog& builtins);

/// One report row per case: published, `simulated`, family, vendor, source fold.
std::vector<report::ValidationRow> case_rows(const fit::CaseSet& set, const std::vector<std::optional<double>>& simulated);

/// Each row's published value against its metric's physical limit under the case's inputs, and
/// the plausibility warnings of the case's run: one evaluation per scenario, with the calibration
/// the set's scenarios carry.
void attach_limits_and_warnings(const fit::CaseSet& set, std::vector<report::ValidationRow>& rows);

/// The cross-validated predictions file of a validation directory.
std::string cross_validation_path(const std::string& dir);

}  // namespace flopcast::cli
