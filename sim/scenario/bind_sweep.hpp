// Binding sweep: and uncertain: (internal to the scenario module).
#pragma once

#include "flopcast/engine/sweep_spec.hpp"
#include "yaml_reader.hpp"

namespace flopcast::scenario {

/// Binds the scenario's sweep: and uncertain: sections (if any) into `spec`.
void bind_sweep(YamlReader& r, const CheckedMap& top, const engine::Scenario& s, engine::SweepSpec& spec);

}  // namespace flopcast::scenario
