// Binding timeline:, actors:, supply: and regime_timeline: (internal to the scenario module).
#pragma once

#include "flopcast/engine/scenario.hpp"
#include "flopcast/scenario/load.hpp"
#include "yaml_reader.hpp"

namespace flopcast::scenario {

/// Binds the fleet-over-time sections into s.projection (if the scenario has a timeline:).
void bind_projection(YamlReader& r, const CheckedMap& top, engine::Scenario& s, const RegimeLoad* regimes);

/// One actor: its lines, installed base, wants, preferences and allocation (bind_actor.cpp).
void bind_actor(YamlReader& r, const CheckedMap& m, const engine::Scenario& s, core::YearMonth start, fleet::Actor& a);
/// The actor's allocation: (bind_actor.cpp).
void bind_allocation(YamlReader& r, const CheckedMap& actor, core::YearMonth start, fleet::Allocation& out);
/// production: (bind_production.cpp).
void bind_production(YamlReader& r, const CheckedMap& top, const engine::Scenario& s, fleet::Production& out);

}  // namespace flopcast::scenario
