// report.html sections of a sweep: the uncertain inputs and their distributions, the swept axes,
// percentile tables of the key metrics, and the expect: verdicts (internal to the report module).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "flopcast/engine/scenario.hpp"
#include "flopcast/engine/sweep_spec.hpp"
#include "flopcast/report/expectations.hpp"
#include "flopcast/sweep/sweep_result.hpp"

namespace flopcast::report::html {

/// A distribution in words, values in their unit: "triangular: low $25,000, mode $27,500, high $40,000".
std::string distribution_text(const engine::Distribution& d, core::Dimension dimension);

/// How a sweep sets `path`: "sampled: uniform ..." or "swept: 1.1, 1.3, 1.5"; nothing if it does not.
std::optional<std::string> how_swept(const engine::SweepSpec* spec, const std::string& path);

std::string uncertain_section(const engine::SweepSpec& spec, const sweep::SweepResult& swept);
/// Percentiles of `first` metrics (the answer's) and the key metrics, per grid point.
std::string percentile_section(const engine::Scenario& s, const sweep::SweepResult& swept, const std::vector<std::string>& first);
/// The sweep's differences from its first grid point (sweep.differences); empty without them.
std::string differences_section(const sweep::SweepResult& swept);
std::string expectations_section(const std::vector<ExpectationVerdict>& verdicts);

}  // namespace flopcast::report::html
