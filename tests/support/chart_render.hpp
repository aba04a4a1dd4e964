// Renders one chart with gnuplot in a test directory and checks every image it should draw.
#pragma once

#include <string>

#include "../../sim/report/charts.hpp"

namespace flopcast::test {

/// Writes the chart's files into `dir`, runs gnuplot on its script and requires every image
/// (SVG, PNG, PDF) to exist with some content; the PNG must start with the PNG signature.
void check_renders(const report::ChartFiles& c, const std::string& dir);

}  // namespace flopcast::test
