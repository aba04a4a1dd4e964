// report.html sections that say what a run rests on: assumptions as used, and sources
// (internal to the report module).
#pragma once

#include <string>

#include "flopcast/engine/scenario.hpp"
#include "flopcast/engine/sweep_spec.hpp"

namespace flopcast::report::html {

/// Every assumption with its value and who set it; one the sweep samples or sweeps shows its
/// distribution or values instead.
std::string assumptions_section(const engine::Scenario& s, const engine::SweepSpec* spec);
/// The catalog entries used, each with its confidence and source; the export regimes in force.
std::string sources_section(const engine::Scenario& s);

}  // namespace flopcast::report::html
