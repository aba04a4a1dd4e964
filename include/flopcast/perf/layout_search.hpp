// Searching parallel layouts for a training run on a pool of identical chips: every
// TP x PP x CP x EP x DP x micro-batch x schedule x ZeRO x recompute combination is evaluated
// with the step model (DP takes as many replicas as fit), and the fastest feasible ones are kept.
#pragma once

#include <cstddef>
#include <vector>

#include "flopcast/perf/training_step.hpp"

namespace flopcast::perf {

struct LayoutSearchInputs {
  TrainingStepInputs base;  ///< model, chip, sequence length, batch, precision; layout is ignored
  long long chips = 0;      ///< chips available; a layout uses tp x pp x cp x dp <= chips
  std::size_t keep = 5;     ///< how many of the best layouts to return
};

struct LayoutCandidate {
  ParallelLayout layout;
  TrainingStepEstimate estimate;
};

struct LayoutSearchStats {
  std::size_t evaluated = 0;  ///< layouts considered
  std::size_t pruned = 0;     ///< of them, skipped: their throughput bound could not enter the best `keep`
  std::size_t feasible = 0;   ///< of the priced ones, those that fit
};

/// The best `keep` feasible layouts by total tokens/s (per-chip rate x chips used), best first;
/// ties keep the order of enumeration, so the result is deterministic. Empty if none is feasible.
std::vector<LayoutCandidate> search_layouts(const LayoutSearchInputs& in, LayoutSearchStats* stats = nullptr);

}  // namespace flopcast::perf
