// Charts: flopcast writes each chart's data file and a filled-in gnuplot script; gnuplot renders.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "flopcast/engine/results.hpp"
#include "flopcast/engine/scenario.hpp"
#include "flopcast/sweep/sweep_result.hpp"

namespace flopcast::report {

struct ChartFiles {
  std::string name;                                       ///< e.g. "capacity_by_chip"
  std::vector<std::pair<std::string, std::string>> files; ///< data and script: (file name, content)
  std::vector<std::string> images;                        ///< file names gnuplot writes
};

/// The images every chart script writes: <stem>.svg, <stem>.png and <stem>.pdf.
std::vector<std::string> chart_images(const std::string& stem);

/// The chart set for a run.
std::vector<ChartFiles> make_charts(const engine::Scenario& s, const engine::Results& r, const std::string& version);

/// The chart set for a sweep (docs/charts.md): a tornado per key metric (from the sensitivities,
/// at most six), fan charts over the first axis (with an axis and more than one sample), and
/// training time and chip-hours vs a pool's size (when the first axis is a pool's count).
/// Deterministic: same result, same bytes.
std::vector<ChartFiles> make_sweep_charts(const engine::Scenario& s, const sweep::SweepResult& r, const std::string& version);

/// Runs `gnuplot script` inside `dir` (render_charts.hpp, for one script); an error text on failure.
std::optional<std::string> run_gnuplot(const std::string& gnuplot, const std::string& dir, const std::string& script);

}  // namespace flopcast::report
