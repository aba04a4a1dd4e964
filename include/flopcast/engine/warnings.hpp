// Plausibility warnings of a run's results (docs/models/training.md, inference.md): a training
// step faster than its roofline or above the chip's large-GEMM efficiency, a stated layout above
// HBM, a serving point faster than its memory roofline. Built on the cold path, for output only.
#pragma once

#include <string>
#include <vector>

#include "flopcast/engine/results.hpp"
#include "flopcast/engine/scenario.hpp"

namespace flopcast::engine {

struct RunWarning {
  std::string kind;     ///< "training" or "inference"
  std::string subject;  ///< the run's name, or "<service> on <pool>" for a serving row
  std::string text;     ///< what is implausible and which term is responsible
  /// "<kind> <subject>: <text>", as the terminal, report.html, check and docs/validation.md print it.
  std::string line() const { return kind + " " + subject + ": " + text; }
};

/// Every warning of `r` (evaluated from `s`), in the order the runs and rows appear.
std::vector<RunWarning> run_warnings(const Scenario& s, const Results& r);

}  // namespace flopcast::engine
