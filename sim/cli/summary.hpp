// The summary a run prints: capacity by chip type, training runs, inference services.
#pragma once

#include <string>

#include "flopcast/engine/results.hpp"
#include "flopcast/engine/scenario.hpp"
#include "flopcast/report/answer.hpp"
#include "flopcast/report/sweep_differences.hpp"

namespace flopcast::cli {

/// The summary: the question, its answer, then the tables.
std::string run_summary(const engine::Scenario& s, const engine::Results& r, const report::Answer& answer);

/// A sweep's differences from its first grid point (sweep.differences): a titled table, or
/// nothing when the sweep has none.
std::string differences_table(const report::DifferenceTable& t);

/// "Answer: ..." wrapped at `width` columns, continuation lines indented under the text.
std::string answer_lines(const report::Answer& answer, std::size_t width = 100);
/// `text` after `lead`, wrapped at `width` columns under the lead's indent (a "%" never starts a line).
std::string wrapped(const std::string& lead, const std::string& text, std::size_t width = 100);

}  // namespace flopcast::cli
