// Goal-seek (flopcast size): the smallest value of a parameter (a pool's chip count) at which
// every target holds. Each candidate is a full evaluation, layouts searched as a direct run
// does, so a target need not be monotone in the count: the search brackets by doubling, bisects,
// then checks every candidate in a window below the bisection's answer (docs/sizing.md).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "flopcast/core/diagnostic.hpp"
#include "flopcast/engine/results.hpp"
#include "flopcast/engine/scenario.hpp"
#include "flopcast/engine/size_spec.hpp"

namespace flopcast::sweep {

/// One candidate evaluated: the value, whether every target holds, each target's metric.
struct SizeProbe {
  double value = 0;
  bool holds = false;
  std::vector<std::optional<double>> metrics;  ///< per target; nothing: no value (infeasible run)
};

struct SizeAnswer {
  std::string name;
  std::string vary;  ///< the parameter path
  bool met = false;
  double value = 0;  ///< the smallest candidate meeting every target (met), else the largest tried
  std::vector<std::optional<double>> metrics;  ///< per target, at `value`
  /// Targets that fail one step below the answer (what the answer is sized by); empty when the
  /// answer is the smallest candidate.
  std::vector<std::size_t> binding;
  std::string reason;  ///< not met: "infeasible because ..."; met at the minimum: says so
  engine::Results results;  ///< the full evaluation at `value` (cost, power, layouts)
  std::vector<SizeProbe> probes;  ///< every candidate evaluated, by value
  double scanned_from = 0;  ///< every candidate in [scanned_from, value] was evaluated (met)
  /// Candidates above the answer where a target fails again: evidence that the targets are not
  /// monotone in the count (layouts change with size).
  std::vector<double> fails_above;
};

/// A located error for each target whose metric the scenario does not have (checked on the
/// base evaluation), with the closest metric names.
std::vector<core::Diagnostic> check_size_targets(const engine::Scenario& s, const engine::Results& base, const engine::SizeProblem& p);

/// Solves `p` on `s`. `threads` (0: all cores) evaluates the scan window in parallel; the
/// answer does not depend on it.
SizeAnswer solve_size(const engine::Scenario& s, const engine::SizeProblem& p, int threads = 0);

/// Whether `value` meets the target.
bool target_holds(const engine::SizeTarget& t, double value);

/// "training.x.time_days <= 60" for a target.
std::string describe_target(const engine::SizeTarget& t);

}  // namespace flopcast::sweep
