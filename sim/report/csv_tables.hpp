// CSV tables of a run (one row per pool, chip type, training run, inference service x pool).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "flopcast/engine/results.hpp"

namespace flopcast::report {

/// A number as every CSV flopcast writes it: plain decimal digits, never an exponent, and the
/// shortest that reads back to the same double (12000, 0.35, 669000000000000000000000000).
/// One format in every column, so a spreadsheet or `sort -n` treats them alike.
std::string csv_number(double v);

/// A text field as RFC 4180 wants it: quoted (inner quotes doubled) when it holds a comma, a
/// quote or a line break, else as it is.
std::string csv_cell(const std::string& s);

/// (file name, content) pairs: pools.csv, chip_types.csv, training.csv, inference.csv, and
/// kernels.csv when the scenario times kernels on their own. Training and inference rows end with
/// the held-out error row that vouches for them (model_error_*; empty when none does).
std::vector<std::pair<std::string, std::string>> csv_tables(const engine::Scenario& s, const engine::Results& r);

}  // namespace flopcast::report
