// report.html: one self-contained page (no network needed) with the scenario, the key numbers,
// every chart, the assumptions and the sources of the catalog entries used.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "flopcast/engine/results.hpp"
#include "flopcast/engine/scenario.hpp"

namespace flopcast::report {

/// `charts` are (title, SVG document) pairs, inlined in order; `preamble` is HTML placed before
/// the run's sections (a command's own answer, e.g. flopcast size).
std::string html_report(const engine::Scenario& s, const engine::Results& r, const std::vector<std::pair<std::string, std::string>>& charts,
                        const std::string& version, const std::string& preamble = "");

}  // namespace flopcast::report
