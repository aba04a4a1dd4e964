// Fitting the performance models' constants to published measurements, and the honest error:
// leave-one-source-out cross-validation (docs/models/calibration.md). Deterministic: the same
// cases and starting point always give the same constants, whatever the thread count.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "flopcast/catalog/calibration.hpp"
#include "flopcast/engine/scenario.hpp"

namespace flopcast::fit {

/// One published measurement (a validation check) and what it is grouped by.
struct Case {
  std::size_t scenario = 0;  ///< index into CaseSet::scenarios
  std::size_t check = 0;     ///< index into that scenario's validation checks
  std::string source_key;    ///< the first bibliography key of its source, e.g. "MBRIDGE-2511"
  std::string family;        ///< "dense training", "MoE training", "dense serving", "MoE serving"
  std::string vendor;        ///< the vendor of the chip it ran on
  bool fitted = true;        ///< false for band-only cases: reported, never fitted
  double weight = 1;         ///< 1 / checks of the same case id among the fitted ones
};

struct CaseSet {
  std::vector<engine::Scenario> scenarios;
  std::vector<Case> cases;
};

/// Groups every validation check of `scenarios`. A check whose source names no `[KEY]` is
/// grouped under its case id.
CaseSet make_case_set(std::vector<engine::Scenario> scenarios);

/// The simulated value of every case under `c` (nothing where infeasible or missing), the
/// scenarios evaluated in parallel.
std::vector<std::optional<double>> simulate(CaseSet& set, const catalog::Calibration& c);

struct FitResult {
  catalog::Calibration calibration;
  double objective = 0;  ///< weighted mean of log(simulated / published)^2 over the fitted cases
  int evaluations = 0;
  bool converged = false;
  std::string message;   ///< the optimiser's stopping reason
};

/// Fits the constants marked `fitted` (catalog::calibration_params) within their bounds, from
/// `start`, on the cases where `include` is true (all fitted cases when empty): bounded
/// derivative-free minimisation (NLopt BOBYQA) of the weighted squared log errors.
FitResult fit_calibration(CaseSet& set, const catalog::Calibration& start, const std::vector<bool>& include = {}, int max_evaluations = 4000);

/// The fit from `start` and from `extra_starts` more points spread over the constants' bounds
/// (a Halton sequence: deterministic), keeping the lowest objective: BOBYQA is local, and the
/// constants trade against each other, so one start may stop in a worse basin.
FitResult fit_calibration_multistart(CaseSet& set, const catalog::Calibration& start, int extra_starts, int max_evaluations = 4000);

/// Leave-one-source-out: for each source, the constants refitted without its cases (from
/// `fitted`), and each held-out case's prediction. Band cases are predicted by `fitted` itself.
struct CrossValidation {
  std::vector<std::optional<double>> predicted;  ///< per case
  std::vector<std::string> folds;                ///< the source held out, per case
  bool converged = true;
  std::string message;
};
CrossValidation cross_validate(CaseSet& set, const catalog::Calibration& fitted, int max_evaluations = 4000);

}  // namespace flopcast::fit
