// Serving charts of a run: chips needed per pool, by service and mode, against the pool.
#pragma once

#include <optional>
#include <string>

#include "charts.hpp"

namespace flopcast::report {

/// serving_vs_demand (docs/charts.md): per pool that serves something, the chips each service
/// (mode) needs stacked, the chips in the pool, the share of the pool and the share of the demand
/// it can serve. Nothing when the scenario has no inference services.
std::optional<ChartFiles> make_serving_vs_demand_chart(const engine::Scenario& s, const engine::Results& r, const std::string& version);

}  // namespace flopcast::report
