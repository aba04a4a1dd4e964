// Sweep outputs: sweep.csv (one row per grid point and metric), sweep.json, sensitivity.csv, and
// the sweep charts' .dat and .gp files (docs/charts.md).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "flopcast/engine/scenario.hpp"
#include "flopcast/sweep/sweep_result.hpp"

namespace flopcast::report {

/// (file name, content) pairs, deterministic: same result, same bytes. Pass them to
/// write_outputs as extra files: it stages them with the rest and renders each <stem>.gp with
/// gnuplot into <stem>.svg, .png and .pdf.
std::vector<std::pair<std::string, std::string>> sweep_files(const engine::Scenario& s, const sweep::SweepResult& r, const std::string& version);

}  // namespace flopcast::report
