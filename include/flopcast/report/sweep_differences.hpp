// Differences between grid points (sweep.differences, docs/sweeps.md#differences) as a person
// reads them: per grid point other than the baseline and per metric, the paired difference's
// mean and band in the metric's display unit.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "flopcast/sweep/sweep_result.hpp"

namespace flopcast::report {

struct DifferenceRow {
  std::size_t point = 0;    ///< grid point index
  std::string point_text;   ///< "regime = timeline"
  std::string metric;       ///< the metric differenced (without "delta.")
  std::string quantity, unit;
  std::uint64_t samples = 0, missing = 0;
  double mean = 0, low = 0, middle = 0, high = 0;  ///< in `unit`; low/high: the lowest and highest percentile reported
};

struct DifferenceTable {
  std::string baseline_text;               ///< the first grid point, "regime = none"
  std::string low_name, middle_name, high_name;  ///< "P5", "P50", "P95" (the median when reported)
  std::vector<DifferenceRow> rows;         ///< by grid point, then in the order of sweep.differences
};

/// The table of every delta.* metric of `r` at every grid point but the first; no rows when the
/// sweep has no differences.
DifferenceTable difference_table(const sweep::SweepResult& r);

}  // namespace flopcast::report
