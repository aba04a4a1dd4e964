// CSV tables of a run (one row per pool, chip type, training run, inference service x pool).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "flopcast/engine/results.hpp"

namespace flopcast::report {

/// (file name, content) pairs: pools.csv, chip_types.csv, training.csv, inference.csv.
std::vector<std::pair<std::string, std::string>> csv_tables(const engine::Results& r);

}  // namespace flopcast::report
