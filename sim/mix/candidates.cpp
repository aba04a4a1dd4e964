// The mix's candidates: what each pool's chips cost and draw, each (service, pool) the serving
// model can carry under its TPOT target, each required training run sized per chip type.
#include <algorithm>

#include "flopcast/engine/economics.hpp"
#include "flopcast/engine/evaluate.hpp"
#include "flopcast/engine/metrics.hpp"
#include "flopcast/engine/parameters.hpp"
#include "flopcast/mix/cheapest_mix.hpp"
#include "flopcast/sweep/goal_seek.hpp"

namespace flopcast::mix {
namespace {

using O = engine::MixSpec::Objective;

/// Why a pool cannot take part: the objective or a cap needs a figure its chip does not have.
std::string exclusion(const fleet::Pool& pool, const engine::MixSpec& spec, const PoolTerms& t) {
  const std::string fix = " (give it: chips: {" + pool.chip.id + ": {base: " + pool.chip.id + ", ...}})";
  const bool priced = spec.objective == O::capex || spec.objective == O::tco || spec.budget_usd;
  if (priced && !t.price_usd) return pool.chip.id + " has no price, which the " + std::string(spec.budget_usd ? "budget" : "objective") + " needs" + fix;
  if (spec.objective == O::tco && !t.tco_usd_per_year) return pool.chip.id + " has no power figure, which its yearly cost needs" + fix;
  if ((spec.objective == O::power || spec.power_cap_w) && !t.facility_w) {
    return pool.chip.id + " has no power figure (tdp or system_power), which the " + std::string(spec.power_cap_w ? "power cap" : "objective") + " needs" + fix;
  }
  if (pool.count < 1) return "its count (the supply) is below one chip";
  return "";
}

std::vector<PoolTerms> pool_terms(const engine::Scenario& s, const engine::Results& r, const engine::MixSpec& spec) {
  std::vector<PoolTerms> out;
  for (std::size_t i = 0; i < s.fleet.pools.size(); ++i) {
    const auto& pool = s.fleet.pools[i];
    const auto one = engine::economics_of(pool, 1, s.assumptions);
    PoolTerms t{i, std::floor(pool.count), one.capex_usd, one.tco_usd_per_year, one.facility_power_w,
                pool.count > 0 ? r.pools[i].effective_flop_per_s / pool.count : 0, ""};
    t.excluded_because = exclusion(pool, spec, t);
    out.push_back(std::move(t));
  }
  return out;
}

/// The serving options from one evaluation (each row sized at its pool's count, the supply), and
/// for each service carried by none, why.
void serving_options(const engine::Scenario& s, const engine::Results& r, Candidates& c) {
  std::size_t row = 0;
  for (std::size_t k = 0; k < s.inference.size(); ++k) {
    const auto& svc = s.inference[k];
    std::string why;
    const std::size_t before = c.serving.size();
    const std::size_t rows = svc.pools.size() + svc.prefill_pools.size() + svc.decode_pools.size();
    for (std::size_t n = 0; n < rows; ++n, ++row) {
      const auto& ir = r.inference[row];
      const auto pool = std::find_if(c.pools.begin(), c.pools.end(), [&](const PoolTerms& t) { return s.fleet.pools[t.pool].name == ir.pool; });
      const auto& e = ir.estimate;
      std::string problem = ir.role != "prefill+decode" ? "disaggregated prefill/decode pools are not in the mix model"
                            : !pool->excluded_because.empty() ? "excluded: " + pool->excluded_because
                            : !e.feasible ? e.reason
                                          : "";
      if (!problem.empty()) {
        why += (why.empty() ? "" : "; ") + ir.pool + ": " + problem;
        continue;
      }
      const double replica = std::max(1, e.replica_chips);
      c.serving.push_back({k, pool->pool, replica, replica * (svc.input_tokens + svc.output_tokens) / e.chip_seconds_per_request, e.tpot_s,
                           e.decode_bound == perf::DecodeBound::tpot_target});
    }
    if (c.serving.size() == before) {
      const std::string target = svc.tpot_target_s ? " under its " + std::to_string(static_cast<int>(std::lround(*svc.tpot_target_s * 1e3))) + " ms TPOT target" : "";
      c.unserved.push_back("no chip type can serve " + svc.name + target + " (" + (why.empty() ? "it lists no pool" : why) + ")");
    }
  }
}

/// Each required run on each pool it may use: flopcast size's answer for its deadline there.
void training_options(const engine::Scenario& s, const engine::MixSpec& spec, Candidates& c) {
  for (std::size_t t = 0; t < spec.training.size(); ++t) {
    const auto& need = spec.training[t];
    std::string why;
    for (std::size_t p : need.pools) {
      const auto& terms = c.pools[p];
      if (!terms.excluded_because.empty()) {
        why += "; " + s.fleet.pools[p].name + ": excluded: " + terms.excluded_because;
        continue;
      }
      engine::Scenario on = s;  // the run moved onto this pool
      on.training[need.run].pools = {s.fleet.pools[p].name};
      engine::SizeProblem size;
      size.vary = *engine::resolve_parameter(on, "fleet.pools[" + s.fleet.pools[p].name + "].count");
      size.targets = {{"training." + s.training[need.run].name + ".time_days", engine::Expectation::Op::at_most, need.days, {}, ""}};
      size.step = need.step;
      size.max = std::max(need.step, terms.supply);
      const auto answer = sweep::solve_size(on, size, 0);
      if (answer.met) c.training.push_back({t, p, answer.value, answer.metrics[0].value_or(0), s.training[need.run].name});
      else why += "; " + s.fleet.pools[p].name + ": " + answer.reason;
    }
    if (std::none_of(c.training.begin(), c.training.end(), [&](const TrainingOption& o) { return o.run == t; })) {
      c.unserved.push_back("no chip type can train " + s.training[need.run].name + " within " + std::to_string(static_cast<int>(need.days)) + " days" + why);
    }
  }
}

}  // namespace

Candidates build_candidates(const engine::Scenario& s, const engine::MixSpec& spec) {
  Candidates c;
  const auto r = engine::evaluate(s);
  c.pools = pool_terms(s, r, spec);
  serving_options(s, r, c);
  training_options(s, spec, c);
  return c;
}

}  // namespace flopcast::mix
