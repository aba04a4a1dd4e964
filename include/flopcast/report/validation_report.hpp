// Validation cases: each published measurement next to what flopcast simulates, with the error.
#pragma once

#include <optional>
#include <string>
#include <vector>

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
};

/// One row per validation check of the scenario.
std::vector<ValidationRow> validation_rows(const engine::Scenario& s, const engine::Results& r);

/// A plain-text table for the terminal.
std::string validation_table(const std::vector<ValidationRow>& rows);
/// docs/validation.md: the same table as Markdown with sources, generated so it cannot drift.
std::string validation_markdown(const std::vector<ValidationRow>& rows);

}  // namespace flopcast::report
