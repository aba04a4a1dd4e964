// Demand-driven procurement (eq. P12): a buyer wants so many H100e a period (or spends a budget)
// and buys the best chips it may and can get. Options are ranked by cost per H100e (fees,
// tariffs and smuggling premiums included) or as listed; a licence grants its expected share and
// the rest of the need moves on to the next option; smuggling fills only what the export rules
// blocked, measured against what the buyer would have bought with no export controls.
#include <algorithm>
#include <cmath>
#include <limits>

#include "projection_steps.hpp"

namespace flopcast::fleet::detail {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
using Kind = ProcurementLine::Kind;

/// Reorders the ranked options so that no option comes before one prefer: puts ahead of it
/// (a stable topological order: among the options free to go next, the best-ranked goes).
void respect_preferences(const PeriodContext& p, std::size_t first, std::size_t n) {
  auto& order = p.w.option_order;
  std::uint64_t placed = 0, present = 0;
  for (std::size_t k = 0; k < n; ++k) present |= std::uint64_t{1} << (static_cast<std::size_t>(order[first + k]) - first);
  for (std::size_t k = 0; k < n; ++k) {
    for (std::size_t m = k; m < n; ++m) {
      const auto li = static_cast<std::size_t>(order[first + m]);
      if ((p.in.line_after[li] & present & ~placed) != 0) continue;  // something it must follow is still to come
      std::rotate(order.begin() + static_cast<std::ptrdiff_t>(first + k), order.begin() + static_cast<std::ptrdiff_t>(first + m),
                  order.begin() + static_cast<std::ptrdiff_t>(first + m + 1));
      placed |= std::uint64_t{1} << (li - first);
      break;
    }
  }
}

/// The actor's demand-driven lines open this period (window and volume availability), ranked.
/// `with_rules`: the cost includes the fee of the rule in force; else the chip's price alone.
std::size_t rank_options(const PeriodContext& p, std::size_t a, bool with_rules, bool with_smuggling) {
  const auto& in = p.in;
  auto& w = p.w;
  const auto first = static_cast<std::size_t>(in.actor_first_line[a]);
  std::size_t n = 0;
  for (std::size_t li = first; li < static_cast<std::size_t>(in.actor_first_line[a + 1]); ++li) {
    const auto& l = p.line(a, li);
    const bool smuggled = l.kind == Kind::smuggled;
    if ((l.kind != Kind::option && !smuggled) || (smuggled && !with_smuggling)) continue;
    if (!active_at(l.from, l.to, p.t) || !overlaps(l.chip.release, std::nullopt, p.t, in.timeline.step_months)) continue;
    const double unit = in.chip_h100e[static_cast<std::size_t>(in.line_chip[li])];
    if (unit <= 0) continue;
    const double markup = smuggled ? l.premium : with_rules ? p.export_verdict(li).fee_share : 0.0;
    w.option_cost[li] = l.chip.price_usd ? *l.chip.price_usd * (1 + markup) / unit : kInf;
    w.option_order[first + n++] = static_cast<int>(li);
  }
  if (in.actors[a].rank == Actor::Rank::cost) {
    // A stable insertion sort: a handful of options, and std::stable_sort would allocate.
    auto* order = w.option_order.data() + first;
    for (std::size_t k = 1; k < n; ++k) {
      const int li = order[k];
      std::size_t m = k;
      for (; m > 0 && w.option_cost[static_cast<std::size_t>(li)] < w.option_cost[static_cast<std::size_t>(order[m - 1])]; --m) order[m] = order[m - 1];
      order[m] = li;
    }
  }
  if (!in.actors[a].prefer.empty()) respect_preferences(p, first, n);
  return n;
}

/// Chips of a line the budget still pays for at `unit_cost` each (inf without a budget or price).
double affordable(double budget_left, double unit_cost) {
  return std::isfinite(budget_left) && unit_cost > 0 ? std::max(0.0, budget_left) / unit_cost : kInf;
}

/// Whether the export rules in force this period hold back any share of an option of the actor
/// (else pass 1 below finds nothing blocked, and is skipped: under no controls, half the
/// evaluations of a regime comparison).
bool exports_hold_back(const PeriodContext& p, std::size_t a) {
  if (!p.exports) return false;
  const auto& in = p.in;
  for (std::size_t li = static_cast<std::size_t>(in.actor_first_line[a]); li < static_cast<std::size_t>(in.actor_first_line[a + 1]); ++li) {
    if (p.line(a, li).kind == Kind::option && p.export_verdict(li).export_share(p.t, in.licence_approval) < 1) return true;
  }
  return false;
}

/// Pass 1: what the buyer would buy with no export controls (import rules, supply and budget
/// still apply). Returns the H100e of it the rules in force would block, per line in line_blocked.
double blocked_by_export_rules(const PeriodContext& p, std::size_t a, double need) {
  const auto& in = p.in;
  auto& w = p.w;
  if (!exports_hold_back(p, a)) return 0;
  std::copy(w.chip_cap.begin(), w.chip_cap.end(), w.chip_room.begin());
  double budget = w.budget_left[a], blocked = 0;
  const auto first = static_cast<std::size_t>(in.actor_first_line[a]);
  const std::size_t n = rank_options(p, a, false, false);
  for (std::size_t k = 0; k < n && need > 0; ++k) {
    const auto li = static_cast<std::size_t>(w.option_order[first + k]);
    const auto& l = p.line(a, li);
    const auto c = static_cast<std::size_t>(in.line_chip[li]);
    const double unit = in.chip_h100e[c];
    double got = need / unit * p.import_share(li);
    if (l.per_year > 0) got = std::min(got, l.per_year * p.years);
    if (w.chip_room[c] >= 0) got = std::min(got, w.chip_room[c]);
    got = std::min(got, affordable(budget, l.chip.price_usd.value_or(0)));
    if (!std::isfinite(got)) continue;
    need -= got * unit;
    if (w.chip_room[c] >= 0) w.chip_room[c] -= got;
    budget -= got * l.chip.price_usd.value_or(0);
    const double lost = got * unit * (1 - p.export_verdict(li).export_share(p.t, in.licence_approval));
    w.line_blocked[li] = lost;
    blocked += lost;
  }
  return blocked;
}

/// Pass 2, one line: how many chips it delivers given the need, the rules and the caps left.
double take_option(const PeriodContext& p, std::size_t a, std::size_t li, double need, double smuggle_room, double& asked) {
  const auto& in = p.in;
  auto& w = p.w;
  const auto& l = p.line(a, li);
  const auto c = static_cast<std::size_t>(in.line_chip[li]);
  const double unit = in.chip_h100e[c];
  asked = need / unit;
  if (l.per_year > 0) asked = std::min(asked, l.per_year * p.years);
  if (l.kind == Kind::smuggled) {
    const double got = std::min(asked, smuggle_room / unit);
    return std::min(got, affordable(w.budget_left[a], l.chip.price_usd.value_or(0) * (1 + l.premium)));
  }
  const auto& v = p.export_verdict(li);
  double got = asked * p.pass_share(li);
  if (w.chip_cap[c] >= 0) got = std::min(got, w.chip_cap[c]);
  got = std::min(got, quantity_left(p, li) / std::max(in.line_h100e_by_tpp[li], 1e-12));
  if (v.volume_cap && in.chip_us_end_use[c] >= 0) got = std::min(got, std::max(0.0, *v.volume_cap * in.chip_us_end_use[c] * p.years - w.volume_used[c]));
  return std::min(got, affordable(w.budget_left[a], l.chip.price_usd.value_or(0) * (1 + v.fee_share)));
}

/// Books a delivery of a demand-driven line: the row, the caps, the budget and the spend.
void book(const PeriodContext& p, std::size_t a, std::size_t li, double asked, double got) {
  const auto& in = p.in;
  auto& w = p.w;
  auto& ap = p.row()[a];
  const auto& l = p.line(a, li);
  const auto c = static_cast<std::size_t>(in.line_chip[li]);
  auto& cp = ap.chips[static_cast<std::size_t>(in.line_slot[li])];
  const bool smuggled = l.kind == Kind::smuggled;
  const double markup = smuggled ? l.premium : p.export_verdict(li).fee_share;
  cp.wanted += asked;
  cp.permitted += smuggled ? got : asked * p.pass_share(li);
  cp.delivered += got;
  w.line_bought[li] = got;
  if (smuggled) {
    cp.smuggled += got;
  } else {
    w.chip_taken[c] += got;
    if (w.chip_cap[c] >= 0) w.chip_cap[c] = std::max(0.0, w.chip_cap[c] - got);
    w.volume_used[c] += got;
    use_quantity(p, li, got);
  }
  if (got > 0 && !l.chip.price_usd) ap.spend_complete = false;
  const double cost = got * l.chip.price_usd.value_or(0) * (1 + markup);
  w.budget_left[a] -= cost;
  ap.spend_usd += cost;
  ap.bought_h100e += got * in.chip_h100e[c];
}

}  // namespace

