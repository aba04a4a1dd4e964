// Sweep outputs: sweep.csv (one row per grid point and metric), sweep.json and sensitivity.csv.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "flopcast/engine/scenario.hpp"
#include "flopcast/sweep/sweep_result.hpp"

namespace flopcast::report {

/// (file name, content) pairs, deterministic: same result, same bytes.
std::vector<std::pair<std::string, std::string>> sweep_files(const engine::Scenario& s, const sweep::SweepResult& r, const std::string& version);

}  // namespace flopcast::report
