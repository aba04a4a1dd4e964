// Scenario -> Results. Pure: no I/O, no globals; the same scenario always gives the same results.
#pragma once

#include "flopcast/engine/results.hpp"
#include "flopcast/engine/scenario.hpp"

namespace flopcast::engine {

Results evaluate(const Scenario& scenario);

}  // namespace flopcast::engine
