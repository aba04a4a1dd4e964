// The summary a run prints: capacity by chip type, training runs, inference services.
#pragma once

#include <string>

#include "flopcast/engine/results.hpp"
#include "flopcast/engine/scenario.hpp"

namespace flopcast::cli {

std::string run_summary(const engine::Scenario& s, const engine::Results& r);

}  // namespace flopcast::cli
