// What each actor buys in a period: fixed orders through the regimes, caps, supply and budget
// (eq. P1-P4), and demand-driven procurement that ranks the permitted chips, substitutes when a
// rule or a supply cap stops one, and smuggles only as much as the export rules block (eq. P12).
#include <algorithm>
#include <cmath>
#include <limits>

#include "projection_steps.hpp"

namespace flopcast::fleet {

double LineVerdict::export_share(core::YearMonth t, double default_approval) const {
  if (!licensed) return fixed_share;
  double p = approval.value_or(default_approval);
  for (const auto& [from, q] : approval_from) {
    if (from <= t) p = q;
  }
  return p;
}

double LineVerdict::import_share_at(core::YearMonth t) const {
  double p = import_share;
  for (const auto& [from, q] : import_approval_from) {
    if (from <= t) p = q;
  }
  return p;
}

namespace {
/// growth^years; pow(1, y) is 1, so flat wants and budgets (the common case) skip the pow, which
/// runs several times a period in every sample.
double grown(double growth_per_year, double years) { return growth_per_year == 1 ? 1.0 : std::pow(growth_per_year, years); }
}  // namespace

double Wants::per_year_at(core::YearMonth t) const {
  if (t < from) return 0;
  const double years = static_cast<double>(t.index() - from.index()) / 12.0;
  return h100e_per_year * grown(growth_per_year, years) * scale;
}

namespace detail {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
const std::string kNone;
using Kind = ProcurementLine::Kind;

bool demand_driven(const ProcurementLine& l) { return l.kind == Kind::option || l.kind == Kind::smuggled; }


/// Per-year quantity caps start again each calendar year; whole-life ones never do.
void reset_quantity_caps(const PeriodContext& p) {
  const bool new_year = p.k == 0 || p.t.year != p.in.timeline.period(p.k - 1).year;
  for (std::size_t q = 0; q < p.in.quantity_caps.size(); ++q) {
    if (p.k == 0 || (new_year && p.in.quantity_caps[q].per_year)) p.w.quantity_used[q] = 0;
  }
}

/// Zeroes a row, keeping its strings' storage (the per-sample path allocates nothing).
/// Every field back to its default, the strings cleared in place (their buffers kept: a sweep
/// evaluates this for every chip, period and sample). Moving the strings out and assigning a
/// fresh ChipPeriod cost ~5 % of a China sample.
void reset_row(ChipPeriod& c, bool labels) {
  static_assert(sizeof(ChipPeriod) == 5 * sizeof(std::string) + 10 * sizeof(double) + sizeof(std::optional<double>) + 8,
                "a field was added to ChipPeriod: reset it here");
  if (labels) {
    for (auto* s : {&c.chip_id, &c.rule, &c.regime, &c.outcome, &c.import_rule}) s->clear();
  }
  c.wanted = c.permitted = c.delivered = c.smuggled = c.blocked_h100e = 0;
  c.installed = c.active = c.training = c.serving = 0;
  c.fee_share = 0;
  c.volume_cap.reset();
  c.volume_limited = c.volume_cap_unapplied = false;
}

void reset_period(ActorPeriod& ap, core::YearMonth t, const std::string& actor, const std::string& regime, bool labels) {
  auto chips = std::move(ap.chips);
  std::string name = std::move(ap.actor), in_force = std::move(ap.regime);
  ap = ActorPeriod{};
  ap.chips = std::move(chips);
  ap.actor = std::move(name);
  ap.regime = std::move(in_force);
  ap.period = t;
  if (!labels) return;
  ap.actor = actor;
  ap.regime = regime;
}

/// The row of a chip names the first line buying it: its export rule, outcome and fee (the
/// names only with row_labels).
void label_rows(const PeriodContext& p, std::size_t a, ActorPeriod& ap) {
  const auto first_slot = static_cast<std::size_t>(p.in.actor_first_slot[a]);
  const bool labels = p.w.row_labels;
  for (std::size_t j = 0; j < ap.chips.size(); ++j) {
    auto& c = ap.chips[j];
    reset_row(c, labels);
    if (labels) c.chip_id = p.in.chip_ids[static_cast<std::size_t>(p.in.slot_chip[first_slot + j])];
  }
  for (int i = p.in.actor_first_line[a + 1] - 1; i >= p.in.actor_first_line[a]; --i) {  // the first line wins
    const auto li = static_cast<std::size_t>(i);
    auto& c = ap.chips[static_cast<std::size_t>(p.in.line_slot[li])];
    const auto& v = p.export_verdict(li);
    c.fee_share = v.fee_share;
    if (!labels) continue;
    c.rule = v.rule;
    c.regime = v.regime;
    c.outcome = v.outcome_name;
    // Assigned from the lvalue, never through a ternary with "" (that copies a temporary string:
    // an allocation per row and period for a rule name longer than the small-string buffer).
    if (p.imports) c.import_rule = p.imports[li].import_rule;
    else c.import_rule.clear();
  }
}

}  // namespace

double quantity_left(const PeriodContext& p, std::size_t li) {
  double left = kInf;
  for (const int q : {p.export_verdict(li).quantity_cap, p.imports ? p.imports[li].quantity_cap : -1}) {
    if (q < 0) continue;
    const auto i = static_cast<std::size_t>(q);
    left = std::min(left, std::max(0.0, p.in.quantity_caps[i].h100e - p.w.quantity_used[i] - p.w.quantity_pending[i]));
  }
  return left;
}

void reserve_quantity(const PeriodContext& p, std::size_t li, double chips) {
  for (const int q : {p.export_verdict(li).quantity_cap, p.imports ? p.imports[li].quantity_cap : -1}) {
    if (q >= 0) p.w.quantity_pending[static_cast<std::size_t>(q)] += chips * p.in.line_h100e_by_tpp[li];
  }
}

void use_quantity(const PeriodContext& p, std::size_t li, double chips) {
  for (const int q : {p.export_verdict(li).quantity_cap, p.imports ? p.imports[li].quantity_cap : -1}) {
    if (q >= 0) p.w.quantity_used[static_cast<std::size_t>(q)] += chips * p.in.line_h100e_by_tpp[li];
  }
}

void end_orders(const PeriodContext& p) { std::fill(p.w.quantity_pending.begin(), p.w.quantity_pending.end(), 0.0); }

double PeriodContext::budget(std::size_t a) const {
  const auto& actor = in.actors[a];
  if (!actor.budget_usd_per_year) return kInf;
  const double since = static_cast<double>(t.index() - in.timeline.start.index()) / 12.0;
  return *actor.budget_usd_per_year * grown(actor.budget_growth_per_year, since) * years;
}

void begin_period(const PeriodContext& p) {
  const auto& in = p.in;
  reset_quantity_caps(p);
  std::fill(p.w.quantity_pending.begin(), p.w.quantity_pending.end(), 0.0);
  std::fill(p.w.chip_taken.begin(), p.w.chip_taken.end(), 0.0);
  std::fill(p.w.volume_used.begin(), p.w.volume_used.end(), 0.0);
  for (std::size_t a = 0; a < in.actors.size(); ++a) {
    auto& ap = p.row()[a];
    reset_period(ap, p.t, in.actors[a].name, p.regime_id ? *p.regime_id : kNone, p.w.row_labels);
    ap.chips.resize(static_cast<std::size_t>(in.actor_first_slot[a + 1] - in.actor_first_slot[a]));
    label_rows(p, a, ap);
    // eq. P1-P2: wanted and permitted per fixed line; demand-driven lines decide later (P12).
    for (int i = in.actor_first_line[a]; i < in.actor_first_line[a + 1]; ++i) {
      const auto li = static_cast<std::size_t>(i);
      const auto& l = p.line(a, li);
      p.w.line_permitted[li] = p.w.line_bought[li] = 0;
      if (demand_driven(l) || !active_at(l.from, l.to, p.t)) continue;
      const double wanted = l.per_year * p.years;
      p.w.line_permitted[li] = l.kind == Kind::leakage ? wanted : wanted * p.pass_share(li);
      auto& c = ap.chips[static_cast<std::size_t>(in.line_slot[li])];
      c.wanted += wanted;
      c.permitted += p.w.line_permitted[li];
    }
  }
}

void apply_volume_caps(const PeriodContext& p) {
  const auto& in = p.in;
  auto& w = p.w;
  std::fill(w.chip_demand.begin(), w.chip_demand.end(), 0.0);
  for (std::size_t li = 0; li < in.line_chip.size(); ++li) {
    if (p.export_verdict(li).volume_cap) w.chip_demand[static_cast<std::size_t>(in.line_chip[li])] += w.line_permitted[li];
  }
  for (std::size_t a = 0; a < in.actors.size(); ++a) {
    for (int i = in.actor_first_line[a]; i < in.actor_first_line[a + 1]; ++i) {
      const auto li = static_cast<std::size_t>(i);
      const auto& v = p.export_verdict(li);
      auto& cp = p.row()[a].chips[static_cast<std::size_t>(in.line_slot[li])];
      // eq. P2b: a quantity cap in H100e: fixed lines take what is left of it in line order.
      const double q_left = quantity_left(p, li);
      if (w.line_permitted[li] * in.line_h100e_by_tpp[li] > q_left) {
        const double keep = q_left / (w.line_permitted[li] * in.line_h100e_by_tpp[li]);
        cp.permitted -= w.line_permitted[li] * (1 - keep);
        w.line_permitted[li] *= keep;
        p.row()[a].volume_limited = cp.volume_limited = true;
      }
      reserve_quantity(p, li, w.line_permitted[li]);
      if (!v.volume_cap) continue;
      const auto c = static_cast<std::size_t>(in.line_chip[li]);
      cp.volume_cap = v.volume_cap;
      const double us = in.chip_us_end_use[c];
      if (us < 0) {
        cp.volume_cap_unapplied = true;
        continue;
      }
      // eq. P2a: a volume cap bounds what all buyers under the rule receive, pro rata.
      const double cap = *v.volume_cap * us * p.years;
      w.volume_used[c] = std::min(w.chip_demand[c], cap);
      if (w.chip_demand[c] > cap) {
        const double scale = w.chip_demand[c] > 0 ? cap / w.chip_demand[c] : 1.0;
        cp.permitted -= w.line_permitted[li] * (1 - scale);
        w.line_permitted[li] *= scale;
        cp.volume_limited = true;
        p.row()[a].volume_limited = true;
      }
    }
  }
}

/// What buyers could take of each chip this period (production makes no more): permitted fixed
/// orders plus, for demand-driven buyers, the whole of their wants in that chip.
void estimate_demand(const PeriodContext& p) {
  const auto& in = p.in;
  auto& w = p.w;
  std::fill(w.chip_demand.begin(), w.chip_demand.end(), 0.0);
  for (std::size_t a = 0; a < in.actors.size(); ++a) {
    const auto& actor = in.actors[a];
    const double want = actor.wants ? actor.wants->per_year_at(p.t) * p.years : kInf;
    const double budget = p.budget(a);
    for (int i = in.actor_first_line[a]; i < in.actor_first_line[a + 1]; ++i) {
      const auto li = static_cast<std::size_t>(i);
      const auto& l = p.line(a, li);
      const auto c = static_cast<std::size_t>(in.line_chip[li]);
      if (l.kind == Kind::order) w.chip_demand[c] += w.line_permitted[li];
      if (l.kind != Kind::option || !active_at(l.from, l.to, p.t) || !overlaps(l.chip.release, std::nullopt, p.t, in.timeline.step_months)) continue;
      double most = in.chip_h100e[c] > 0 ? want / in.chip_h100e[c] : 0.0;
      if (l.chip.price_usd && *l.chip.price_usd > 0) most = std::min(most, budget / *l.chip.price_usd);
      if (l.per_year > 0) most = std::min(most, l.per_year * p.years);
      if (std::isfinite(most)) w.chip_demand[c] += most;
    }
  }
}

void allocate_orders(const PeriodContext& p) {
  const auto& in = p.in;
  auto& w = p.w;
  // Buyers are served in ascending priority; within a priority, pro rata to permitted orders.
  std::fill(w.line_scale.begin(), w.line_scale.end(), 1.0);
  for (const int level : in.priorities) {
    std::fill(w.chip_demand.begin(), w.chip_demand.end(), 0.0);
    for (std::size_t a = 0; a < in.actors.size(); ++a) {
      if (in.actors[a].priority != level) continue;
      for (int i = in.actor_first_line[a]; i < in.actor_first_line[a + 1]; ++i) {
        const auto li = static_cast<std::size_t>(i);
        if (p.line(a, li).kind == Kind::order) w.chip_demand[static_cast<std::size_t>(in.line_chip[li])] += w.line_permitted[li];
      }
    }
    for (std::size_t a = 0; a < in.actors.size(); ++a) {
      if (in.actors[a].priority != level) continue;
      for (int i = in.actor_first_line[a]; i < in.actor_first_line[a + 1]; ++i) {
        const auto li = static_cast<std::size_t>(i);
        const auto c = static_cast<std::size_t>(in.line_chip[li]);
        if (p.line(a, li).kind != Kind::order || w.chip_cap[c] < 0) continue;
        if (w.chip_demand[c] > w.chip_cap[c]) w.line_scale[li] = w.chip_demand[c] > 0 ? w.chip_cap[c] / w.chip_demand[c] : 1.0;
      }
    }
    for (std::size_t c = 0; c < in.chip_ids.size(); ++c) {
      if (w.chip_cap[c] >= 0) w.chip_cap[c] = std::max(0.0, w.chip_cap[c] - w.chip_demand[c]);
    }
  }
}

void settle_orders(const PeriodContext& p, std::size_t a) {
  const auto& in = p.in;
  auto& w = p.w;
  auto& ap = p.row()[a];
  // eq. P3-P4: supply, then the budget (fees and tariffs raise the price).
  double spend = 0;
  for (int i = in.actor_first_line[a]; i < in.actor_first_line[a + 1]; ++i) {
    const auto li = static_cast<std::size_t>(i);
    const auto& l = p.line(a, li);
    if (demand_driven(l)) continue;
    ap.supply_limited = ap.supply_limited || w.line_scale[li] < 1.0;
    const double bought = w.line_permitted[li] * w.line_scale[li];
    if (bought > 0 && !l.chip.price_usd) ap.spend_complete = false;
    spend += bought * l.chip.price_usd.value_or(0) * (1 + p.export_verdict(li).fee_share);
  }
  double budget_scale = 1;
  const double budget = p.budget(a);
  if (spend > budget) {
    budget_scale = budget / spend;
    spend = budget;
    ap.budget_limited = true;
  }
  ap.spend_usd = spend;
  w.budget_left[a] = budget - spend;
  for (int i = in.actor_first_line[a]; i < in.actor_first_line[a + 1]; ++i) {
    const auto li = static_cast<std::size_t>(i);
    const auto& l = p.line(a, li);
    if (demand_driven(l)) continue;
    const double got = w.line_permitted[li] * w.line_scale[li] * budget_scale;
    const auto c = static_cast<std::size_t>(in.line_chip[li]);
    w.line_bought[li] = got;
    auto& cp = ap.chips[static_cast<std::size_t>(in.line_slot[li])];
    cp.delivered += got;
    if (l.kind == Kind::leakage) cp.smuggled += got; else w.chip_taken[c] += got;
    use_quantity(p, li, got);  // the reservation made in apply_volume_caps ends with the period
    ap.bought_h100e += got * in.chip_h100e[c];
  }
}

}  // namespace detail
}  // namespace flopcast::fleet
