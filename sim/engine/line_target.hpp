// The procurement-line kind a parameter target addresses (internal to the engine: shared by the
// path grammar, parameters.cpp, and the value accessors, parameter_values.cpp).
#pragma once

#include "flopcast/engine/parameters.hpp"
#include "flopcast/fleet/projection.hpp"

namespace flopcast::engine::detail {

/// actors[A].procurement|leakage|option|smuggled[CHIP]: the kind of line the path's target names.
inline fleet::ProcurementLine::Kind line_kind(ParameterRef::Target target) {
  using K = fleet::ProcurementLine::Kind;
  using T = ParameterRef::Target;
  return target == T::leakage ? K::leakage : target == T::option ? K::option : target == T::smuggled ? K::smuggled : K::order;
}

}  // namespace flopcast::engine::detail
