// Sweeps re-plan: every sample of a training run whose layout is searched runs on the layout a
// direct `flopcast run` with the same inputs would choose (docs/sweeps.md, "Layouts").
//
// A full layout search per sample costs milliseconds; instead, for each grid point and each value
// of the inputs that decide which layouts exist (pool size, batch), the layouts are bounded over
// the box of the sampled chip figures: a layout's speed never falls when a peak, bandwidth or HBM
// capacity rises (tests/unit/layout_plan_test.cpp checks it on the step model), so only layouts
// whose speed at the box's best corner reaches the best speed at its worst corner can win
// anywhere in the box. Each sample evaluates just those, best case first, and stops as soon as no
// remaining one can catch up: the choice is exactly the full search's (ties, which the search
// breaks by enumeration order, fall back to the search unless the tied layouts give the same
// numbers).
#pragma once

#include <cstdint>
#include <vector>

#include "flopcast/engine/scenario.hpp"
#include "flopcast/engine/sweep_spec.hpp"
#include "flopcast/perf/parallel_layout.hpp"

namespace flopcast::sweep::detail {

/// How a sweep input reaches a training run's layout search.
enum class SearchInfluence {
  none,      ///< not an input of the search or the step model (price, tokens, PUE, another pool, ...)
  monotone,  ///< a chip figure more of which never slows a layout nor makes it infeasible
  exact,     ///< decides which layouts exist (pool size, batch): candidates are found per value
};

/// What `p` does to the layout search of `scenario.training[run]` (a run that searches).
SearchInfluence search_influence(const engine::Scenario& scenario, std::size_t run, const engine::ParameterRef& p);

/// A layout that can be the fastest somewhere in the box, with its tokens/s at the best corner.
struct PlannedLayout {
  perf::ParallelLayout layout;
  double best_case_tokens_per_s = 0;  ///< whole run (per-chip rate x chips), at the box's best corner
};

/// One searched run's candidates at one grid point and one value of its exact inputs.
struct RunCandidates {
  std::uint64_t point = 0;
  std::vector<double> key;               ///< the exact inputs' values (pool size as the search reads it)
  std::vector<PlannedLayout> layouts;    ///< best case first; equal best cases in the search's order
  bool search_each_sample = false;       ///< too many candidates to bound: each sample searches
};

/// A training run whose layout the sweep re-plans, and the variables that reach its search.
struct SearchedRun {
  std::size_t run = 0;                ///< index into Scenario::training
  std::size_t pool = 0;               ///< index into Fleet::pools
  std::vector<std::size_t> monotone;  ///< indexes into SweepSpec::variables
  std::vector<double> low, high;      ///< their reachable extremes, widened by a relative 1e-9
  std::vector<std::size_t> exact;     ///< indexes into SweepSpec::variables
};

/// The runs of a Monte-Carlo sweep that re-plan per sample.
struct LayoutPlan {
  std::vector<SearchedRun> runs;
};

LayoutPlan plan_layouts(const engine::Scenario& base, const engine::SweepSpec& spec);

/// Per-thread memo of candidates, one list per searched run, cleared when the point changes.
struct PlanMemo {
  std::vector<std::vector<RunCandidates>> runs;
  std::vector<double> key;  ///< scratch, so a memo hit allocates nothing
};

/// A run's candidates at the inputs `s` holds now (called on a memo miss; allocates).
RunCandidates find_candidates(const engine::Scenario& s, const engine::SweepSpec& spec, const SearchedRun& r);

/// Sets the layout of every searched run in `s` to the one a direct run with the same inputs
/// would search for (or clears it, so the engine searches itself, where the bound cannot decide).
/// `point` is the grid point `s` is at. Allocates nothing on a memo hit.
void choose_layouts(const LayoutPlan& plan, const engine::SweepSpec& spec, std::uint64_t point, engine::Scenario& s, PlanMemo& memo);

}  // namespace flopcast::sweep::detail
