// Training vs serving (eq. P8-P10a): serving demand over time, provisioned for its daily peak at a
// target utilisation, taken from the chip types best suited to serve (or the same share of every
// type); every other active chip trains. Served tokens are set against demand, with the shortfall.
#include <algorithm>
#include <cmath>

#include "projection_steps.hpp"

namespace flopcast::fleet {

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

namespace detail {
namespace {

/// eq. P9b: provision `throughput` tokens/s from the chip types best suited to serve, in order.
/// Returns the throughput provisioned.
double serve_best_suited(const PeriodContext& p, std::size_t a, ActorPeriod& ap, double throughput) {
  const auto& in = p.in;
  const auto first = static_cast<std::size_t>(in.actor_first_slot[a]);
  double provisioned = 0;
  for (std::size_t n = 0; n < ap.chips.size() && throughput > 0; ++n) {
    const auto j = static_cast<std::size_t>(in.slot_serving_order[first + n]);
    const double rate = in.chip_reference_tokens_per_s[static_cast<std::size_t>(in.slot_chip[first + j])];
    if (rate <= 0) break;  // the rest cannot serve
    auto& c = ap.chips[j];
    c.serving = std::min(c.active, throughput / rate);
    throughput = std::max(0.0, throughput - c.serving * rate);
    provisioned += c.serving * rate;
  }
  return provisioned;
}

}  // namespace

void split_work(const PeriodContext& p, std::size_t a) {
  const auto& in = p.in;
  const auto& alloc = in.actors[a].allocation;
  auto& ap = p.row()[a];
  const auto first = static_cast<std::size_t>(in.actor_first_slot[a]);
  auto chip_of = [&](std::size_t j) { return static_cast<std::size_t>(in.slot_chip[first + j]); };
  double serve_all = 0;  // tokens/s if every active chip served at full throughput
  for (std::size_t j = 0; j < ap.chips.size(); ++j) serve_all += ap.chips[j].active * in.chip_reference_tokens_per_s[chip_of(j)];
  ap.demand_tokens_per_s = alloc.demand_at(p.t);
  // eq. P10a: serving holds peak_to_mean / target_utilisation times the mean demand's throughput.
  const double provisioning = alloc.provisioning();
  double provisioned = 0;  // throughput of the serving chips
  for (auto& c : ap.chips) c.serving = 0;
  if (alloc.policy == Allocation::Policy::serving_first && alloc.serve_on == Allocation::ServeOn::best_suited) {
    provisioned = serve_best_suited(p, a, ap, ap.demand_tokens_per_s * provisioning);
  } else {
    // eq. P9: the same share of every chip type (policy shares, or serving-first on every type).
    double share = 1 - std::clamp(alloc.training_share, 0.0, 1.0);
    if (alloc.policy == Allocation::Policy::serving_first) share = serve_all > 0 ? std::min(1.0, ap.demand_tokens_per_s * provisioning / serve_all) : 0.0;
    for (auto& c : ap.chips) c.serving = c.active * share;
    provisioned = serve_all * share;
  }
  // eq. P8: every active chip that does not serve trains, at its reference FLOP/s.
  for (std::size_t j = 0; j < ap.chips.size(); ++j) {
    auto& c = ap.chips[j];
    c.training = c.active - c.serving;
    ap.training_chips += c.training;
    ap.serving_chips += c.serving;
    ap.training_flop_per_s += c.training * in.chip_reference_flop_per_s[chip_of(j)];
  }
  ap.serving_capacity_tokens_per_s = provisioned / provisioning;
  ap.served_tokens_per_s = std::min(ap.serving_capacity_tokens_per_s, ap.demand_tokens_per_s);
  ap.shortfall_tokens_per_s = ap.demand_tokens_per_s - ap.served_tokens_per_s;
  ap.training_flops = ap.training_flop_per_s * p.seconds;
  const auto prev = p.k > 0 ? &p.out[static_cast<std::size_t>(p.k - 1) * in.actors.size() + a] : nullptr;
  ap.cumulative_training_flops = ap.training_flops + (prev ? prev->cumulative_training_flops : 0.0);
}

}  // namespace detail
}  // namespace flopcast::fleet
