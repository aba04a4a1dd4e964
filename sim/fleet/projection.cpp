// Fleet projection over time (eq. P1-P11 in docs/fleet-over-time.md). prepare_projection() does
// the string work once; project_fleet_into() is the per-sample path and allocates nothing once
// its outputs have their size.
#include "flopcast/fleet/projection.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "flopcast/core/assert.hpp"
#include "flopcast/rules/rule_verdict.hpp"

namespace flopcast::fleet {
namespace {

constexpr double kSecondsPerYear = 365.25 * 86400;

bool active_at(const std::optional<core::YearMonth>& from, const std::optional<core::YearMonth>& to, core::YearMonth t) {
  return (!from || *from <= t) && (!to || t <= *to);
}

/// Index of the regime step in force at t, or -1 before the first (no controls).
int regime_step_at(const std::vector<RegimeStep>& steps, core::YearMonth t) {
  int r = -1;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    if (steps[i].from <= t) r = static_cast<int>(i);  // steps are sorted by `from`
  }
  return r;
}

/// eq. P2: how a regime treats a line (decided once per regime step and line).
LineVerdict classify_line(const ProjectionInputs& in, const rules::ExportRegime* regime, const Actor& a, const ProcurementLine& l) {
  LineVerdict v;
  if (l.leakage) {
    v.outcome_name = "leakage";
    return v;
  }
  if (!regime) return v;
  if (l.chip.origin != "US") {
    // The shipped regimes are US export controls: a chip of another origin (Huawei's for a
    // Chinese buyer) is not an export they decide (reference section 2c notes).
    v.outcome_name = "not-controlled-origin";
    return v;
  }
  const auto c = rules::classify_chip(*regime, l.chip, a.destination, in.destinations);
  v.rule = c.rule ? c.rule->id : "";
  if (!c.determined) {
    v.outcome_name = "unknown";  // a rule needs a metric the catalog lacks: counted as allowed, and flagged
    return v;
  }
  v.outcome = c.outcome;
  v.outcome_name = std::string(core::enum_token(rules::outcome_names(), c.outcome));
  v.fee_share = c.rule && c.rule->fee_share ? *c.rule->fee_share : 0.0;
  if (c.rule && c.outcome != rules::Outcome::denied) v.volume_cap = c.rule->volume_cap;
  switch (c.outcome) {
    case rules::Outcome::allowed: break;
    case rules::Outcome::denied: v.fixed_share = 0; break;
    default:
      v.licensed = true;
      if (c.rule && c.rule->approval_probability) v.approval = *c.rule->approval_probability;
  }
  return v;
}

int chip_index(std::vector<std::string>& ids, const std::string& id) {
  const auto it = std::find(ids.begin(), ids.end(), id);
  if (it != ids.end()) return static_cast<int>(it - ids.begin());
  ids.push_back(id);
  return static_cast<int>(ids.size()) - 1;
}

double lookup(const std::map<std::string, double>& m, const std::string& id) {
  const auto it = m.find(id);
  return it == m.end() ? 0.0 : it->second;
}

/// eq. P2a, for the regime step in force: scales the permitted chips of volume-capped lines.
void apply_volume_caps(const ProjectionInputs& in, const LineVerdict* verdicts, double period_years, ProjectionScratch& w, ActorPeriod* row) {
  const std::size_t lines = in.line_chip.size();
  std::fill(w.chip_demand.begin(), w.chip_demand.end(), 0.0);
  for (std::size_t li = 0; li < lines; ++li) {
    if (verdicts[li].volume_cap) w.chip_demand[static_cast<std::size_t>(in.line_chip[li])] += w.line_permitted[li];
  }
  for (std::size_t a = 0; a < in.actors.size(); ++a) {
    for (int i = in.actor_first_line[a]; i < in.actor_first_line[a + 1]; ++i) {
      const auto li = static_cast<std::size_t>(i);
      const auto& v = verdicts[li];
      if (!v.volume_cap) continue;
      const auto c = static_cast<std::size_t>(in.line_chip[li]);
      auto& cp = row[a].chips[static_cast<std::size_t>(in.line_slot[li])];
      cp.volume_cap = v.volume_cap;
      const double us = in.chip_us_end_use[c];
      if (us < 0) {
        cp.volume_cap_unapplied = true;
        continue;
      }
      const double cap = *v.volume_cap * us * period_years;
      if (w.chip_demand[c] > cap) {
        const double scale = w.chip_demand[c] > 0 ? cap / w.chip_demand[c] : 1.0;
        cp.permitted -= w.line_permitted[li] * (1 - scale);
        w.line_permitted[li] *= scale;
        cp.volume_limited = true;
        row[a].volume_limited = true;
      }
    }
  }
}

}  // namespace

