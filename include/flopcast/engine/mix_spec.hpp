// What `flopcast mix` asks (the scenario's buy: section): the cheapest whole-replica mix of chip
// types (the scenario's pools, each `count` the supply) that serves every service's demand under
// its TPOT target, beside the training runs it must fit, within a budget and a power cap.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "flopcast/core/diagnostic.hpp"
#include "flopcast/core/enum_table.hpp"

namespace flopcast::engine {

struct MixSpec {
  /// capex: purchase price; tco: amortised price + energy per year (or rent); power: facility
  /// power; training_left: the most effective training FLOP/s left once the demand is served.
  enum class Objective { capex, tco, power, training_left };
  Objective objective = Objective::tco;
  std::optional<double> budget_usd;   ///< cap on capex
  std::optional<double> power_cap_w;  ///< cap on facility power (chip power x PUE)
  /// A training run that must finish within `days` on one of `pools` (chip types), sized by the
  /// goal-seek of flopcast size on each (layouts re-planned at every candidate).
  struct Training {
    std::size_t run = 0;             ///< index into Scenario::training
    double days = 0;
    std::vector<std::size_t> pools;  ///< indexes into Fleet::pools (default: the run's own)
    double step = 8;                 ///< chip granularity of its sizing
  };
  std::vector<Training> training;
  double time_limit_s = 10;  ///< the MILP solver gives up after this
  double relax = 0.10;       ///< "what relaxing buys": each binding constraint relaxed by this share
  core::SourceLocation where;  ///< of the buy: section (or the file), for solver errors
};

std::span<const core::EnumName<MixSpec::Objective>> mix_objective_names();

}  // namespace flopcast::engine
