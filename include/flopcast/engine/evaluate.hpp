// Scenario -> Results. Pure: no I/O, no globals; the same scenario always gives the same results.
#pragma once

#include "flopcast/engine/results.hpp"
#include "flopcast/engine/scenario.hpp"

namespace flopcast::engine {

Results evaluate(const Scenario& scenario);

/// Evaluates into `out`, reusing its storage: once `out` has been filled for a scenario of the
/// same shape, evaluating again allocates nothing on feasible paths (the sweep hot path).
void evaluate_into(const Scenario& scenario, Results& out);

}  // namespace flopcast::engine
