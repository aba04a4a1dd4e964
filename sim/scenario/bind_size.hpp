// Binding size: (internal to the scenario module).
#pragma once

#include "flopcast/engine/size_spec.hpp"
#include "yaml_reader.hpp"

namespace flopcast::scenario {

/// Binds the scenario's size: section (if any) into `out`: one problem per varied parameter.
void bind_size(YamlReader& r, const CheckedMap& top, const engine::Scenario& s, std::vector<engine::SizeProblem>& out);

}  // namespace flopcast::scenario
