// Solving the mix, reading the answer, and saying what binds and why a mix is infeasible.
#include "flopcast/mix/cheapest_mix.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

#include "flopcast/engine/economics.hpp"
#include "model.hpp"

namespace flopcast::mix {
namespace {

using detail::kNone;
using detail::Limits;
using detail::MilpSolution;
using detail::Model;
using O = engine::MixSpec::Objective;

struct Solved {
  Model model;
  MilpSolution solution;
};

Limits base_limits(const engine::MixSpec& spec, std::size_t pools) { return {spec.objective, spec.budget_usd, spec.power_cap_w, std::vector<double>(pools, 1.0)}; }

/// `node_limit`: see detail::solve (0: to the answer's relative gap).
Solved solve_with(const engine::Scenario& s, const Candidates& c, const Limits& limits, double time_limit_s, long long node_limit = 0) {
  Solved out{detail::build_model(s, c, limits), {}};
  out.solution = detail::solve(out.model.milp, time_limit_s, node_limit);
  return out;
}

/// One number in a printf format, for the messages below.
std::string formatted(const char* format, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

std::string money(double usd) { return usd >= 1e9 ? formatted("$%.2fB", usd / 1e9) : formatted("$%.1fM", usd / 1e6); }
std::string seconds(double s) { return formatted("%g s", s); }
std::string megawatts(double w) { return formatted("%.1f MW", w / 1e6); }

void read_solution(const engine::Scenario& s, const Solved& solved, MixAnswer& a) {
  const auto& m = solved.model;
  const auto& x = solved.solution.values;
  const auto& c = a.candidates;
  auto value = [&](std::size_t col) { return col == kNone ? 0.0 : std::round(x[col]); };
  for (std::size_t o = 0; o < c.serving.size(); ++o) a.replicas.push_back(value(m.replicas[o]));
  for (std::size_t o = 0; o < c.training.size(); ++o) a.training_chosen.push_back(value(m.trains[o]) > 0.5);
  a.chips.assign(c.pools.size(), 0);
  a.training_chips.assign(c.pools.size(), 0);
  a.left_chips.assign(c.pools.size(), 0);
  for (const auto& t : c.pools) {
    a.chips[t.pool] = value(m.chips[t.pool]);
    a.left_chips[t.pool] = value(m.left[t.pool]);
  }
  for (std::size_t o = 0; o < c.training.size(); ++o) if (a.training_chosen[o]) a.training_chips[c.training[o].pool] += c.training[o].chips;
  // Totals at the chips bought, on the basis of every other output (engine/economics.hpp).
  auto total = engine::zero_economics();
  for (const auto& t : c.pools) {
    if (a.chips[t.pool] > 0) engine::add_economics(total, engine::economics_of(s.fleet.pools[t.pool], a.chips[t.pool], s.assumptions));
  }
  a.capex_known = total.capex_usd.has_value();
  a.tco_known = total.tco_usd_per_year.has_value();
  a.power_known = total.facility_power_w.has_value();
  a.capex_usd = total.capex_usd.value_or(0);
  a.tco_usd_per_year = total.tco_usd_per_year.value_or(0);
  a.facility_w = total.facility_power_w.value_or(0);
  a.chip_w = total.chip_power_w.value_or(0);
  a.objective_value = solved.solution.objective * (a.objective == O::training_left ? 1e15 : 1);
}

/// The smallest whole unit a pool's chips are used in (a replica or a training run), if any.
std::optional<double> smallest_unit(const Candidates& c, std::size_t pool) {
  std::optional<double> unit;
  for (const auto& o : c.serving) if (o.pool == pool) unit = std::min(unit.value_or(o.replica_chips), o.replica_chips);
  for (const auto& o : c.training) if (o.pool == pool) unit = std::min(unit.value_or(o.chips), o.chips);
  return unit;
}

/// The objective with one thing relaxed: the MILP solved again into `r`, or why it has none.
void resolve(const engine::Scenario& s, const engine::MixSpec& spec, const Candidates& c, const Limits& limits, ConstraintReport& r) {
  // Until 7 Dec 2026 (tenth session) a re-solve ran to the answer's relative gap; after a refit one
  // of the national 140T mix's (v4/fast's TPOT +10 %) ran past the 10 s limit at a gap of ~1e-4.
  const auto solved = solve_with(s, c, limits, spec.time_limit_s, kResolveNodes);
  const double scale = spec.objective == O::training_left ? 1e15 : 1;
  switch (solved.solution.status) {
    case MilpSolution::Status::optimal:
      r.relaxed_objective = solved.solution.objective * scale;
      r.relaxed_gap = solved.solution.gap * scale;
      return;
    case MilpSolution::Status::infeasible: r.relaxed_unsolved = "still infeasible"; return;
    case MilpSolution::Status::time_limit: r.relaxed_unsolved = "time limit (" + seconds(spec.time_limit_s) + ")"; return;
    case MilpSolution::Status::failed: r.relaxed_unsolved = "solver failed"; return;
  }
}

std::string percent(double share) { return "+" + std::to_string(static_cast<int>(std::lround(share * 100))) + " %"; }

void cap_constraints(const engine::Scenario& s, const engine::MixSpec& spec, const Solved& solved, MixAnswer& a) {
  const auto& c = a.candidates;
  const auto& duals = solved.solution.lp_duals;
  for (const auto& t : c.pools) {
    const std::size_t row = solved.model.supply_row[t.pool];
    if (row == kNone) continue;
    ConstraintReport r{"supply of " + s.fleet.pools[t.pool].name, false, t.supply - a.chips[t.pool], "chips", std::nullopt, "", std::nullopt, ""};
    if (!duals.empty()) r.lp_dual = duals[row];
    const auto unit = smallest_unit(c, t.pool);
    r.binding = unit && r.slack < *unit;
    if (r.binding) {
      auto limits = base_limits(spec, c.pools.size());
      limits.supply_scale[t.pool] = 1 + spec.relax;
      r.relaxed_how = percent(spec.relax) + " (to " + std::to_string(static_cast<long long>(std::floor(t.supply * (1 + spec.relax)))) + " chips)";
      resolve(s, spec, c, limits, r);
    }
    a.constraints.push_back(std::move(r));
  }
  auto cap = [&](const std::optional<double>& limit, std::size_t row, const char* name, const char* unit, double used, auto per_chip, bool budget) {
    if (!limit || row == kNone) return;
    ConstraintReport r{name, false, *limit - used, unit, std::nullopt, "", std::nullopt, ""};
    if (!duals.empty()) r.lp_dual = duals[row];
    for (const auto& t : c.pools) {
      const auto u = smallest_unit(c, t.pool);
      if (u && t.excluded_because.empty() && r.slack < *u * per_chip(t)) r.binding = true;
    }
    if (r.binding) {
      auto limits = base_limits(spec, c.pools.size());
      (budget ? limits.budget_usd : limits.power_cap_w) = *limit * (1 + spec.relax);
      r.relaxed_how = percent(spec.relax) + " (to " + (budget ? money(*limit * (1 + spec.relax)) : megawatts(*limit * (1 + spec.relax))) + ")";
      resolve(s, spec, c, limits, r);
    }
    a.constraints.push_back(std::move(r));
  };
  cap(spec.budget_usd, solved.model.budget_row, "budget", "$", a.capex_usd, [](const PoolTerms& t) { return t.price_usd.value_or(0); }, true);
  cap(spec.power_cap_w, solved.model.power_row, "power cap", "W", a.facility_w, [](const PoolTerms& t) { return t.facility_w.value_or(0); }, false);
}

/// TPOT targets that set the decode batch of a replica in the mix, and the deadlines of the
/// required runs: each relaxed, the candidates evaluated again, the MILP solved again.
void target_constraints(const engine::Scenario& s, const engine::MixSpec& spec, MixAnswer& a) {
  const auto& c = a.candidates;
  for (std::size_t k = 0; k < s.inference.size(); ++k) {
    const auto& svc = s.inference[k];
    bool bound = false;
    for (std::size_t o = 0; o < c.serving.size(); ++o) bound = bound || (c.serving[o].service == k && a.replicas[o] > 0 && c.serving[o].tpot_bound);
    if (!bound || !svc.tpot_target_s) continue;
    engine::Scenario relaxed = s;
    relaxed.inference[k].tpot_target_s = *svc.tpot_target_s * (1 + spec.relax);
    const auto rc = build_candidates(relaxed, spec);
    ConstraintReport r{"TPOT target of " + svc.name, true, 0, "s", std::nullopt, percent(spec.relax) + " (to " +
                       std::to_string(static_cast<int>(std::lround(*svc.tpot_target_s * (1 + spec.relax) * 1e3))) + " ms)", std::nullopt, ""};
    if (rc.unserved.empty()) resolve(relaxed, spec, rc, base_limits(spec, rc.pools.size()), r);
    else r.relaxed_unsolved = "still infeasible";
    a.constraints.push_back(std::move(r));
  }
  for (std::size_t t = 0; t < spec.training.size(); ++t) {
    auto relaxed = spec;
    relaxed.training[t].days *= 1 + spec.relax;
    const auto rc = build_candidates(s, relaxed);
    ConstraintReport r{"deadline of " + s.training[spec.training[t].run].name, true, 0, "days", std::nullopt,
                       percent(spec.relax) + " (to " + std::to_string(static_cast<int>(std::lround(relaxed.training[t].days))) + " days)", std::nullopt, ""};
    if (rc.unserved.empty()) resolve(s, relaxed, rc, base_limits(spec, rc.pools.size()), r);
    else r.relaxed_unsolved = "still infeasible";
    a.constraints.push_back(std::move(r));
  }
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& x : items) out += (out.empty() ? "" : "; ") + x;
  return out;
}

/// The LP bound on the share of demand the whole supply serves: of every service at once (the
/// same share each), or of `only` alone with the other services' demand dropped.
std::optional<double> most_served_share(const engine::Scenario& s, const engine::MixSpec& spec, const Candidates& c,
                                        std::optional<std::size_t> only = std::nullopt) {
  Limits open{O::capex, std::nullopt, std::nullopt, std::vector<double>(c.pools.size(), 1.0)};
  auto model = detail::build_model(s, c, open);
  auto& p = model.milp;
  for (auto& col : p.columns) col.integer = false, col.cost = 0;
  const std::size_t share = p.add_column({"served share", 0, -1, false, 1});
  for (std::size_t k = 0; k < model.demand_row.size(); ++k) {
    auto& row = p.rows[model.demand_row[k]];
    if (!only || *only == k) row.terms.emplace_back(share, -*row.lo);
    row.lo = 0.0;
  }
  p.maximise = true;
  const auto most = detail::solve(p, spec.time_limit_s);
  if (most.status != MilpSolution::Status::optimal) return std::nullopt;
  return most.objective;
}

std::string whole_percent(double share) { return std::to_string(static_cast<int>(std::floor(share * 100))) + " %"; }

/// The service the supply serves the smallest share of on its own, with the pools that cannot
/// carry it: what to change first when the supply falls short.
std::string tightest_service(const engine::Scenario& s, const engine::MixSpec& spec, const Candidates& c) {
  std::optional<std::pair<std::size_t, double>> tightest;
  for (std::size_t k = 0; k < s.inference.size(); ++k) {
    const auto alone = most_served_share(s, spec, c, k);
    if (alone && *alone < 1 - 1e-9 && (!tightest || *alone < tightest->second)) tightest = {{k, *alone}};
  }
  if (!tightest) return "";
  const auto [k, alone] = *tightest;
  std::string pools;
  for (const auto& o : c.serving) {
    const std::string& name = s.fleet.pools[o.pool].name;
    if (o.service == k && pools.find(name) == std::string::npos) pools += (pools.empty() ? "" : ", ") + name;
  }
  std::string out = "; the tightest is " + s.inference[k].name + ": the supply alone serves at most " + whole_percent(alone) + " of it, on " + pools;
  if (k < c.cannot_serve.size() && !c.cannot_serve[k].empty()) out += " (" + c.cannot_serve[k] + ")";
  return out;
}

/// Why no mix exists: the largest share of the demand the supply carries (an LP bound), else
/// the cheapest capex or the least power the supply allows, against the cap.
std::string why_infeasible(const engine::Scenario& s, const engine::MixSpec& spec, const Candidates& c) {
  const auto most = most_served_share(s, spec, c);
  if (most && *most < 1 - 1e-9) {
    return "infeasible because the supply falls short: with every pool bought in full, at most " + whole_percent(*most) +
           " of the demand can be served (LP bound)" + tightest_service(s, spec, c) +
           "; raise a pool's count (its supply) or add a chip type to the services' pools";
  }
  auto least = [&](O objective) {
    Limits limits{objective, std::nullopt, std::nullopt, std::vector<double>(c.pools.size(), 1.0)};
    const auto r = solve_with(s, c, limits, spec.time_limit_s);
    return r.solution.status == MilpSolution::Status::optimal ? std::optional(r.solution.objective) : std::nullopt;
  };
  if (spec.budget_usd) {
    if (const auto capex = least(O::capex); capex && *capex > *spec.budget_usd) {
      return "infeasible because of the budget: the cheapest mix within supply costs " + money(*capex) + ", above the budget of " + money(*spec.budget_usd) + "; raise buy.budget";
    }
  }
  if (spec.power_cap_w) {
    if (const auto power = least(O::power); power && *power > *spec.power_cap_w) {
      return "infeasible because of the power cap: the mix drawing least within supply needs " + megawatts(*power) + " at the facility, above the cap of " +
             megawatts(*spec.power_cap_w) + "; raise buy.power_cap";
    }
  }
  if (spec.budget_usd && spec.power_cap_w) return "infeasible because the budget and the power cap cannot both be met; raise either";
  return "infeasible because the demand needs whole replicas the supply cannot hold (its LP relaxation is feasible); raise a pool's count";
}

}  // namespace

MixAnswer cheapest_mix(const engine::Scenario& s, const engine::MixSpec& spec) {
  MixAnswer a;
  a.objective = spec.objective;
  a.candidates = build_candidates(s, spec);
  if (!a.candidates.unserved.empty()) {
    a.status = MixAnswer::Status::infeasible;
    a.reason = "infeasible because " + join(a.candidates.unserved);
    return a;
  }
  const auto start = std::chrono::steady_clock::now();
  const auto solved = solve_with(s, a.candidates, base_limits(spec, a.candidates.pools.size()), spec.time_limit_s);
  a.solve_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  switch (solved.solution.status) {
    case MilpSolution::Status::optimal: break;
    case MilpSolution::Status::infeasible:
      a.status = MixAnswer::Status::infeasible;
      a.reason = why_infeasible(s, spec, a.candidates);
      return a;
    case MilpSolution::Status::time_limit:
      a.status = MixAnswer::Status::time_limit;
      a.reason = "the MILP solver stopped at its time limit of " + seconds(spec.time_limit_s) + ": " + solved.solution.message;
      return a;
    case MilpSolution::Status::failed:
      a.status = MixAnswer::Status::solver_failed;
      a.reason = solved.solution.message;
      return a;
  }
  a.status = MixAnswer::Status::optimal;
  a.relative_gap = detail::kRelativeGap;
  read_solution(s, solved, a);
  cap_constraints(s, spec, solved, a);
  target_constraints(s, spec, a);
  return a;
}

}  // namespace flopcast::mix