double Allocation::demand_at(core::YearMonth t) const {
  if (demand.empty()) return 0;
  const auto months = [](core::YearMonth a, core::YearMonth b) { return static_cast<double>(b.index() - a.index()); };
  double v = demand.front().tokens_per_s;  // flat before the first point
  if (demand.front().at < t) {
    std::size_t i = 0;
    while (i + 1 < demand.size() && demand[i + 1].at <= t) ++i;
    const auto& p = demand[i];
    if (i + 1 < demand.size()) {  // between two points: geometric interpolation
      const auto& q = demand[i + 1];
      const double f = months(p.at, t) / months(p.at, q.at);
      v = p.tokens_per_s > 0 && q.tokens_per_s > 0 ? p.tokens_per_s * std::pow(q.tokens_per_s / p.tokens_per_s, f)
                                                   : p.tokens_per_s + (q.tokens_per_s - p.tokens_per_s) * f;
    } else {  // after the last point: the stated yearly growth
      v = demand_growth_per_year == 1 ? p.tokens_per_s : p.tokens_per_s * std::pow(demand_growth_per_year, months(p.at, t) / 12.0);
    }
  }
  return v * demand_scale;
}

double log10_peak_demand(const Allocation& a, core::YearMonth end) {
  double peak = -INFINITY;
  for (const auto& p : a.demand) {
    if (p.tokens_per_s > 0) peak = std::max(peak, std::log10(p.tokens_per_s));
  }
  if (a.demand.empty() || !(peak > -INFINITY)) return peak;
  // After the last point demand grows (or shrinks) geometrically to the end of the timeline.
  const auto& last = a.demand.back();
  const double years = std::max(0.0, static_cast<double>(end.index() - last.at.index()) / 12.0);
  if (last.tokens_per_s > 0 && a.demand_growth_per_year > 0) peak = std::max(peak, std::log10(last.tokens_per_s) + years * std::log10(a.demand_growth_per_year));
  return a.demand_scale > 0 ? peak + std::log10(a.demand_scale) : -INFINITY;
}

double SupplyLine::chips_per_year() const {
  double rate = wafers_per_year ? *wafers_per_year * dies_per_wafer * die_yield / std::max(dies_per_chip, 1e-12) : per_year;
  if (hbm_stacks_per_year && hbm_stacks_per_chip > 0) rate = std::min(rate, *hbm_stacks_per_year / hbm_stacks_per_chip);
  return rate * output_scale;
}

