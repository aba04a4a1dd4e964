// Charts of fleets over time: effective compute per actor stacked by chip type.
#pragma once

#include <string>
#include <vector>

#include "charts.hpp"

namespace flopcast::report {

/// One stacked chart per actor (capacity_over_time_<actor>), when the scenario has a timeline.
std::vector<ChartFiles> make_projection_charts(const engine::Scenario& s, const engine::Results& r, const std::string& version);

/// regime_comparison: effective compute over time (summed over actors), one line per regime run.
ChartFiles make_regime_comparison_chart(const engine::Scenario& s, const std::vector<std::string>& regimes,
                                        const std::vector<engine::Results>& runs, const std::string& version);

}  // namespace flopcast::report
