// Binding a scenario document (internal to the scenario module).
#pragma once

#include "flopcast/engine/scenario.hpp"
#include "flopcast/engine/size_spec.hpp"
#include "flopcast/engine/sweep_spec.hpp"
#include "flopcast/scenario/load.hpp"
#include "yaml_reader.hpp"

namespace flopcast::scenario {

/// Binds `root` into `s` (starting from the built-in catalog); problems go to the reader's sink.
/// The size: and buy: sections go to `extras.sizing` and `extras.buy`.
void bind_scenario(YamlReader& r, const YAML::Node& root, const catalog::Catalog& builtins, engine::Scenario& s, engine::SweepSpec& sweep,
                   ScenarioLoad& extras, const RegimeLoad* regimes = nullptr);

/// Binds answer: (the metrics the generated answer compares) from the scenario's top-level map.
void bind_answer(YamlReader& r, const CheckedMap& top, engine::Scenario& s);

}  // namespace flopcast::scenario
