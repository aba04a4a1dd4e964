// Scenario -> Results. Pure: no I/O, no globals; the same scenario always gives the same results.
#pragma once

#include "flopcast/engine/results.hpp"
#include "flopcast/engine/scenario.hpp"
#include "flopcast/perf/layout_search.hpp"

namespace flopcast::engine {

/// One evaluation for output, with the breakdowns only outputs show (where a decode step goes).
Results evaluate(const Scenario& scenario);

/// Evaluates into `out`, reusing its storage: once `out` has been filled for a scenario of the
/// same shape, evaluating again allocates nothing on feasible paths (the sweep hot path).
/// `breakdowns`: also what `evaluate` adds for output (a decode step's parts: one more forward
/// pass per service); a sweep's samples leave them out.
void evaluate_into(const Scenario& scenario, Results& out, bool breakdowns = false);

/// The pool of the scenario's fleet named `name` (the binder has resolved every name).
const fleet::Pool& find_pool(const Scenario& s, const std::string& name);

/// Whether evaluating `run` searches its parallel layout (step model, no layout given, one pool).
bool searches_layout(const TrainingRun& run);

/// The step-model inputs of `run` on `pool` with `layout`, exactly as `evaluate` builds them (the
/// scenario's calibration, the run's expert balance and attention kernel; a stated layout is a fact).
perf::TrainingStepInputs training_step_inputs(const Scenario& s, const TrainingRun& run, const fleet::Pool& pool, const perf::ParallelLayout& layout);

/// The layout search `evaluate` runs for `run` on `pool`, keeping the best `keep` layouts
/// (evaluate keeps 1). A sweep re-plans with the same search (sim/sweep/layout_plan.cpp).
perf::LayoutSearchInputs layout_search_inputs(const Scenario& s, const TrainingRun& run, const fleet::Pool& pool, std::size_t keep);

}  // namespace flopcast::engine
