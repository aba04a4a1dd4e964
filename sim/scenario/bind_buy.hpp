// Binding buy: (internal to the scenario module).
#pragma once

#include <optional>

#include "flopcast/engine/mix_spec.hpp"
#include "flopcast/engine/scenario.hpp"
#include "yaml_reader.hpp"

namespace flopcast::scenario {

/// Binds the scenario's buy: section (if any) into `out`.
void bind_buy(YamlReader& r, const CheckedMap& top, const engine::Scenario& s, std::optional<engine::MixSpec>& out);

}  // namespace flopcast::scenario
