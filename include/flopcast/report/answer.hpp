// The answer to a scenario's question, in words, generated from its results: one to three
// sentences with the ratios, the deciding factor and, where a sweep ran, the uncertainty band.
// The summary, results.json ("answer") and report.html all lead with it (docs/results-format.md).
#pragma once

#include <string>
#include <vector>

#include "flopcast/engine/results.hpp"
#include "flopcast/engine/scenario.hpp"
#include "flopcast/sweep/sweep_result.hpp"

namespace flopcast::report {

struct Answer {
  std::vector<std::string> sentences;  ///< one to three, each ending with a full stop
  std::vector<std::string> compared;   ///< the metric paths the answer sets against each other
  std::string deciding_factor;         ///< e.g. "utilisation"; empty when the answer compares nothing
  /// How the metrics were chosen: "answer.compare" (the scenario's own), or what the scenario
  /// holds ("training runs", "serving", "fleet projection").
  std::string basis;
  /// How far to trust it: the models' held-out error on published measurements of the same kind
  /// of workload and chip (scenarios/catalog/model-error.yaml), and whether a gap the answer
  /// reports is wider than that. Empty when the answer rests on no model (stated utilisation,
  /// projections, the fleet alone) or the catalog has no table.
  std::string model_error;

  [[nodiscard]] std::string text() const;  ///< the sentences joined by spaces
};

/// The answer for a run; with `swept`, the uncertainty band of the compared metrics too.
Answer answer_question(const engine::Scenario& s, const engine::Results& r, const sweep::SweepResult* swept = nullptr);

/// How far to trust the metrics `metrics` (paths) of `r`: the sentence of Answer::model_error for
/// the training runs and services they read; empty when none rests on the step or serving model.
std::string model_error_of(const engine::Scenario& s, const engine::Results& r, const std::vector<std::string>& metrics);
/// The same for placements that were not run as such (a mix's choices): (name, pool) pairs of
/// the scenario's services and training runs.
std::string model_error_of_placements(const engine::Scenario& s, const std::vector<std::pair<std::string, std::string>>& services,
                                      const std::vector<std::pair<std::string, std::string>>& runs);

/// The answer of `flopcast compare`: the projection under each regime in `regimes` (one result
/// per regime, same order), set against the first.
Answer answer_regime_comparison(const engine::Scenario& s, const std::vector<std::string>& regimes, const std::vector<engine::Results>& runs);

}  // namespace flopcast::report
