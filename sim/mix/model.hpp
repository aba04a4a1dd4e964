// Building the mix's MILP from its candidates (internal to the mix module).
#pragma once

#include <cstddef>
#include <limits>
#include <optional>
#include <utility>
#include <vector>

#include "flopcast/engine/scenario.hpp"
#include "flopcast/mix/cheapest_mix.hpp"
#include "milp.hpp"

namespace flopcast::mix::detail {

inline constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();

/// What the model is built against: the objective and the caps, each pool's supply scaled (a
/// relaxation multiplies one of them).
struct Limits {
  engine::MixSpec::Objective objective = engine::MixSpec::Objective::tco;
  std::optional<double> budget_usd, power_cap_w;
  std::vector<double> supply_scale;  ///< per pool, 1 = the pool's count
};

/// The MILP and where each decision and constraint sits in it (kNone: not in the model).
struct Model {
  Milp milp;
  std::vector<std::size_t> chips, left;  ///< per pool: columns
  std::vector<std::size_t> replicas;     ///< per serving option
  std::vector<std::size_t> trains;       ///< per training option
  std::vector<std::size_t> demand_row;   ///< per service
  std::vector<std::size_t> pool_row, supply_row;  ///< per pool
  std::vector<std::pair<std::size_t, std::size_t>> train_row;  ///< (run, row)
  std::size_t budget_row = kNone, power_row = kNone;
};

Model build_model(const engine::Scenario& s, const Candidates& c, const Limits& limits);

}  // namespace flopcast::mix::detail