void buy_options(const PeriodContext& p, std::size_t a) {
  const auto& in = p.in;
  auto& w = p.w;
  const auto& actor = in.actors[a];
  auto& ap = p.row()[a];
  const auto first = static_cast<std::size_t>(in.actor_first_line[a]), last = static_cast<std::size_t>(in.actor_first_line[a + 1]);
  for (std::size_t li = first; li < last; ++li) w.line_blocked[li] = 0;
  const double wanted = actor.wants ? actor.wants->per_year_at(p.t) * p.years : kInf;
  ap.wanted_h100e = actor.wants ? wanted : 0.0;
  double need = std::max(0.0, wanted - ap.bought_h100e);  // fixed orders count towards the wants
  if (need <= 0) return;
  const double smuggle_room = blocked_by_export_rules(p, a, need);
  double smuggled = 0;
  const std::size_t n = rank_options(p, a, true, true);
  for (std::size_t k = 0; k < n && need > 0; ++k) {
    const auto li = static_cast<std::size_t>(w.option_order[first + k]);
    double asked = 0;
    const double got = take_option(p, a, li, need, smuggle_room - smuggled, asked);
    if (!std::isfinite(got)) continue;  // unbounded: refused at load (wants: or a budget with prices)
    const double limit_before = asked * p.pass_share(li);
    if (got < limit_before * (1 - 1e-9) && w.budget_left[a] <= 0) ap.budget_limited = true;
    book(p, a, li, asked, got);
    const double h100e = got * in.chip_h100e[static_cast<std::size_t>(in.line_chip[li])];
    need -= h100e;
    if (p.line(a, li).kind == Kind::smuggled) smuggled += h100e;
  }
  for (std::size_t li = first; li < last; ++li) {
    if (w.line_blocked[li] <= 0) continue;
    ap.chips[static_cast<std::size_t>(in.line_slot[li])].blocked_h100e += w.line_blocked[li];
    ap.blocked_h100e += w.line_blocked[li];
  }
}

}  // namespace flopcast::fleet::detail
