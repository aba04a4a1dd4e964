// The sweep chart set (docs/charts.md): tornados, fan charts and training vs fleet size; each
// family is in its own file (tornado_chart.cpp, fan_charts.cpp, fleet_size_chart.cpp).
#include "charts.hpp"
#include "sweep_chart_common.hpp"

namespace flopcast::report {

using namespace detail;

std::vector<ChartFiles> make_sweep_charts(const engine::Scenario& s, const sweep::SweepResult& r, const std::string& version) {
  const SweepContext c(s, r, version);
  std::vector<ChartFiles> out;
  // Tornados: training time, chips needed, training cost, decode and prefill throughput; at most six.
  for (const auto& m : key_metrics(r)) {
    if (out.size() == kMaxTornados) break;
    if (auto chart = tornado(c, m)) out.push_back(std::move(*chart));
  }
  if (!r.axis_paths.empty() && r.samples_per_point > 1) {
    for (const auto field : kTrainingKeyFields) if (auto chart = fan(c, "training", field)) out.push_back(std::move(*chart));
    for (const auto field : kInferenceKeyFields) if (auto chart = fan(c, "inference", field)) out.push_back(std::move(*chart));
  }
  if (r.samples_per_point > 1) {
    for (const auto field : kProjectionKeyFields) if (auto chart = fan_over_time(c, field)) out.push_back(std::move(*chart));
  }
  if (auto chart = vs_fleet_size(c)) out.push_back(std::move(*chart));
  return out;
}


}  // namespace flopcast::report
