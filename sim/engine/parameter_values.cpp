// Reading and writing sweepable parameters: the field each resolved path stands for, set and
// read in a scenario, and the range a value must lie in (the grammar is in parameters.cpp).
#include <cmath>

#include "flopcast/core/assert.hpp"
#include "flopcast/engine/parameters.hpp"
#include "line_target.hpp"

namespace flopcast::engine {

using T = ParameterRef::Target;
using Range = ParameterRef::Range;

namespace {

double* chip_field(catalog::ChipSpec& c, int field) {
  using P = catalog::Precision;
  static thread_local double unset;  // optional fields are materialised by set_parameter
  switch (field) {
    case 0: return c.price_usd ? &*c.price_usd : &unset;
    case 1: return c.tdp_w ? &*c.tdp_w : &unset;
    case 2: return &c.hbm_bytes;
    case 3: return &c.hbm_bytes_per_s;
    case 4: return &c.scale_up_bytes_per_s;
    case 5: return c.scale_out_bytes_per_s ? &*c.scale_out_bytes_per_s : &unset;
    case 6: return &c.dense_peak_flop_per_s[static_cast<std::size_t>(P::bf16)];
    case 7: return &c.dense_peak_flop_per_s[static_cast<std::size_t>(P::fp8)];
    case 8: return &c.dense_peak_flop_per_s[static_cast<std::size_t>(P::fp4)];
    case 9: return c.mtbf_s ? &*c.mtbf_s : &unset;
  }
  FLOPCAST_ASSERT(false, "unknown chip parameter field");
  return nullptr;
}

void set_chip(catalog::ChipSpec& c, int field, double v) {
  switch (field) {
    case 0: c.price_usd = v; return;
    case 1: c.tdp_w = v; return;
    case 5: c.scale_out_bytes_per_s = v; return;
    case 9: c.mtbf_s = v; return;
    default: *chip_field(c, field) = v; return;
  }
}

double* assumption_field(Assumptions& a, int field) {
  switch (field) {
    case 0: return &a.pue;
    case 1: return &a.electricity_usd_per_j;
    case 2: return &a.amortisation_s;
    case 3: return &a.chip_mtbf_s;
    case 4: return &a.training_utilisation;
    case 5: return &a.effective_utilisation;
    case 6: return &a.checkpoint_write_s;
    case 7: return &a.restart_s;
    case 8: return &a.licence_approval;
    case 9: return &a.service_life_s;
    case 10: return &a.failure_rate_per_year;
    case 11: return &a.system_overhead;
  }
  FLOPCAST_ASSERT(false, "unknown assumption parameter field");
  return nullptr;
}

/// A field's storage, or a zero for an optional field the scenario leaves unset (set_actor
/// materialises those): reading a parameter never changes the scenario.
double* actor_field(fleet::Actor& a, int field) {
  static thread_local double unset;
  unset = 0;
  switch (field) {
    case 0: return a.budget_usd_per_year ? &*a.budget_usd_per_year : &unset;
    case 1: return a.power_cap_w ? &*a.power_cap_w : &unset;
    case 2: return &a.allocation.training_share;
    case 3: return &a.allocation.demand_scale;
    case 4: return &a.allocation.demand_growth_per_year;
    case 5: return &a.budget_growth_per_year;
    case 6: return a.wants ? &a.wants->scale : &unset;
    case 7: return a.wants ? &a.wants->growth_per_year : &unset;
    case 8: return &a.allocation.peak_to_mean;
    case 9: return &a.allocation.target_utilisation;
  }
  FLOPCAST_ASSERT(false, "unknown actor parameter field");
  return &unset;
}

void set_actor(fleet::Actor& a, int field, double v) {
  switch (field) {
    case 0: a.budget_usd_per_year = v; return;
    case 1: a.power_cap_w = v; return;
    default: *actor_field(a, field) = v; return;
  }
}

/// As actor_field: optional fields read as zero when unset, and set_supply materialises them.
double* supply_field(fleet::SupplyLine& l, int field) {
  static thread_local double unset;
  unset = 0;
  switch (field) {
    case 0: return &l.per_year;
    case 1: return &l.output_scale;
    case 2: return l.wafers_per_year ? &*l.wafers_per_year : &unset;
    case 3: return &l.die_yield;
    case 4: return &l.stock;
    case 5: return l.hbm_stacks_per_year ? &*l.hbm_stacks_per_year : &unset;
  }
  FLOPCAST_ASSERT(false, "unknown supply parameter field");
  return nullptr;
}

void set_supply(fleet::SupplyLine& l, int field, double v) {
  switch (field) {
    case 2: l.wafers_per_year = v; return;
    case 5: l.hbm_stacks_per_year = v; return;
    default: *supply_field(l, field) = v; return;
  }
}

}  // namespace

double applied_value(const ParameterRef& p, double value) { return p.range == Range::pool_chips ? std::round(value) : value; }

void set_parameter(Scenario& s, const ParameterRef& p, double v) {
  switch (p.target) {
    case T::pool: {
      auto& pool = s.fleet.pools[p.index];
      if (p.field == 0) pool.count = applied_value(p, v); else pool.rental_usd_per_s = v;
      return;
    }
    case T::training: {
      auto& t = s.training[p.index];
      if (p.field == 0) t.tokens = v;
      else if (p.field == 1) t.global_batch_tokens = v;
      else t.utilisation = v;
      return;
    }
    case T::inference: {
      auto& i = s.inference[p.index];
      switch (p.field) {
        case 0: i.demand_tokens_per_s = v; return;
        case 1: i.input_tokens = v; return;
        case 2: i.output_tokens = v; return;
        case 3: i.draft_acceptance = v; return;
        case 4: i.expert_imbalance = v; return;
        default: i.redundant_experts = v; return;  // the serving model counts whole copies
      }
    }
    case T::chip:
      for (auto& pool : s.fleet.pools) if (pool.chip.id == p.chip_id) set_chip(pool.chip, p.field, v);
      return;
    case T::assumption:
      *assumption_field(s.assumptions, p.field) = v;
      if (p.field == 4) for (auto& t : s.training) t.default_utilisation = v;
      if (s.projection) {  // the projection keeps its own copies of these
        s.projection->pue = s.assumptions.pue;
        s.projection->licence_approval = s.assumptions.licence_approval;
        s.projection->service_life_s = s.assumptions.service_life_s;
        s.projection->failure_rate_per_year = s.assumptions.failure_rate_per_year;
        s.projection->electricity_usd_per_j = s.assumptions.electricity_usd_per_j;
        s.projection->system_overhead = s.assumptions.system_overhead;
      }
      return;
    case T::actor: set_actor(s.projection->actors[p.index], p.field, v); return;
    case T::procurement:
    case T::leakage:
    case T::option:
    case T::smuggled:
      for (auto& l : s.projection->actors[p.index].lines) {
        if (l.chip.id == p.chip_id && l.kind == detail::line_kind(p.target)) (p.field == 0 ? l.per_year : l.premium) = v;
      }
      return;
    case T::production_input: {
      auto& input = s.projection->production.inputs[p.index];
      (p.field == 0 ? input.stock : input.scale) = v;
      return;
    }
    case T::production_source:
      for (auto& prod : s.projection->production.products) {
        for (auto& n : prod.needs) {
          for (auto& src : n.sources) if (src.input == p.chip_id && src.dies_per_wafer > 0) (p.field == 0 ? src.yield : src.dies_per_wafer) = v;
        }
      }
      return;
    case T::supply:
      for (auto& l : s.projection->supply) if (l.chip_id == p.chip_id) set_supply(l, p.field, v);
      return;
    case T::regime: s.projection->regime_option = static_cast<int>(v); return;
  }
}

double get_parameter(const Scenario& s, const ParameterRef& p) {
  auto& m = const_cast<Scenario&>(s);  // the field pointers are only read here (unset optionals read as 0, never materialised)
  switch (p.target) {
    case T::pool: return p.field == 0 ? s.fleet.pools[p.index].count : s.fleet.pools[p.index].rental_usd_per_s.value_or(0);
    case T::training: {
      const auto& t = s.training[p.index];
      return p.field == 0 ? t.tokens : p.field == 1 ? t.global_batch_tokens : t.utilisation.value_or(t.default_utilisation);
    }
    case T::inference: {
      const auto& i = s.inference[p.index];
      const double values[] = {i.demand_tokens_per_s, i.input_tokens, i.output_tokens, i.draft_acceptance, i.expert_imbalance.value_or(0),
                               i.redundant_experts};
      return values[p.field];
    }
    case T::chip:
      for (auto& pool : m.fleet.pools) if (pool.chip.id == p.chip_id) return *chip_field(pool.chip, p.field);
      return 0;
    case T::assumption: return *assumption_field(m.assumptions, p.field);
    case T::actor: return *actor_field(m.projection->actors[p.index], p.field);
    case T::procurement:
    case T::leakage:
    case T::option:
    case T::smuggled:
      for (const auto& l : s.projection->actors[p.index].lines) {
        if (l.chip.id == p.chip_id && l.kind == detail::line_kind(p.target)) return p.field == 0 ? l.per_year : l.premium;
      }
      return 0;
    case T::production_input: {
      const auto& input = s.projection->production.inputs[p.index];
      return p.field == 0 ? input.stock : input.scale;
    }
    case T::production_source:
      for (const auto& prod : s.projection->production.products) {
        for (const auto& n : prod.needs) {
          for (const auto& src : n.sources) if (src.input == p.chip_id && src.dies_per_wafer > 0) return p.field == 0 ? src.yield : src.dies_per_wafer;
        }
      }
      return 0;
    case T::supply:
      for (auto& l : m.projection->supply) if (l.chip_id == p.chip_id) return *supply_field(l, p.field);
      return 0;
    case T::regime: return s.projection->regime_option;
  }
  return 0;
}

namespace {

/// What is wrong with `v` against the field's own bounds (not the magnitudes every field shares).
std::optional<std::string> bound_problem(ParameterRef::Range range, double v) {
  switch (range) {
    case Range::fraction:
      if (v < 0 || v > 1) return "must be a fraction between 0 and 1";
      break;
    case Range::positive_fraction:
      if (v <= 0 || v > 1) return "must be a fraction above 0 and at most 1";
      break;
    case Range::at_least_one:
      if (v < 1) return "must be at least 1";
      break;
    case Range::pool_chips:  // as bind_scenario.cpp: chip arithmetic stays exact
      if (v <= 0) return "must be greater than zero";
      if (v != std::floor(v)) return "must be a whole number of chips";
      if (v > 1e9) return "must be at most 1e9 chips per pool";
      break;
    case Range::positive:
      if (v <= 0) return "must be greater than zero";
      break;
    case Range::non_negative:
      if (v < 0) return "must be at least 0";
      break;
  }
  return std::nullopt;
}

/// The values a field's own bounds admit, as a hint states them.
std::string_view bound_text(ParameterRef::Range range) {
  switch (range) {
    case Range::fraction: return "a fraction from 0 to 1";
    case Range::positive_fraction: return "a fraction above 0, at most 1";
    case Range::at_least_one: return "1 or more";
    case Range::pool_chips: return "a whole number of chips from 1 to 1e9";
    case Range::positive: return "greater than zero";
    case Range::non_negative: return "0 or more";
  }
  return "";
}

}  // namespace

std::optional<std::string> range_problem(const ParameterRef& p, double v) {
  if (!std::isfinite(v)) return "must be a finite number";
  if (auto problem = bound_problem(p.range, v)) return problem;
  if (std::fabs(v) > core::max_quantity_si) return "must be at most 1e24 in SI units";
  if (v != 0 && std::fabs(v) < core::min_quantity_si) return "must be 0 or at least 1e-24 in SI units";
  return std::nullopt;
}

bool in_range(const ParameterRef& p, double v) { return !range_problem(p, v); }

std::string range_hint(const ParameterRef& p, double v, std::string_view what) {
  if (!bound_problem(p.range, v)) return std::string(core::kMagnitudeHint);
  return "keep " + std::string(what) + " within what " + p.path + " takes: " + std::string(bound_text(p.range));
}

}  // namespace flopcast::engine
