// Fleet projection over time (eq. P1-P12 in docs/fleet-over-time.md). prepare_projection()
// (prepare.cpp) does the string work once; project_fleet_into() runs the period steps and
// allocates nothing once its outputs have their size.
#include "flopcast/fleet/projection.hpp"

#include <algorithm>
#include <cmath>

#include "flopcast/core/assert.hpp"
#include "projection_steps.hpp"

namespace flopcast::fleet {
namespace {

/// Index of the step in force at t, or -1 before the first.
int step_at(const std::vector<RegimeStep>& steps, core::YearMonth t) {
  int r = -1;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    if (steps[i].from <= t) r = static_cast<int>(i);  // steps are sorted by `from`
  }
  return r;
}

std::size_t flows_of(const Production& production) {
  std::size_t n = 0;
  for (const auto& input : production.inputs) n += input.flows.size();
  return n;
}

/// Sizes the scratch arrays (no-ops once sized) and starts the stocks of an evaluation.
void start(const ProjectionInputs& in, ProjectionScratch& w, int life, double period_years) {
  const std::size_t lines = in.line_chip.size(), chips = in.chip_ids.size();
  for (auto* v : {&w.line_permitted, &w.line_scale, &w.line_bought, &w.line_blocked, &w.option_cost}) v->resize(lines);
  w.option_order.resize(lines);
  for (auto* v : {&w.chip_demand, &w.chip_cap, &w.chip_flow, &w.chip_taken, &w.chip_room, &w.volume_used}) v->resize(chips);
  w.quantity_used.resize(in.quantity_caps.size());
  w.quantity_pending.resize(in.quantity_caps.size());
  w.budget_left.resize(in.actors.size());
  w.survival.resize(static_cast<std::size_t>(life));
  for (int age = 0; age < life; ++age) w.survival[static_cast<std::size_t>(age)] = std::exp(-in.failure_rate_per_year * age * period_years);
  detail::start_supply(in, w);
}

/// The actors in the order they buy: ascending priority, then as listed.
template <class F>
void by_priority(const ProjectionInputs& in, F f) {
  for (const int level : in.priorities) {
    for (std::size_t a = 0; a < in.actors.size(); ++a) {
      if (in.actors[a].priority == level) f(a);
    }
  }
}

}  // namespace

void project_fleet_into(const ProjectionInputs& in, ProjectionScratch& w, std::vector<ActorPeriod>& out, std::vector<ProductPeriod>* made) {
  const std::size_t lines = in.line_chip.size(), actors = in.actors.size();
  FLOPCAST_ASSERT(in.actor_first_line.size() == actors + 1 && in.actor_first_slot.size() == actors + 1 &&
                      in.option_verdicts.size() == in.regime_options.size() && in.supply_chip.size() == in.supply.size() &&
                      in.product_chip.size() == in.production.products.size() && in.regime_option < static_cast<int>(in.regime_options.size()),
                  "project_fleet_into needs prepare_projection() after the inputs change");
  // The regime timeline in force: the scenario's, or the option a sweep chose.
  const auto option = in.regime_option;
  const auto& steps = option < 0 ? in.regimes : in.regime_options[static_cast<std::size_t>(option)];
  const std::size_t first_verdict = option < 0 ? 0 : in.option_verdicts[static_cast<std::size_t>(option)];
  const std::size_t first_share = option < 0 ? 0 : in.option_flow_share[static_cast<std::size_t>(option)];
  const std::size_t flows = flows_of(in.production);
  FLOPCAST_ASSERT(in.verdicts.size() >= first_verdict + steps.size() * lines && in.flow_share.size() >= first_share + steps.size() * flows &&
                      in.import_verdicts.size() == in.import_regimes.size() * lines,
                  "verdicts not prepared for the regime steps");
  const int periods = in.timeline.periods();
  const double years = in.timeline.step_months / 12.0;
  const int life = std::max(1, static_cast<int>(std::lround(in.service_life_s / (years * detail::kSecondsPerYear))));
  start(in, w, life, years);
  out.resize(static_cast<std::size_t>(periods) * actors);
  if (made) made->resize(static_cast<std::size_t>(periods) * in.production.products.size());
  for (int k = 0; k < periods; ++k) {
    const auto t = in.timeline.period(k);
    const int step = step_at(steps, t), import_step = step_at(in.import_regimes, t);
    detail::PeriodContext p{in, w, out, k, t, years, years * detail::kSecondsPerYear, life};
    if (step >= 0) {
      p.exports = in.verdicts.data() + first_verdict + static_cast<std::size_t>(step) * lines;
      p.flow_share = in.flow_share.data() + first_share + static_cast<std::size_t>(step) * flows;
      p.regime_id = &steps[static_cast<std::size_t>(step)].regime.id;
    }
    if (import_step >= 0) p.imports = in.import_verdicts.data() + static_cast<std::size_t>(import_step) * lines;
    if (made) p.made = made->data() + static_cast<std::size_t>(k) * in.production.products.size();
    // eq. P1-P2b: what each fixed order wants and may have.
    detail::begin_period(p);
    detail::apply_volume_caps(p);
    // eq. P3-P3e: what is there to buy: supply lines, then domestic production for the demand.
    detail::supply_caps(p);
    detail::estimate_demand(p);
    detail::produce(p);
    // eq. P3-P4: fixed orders by priority and budget; then demand-driven buying (eq. P12).
    detail::allocate_orders(p);
    by_priority(in, [&](std::size_t a) { detail::settle_orders(p, a); });
    detail::end_orders(p);
    by_priority(in, [&](std::size_t a) { detail::buy_options(p, a); });
    detail::draw_supply(p);
    // eq. P5-P11: the installed fleet, then training vs serving.
    for (std::size_t a = 0; a < actors; ++a) {
      detail::tally_fleet(p, a);
      detail::split_work(p, a);
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
