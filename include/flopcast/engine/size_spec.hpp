// What `flopcast size` asks (the scenario's size: section): the smallest value of one parameter
// (a pool's chip count) at which every target holds, with layouts re-planned at each candidate.
#pragma once

#include <string>
#include <vector>

#include "flopcast/core/diagnostic.hpp"
#include "flopcast/engine/parameters.hpp"
#include "flopcast/engine/scenario.hpp"

namespace flopcast::engine {

/// A condition the answer must meet: metric <op> threshold (the ops of expect:).
struct SizeTarget {
  std::string metric;  ///< a metric path (engine/metrics.hpp)
  Expectation::Op op = Expectation::Op::at_most;
  double threshold = 0;
  core::SourceLocation where;  ///< of the metric in the scenario file, for errors
  std::string path;            ///< "size[0].targets[1].metric"
};

struct SizeProblem {
  std::string name;   ///< label in outputs (default: the parameter path)
  ParameterRef vary;  ///< the parameter searched, e.g. fleet.pools[pr].count
  std::vector<SizeTarget> targets;
  double step = 1;          ///< candidates are multiples of this (chips per node, per rack, ...)
  double min = 0;           ///< smallest candidate (0: one step)
  double max = 1e6;         ///< largest candidate: the supply; nothing above it is tried
  double scan_below = 0.25; ///< below the bisection's answer, every candidate within this share is checked
  core::SourceLocation where;  ///< of the size: item
};

}  // namespace flopcast::engine