void prepare_projection(ProjectionInputs& in) {
  in.chip_ids.clear();
  in.line_chip.clear();
  in.line_slot.clear();
  in.actor_first_line.clear();
  in.actor_first_slot.clear();
  in.slot_line.clear();
  in.supply_chip.clear();
  in.priorities.clear();
  for (const auto& a : in.actors) {
    in.actor_first_line.push_back(static_cast<int>(in.line_chip.size()));
    in.actor_first_slot.push_back(static_cast<int>(in.slot_line.size()));
    std::vector<std::string> own;  // the actor's distinct chips, in order of first appearance
    for (const auto& l : a.lines) {
      const int c = chip_index(in.chip_ids, l.chip.id);
      const auto before = own.size();
      in.line_slot.push_back(chip_index(own, l.chip.id));
      if (own.size() > before) in.slot_line.push_back(static_cast<int>(in.line_chip.size()));
      in.line_chip.push_back(c);
    }
    in.priorities.push_back(a.priority);
  }
  in.actor_first_line.push_back(static_cast<int>(in.line_chip.size()));
  in.actor_first_slot.push_back(static_cast<int>(in.slot_line.size()));
  for (const auto& s : in.supply) {
    in.supply_chip.push_back(chip_index(in.chip_ids, s.chip_id));
  }
  std::sort(in.priorities.begin(), in.priorities.end());
  in.priorities.erase(std::unique(in.priorities.begin(), in.priorities.end()), in.priorities.end());
  in.chip_us_end_use.assign(in.chip_ids.size(), -1.0);
  for (const auto& m : in.us_end_use) {
    const auto it = std::find(in.chip_ids.begin(), in.chip_ids.end(), m.chip_id);
    if (it != in.chip_ids.end()) in.chip_us_end_use[static_cast<std::size_t>(it - in.chip_ids.begin())] = m.per_year;
  }
  in.line_h100e_by_tpp.clear();
  for (const auto& a : in.actors) for (const auto& l : a.lines) in.line_h100e_by_tpp.push_back(catalog::h100_equivalents_by_tpp(l.chip));
  in.chip_reference_flop_per_s.clear();
  in.chip_reference_tokens_per_s.clear();
  for (const auto& id : in.chip_ids) {
    in.chip_reference_flop_per_s.push_back(lookup(in.reference_flop_per_s, id));
    in.chip_reference_tokens_per_s.push_back(lookup(in.reference_tokens_per_s, id));
  }
  // Serving order per actor (eq. P9b): tokens/s per unit of training compute given up, highest
  // first; chips that cannot serve last; ties keep the row order.
  in.slot_serving_order.clear();
  for (std::size_t a = 0; a < in.actors.size(); ++a) {
    const auto first = static_cast<std::size_t>(in.actor_first_slot[a]), last = static_cast<std::size_t>(in.actor_first_slot[a + 1]);
    std::vector<int> order;
    std::vector<double> merit;
    for (std::size_t j = 0; j < last - first; ++j) {
      const auto ci = static_cast<std::size_t>(in.line_chip[static_cast<std::size_t>(in.slot_line[first + j])]);
      const double tokens = in.chip_reference_tokens_per_s[ci], flops = in.chip_reference_flop_per_s[ci];
      order.push_back(static_cast<int>(j));
      merit.push_back(tokens <= 0 ? -1.0 : flops <= 0 ? std::numeric_limits<double>::infinity() : tokens / flops);
    }
    std::stable_sort(order.begin(), order.end(), [&](int x, int y) { return merit[static_cast<std::size_t>(x)] > merit[static_cast<std::size_t>(y)]; });
    in.slot_serving_order.insert(in.slot_serving_order.end(), order.begin(), order.end());
  }
  in.verdicts.clear();
  in.option_verdicts.clear();
  auto classify_steps = [&](const std::vector<RegimeStep>& steps) {
    for (const auto& step : steps) {
      for (const auto& a : in.actors) {
        for (const auto& l : a.lines) in.verdicts.push_back(classify_line(in, &step.regime, a, l));
      }
    }
  };
  classify_steps(in.regimes);
  for (const auto& option : in.regime_options) {
    in.option_verdicts.push_back(in.verdicts.size());
    classify_steps(option);
  }
}

