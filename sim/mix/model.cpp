// The mix as a MILP (docs/mix.md, eq. M1-M7): whole replicas per (service, pool), chips bought
// per pool, one pool per required training run, and the objective chosen.
#include "model.hpp"

#include <algorithm>
#include <cmath>

namespace flopcast::mix::detail {
namespace {

using O = engine::MixSpec::Objective;

double objective_coefficient(O objective, const PoolTerms& t) {
  switch (objective) {
    case O::capex: return t.price_usd.value_or(0);
    case O::tco: return t.tco_usd_per_year.value_or(0);
    case O::power: return t.facility_w.value_or(0);
    case O::training_left: return 0;  // the chips left carry the objective (eq. M7)
  }
  return 0;
}

}  // namespace

Model build_model(const engine::Scenario& s, const Candidates& c, const Limits& limits) {
  Model m;
  auto& p = m.milp;
  p.maximise = limits.objective == O::training_left;
  const std::size_t pools = c.pools.size();
  m.chips.assign(pools, kNone);
  m.left.assign(pools, kNone);
  m.pool_row.assign(pools, kNone);
  m.supply_row.assign(pools, kNone);
  // Columns: chips bought per pool (M1), replicas per serving option (M2), the pool of each
  // required run (M3), chips left per pool when maximising them (M7).
  for (const auto& t : c.pools) {
    if (!t.excluded_because.empty()) continue;
    m.chips[t.pool] = p.add_column({"chips[" + s.fleet.pools[t.pool].name + "]", 0, -1, true, objective_coefficient(limits.objective, t)});
    if (p.maximise) m.left[t.pool] = p.add_column({"left[" + s.fleet.pools[t.pool].name + "]", 0, -1, true, t.training_flop_per_s / 1e15});
  }
  for (const auto& o : c.serving) {
    // No column bound: the supply row (M6) limits replicas, so its LP dual carries the supply's value.
    m.replicas.push_back(p.add_column({"replicas[" + s.inference[o.service].name + "@" + s.fleet.pools[o.pool].name + " x" + std::to_string(static_cast<long long>(o.replica_chips)) + "]", 0, -1, true, 0}));
  }
  for (const auto& o : c.training) m.trains.push_back(p.add_column({"train[" + std::to_string(o.run) + "@" + s.fleet.pools[o.pool].name + "]", 0, 1, true, 0}));
  // Rows: each service's demand (M4), each pool's chips (M5), supply (M6), one pool per run.
  for (std::size_t k = 0; k < s.inference.size(); ++k) {
    // In shares of the demand (>= 1), not tokens/s (>= 5e8): GLPK's tolerances are absolute, and
    // an LP with coefficients from 1e3 to 1e9 came back 'optimal' at zero.
    const double demand = s.inference[k].demand_tokens_per_s;
    const double per = demand > 0 ? 1 / demand : 1.0;
    Milp::Row row{"demand of " + s.inference[k].name, demand > 0 ? 1.0 : 0.0, std::nullopt, {}};
    for (std::size_t o = 0; o < c.serving.size(); ++o) {
      if (c.serving[o].service == k) row.terms.emplace_back(m.replicas[o], c.serving[o].tokens_per_s_per_replica * per);
    }
    m.demand_row.push_back(p.add_row(std::move(row)));
  }
  for (const auto& t : c.pools) {
    if (m.chips[t.pool] == kNone) continue;
    Milp::Row row{"chips of " + s.fleet.pools[t.pool].name, std::nullopt, 0.0, {{m.chips[t.pool], -1.0}}};
    for (std::size_t o = 0; o < c.serving.size(); ++o) if (c.serving[o].pool == t.pool) row.terms.emplace_back(m.replicas[o], c.serving[o].replica_chips);
    for (std::size_t o = 0; o < c.training.size(); ++o) if (c.training[o].pool == t.pool) row.terms.emplace_back(m.trains[o], c.training[o].chips);
    if (m.left[t.pool] != kNone) row.terms.emplace_back(m.left[t.pool], 1.0);
    m.pool_row[t.pool] = p.add_row(std::move(row));
    m.supply_row[t.pool] = p.add_row({"supply of " + s.fleet.pools[t.pool].name, std::nullopt, std::floor(t.supply * limits.supply_scale[t.pool]),
                                      {{m.chips[t.pool], 1.0}}});
  }
  for (std::size_t r = 0; r < c.training.size(); ++r) {
    if (std::any_of(m.train_row.begin(), m.train_row.end(), [&](const auto& x) { return x.first == c.training[r].run; })) continue;
    Milp::Row row{"train run " + std::to_string(c.training[r].run), 1.0, 1.0, {}};
    for (std::size_t o = 0; o < c.training.size(); ++o) if (c.training[o].run == c.training[r].run) row.terms.emplace_back(m.trains[o], 1.0);
    m.train_row.emplace_back(c.training[r].run, p.add_row(std::move(row)));
  }
  auto cap_row = [&](const std::optional<double>& cap, const char* name, auto per_chip) -> std::size_t {
    if (!cap) return kNone;
    Milp::Row row{name, std::nullopt, *cap, {}};
    for (const auto& t : c.pools) if (m.chips[t.pool] != kNone) row.terms.emplace_back(m.chips[t.pool], per_chip(t));
    return p.add_row(std::move(row));
  };
  m.budget_row = cap_row(limits.budget_usd, "budget", [](const PoolTerms& t) { return t.price_usd.value_or(0); });
  m.power_row = cap_row(limits.power_cap_w, "power cap", [](const PoolTerms& t) { return t.facility_w.value_or(0); });
  return m;
}

}  // namespace flopcast::mix::detail
