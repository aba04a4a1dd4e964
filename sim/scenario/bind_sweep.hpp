// Binding sweep: and uncertain: (internal to the scenario module).
#pragma once

#include <initializer_list>

#include "flopcast/engine/sweep_spec.hpp"
#include "flopcast/scenario/load.hpp"
#include "yaml_reader.hpp"

namespace flopcast::scenario {

/// Reads `key` of `m` as a parameter path of `s`; reports an unknown one with close matches.
std::optional<engine::ParameterRef> read_path(YamlReader& r, const CheckedMap& m, std::string_view key, const engine::Scenario& s);

/// A number or quantity in the unit `dim` (of the parameter it sets); reports a bad one.
std::optional<double> parse_value(YamlReader& r, const YAML::Node& n, const std::string& path, core::Dimension dim);
std::optional<double> read_value(YamlReader& r, const CheckedMap& m, std::string_view key, core::Dimension dim);

/// A list of values in the unit `dim` (a sweep axis's values, the percentiles); bad ones reported.
std::vector<double> read_values(YamlReader& r, const CheckedMap& m, std::string_view key, core::Dimension dim);
/// Reports each of `keys` missing from `m`, saying `why` it is needed.
void require(YamlReader& r, const CheckedMap& m, std::initializer_list<const char*> keys, const std::string& why);

/// A value a sweep sets on an actor (its demand_scale or demand_growth) must keep the demand it
/// implies a quantity over the whole timeline; the first of `values` that does not, or nothing.
std::optional<double> demand_overflow(const engine::Scenario& s, const engine::ParameterRef& ref, std::initializer_list<double> values);
void report_demand_overflow(YamlReader& r, const YAML::Node& at, const std::string& path, const engine::ParameterRef& ref, double v);

/// Binds the uncertain: section (bind_uncertain.cpp): samples, seed, percentiles, variables and
/// correlations.
void bind_uncertain(YamlReader& r, const CheckedMap& top, const engine::Scenario& s, engine::SweepSpec& spec);

/// Binds the scenario's sweep: and uncertain: sections (if any) into `spec`. A `regime` axis
/// adds its regime timelines to s.projection (resolved against `regimes`).
void bind_sweep(YamlReader& r, const CheckedMap& top, engine::Scenario& s, engine::SweepSpec& spec, const RegimeLoad* regimes);

}  // namespace flopcast::scenario
