// Rendering chart scripts with gnuplot (in parallel) and checking what it wrote.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace flopcast::report {

/// A chart script in the staging directory and the images it must write there.
struct ChartJob {
  std::string script;               ///< e.g. "capacity_by_chip.gp"
  std::vector<std::string> images;  ///< e.g. capacity_by_chip.svg, .png, .pdf
};

/// Runs every job's script with gnuplot inside `dir`, several at once (one process per chart, as
/// many as there are cores), then checks each exit status and that every image is there and complete (an SVG closed, a PNG with its end chunk, a PDF with
/// its %%EOF: a full disk leaves them cut short while gnuplot still exits 0). PDFs get a fixed
/// creation date, so identical runs give identical bytes. Returns what went wrong, naming the chart.
std::optional<std::string> render_charts(const std::string& gnuplot, const std::string& dir, const std::vector<ChartJob>& jobs);

}  // namespace flopcast::report
