// Re-planning layouts per sample with bounds over the sampled box (see layout_plan.hpp).
#include "layout_plan.hpp"

#include <algorithm>
#include <array>
#include <limits>
#include <optional>
#include <string_view>

#include "flopcast/core/assert.hpp"
#include "flopcast/engine/evaluate.hpp"
#include "flopcast/perf/layout_search.hpp"

namespace flopcast::sweep::detail {
namespace {

using T = engine::ParameterRef::Target;

/// A search keeping more candidates than this is not worth bounding: each sample searches.
constexpr std::size_t kMaxCandidates = 256;
/// Distinct values of a run's exact inputs remembered per grid point and thread; beyond, samples search.
constexpr std::size_t kMaxKeys = 256;

/// Chip figures by their name in a parameter path. The step model reads peaks, bandwidths and HBM
/// capacity (more of each is never slower, never less feasible); price, power and MTBF only enter
/// cost, energy and goodput after the step. A chip field in neither list is treated as exact.
constexpr std::array<std::string_view, 7> kMonotoneChipFields{"hbm_capacity",       "hbm_bandwidth",   "scale_up_bandwidth", "scale_out_bandwidth",
                                                              "dense_peak.bf16",    "dense_peak.fp8",  "dense_peak.fp4"};
constexpr std::array<std::string_view, 3> kChipFieldsOutsideStep{"price", "tdp", "mtbf"};

/// Training fields that do not reach the search: tokens scale the time after it; a stated
/// utilisation replaces the step model altogether.
constexpr std::array<std::string_view, 2> kTrainingFieldsOutsideSearch{"tokens", "utilisation"};

template <std::size_t N>
bool listed(const std::array<std::string_view, N>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

std::string_view field_after(const std::string& path, std::string_view prefix) {
  return std::string_view(path).substr(std::min(path.size(), prefix.size()));
}

std::size_t pool_index(const engine::Scenario& s, const std::string& name) {
  const auto it = std::find_if(s.fleet.pools.begin(), s.fleet.pools.end(), [&](const fleet::Pool& p) { return p.name == name; });
  FLOPCAST_ASSERT(it != s.fleet.pools.end(), "binder left an unresolved pool name: " + name);
  return static_cast<std::size_t>(it - s.fleet.pools.begin());
}

/// The value of an exact input as the search reads it (a pool size in whole chips).
double key_value(const engine::Scenario& s, const engine::ParameterRef& p) {
  const double v = engine::get_parameter(s, p);
  return p.target == T::pool ? static_cast<double>(static_cast<long long>(v)) : v;
}

double run_tokens_per_s(const perf::ParallelLayout& l, const perf::TrainingStepEstimate& e) {
  return e.tokens_per_s_per_chip * static_cast<double>(l.chips());  // as search_layouts ranks them
}

/// Two layouts whose step estimates agree on every figure the engine reports.
bool same_numbers(const perf::ParallelLayout& la, const perf::TrainingStepEstimate& a, const perf::ParallelLayout& lb,
                  const perf::TrainingStepEstimate& b) {
  const auto& ta = a.time;
  const auto& tb = b.time;
  const auto& ma = a.memory;
  const auto& mb = b.memory;
  return la.chips() == lb.chips() && ta.compute_s == tb.compute_s && ta.tp_comm_s == tb.tp_comm_s && ta.ep_comm_s == tb.ep_comm_s &&
         ta.cp_comm_s == tb.cp_comm_s && ta.dp_comm_s == tb.dp_comm_s && ta.bubble_s == tb.bubble_s && ta.step_s == tb.step_s &&
         ma.weights == mb.weights && ma.gradients == mb.gradients && ma.optimizer == mb.optimizer && ma.activations == mb.activations &&
         ma.total == mb.total && a.micro_batches == b.micro_batches && a.tokens_per_s_per_chip == b.tokens_per_s_per_chip &&
         a.model_flop_per_s_per_chip == b.model_flop_per_s_per_chip && a.hardware_flop_per_s_per_chip == b.hardware_flop_per_s_per_chip &&
         a.mfu_bf16 == b.mfu_bf16;
}

/// The candidate a full search at these inputs would return first, or nothing when the bound
/// cannot tell (no candidate fits, or two that give different numbers tie exactly).
std::optional<perf::ParallelLayout> fastest(const engine::Scenario& s, const RunCandidates& c, const engine::TrainingRun& run, const fleet::Pool& pool) {
  const PlannedLayout* best = nullptr;
  perf::TrainingStepEstimate best_estimate;
  double best_total = -std::numeric_limits<double>::infinity();
  bool tie = false;
  for (const auto& p : c.layouts) {
    if (p.best_case_tokens_per_s < best_total) break;  // neither this one nor any after it can catch up
    const auto e = perf::estimate_training_step(engine::training_step_inputs(s, run, pool, p.layout));
    if (!e.feasible) continue;
    const double total = run_tokens_per_s(p.layout, e);
    if (total > best_total) {
      best = &p;
      best_estimate = e;
      best_total = total;
      tie = false;
    } else if (total == best_total && !same_numbers(best->layout, best_estimate, p.layout, e)) {
      tie = true;
    }
  }
  if (!best || tie) return std::nullopt;
  return best->layout;
}

}  // namespace

SearchInfluence search_influence(const engine::Scenario& s, std::size_t run, const engine::ParameterRef& p) {
  const auto& r = s.training[run];
  const std::size_t pool = pool_index(s, r.pools.front());
  switch (p.target) {
    case T::pool:
      return p.index == pool && field_after(p.path, "fleet.pools[" + s.fleet.pools[pool].name + "].") == "count" ? SearchInfluence::exact
                                                                                                                  : SearchInfluence::none;
    case T::training:
      if (p.index != run || listed(kTrainingFieldsOutsideSearch, field_after(p.path, "training[" + r.name + "]."))) return SearchInfluence::none;
      return SearchInfluence::exact;
    case T::chip: {
      if (p.chip_id != s.fleet.pools[pool].chip.id) return SearchInfluence::none;
      const auto field = field_after(p.path, "chips." + p.chip_id + ".");
      if (listed(kMonotoneChipFields, field)) return SearchInfluence::monotone;
      return listed(kChipFieldsOutsideStep, field) ? SearchInfluence::none : SearchInfluence::exact;
    }
    case T::inference:
    case T::assumption:  // none enters TrainingStepInputs (engine::training_step_inputs)
    case T::actor:
    case T::procurement:
    case T::leakage:
    case T::option:
    case T::smuggled:
    case T::supply:
    case T::production_input:
    case T::production_source:
    case T::regime: return SearchInfluence::none;
  }
  return SearchInfluence::exact;
}

LayoutPlan plan_layouts(const engine::Scenario& base, const engine::SweepSpec& spec) {
  LayoutPlan plan;
  for (std::size_t i = 0; i < base.training.size(); ++i) {
    if (!engine::searches_layout(base.training[i])) continue;
    SearchedRun r;
    r.run = i;
    r.pool = pool_index(base, base.training[i].pools.front());
    for (std::size_t j = 0; j < spec.variables.size(); ++j) {
      const auto& v = spec.variables[j];
      switch (search_influence(base, i, v.parameter)) {
        case SearchInfluence::none: break;
        case SearchInfluence::exact: r.exact.push_back(j); break;
        case SearchInfluence::monotone: {
          // Widened by a relative 1e-9 so a quantile rounded one ulp past an extreme stays inside.
          const auto [lo, hi] = engine::reachable_extremes(v.distribution);
          r.monotone.push_back(j);
          r.low.push_back(lo * (1 - 1e-9));
          r.high.push_back(hi * (1 + 1e-9));
          break;
        }
      }
    }
    plan.runs.push_back(std::move(r));
  }
  return plan;
}

RunCandidates find_candidates(const engine::Scenario& s, const engine::SweepSpec& spec, const SearchedRun& r) {
  RunCandidates out;
  const auto& run = s.training[r.run];
  engine::Scenario corner;  // the run's pool alone, its sampled chip figures at one end of their ranges
  corner.fleet.pools = {s.fleet.pools[r.pool]};
  auto pool_at = [&](const std::vector<double>& ends) {
    for (std::size_t i = 0; i < r.monotone.size(); ++i) engine::set_parameter(corner, spec.variables[r.monotone[i]].parameter, ends[i]);
    return corner.fleet.pools.front();
  };
  const fleet::Pool worst = pool_at(r.low), best = pool_at(r.high);
  auto total = [](const perf::LayoutCandidate& c) { return run_tokens_per_s(c.layout, c.estimate); };
  // The fastest layout at the worst corner runs at least this fast anywhere in the box.
  double bound = -std::numeric_limits<double>::infinity();
  if (!r.monotone.empty()) {
    const auto floor = perf::search_layouts(engine::layout_search_inputs(s, run, worst, 1));
    if (!floor.empty()) bound = total(floor.front());
  }
  for (std::size_t keep = 16;; keep *= 4) {
    const auto found = perf::search_layouts(engine::layout_search_inputs(s, run, best, keep));
    if (r.monotone.empty() && !found.empty()) bound = total(found.front());  // one point: only ties can win
    if (found.size() == keep && total(found.back()) >= bound) {
      if (keep < kMaxCandidates) continue;
      out.search_each_sample = true;
      return out;
    }
    for (const auto& c : found) {
      if (total(c) >= bound) out.layouts.push_back({c.layout, total(c)});
    }
    return out;
  }
}

void choose_layouts(const LayoutPlan& plan, const engine::SweepSpec& spec, std::uint64_t point, engine::Scenario& s, PlanMemo& memo) {
  if (memo.runs.size() != plan.runs.size()) memo.runs.resize(plan.runs.size());
  for (std::size_t i = 0; i < plan.runs.size(); ++i) {
    const auto& r = plan.runs[i];
    auto& entries = memo.runs[i];
    if (!entries.empty() && entries.front().point != point) entries.clear();
    memo.key.clear();
    for (std::size_t j : r.exact) memo.key.push_back(key_value(s, spec.variables[j].parameter));
    auto hit = std::find_if(entries.begin(), entries.end(), [&](const RunCandidates& c) { return c.key == memo.key; });
    auto& layout = s.training[r.run].layout;
    if (hit == entries.end()) {
      if (entries.size() >= kMaxKeys) {  // too many distinct pool sizes or batches: search this sample
        layout.reset();
        continue;
      }
      layout.reset();  // the search reads no layout, but a stale one must not survive a miss
      entries.push_back(find_candidates(s, spec, r));
      entries.back().point = point;
      entries.back().key = memo.key;
      hit = entries.end() - 1;
    }
    if (hit->search_each_sample) {
      layout.reset();
      continue;
    }
    const auto chosen = fastest(s, *hit, s.training[r.run], s.fleet.pools[r.pool]);
    if (chosen) layout = *chosen;
    else layout.reset();
    s.training[r.run].layout_searched = chosen.has_value();
  }
}

}  // namespace flopcast::sweep::detail
