// The mix's candidates: what each pool's chips cost and draw, each (service, pool) the serving
// model can carry under its TPOT target, each required training run sized per chip type.
#include <algorithm>
#include <cmath>

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

/// The feasible (prefill+decode) rows of one evaluation as serving options, `service` naming the
/// scenario's service of each of the evaluation's services; a (service, pool, replica size) already
/// offered is skipped. `why`, per scenario service, collects the reasons rows were not usable.
void add_serving_options(const engine::Scenario& s, const engine::Results& r, const std::vector<std::size_t>& service, Candidates& c,
                         std::vector<std::string>& why) {
  std::size_t row = 0;
  for (std::size_t i = 0; i < s.inference.size(); ++i) {
    const auto& svc = s.inference[i];
    const std::size_t k = service[i];
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
        why[k] += (why[k].empty() ? "" : "; ") + ir.pool + ": " + problem;
        continue;
      }
      const double replica = std::max(1, e.replica_chips);
      const bool seen = std::any_of(c.serving.begin(), c.serving.end(),
                                    [&](const ServingOption& o) { return o.service == k && o.pool == pool->pool && o.replica_chips == replica; });
      if (seen) continue;
      c.serving.push_back({k, pool->pool, replica, replica * (svc.input_tokens + svc.output_tokens) / e.chip_seconds_per_request, e.tpot_s,
                           e.decode_bound == perf::DecodeBound::tpot_target});
    }
  }
}

/// The replica sizes worth offering besides the one the serving model prefers: its size times
/// 2^j, j = -6..6 (the serving model's own search spans the minimum size times 1..64). The model
/// picks the size with the most decode tokens/s per chip; the MILP's best may be another (whole
/// replicas, a power cap), and offering every size keeps the options at a looser TPOT target a
/// superset of those at a tighter one, so relaxing a target never raises the cost.
std::vector<int> other_replica_sizes(const Candidates& c, std::size_t service, double max_chips) {
  std::vector<int> sizes;
  for (const auto& o : c.serving) {
    if (o.service != service) continue;
    for (int j = -6; j <= 6; ++j) {
      const double n = std::ldexp(o.replica_chips, j);
      if (j == 0 || n < 1 || n != std::floor(n) || n > max_chips) continue;
      sizes.push_back(static_cast<int>(n));
    }
  }
  std::sort(sizes.begin(), sizes.end());
  sizes.erase(std::unique(sizes.begin(), sizes.end()), sizes.end());
  return sizes;
}

/// Drops each serving option another of its (service, pool) dominates: a size dividing it whose
/// replicas, as many as fill the same chips, carry at least as many tokens/s. Any mix using the
/// dominated option is matched by one using the other, so the MILP's optimum is unchanged and it
/// has fewer near-equal columns to branch on.
void drop_dominated(Candidates& c) {
  auto dominates = [](const ServingOption& a, const ServingOption& b) {
    if (a.service != b.service || a.pool != b.pool || a.replica_chips >= b.replica_chips) return false;
    const double per = b.replica_chips / a.replica_chips;
    return per == std::floor(per) && a.tokens_per_s_per_replica * per >= b.tokens_per_s_per_replica;
  };
  std::vector<ServingOption> kept;
  for (const auto& b : c.serving) {
    if (std::none_of(c.serving.begin(), c.serving.end(), [&](const ServingOption& a) { return dominates(a, b); })) kept.push_back(b);
  }
  c.serving = std::move(kept);
}

/// The serving options: each (service, pool) at the replica size the serving model prefers and at
/// the other sizes above (each evaluated alone, its replica size given), and for each service
/// carried by none, why.
void serving_options(const engine::Scenario& s, const engine::Results& r, Candidates& c) {
  std::vector<std::size_t> identity(s.inference.size());
  for (std::size_t k = 0; k < identity.size(); ++k) identity[k] = k;
  std::vector<std::string> why(s.inference.size());
  add_serving_options(s, r, identity, c, why);
  double max_chips = 0;
  for (const auto& t : c.pools) max_chips = std::max(max_chips, t.supply);
  for (std::size_t k = 0; k < s.inference.size(); ++k) {
    if (s.inference[k].replica_chips > 0) continue;  // the scenario fixes it
    for (int size : other_replica_sizes(c, k, max_chips)) {
      engine::Scenario one = s;
      one.training.clear();
      one.inference = {s.inference[k]};
      one.inference[0].replica_chips = size;
      std::vector<std::string> ignored(s.inference.size());
      add_serving_options(one, engine::evaluate(one), {k}, c, ignored);
    }
  }
  drop_dominated(c);
  c.cannot_serve = why;
  for (std::size_t k = 0; k < s.inference.size(); ++k) {
    if (std::any_of(c.serving.begin(), c.serving.end(), [&](const ServingOption& o) { return o.service == k; })) continue;
    const auto& svc = s.inference[k];
    const std::string target = svc.tpot_target_s ? " under its " + std::to_string(static_cast<int>(std::lround(*svc.tpot_target_s * 1e3))) + " ms TPOT target" : "";
    c.unserved.push_back("no chip type can serve " + svc.name + target + " (" + (why[k].empty() ? "it lists no pool" : why[k]) + ")");
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
