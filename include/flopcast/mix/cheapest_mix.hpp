// flopcast mix: the cheapest mix of chip types, in whole replicas, that serves every service's
// demand (per model and mode) under its TPOT target, beside the training runs it must fit, within
// supply (each pool's count), a budget and a power cap. A MILP solved by GLPK (docs/mix.md).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "flopcast/engine/mix_spec.hpp"
#include "flopcast/engine/scenario.hpp"

namespace flopcast::mix {

/// A pool as a chip type to buy: its supply, and what one chip costs, draws and trains.
struct PoolTerms {
  std::size_t pool = 0;
  double supply = 0;                      ///< chips that may be bought: the pool's count
  std::optional<double> price_usd;        ///< capex per chip (0 if rented)
  std::optional<double> tco_usd_per_year; ///< per chip
  std::optional<double> facility_w;       ///< per chip, x PUE
  double training_flop_per_s = 0;         ///< effective capacity per chip (peak x effective utilisation)
  std::string excluded_because;           ///< empty if the pool may be bought
};

/// Replicas of one service on one pool, as the serving model sizes them at the pool's supply.
struct ServingOption {
  std::size_t service = 0;  ///< index into Scenario::inference
  std::size_t pool = 0;
  double replica_chips = 0;
  double tokens_per_s_per_replica = 0;  ///< input + output tokens
  double tpot_s = 0;
  bool tpot_bound = false;  ///< the TPOT target sets the decode batch (relaxing it would help)
};

/// A required training run on one pool: the chips flopcast size finds for its deadline there.
struct TrainingOption {
  std::size_t run = 0;  ///< index into MixSpec::training
  std::size_t pool = 0;
  double chips = 0;
  double days = 0;  ///< at that count
  std::string run_name;  ///< the scenario's name of the run
};

struct Candidates {
  std::vector<PoolTerms> pools;
  std::vector<ServingOption> serving;
  std::vector<TrainingOption> training;
  std::vector<std::string> unserved;  ///< "no chip type can serve X: ..." (then the mix is infeasible)
  std::vector<std::string> cannot_serve;  ///< per service: the pools that cannot carry it and why ("" if all can)
};

/// A constraint of the mix: whether it binds, its LP-relaxation dual, and the objective when it is
/// relaxed by MixSpec::relax and the MILP solved again.
struct ConstraintReport {
  std::string name;        ///< "supply of h20-fleet", "budget", "power cap", "TPOT of v3/fast", ...
  bool binding = false;    ///< no further whole replica fits within it
  double slack = 0;        ///< in the constraint's unit (chips, $, W, days)
  std::string unit;
  std::optional<double> lp_dual;  ///< objective change per unit, in the LP relaxation (indicative)
  std::string relaxed_how;        ///< e.g. "+10 % (to 1,100,000 chips)"
  std::optional<double> relaxed_objective;  ///< objective re-solved with it relaxed
  /// Why relaxed_objective is missing when it was re-solved: "still infeasible", or the solver's
  /// time limit (a re-solve that ran out of time is not an infeasible one).
  std::string relaxed_unsolved;
  /// How far relaxed_objective may be above the relaxed optimum (below, when maximising), in
  /// objective units: a re-solve stops at the answer's relative gap or after a fixed number of
  /// branch-and-bound nodes, whichever comes first.
  double relaxed_gap = 0;
};

/// Branch-and-bound nodes a "what relaxing buys" re-solve may take before it settles for its best
/// mix so far and the gap it has proven (about 0.15 s each on the national 140T mix; a count,
/// not a time, so that the figures are the same on every machine).
inline constexpr long long kResolveNodes = 1000;

struct MixAnswer {
  enum class Status { optimal, infeasible, time_limit, solver_failed };
  Status status = Status::solver_failed;
  engine::MixSpec::Objective objective = engine::MixSpec::Objective::tco;
  double objective_value = 0;
  Candidates candidates;
  std::vector<double> replicas;       ///< per serving option
  std::vector<bool> training_chosen;  ///< per training option
  std::vector<double> chips;          ///< per PoolTerms: bought
  std::vector<double> training_chips; ///< per PoolTerms: for the required runs
  std::vector<double> left_chips;     ///< per PoolTerms: beyond serving and training (training_left)
  double capex_usd = 0, tco_usd_per_year = 0, facility_w = 0, chip_w = 0;
  bool capex_known = true, tco_known = true, power_known = true;
  std::vector<ConstraintReport> constraints;
  std::string reason;  ///< infeasible: "infeasible because ..."; time limit / failure: what the solver said
  double solve_s = 0;  ///< wall time of the first MILP solve
  /// The objective is within this fraction of the best whole-replica mix (the solver's stopping
  /// gap, docs/mix.md); 0 until solved.
  double relative_gap = 0;
};

/// The candidates: each pool's terms (and why one is excluded), each (service, pool) the serving
/// model can carry under the service's TPOT target, each (training run, pool) sized for its days.
Candidates build_candidates(const engine::Scenario& s, const engine::MixSpec& spec);

/// Solves the mix, reports binding constraints and what relaxing each buys; an infeasible mix
/// says why (no chip type for a service, supply, budget or power).
MixAnswer cheapest_mix(const engine::Scenario& s, const engine::MixSpec& spec);

}  // namespace flopcast::mix
