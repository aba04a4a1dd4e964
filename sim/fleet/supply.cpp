// Supply of chips per period (eq. P3-P3e): supply lines (a rate or wafers and HBM, plus a stock
// that drains) and domestic production from bounded inputs, whose flows supply-side controls cut.
// What buyers do not take stays: supply-line stock, input goods and finished chips carry over.
#include <algorithm>
#include <limits>

#include "projection_steps.hpp"

namespace flopcast::fleet {

double SupplyLine::chips_per_year() const {
  double rate = wafers_per_year ? *wafers_per_year * dies_per_wafer * die_yield / std::max(dies_per_chip, 1e-12) : per_year;
  if (hbm_stacks_per_year && hbm_stacks_per_chip > 0) rate = std::min(rate, *hbm_stacks_per_year / hbm_stacks_per_chip);
  return rate * output_scale;
}

namespace detail {
namespace {

/// Units of input `i` available to a need this period: goods on hand, or this period's capacity.
double input_available(const ProjectionScratch& w, std::size_t i) { return w.input_left[i] + w.input_flow[i]; }

/// Takes `units` of input `i`: this period's flow first (a capacity is lost if unused), then stock.
void take_input(ProjectionScratch& w, std::size_t i, double units) {
  const double from_flow = std::min(units, w.input_flow[i]);
  w.input_flow[i] -= from_flow;
  w.input_left[i] = std::max(0.0, w.input_left[i] - (units - from_flow));
}

/// eq. P3d: chips of a product the inputs allow: the tightest need over its sources.
double product_capacity(const ProductionLine& product, const ProjectionScratch& w, int* binding) {
  double cap = std::numeric_limits<double>::infinity();
  for (std::size_t n = 0; n < product.needs.size(); ++n) {
    const auto& need = product.needs[n];
    double needs_met = 0;  // units of the need all its sources together can supply
    for (const auto& src : need.sources) {
      if (src.input_index >= 0) needs_met += input_available(w, static_cast<std::size_t>(src.input_index)) / src.units_per_need();
    }
    const double chips = need.amount > 0 ? needs_met / need.amount : std::numeric_limits<double>::infinity();
    if (chips < cap) {
      cap = chips;
      *binding = static_cast<int>(n);
    }
  }
  return cap;
}

/// Consumes the inputs of `chips` of a product, each need from its sources in order.
void consume(const ProductionLine& product, ProjectionScratch& w, double chips) {
  for (const auto& need : product.needs) {
    double left = chips * need.amount;
    for (const auto& src : need.sources) {
      if (src.input_index < 0 || left <= 0) continue;
      const auto i = static_cast<std::size_t>(src.input_index);
      const double from_here = std::min(left, input_available(w, i) / src.units_per_need());
      take_input(w, i, from_here * src.units_per_need());
      left -= from_here;
    }
  }
}

/// Flows into the inputs this period (eq. P3e: each cut by the supply controls in force).
void add_input_flows(const PeriodContext& p) {
  auto& w = p.w;
  std::size_t f = 0;
  for (std::size_t i = 0; i < p.in.production.inputs.size(); ++i) {
    const auto& input = p.in.production.inputs[i];
    const bool stock_arrives = input.stock_from && p.t <= *input.stock_from && input.stock_from->index() < p.t.index() + p.in.timeline.step_months;
    if (stock_arrives) w.input_left[i] += input.stock * input.scale;
    if (input.capacity) w.input_flow[i] = 0;  // last period's unused capacity is gone
    for (const auto& flow : input.flows) {
      const double share = p.flow_share ? p.flow_share[f] : 1.0;
      ++f;
      if (!active_at(flow.from, flow.to, p.t)) continue;
      const double units = flow.per_year * p.years * input.scale * share;
      if (input.capacity) w.input_flow[i] += units; else w.input_left[i] += units;
    }
  }
}

}  // namespace

void start_supply(const ProjectionInputs& in, ProjectionScratch& w) {
  w.stock_left.resize(in.supply.size());
  for (std::size_t s = 0; s < in.supply.size(); ++s) w.stock_left[s] = in.supply[s].stock;
  w.input_left.assign(in.production.inputs.size(), 0.0);
  w.input_flow.assign(in.production.inputs.size(), 0.0);
  for (std::size_t i = 0; i < in.production.inputs.size(); ++i) {
    const auto& input = in.production.inputs[i];
    if (!input.stock_from || *input.stock_from < in.timeline.start) w.input_left[i] = input.stock * input.scale;
  }
  w.chip_made_stock.assign(in.chip_ids.size(), 0.0);
}

void supply_caps(const PeriodContext& p) {
  auto& w = p.w;
  std::fill(w.chip_flow.begin(), w.chip_flow.end(), 0.0);
  std::fill(w.chip_cap.begin(), w.chip_cap.end(), -1.0);  // -1: nothing caps the chip
  // A chip with supply lines is made only within their windows: none in force caps it at 0 (a
  // 950PR line from April must not leave January's 950PR unlimited).
  for (const int c : p.in.supply_chip) w.chip_cap[static_cast<std::size_t>(c)] = 0;
  for (std::size_t s = 0; s < p.in.supply.size(); ++s) {
    const auto& sl = p.in.supply[s];
    if (!active_at(sl.from, sl.to, p.t)) continue;
    const auto c = static_cast<std::size_t>(p.in.supply_chip[s]);
    w.chip_flow[c] += sl.chips_per_year() * p.years;
    w.chip_cap[c] += sl.chips_per_year() * p.years + w.stock_left[s];
  }
}

void produce(const PeriodContext& p) {
  const auto& in = p.in;
  auto& w = p.w;
  if (in.production.empty()) return;
  add_input_flows(p);
  // Products draw on shared inputs in the order listed, each as much as its buyers could take
  // (chip_demand: permitted orders plus what demand-driven buyers might ask for).
  for (std::size_t n = 0; n < in.production.products.size(); ++n) {
    const auto& product = in.production.products[n];
    const auto c = static_cast<std::size_t>(in.product_chip[n]);
    ProductBound b;
    if (overlaps(product.from, product.to, p.t, in.timeline.step_months)) {
      b.capacity = product_capacity(product, w, &b.binding_need);
      const double wanted = std::max(0.0, w.chip_demand[c] - w.chip_made_stock[c]);
      b.made = std::min(b.capacity, wanted);
      if (b.capacity > wanted) b.binding_need = -1;  // demand bound, not an input
      consume(product, w, b.made);
      w.chip_made_stock[c] += b.made;
    }
    if (p.made) {  // assigned field by field: the strings keep their storage (no allocation per sample)
      auto& row = p.made[n];
      row.period = p.t;
      row.bound = b;
      if (w.row_labels) {  // names only where rows are read as a table (not by a sweep's metrics)
        row.chip_id = product.chip_id;
        row.bound_by = b.binding_need >= 0 ? product.needs[static_cast<std::size_t>(b.binding_need)].what : "demand";
      }
    }
    w.chip_cap[c] = std::max(w.chip_cap[c], 0.0) + w.chip_made_stock[c];
  }
}

void draw_supply(const PeriodContext& p) {
  const auto& in = p.in;
  auto& w = p.w;
  for (std::size_t c = 0; c < in.chip_ids.size(); ++c) {
    double taken = w.chip_taken[c];
    // Finished chips from production go first, then supply-line output, then supply-line stock.
    const double from_made = std::min(taken, w.chip_made_stock[c]);
    w.chip_made_stock[c] -= from_made;
    taken -= from_made;
    double from_stock = std::max(0.0, taken - w.chip_flow[c]);
    for (std::size_t s = 0; s < in.supply.size() && from_stock > 0; ++s) {
      if (static_cast<std::size_t>(in.supply_chip[s]) != c || !active_at(in.supply[s].from, in.supply[s].to, p.t)) continue;
      const double d = std::min(from_stock, w.stock_left[s]);
      w.stock_left[s] -= d;
      from_stock -= d;
    }
  }
}

}  // namespace detail
}  // namespace flopcast::fleet
