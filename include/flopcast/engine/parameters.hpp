// Addressable numeric parameters of a bound scenario ("fleet.pools[h100].count"), for sweeps
// and uncertainty: resolved once to a reference, then set many times without allocation.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "flopcast/core/units.hpp"
#include "flopcast/engine/scenario.hpp"

namespace flopcast::engine {

/// A resolved parameter: which field of which element.
struct ParameterRef {
  enum class Target { pool, training, inference, chip, assumption, actor, procurement, leakage, option, smuggled, supply, regime,
                      production_input, production_source };
  /// The values the field can take: the bounds the scenario reader applies to the same key
  /// (sim/scenario/key_table*.cpp), so a sweep cannot set what a file could not state. Every
  /// field is at least 0 and at most 1e24 in SI units; "positive" excludes 0.
  enum class Range { non_negative, positive, fraction, positive_fraction, at_least_one, pool_chips };
  Target target = Target::pool;
  std::size_t index = 0;  ///< pool / run / service / actor index; unused for chip, assumption and supply
  std::string chip_id;    ///< chip, line and supply parameters: every pool / line of this chip is set; production: the input
  int field = 0;          ///< the field, per target (see parameters.cpp)
  core::Dimension dimension = core::Dimension::count;  ///< how values for it are written
  std::string path;
  Range range = Range::non_negative;
};

/// Resolves `path`, or nothing if it names no numeric parameter of `s`.
std::optional<ParameterRef> resolve_parameter(const Scenario& s, const std::string& path);
/// Every path `resolve_parameter` accepts for `s` (for "did you mean" and --help).
std::vector<std::string> parameter_paths(const Scenario& s);

void set_parameter(Scenario& s, const ParameterRef& p, double value);
/// The value set_parameter stores for `value`: itself, or for a count of chips the nearest whole
/// number (a sampled count is rounded; a grid value must already be whole, see range_problem).
double applied_value(const ParameterRef& p, double value);
double get_parameter(const Scenario& s, const ParameterRef& p);

/// What is wrong with setting the parameter to `value`, in words that follow its path ("must be
/// a fraction between 0 and 1", "must be greater than zero", ...), or nothing if it can take it:
/// the bounds the scenario reader applies to the same key, magnitudes within 1e-24..1e24.
std::optional<std::string> range_problem(const ParameterRef& p, double value);
bool in_range(const ParameterRef& p, double value);
/// How to fix a value range_problem refuses, for the key or option `what` that gave it: "keep
/// from: within what assumptions.pue takes: 1 or more", or, for a magnitude beyond 1e24,
/// core::kMagnitudeHint.
std::string range_hint(const ParameterRef& p, double value, std::string_view what);

}  // namespace flopcast::engine
