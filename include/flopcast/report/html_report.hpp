// report.html: one self-contained page (no network needed) with the question and its answer,
// the key numbers, a sweep's inputs and percentiles, the expect: verdicts, every chart, the
// assumptions as used and the sources of the catalog entries used.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "flopcast/engine/results.hpp"
#include "flopcast/engine/scenario.hpp"
#include "flopcast/engine/sweep_spec.hpp"
#include "flopcast/sweep/sweep_result.hpp"

namespace flopcast::report {

/// A sweep behind a report, when one ran (either may be null: a merged sweep has no spec).
struct ReportSweep {
  const sweep::SweepResult* result = nullptr;
  const engine::SweepSpec* spec = nullptr;
};

/// `charts` are (title, SVG document) pairs, inlined in order; `preamble` is HTML placed before
/// the run's sections (a command's own answer, e.g. flopcast size).
std::string html_report(const engine::Scenario& s, const engine::Results& r, const ReportSweep& sweep,
                        const std::vector<std::pair<std::string, std::string>>& charts, const std::string& version,
                        const std::string& preamble = "");

/// The report of `flopcast compare`: the projection under each regime (one result per id in
/// `regimes`), its answer, the comparison table, the charts, the assumptions and the sources.
std::string compare_report(const engine::Scenario& s, const std::vector<std::string>& regimes, const std::vector<engine::Results>& runs,
                           const std::vector<std::pair<std::string, std::string>>& charts, const std::string& version);

}  // namespace flopcast::report
