// Writing a run's outputs: results.json, CSV tables, and charts (gnuplot data + script + images).
#pragma once

#include <functional>
#include <optional>
#include <utility>
#include <string>
#include <vector>

#include "flopcast/core/diagnostic.hpp"
#include "flopcast/engine/results.hpp"
#include "flopcast/engine/scenario.hpp"
#include "flopcast/engine/sweep_spec.hpp"
#include "flopcast/sweep/sweep_result.hpp"

namespace flopcast::report {

struct OutputFile {
  std::string path;         ///< as written (out_dir joined with the file name)
  std::string description;  ///< one line, printed after a run
};

struct WriteOptions {
  bool render_charts = true;        ///< run gnuplot to make SVG and PNG
  std::string gnuplot = "gnuplot";  ///< the gnuplot executable
  std::string version;              ///< flopcast version, printed on charts and in results.json
  bool html_report = false;         ///< also write report.html (charts inlined, self-contained)
  std::string report_preamble{};    ///< HTML placed in report.html before the run's sections (flopcast size's answers)
  /// Add the files beside what is in the directory, removing nothing and leaving its manifest
  /// (sweep --shard: the shards of a sweep share one directory).
  bool keep_other_files = false;
  /// The scenario's sweep, when one ran: its band goes into the answer, its percentiles,
  /// inputs and expect: verdicts into report.html.
  const sweep::SweepResult* sweep = nullptr;
  const engine::SweepSpec* sweep_spec = nullptr;  ///< its inputs and axes, for report.html
  /// write_files only: makes report.html from the charts it rendered ((title, SVG) pairs), e.g.
  /// flopcast compare's page; none by default.
  std::function<std::string(const std::vector<std::pair<std::string, std::string>>&)> report_page{};
};

struct WriteOutcome {
  std::vector<OutputFile> files;
  std::optional<core::Diagnostic> error;  ///< set if nothing was written
  /// Files an earlier run wrote into the directory (its manifest) that this run did not write
  /// again; removed so the directory holds exactly this run's files (docs/results-format.md).
  std::vector<std::string> removed;
};

/// Writes every output into `out_dir` (created if missing). All files are first written into a
/// staging directory beside it and then renamed into place, so an interrupted or failed run
/// leaves no half-written file. Charts are rendered by gnuplot processes in parallel; a chart
/// that does not render fails the write (chart-failed), with nothing written.
WriteOutcome write_outputs(const engine::Scenario& scenario, const engine::Results& results, const std::string& out_dir,
                           const WriteOptions& options);

/// Extra files written beside the standard outputs (e.g. a sweep's tables).
using ExtraFiles = std::vector<std::pair<std::string, std::string>>;

/// Like write_outputs, with `extra` files staged and committed together with the rest.
WriteOutcome write_outputs(const engine::Scenario& scenario, const engine::Results& results, const std::string& out_dir,
                           const WriteOptions& options, const ExtraFiles& extra);

/// Writes just `files` into `out_dir`, staged and renamed into place like write_outputs, and
/// renders the chart scripts among them.
WriteOutcome write_files(const std::string& out_dir, const ExtraFiles& files, const WriteOptions& options);

/// The regime-comparison chart files (regime_comparison.dat and .gp) for `runs`, one projection
/// per regime id in `regimes`, same order; write them with write_files to render the images.
ExtraFiles regime_comparison_chart(const engine::Scenario& scenario, const std::vector<std::string>& regimes,
                                   const std::vector<engine::Results>& runs, const std::string& version);

/// compare.csv: one row per period, actor and regime (same order as `regimes`), numbers in
/// shortest round-trip form and names quoted as RFC 4180 requires.
std::string compare_csv(const std::vector<std::string>& regimes, const std::vector<engine::Results>& runs);

/// results.json as a string (deterministic: same results, same bytes); `sweep`, when one ran,
/// adds its band to the answer.
std::string results_json(const engine::Scenario& scenario, const engine::Results& results, const std::string& version,
                         const sweep::SweepResult* sweep = nullptr);

}  // namespace flopcast::report
