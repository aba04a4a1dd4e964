// Chart data + script generation from the templates in plots/, and the gnuplot invocation.
#include "charts.hpp"
#include "render_charts.hpp"
#include "projection_charts.hpp"
#include "serving_charts.hpp"
#include "flopcast/engine/parameters.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <optional>
#include <sstream>
#include <string_view>

#include "chart_templates.hpp"
#include "chart_text.hpp"
#include "flopcast/core/assert.hpp"

namespace flopcast::report {
namespace {

using namespace detail;

/// The model FLOP/s the first training run on chip type `chip` alone achieves (step model or
/// stated MFU), and the run's name; nothing if no run uses only that chip type.
std::optional<std::pair<double, std::string>> achieved_on(const engine::Scenario& s, const engine::Results& r, const std::string& chip) {
  for (std::size_t i = 0; i < s.training.size() && i < r.training.size(); ++i) {
    const auto& run = s.training[i];
    bool only = !run.pools.empty();
    for (const auto& name : run.pools) {
      const auto pool = std::find_if(s.fleet.pools.begin(), s.fleet.pools.end(), [&](const auto& p) { return p.name == name; });
      only = only && pool != s.fleet.pools.end() && pool->chip.id == chip;
    }
    const auto& e = r.training[i].estimate;
    if (only && e.status == perf::EstimateStatus::ok && e.achieved_flop_per_s > 0) return std::pair{e.achieved_flop_per_s, run.name};
  }
  return std::nullopt;
}

ChartFiles capacity_by_chip(const engine::Scenario& s, const engine::Results& r, const std::string& version) {
  const auto precision = s.assumptions.capacity_precision;
  const auto idx = static_cast<std::size_t>(precision);
  std::ostringstream data;
  // achieved: model FLOP/s of a training run on this chip type alone ('?' if none), so the chart
  // shows what the step model gives beside the flat-utilisation estimate.
  data << "# chip\tpeak_pflop_per_s\teffective_pflop_per_s\tchips\tachieved_pflop_per_s\trun\n";
  bool any_run = false;
  double largest = 0;  // PFLOP/s: the labels' decimals
  for (const auto& c : r.chip_types) {
    largest = std::max(largest, c.capacity.peak_flop_per_s[idx] / 1e15);
    const auto achieved = achieved_on(s, r, c.chip_id);
    any_run = any_run || achieved.has_value();
    // A chip type without a published peak at this precision has 0 in the catalog sums: '?' here
    // (unknown, not zero), as the summary prints it.
    const bool peak_known = c.capacity.peak_flop_per_s[idx] > 0;
    data << '"' << c.chip_id << "\"\t" << (peak_known ? fixed(c.capacity.peak_flop_per_s[idx] / 1e15, 3) : std::string("?")) << '\t'
         << (peak_known ? fixed(c.effective_flop_per_s / 1e15, 3) : std::string("?")) << '\t' << '"' << fixed(c.capacity.chips, 0)
         << (peak_known ? "" : ", no " + std::string(core::enum_token(catalog::precision_names(), precision)) + " peak") << '"' << '\t'
         << (achieved ? fixed(achieved->first / 1e15, 3) : std::string("?")) << '\t' << '"' << (achieved ? achieved->second : "") << '"' << '\n';
  }
  const std::string title = s.name + (any_run ? ": achieved training throughput, against effective and peak, by chip type" : ": peak and effective capacity by chip type");
  const std::string source = "flopcast " + version + " | scenario " + s.source_file + " | effective = peak x " +
                             fixed(s.assumptions.effective_utilisation, 2) + " utilisation" +
                             (any_run ? " | achieved = model FLOP/s of the training run on that chip type" : "");
  const std::string script = fill(std::string(chart_template("capacity_by_chip")),
                                  {{"TITLE", gp_escape(title)}, {"SOURCE", gp_escape(source)},
                                   {"PRECISION", std::string(core::enum_token(catalog::precision_names(), precision))},
                                   {"RUNS", any_run ? "1" : "0"},
                                   {"DECIMALS", largest < 1 ? "2" : largest < 10 ? "1" : "0"}});
  FLOPCAST_ASSERT(!script.empty(), "chart template capacity_by_chip is missing");
  return {"capacity_by_chip", {{"capacity_by_chip.dat", data.str()}, {"capacity_by_chip.gp", script}}, chart_images("capacity_by_chip")};
}

// ---- Sweep charts ----------------------------------------------------------------------------

}  // namespace

std::vector<std::string> chart_images(const std::string& stem) { return {stem + ".svg", stem + ".png", stem + ".pdf"}; }

std::vector<ChartFiles> make_charts(const engine::Scenario& s, const engine::Results& r, const std::string& version) {
  std::vector<ChartFiles> out;
  if (!r.chip_types.empty()) out.push_back(capacity_by_chip(s, r, version));  // no pools, no chart
  if (auto c = make_serving_vs_demand_chart(s, r, version)) out.push_back(std::move(*c));
  for (auto& c : make_projection_charts(s, r, version)) out.push_back(std::move(c));
  return out;
}


std::optional<std::string> run_gnuplot(const std::string& gnuplot, const std::string& dir, const std::string& script) {
  return render_charts(gnuplot, dir, {{script, {}}});
}

}  // namespace flopcast::report
