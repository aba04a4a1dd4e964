// Binding timeline:, actors:, supply: and regime_timeline: (internal to the scenario module).
#pragma once

#include "flopcast/engine/scenario.hpp"
#include "flopcast/scenario/load.hpp"
#include "yaml_reader.hpp"

namespace flopcast::scenario {

/// Binds the fleet-over-time sections into s.projection (if the scenario has a timeline:).
void bind_projection(YamlReader& r, const CheckedMap& top, engine::Scenario& s, const RegimeLoad* regimes);

}  // namespace flopcast::scenario