void project_fleet_into(const ProjectionInputs& in, ProjectionScratch& w, std::vector<ActorPeriod>& out) {
  const std::size_t lines = in.line_chip.size(), chips = in.chip_ids.size(), actors = in.actors.size();
  FLOPCAST_ASSERT(in.actor_first_line.size() == actors + 1 && in.actor_first_slot.size() == actors + 1 &&
                      in.option_verdicts.size() == in.regime_options.size() && in.supply_chip.size() == in.supply.size() &&
                      in.regime_option < static_cast<int>(in.regime_options.size()),
                  "project_fleet_into needs prepare_projection() after the inputs change");
  // The regime timeline in force: the scenario's, or the option a sweep chose.
  const auto option = in.regime_option;
  const auto& steps = option < 0 ? in.regimes : in.regime_options[static_cast<std::size_t>(option)];
  const std::size_t first_verdict = option < 0 ? 0 : in.option_verdicts[static_cast<std::size_t>(option)];
  FLOPCAST_ASSERT(in.verdicts.size() >= first_verdict + steps.size() * lines, "verdicts not prepared for the regime steps");
  const LineVerdict* verdicts = in.verdicts.data() + first_verdict;
  const int periods = in.timeline.periods();
  const double period_years = in.timeline.step_months / 12.0;
  const double period_s = period_years * kSecondsPerYear;
  const int life = std::max(1, static_cast<int>(std::lround(in.service_life_s / period_s)));
  w.line_permitted.resize(lines);
  w.line_scale.resize(lines);
  w.chip_demand.resize(chips);
  w.chip_cap.resize(chips);
  w.chip_flow.resize(chips);
  w.stock_left.resize(in.supply.size());
  for (std::size_t s = 0; s < in.supply.size(); ++s) w.stock_left[s] = in.supply[s].stock;
  w.survival.resize(static_cast<std::size_t>(life));
  for (int age = 0; age < life; ++age) w.survival[static_cast<std::size_t>(age)] = std::exp(-in.failure_rate_per_year * age * period_years);
  out.resize(static_cast<std::size_t>(periods) * actors);
  static const LineVerdict kNoControls;
  for (int k = 0; k < periods; ++k) {
    const auto t = in.timeline.period(k);
    const int step = regime_step_at(steps, t);
    const LineVerdict* in_force = step < 0 ? nullptr : verdicts + static_cast<std::size_t>(step) * lines;
    auto verdict = [&](std::size_t line) -> const LineVerdict& { return in_force ? in_force[line] : kNoControls; };
    ActorPeriod* row = &out[static_cast<std::size_t>(k) * actors];
    // eq. P1-P2: wanted and permitted per line.
    for (std::size_t a = 0; a < actors; ++a) {
      auto& ap = row[a];
      ap.period = t;
      ap.actor = in.actors[a].name;
      ap.regime = step < 0 ? "" : steps[static_cast<std::size_t>(step)].regime.id;
      ap.chips.resize(static_cast<std::size_t>(in.actor_first_slot[a + 1] - in.actor_first_slot[a]));
      ap.volume_limited = false;
      for (auto& c : ap.chips) {
        c.wanted = c.permitted = c.delivered = c.installed = c.active = c.training = c.serving = c.fee_share = 0;
        c.volume_cap.reset();
        c.volume_limited = c.volume_cap_unapplied = false;
        c.chip_id.clear();
      }
      for (int i = in.actor_first_line[a]; i < in.actor_first_line[a + 1]; ++i) {
        const auto li = static_cast<std::size_t>(i);
        const auto& l = in.actors[a].lines[li - static_cast<std::size_t>(in.actor_first_line[a])];
        const auto& v = verdict(li);
        const double wanted = active_at(l.from, l.to, t) ? l.per_year * period_years : 0.0;
        const double share = v.licensed ? v.approval.value_or(in.licence_approval) : v.fixed_share;
        w.line_permitted[li] = wanted * share;
        auto& c = ap.chips[static_cast<std::size_t>(in.line_slot[li])];
        if (c.chip_id.empty()) {  // the chip's first line names the row
          c.chip_id = l.chip.id;
          c.rule = v.rule;
          c.outcome = v.outcome_name;
          c.fee_share = v.fee_share;
        }
        c.wanted += wanted;
        c.permitted += w.line_permitted[li];
      }
    }
    // eq. P2a: a rule's volume cap bounds what all buyers under it receive of a chip, as a share
    // of US end-use volume; the capped lines share it pro rata.
    if (in_force) apply_volume_caps(in, in_force, period_years, w, row);
    // eq. P3: each chip's supply this period: the flow of active lines, then stock.
    std::fill(w.chip_flow.begin(), w.chip_flow.end(), 0.0);
    std::fill(w.chip_cap.begin(), w.chip_cap.end(), -1.0);  // -1: no supply line caps the chip
    for (std::size_t s = 0; s < in.supply.size(); ++s) {
      const auto& sl = in.supply[s];
      if (!active_at(sl.from, sl.to, t)) continue;
      const auto c = static_cast<std::size_t>(in.supply_chip[s]);
      w.chip_flow[c] += sl.chips_per_year() * period_years;
      w.chip_cap[c] = std::max(w.chip_cap[c], 0.0) + sl.chips_per_year() * period_years + w.stock_left[s];
    }
    // Buyers are served in ascending priority; within a priority, pro rata to permitted demand.
    std::fill(w.line_scale.begin(), w.line_scale.end(), 1.0);
    for (const int level : in.priorities) {
      std::fill(w.chip_demand.begin(), w.chip_demand.end(), 0.0);
      for (std::size_t a = 0; a < actors; ++a) {
        if (in.actors[a].priority != level) continue;
        for (int i = in.actor_first_line[a]; i < in.actor_first_line[a + 1]; ++i) {
          const auto li = static_cast<std::size_t>(i);
          if (!in.actors[a].lines[li - static_cast<std::size_t>(in.actor_first_line[a])].leakage) {
            w.chip_demand[static_cast<std::size_t>(in.line_chip[li])] += w.line_permitted[li];
          }
        }
      }
      for (std::size_t a = 0; a < actors; ++a) {
        if (in.actors[a].priority != level) continue;
        for (int i = in.actor_first_line[a]; i < in.actor_first_line[a + 1]; ++i) {
          const auto li = static_cast<std::size_t>(i);
          const auto c = static_cast<std::size_t>(in.line_chip[li]);
          if (in.actors[a].lines[li - static_cast<std::size_t>(in.actor_first_line[a])].leakage || w.chip_cap[c] < 0) continue;
          if (w.chip_demand[c] > w.chip_cap[c]) w.line_scale[li] = w.chip_demand[c] > 0 ? w.chip_cap[c] / w.chip_demand[c] : 1.0;
        }
      }
      for (std::size_t c = 0; c < chips; ++c) {
        if (w.chip_cap[c] >= 0) w.chip_cap[c] = std::max(0.0, w.chip_cap[c] - w.chip_demand[c]);
      }
    }
    // Draw stock for what the flow did not cover (eq. P3b), in supply-line order.
    for (std::size_t c = 0; c < chips; ++c) {
      double taken = 0;
      for (std::size_t a = 0; a < actors; ++a) {
        for (int i = in.actor_first_line[a]; i < in.actor_first_line[a + 1]; ++i) {
          const auto li = static_cast<std::size_t>(i);
          if (static_cast<std::size_t>(in.line_chip[li]) == c && !in.actors[a].lines[li - static_cast<std::size_t>(in.actor_first_line[a])].leakage) {
            taken += w.line_permitted[li] * w.line_scale[li];
          }
        }
      }
      double from_stock = std::max(0.0, taken - w.chip_flow[c]);
      for (std::size_t s = 0; s < in.supply.size() && from_stock > 0; ++s) {
        if (static_cast<std::size_t>(in.supply_chip[s]) != c || !active_at(in.supply[s].from, in.supply[s].to, t)) continue;
        const double d = std::min(from_stock, w.stock_left[s]);
        w.stock_left[s] -= d;
        from_stock -= d;
      }
    }
    for (std::size_t a = 0; a < actors; ++a) {
      const auto& actor = in.actors[a];
      auto& ap = row[a];
      ap.power_limited = ap.budget_limited = ap.supply_limited = false;
      ap.spend_complete = ap.power_complete = true;
      // eq. P3-P4: supply, then the budget (fees and tariffs raise the price).
      double spend = 0;
      const auto first = static_cast<std::size_t>(in.actor_first_line[a]);
      for (std::size_t li = first; li < static_cast<std::size_t>(in.actor_first_line[a + 1]); ++li) {
        const auto& l = actor.lines[li - first];
        ap.supply_limited = ap.supply_limited || w.line_scale[li] < 1.0;
        const double bought = w.line_permitted[li] * w.line_scale[li];
        if (bought > 0 && !l.chip.price_usd) ap.spend_complete = false;
        spend += bought * l.chip.price_usd.value_or(0) * (1 + verdict(li).fee_share);
      }
      double budget_scale = 1;
      if (actor.budget_usd_per_year && spend > *actor.budget_usd_per_year * period_years) {
        budget_scale = *actor.budget_usd_per_year * period_years / spend;
        spend *= budget_scale;
        ap.budget_limited = true;
      }
      ap.spend_usd = spend;
      for (std::size_t li = first; li < static_cast<std::size_t>(in.actor_first_line[a + 1]); ++li) {
        ap.chips[static_cast<std::size_t>(in.line_slot[li])].delivered += w.line_permitted[li] * w.line_scale[li] * budget_scale;
      }
      // eq. P5: installed = deliveries of the last `life` periods (this row's and earlier rows'),
      // less the failed: a delivery `age` periods old keeps exp(-failure rate x age).
      for (std::size_t j = 0; j < ap.chips.size(); ++j) {
        double installed = 0;
        for (int p = std::max(0, k - life + 1); p <= k; ++p) {
          installed += out[static_cast<std::size_t>(p) * actors + a].chips[j].delivered * w.survival[static_cast<std::size_t>(k - p)];
        }
        ap.chips[j].installed = installed;
      }
      // eq. P6: a power cap switches chips off pro rata.
      const auto line_of = [&](std::size_t j) { return static_cast<std::size_t>(in.slot_line[static_cast<std::size_t>(in.actor_first_slot[a]) + j]); };
      const auto spec = [&](std::size_t j) -> const catalog::ChipSpec& { return actor.lines[line_of(j) - first].chip; };
      double power = 0;
      for (std::size_t j = 0; j < ap.chips.size(); ++j) {
        if (ap.chips[j].installed > 0 && !spec(j).power_w()) ap.power_complete = false;
        power += ap.chips[j].installed * spec(j).power_w().value_or(0) * in.pue;
      }
      const double on = actor.power_cap_w && power > *actor.power_cap_w ? *actor.power_cap_w / power : 1.0;
      ap.power_limited = on < 1.0;
      ap.installed_chips = ap.active_chips = ap.peak_bf16_flop_per_s = ap.peak_fp8_flop_per_s = 0;
      ap.effective_flop_per_s = ap.h100e_by_tpp = ap.h100e_by_throughput = ap.power_w = 0;
      double serve_all = 0;  // tokens/s if every active chip served
      for (std::size_t j = 0; j < ap.chips.size(); ++j) {
        auto& c = ap.chips[j];
        const auto& chip = spec(j);
        const auto ci = static_cast<std::size_t>(in.line_chip[line_of(j)]);
        c.active = c.installed * on;
        ap.installed_chips += c.installed;
        ap.active_chips += c.active;
        ap.peak_bf16_flop_per_s += c.active * chip.peak(catalog::Precision::bf16);
        ap.peak_fp8_flop_per_s += c.active * chip.peak(catalog::Precision::fp8);
        // eq. P7: effective compute from the calibrated reference workload.
        const double flops = in.chip_reference_flop_per_s[ci];
        ap.effective_flop_per_s += c.active * flops;
        ap.h100e_by_tpp += c.active * in.line_h100e_by_tpp[line_of(j)];
        if (in.h100_reference_flop_per_s > 0) ap.h100e_by_throughput += c.active * flops / in.h100_reference_flop_per_s;
        ap.power_w += c.active * chip.power_w().value_or(0) * in.pue;
        serve_all += c.active * in.chip_reference_tokens_per_s[ci];
      }
      // eq. P9-P10: the split between training and serving.
      const auto& alloc = actor.allocation;
      ap.demand_tokens_per_s = alloc.demand_at(t);
      const auto chip_of = [&](std::size_t j) { return static_cast<std::size_t>(in.line_chip[line_of(j)]); };
      double capacity = 0;  // tokens/s of the serving chips
      if (alloc.policy == Allocation::Policy::serving_first && alloc.serve_on == Allocation::ServeOn::best_suited) {
        // eq. P9b: the demand is met from the chip types best suited to serve, in order.
        double remaining = ap.demand_tokens_per_s;
        for (auto& c : ap.chips) c.serving = 0;
        const auto order = static_cast<std::size_t>(in.actor_first_slot[a]);
        for (std::size_t n = 0; n < ap.chips.size() && remaining > 0; ++n) {
          const auto j = static_cast<std::size_t>(in.slot_serving_order[order + n]);
          const double rate = in.chip_reference_tokens_per_s[chip_of(j)];
          if (rate <= 0) break;  // the rest cannot serve
          auto& c = ap.chips[j];
          c.serving = std::min(c.active, remaining / rate);
          remaining = std::max(0.0, remaining - c.serving * rate);
          capacity += c.serving * rate;
        }
      } else {
        // eq. P9: the same share of every chip type (policy shares, or serving-first on every type).
        double serving_share = 1 - std::clamp(alloc.training_share, 0.0, 1.0);
        if (alloc.policy == Allocation::Policy::serving_first) serving_share = serve_all > 0 ? std::min(1.0, ap.demand_tokens_per_s / serve_all) : 0.0;
        for (auto& c : ap.chips) c.serving = c.active * serving_share;
        capacity = serve_all * serving_share;
      }
      // eq. P8: every active chip that does not serve trains, at its reference FLOP/s.
      ap.training_chips = ap.serving_chips = 0;
      double training_flop_per_s = 0;
      for (std::size_t j = 0; j < ap.chips.size(); ++j) {
        auto& c = ap.chips[j];
        c.training = c.active - c.serving;
        ap.training_chips += c.training;
        ap.serving_chips += c.serving;
        training_flop_per_s += c.training * in.chip_reference_flop_per_s[chip_of(j)];
      }
      ap.serving_capacity_tokens_per_s = capacity;
      ap.served_tokens_per_s = std::min(capacity, ap.demand_tokens_per_s);
      ap.training_flops = training_flop_per_s * period_s;
      // eq. P8, P11: cumulative training FLOPs; energy of every active chip.
      ap.cumulative_training_flops = ap.training_flops + (k > 0 ? out[static_cast<std::size_t>(k - 1) * actors + a].cumulative_training_flops : 0.0);
      ap.energy_j = ap.power_w * period_s;
      ap.electricity_usd = ap.energy_j * in.electricity_usd_per_j;
    }
  }
}

std::vector<ActorPeriod> project_fleet(const ProjectionInputs& in) {
  ProjectionInputs prepared = in;
  prepare_projection(prepared);
  ProjectionScratch scratch;
  std::vector<ActorPeriod> out;
  project_fleet_into(prepared, scratch, out);
  return out;
}

}  // namespace flopcast::fleet
