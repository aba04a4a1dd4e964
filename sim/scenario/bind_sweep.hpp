// Binding sweep: and uncertain: (internal to the scenario module).
#pragma once

#include "flopcast/engine/sweep_spec.hpp"
#include "flopcast/scenario/load.hpp"
#include "yaml_reader.hpp"

namespace flopcast::scenario {

/// Reads `key` of `m` as a parameter path of `s`; reports an unknown one with close matches.
std::optional<engine::ParameterRef> read_path(YamlReader& r, const CheckedMap& m, std::string_view key, const engine::Scenario& s);

/// A number or quantity in the unit `dim` (of the parameter it sets); reports a bad one.
std::optional<double> parse_value(YamlReader& r, const YAML::Node& n, const std::string& path, core::Dimension dim);
std::optional<double> read_value(YamlReader& r, const CheckedMap& m, std::string_view key, core::Dimension dim);

/// Binds the scenario's sweep: and uncertain: sections (if any) into `spec`. A `regime` axis
/// adds its regime timelines to s.projection (resolved against `regimes`).
void bind_sweep(YamlReader& r, const CheckedMap& top, engine::Scenario& s, engine::SweepSpec& spec, const RegimeLoad* regimes);

}  // namespace flopcast::scenario
