// Binding sweep: and uncertain: (internal to the scenario module).
#pragma once

#include "flopcast/engine/sweep_spec.hpp"
#include "flopcast/scenario/load.hpp"
#include "yaml_reader.hpp"

namespace flopcast::scenario {

/// Binds the scenario's sweep: and uncertain: sections (if any) into `spec`. A `regime` axis
/// adds its regime timelines to s.projection (resolved against `regimes`).
void bind_sweep(YamlReader& r, const CheckedMap& top, engine::Scenario& s, engine::SweepSpec& spec, const RegimeLoad* regimes);

}  // namespace flopcast::scenario
