// The summary a run prints: capacity by chip type, training runs, inference services.
#pragma once

#include <string>

#include "flopcast/engine/results.hpp"
#include "flopcast/engine/scenario.hpp"
#include "flopcast/report/answer.hpp"

namespace flopcast::cli {

/// The summary: the question, its answer, then the tables.
std::string run_summary(const engine::Scenario& s, const engine::Results& r, const report::Answer& answer);

/// "Answer: ..." wrapped at `width` columns, continuation lines indented under the text.
std::string answer_lines(const report::Answer& answer, std::size_t width = 100);

}  // namespace flopcast::cli
