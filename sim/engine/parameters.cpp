// The table of sweepable parameters: path grammar, dimension and the field each one sets.
#include "flopcast/engine/parameters.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "flopcast/core/assert.hpp"

namespace flopcast::engine {
namespace {

using D = core::Dimension;
using T = ParameterRef::Target;

using Range = ParameterRef::Range;

struct FieldName {
  const char* name;
  D dimension;
  Range range = Range::non_negative;
};

constexpr Range kChips = Range::pool_chips, kPos = Range::positive, kFrac = Range::fraction, kPosFrac = Range::positive_fraction, kOne = Range::at_least_one;

// Field numbers are indexes into these tables.
constexpr std::array<FieldName, 2> kPoolFields{{{"count", D::count, kChips}, {"rental_price", D::money_rate, kPos}}};
constexpr std::array<FieldName, 3> kTrainingFields{{{"tokens", D::tokens, kPos}, {"global_batch", D::tokens, kPos}, {"utilisation", D::fraction, kPosFrac}}};
constexpr std::array<FieldName, 6> kInferenceFields{{{"demand", D::token_rate, kPos}, {"input_tokens", D::count, kOne}, {"output_tokens", D::count, kOne},
                                                     {"draft_acceptance", D::fraction, kFrac}, {"expert_imbalance", D::count, kOne},
                                                     {"redundant_experts", D::count}}};
constexpr std::array<FieldName, 10> kChipFields{{{"price", D::money}, {"tdp", D::power, kPos}, {"hbm_capacity", D::bytes, kPos},
                                               {"hbm_bandwidth", D::byte_rate, kPos}, {"scale_up_bandwidth", D::byte_rate, kPos},
                                               {"scale_out_bandwidth", D::byte_rate}, {"dense_peak.bf16", D::flop_rate},
                                               {"dense_peak.fp8", D::flop_rate}, {"dense_peak.fp4", D::flop_rate},
                                               {"mtbf", D::duration, kPos}}};
constexpr std::array<FieldName, 12> kAssumptionFields{{{"pue", D::count, kOne}, {"electricity_price", D::energy_price},
                                                      {"amortisation", D::duration, kPos}, {"chip_mtbf", D::duration, kPos},
                                                      {"training_utilisation", D::fraction, kPosFrac}, {"effective_utilisation", D::fraction, kPosFrac},
                                                      {"checkpoint_write", D::duration}, {"restart", D::duration},
                                                      {"licence_approval", D::fraction, kFrac}, {"service_life", D::duration, kPos},
                                                      {"failure_rate", D::fraction, kFrac}, {"system_overhead", D::count, kPos}}};
// Fleet over time (scenarios with a timeline:).
constexpr std::array<FieldName, 10> kActorFields{{{"budget_per_year", D::money}, {"power_cap", D::power}, {"training_share", D::fraction, kFrac},
                                                  {"demand_scale", D::count}, {"demand_growth", D::count, kPos}, {"budget_growth", D::count, kPos},
                                                  {"wants_scale", D::count}, {"wants_growth", D::count, kPos}, {"peak_to_mean", D::count, kOne},
                                                  {"target_utilisation", D::fraction, kPosFrac}}};
constexpr std::array<FieldName, 2> kLineFields{{{"per_year", D::count}, {"premium", D::fraction}}};
constexpr std::array<FieldName, 2> kInputFields{{{"stock", D::count}, {"scale", D::count}}};
constexpr std::array<FieldName, 2> kSourceFields{{{"yield", D::fraction, kPosFrac}, {"dies_per_wafer", D::count, kPos}}};
constexpr std::array<FieldName, 6> kSupplyFields{{{"per_year", D::count}, {"output_scale", D::count}, {"wafers_per_year", D::count},
                                                  {"yield", D::fraction, kFrac}, {"stock", D::count}, {"hbm_stacks_per_year", D::count}}};

using LineKind = fleet::ProcurementLine::Kind;
constexpr std::array<std::pair<const char*, T>, 4> kLineKinds{
    {{"procurement", T::procurement}, {"leakage", T::leakage}, {"option", T::option}, {"smuggled", T::smuggled}}};

LineKind line_kind(T target) {
  return target == T::leakage ? LineKind::leakage : target == T::option ? LineKind::option : target == T::smuggled ? LineKind::smuggled : LineKind::order;
}

const char* line_kind_name(LineKind k) {
  return k == LineKind::leakage ? "leakage" : k == LineKind::option ? "option" : k == LineKind::smuggled ? "smuggled" : "procurement";
}

template <std::size_t N>
int field_index(const std::array<FieldName, N>& table, const std::string& name) {
  for (std::size_t i = 0; i < N; ++i) {
    if (name == table[i].name) return static_cast<int>(i);
  }
  return -1;
}

/// Splits "kind[name].field" into its parts.
bool split_indexed(const std::string& path, const std::string& kind, std::string& name, std::string& field) {
  if (path.rfind(kind + "[", 0) != 0) return false;
  const auto close = path.find("].", kind.size() + 1);
  if (close == std::string::npos) return false;
  name = path.substr(kind.size() + 1, close - kind.size() - 1);
  field = path.substr(close + 2);
  return true;
}

template <class Items, class NameOf>
std::optional<std::size_t> index_of(const Items& items, const std::string& name, NameOf name_of) {
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (name_of(items[i]) == name) return i;
  }
  return std::nullopt;
}

}  // namespace

std::optional<ParameterRef> resolve_parameter(const Scenario& s, const std::string& path) {
  ParameterRef ref;
  ref.path = path;
  std::string name, field;
  auto finish = [&](T target, auto& table, std::size_t index) -> std::optional<ParameterRef> {
    const int f = field_index(table, field);
    if (f < 0) return std::nullopt;
    ref.target = target;
    ref.index = index;
    ref.field = f;
    const auto& entry = table[static_cast<std::size_t>(f)];
    ref.dimension = entry.dimension;
    ref.range = entry.range;
    return ref;
  };
  if (split_indexed(path, "fleet.pools", name, field)) {
    auto i = index_of(s.fleet.pools, name, [](const auto& p) { return p.name; });
    return i ? finish(T::pool, kPoolFields, *i) : std::nullopt;
  }
  if (split_indexed(path, "training", name, field)) {
    auto i = index_of(s.training, name, [](const auto& t) { return t.name; });
    return i ? finish(T::training, kTrainingFields, *i) : std::nullopt;
  }
  if (split_indexed(path, "inference", name, field)) {
    auto i = index_of(s.inference, name, [](const auto& t) { return t.name; });
    return i ? finish(T::inference, kInferenceFields, *i) : std::nullopt;
  }
  if (path.rfind("chips.", 0) == 0) {
    const auto dot = path.find('.', 6);
    if (dot == std::string::npos) return std::nullopt;
    ref.chip_id = path.substr(6, dot - 6);
    field = path.substr(dot + 1);
    const bool used = std::any_of(s.fleet.pools.begin(), s.fleet.pools.end(), [&](const auto& p) { return p.chip.id == ref.chip_id; });
    return used ? finish(T::chip, kChipFields, 0) : std::nullopt;
  }
  if (path == "regime") {  // an axis over regime timelines (the values are regime ids, bound by the sweep)
    if (!s.projection) return std::nullopt;
    ref.target = T::regime;
    ref.dimension = D::count;
    return ref;
  }
  if (s.projection && split_indexed(path, "actors", name, field)) {
    auto i = index_of(s.projection->actors, name, [](const auto& a) { return a.name; });
    if (!i) return std::nullopt;
    // actors[A].procurement[CHIP].per_year (and leakage[], option[], smuggled[]), or an actor field.
    std::string chip, line_field;
    for (auto [kind, target] : kLineKinds) {
      if (!split_indexed(field, kind, chip, line_field)) continue;
      const auto& lines = s.projection->actors[*i].lines;
      const auto k = line_kind(target);
      if (std::none_of(lines.begin(), lines.end(), [&](const auto& l) { return l.chip.id == chip && l.kind == k; })) return std::nullopt;
      if (line_field == "premium" && target != T::smuggled) return std::nullopt;
      ref.chip_id = chip;
      field = line_field;
      return finish(target, kLineFields, *i);
    }
    const auto& actor = s.projection->actors[*i];
    if ((field == "wants_scale" || field == "wants_growth") && !actor.wants) return std::nullopt;
    if (field == "budget_growth" && !actor.budget_usd_per_year) return std::nullopt;
    return finish(T::actor, kActorFields, *i);
  }
  if (s.projection && split_indexed(path, "supply", name, field)) {
    const auto& lines = s.projection->supply;
    if (std::none_of(lines.begin(), lines.end(), [&](const auto& l) { return l.chip_id == name; })) return std::nullopt;
    // Wafer and HBM fields only where every line of the chip is derived from them (else the
    // stated chips per year would silently be replaced by a derivation with no dies per wafer).
    const bool wafers = std::all_of(lines.begin(), lines.end(), [&](const auto& l) { return l.chip_id != name || l.wafers_per_year; });
    const bool hbm = std::all_of(lines.begin(), lines.end(), [&](const auto& l) { return l.chip_id != name || l.hbm_stacks_per_year; });
    if (((field == "wafers_per_year" || field == "yield") && !wafers) || (field == "hbm_stacks_per_year" && !hbm)) return std::nullopt;
    if (field == "per_year" && wafers) return std::nullopt;
    ref.chip_id = name;
    return finish(T::supply, kSupplyFields, 0);
  }
  if (path.rfind("assumptions.", 0) == 0) {
    field = path.substr(12);
    return finish(T::assumption, kAssumptionFields, 0);
  }
  if (s.projection && split_indexed(path, "production.inputs", name, field)) {
    const auto& inputs = s.projection->production.inputs;
    auto i = index_of(inputs, name, [](const auto& x) { return x.name; });
    ref.chip_id = name;
    return i ? finish(T::production_input, kInputFields, *i) : std::nullopt;
  }
  if (s.projection && split_indexed(path, "production.sources", name, field)) {
    // Every source drawing on input NAME (its yield and dies per wafer), where it converts wafers.
    bool used = false;
    for (const auto& p : s.projection->production.products) {
      for (const auto& n : p.needs) for (const auto& src : n.sources) used = used || (src.input == name && src.dies_per_wafer > 0);
    }
    ref.chip_id = name;
    return used ? finish(T::production_source, kSourceFields, 0) : std::nullopt;
  }
  return std::nullopt;
}

std::vector<std::string> parameter_paths(const Scenario& s) {
  std::vector<std::string> out;
  for (const auto& p : s.fleet.pools) for (const auto& f : kPoolFields) out.push_back("fleet.pools[" + p.name + "]." + f.name);
  for (const auto& t : s.training) for (const auto& f : kTrainingFields) out.push_back("training[" + t.name + "]." + f.name);
  for (const auto& i : s.inference) for (const auto& f : kInferenceFields) out.push_back("inference[" + i.name + "]." + f.name);
  std::vector<std::string> chips;
  for (const auto& p : s.fleet.pools) {
    if (std::find(chips.begin(), chips.end(), p.chip.id) != chips.end()) continue;
    chips.push_back(p.chip.id);
    for (const auto& f : kChipFields) out.push_back("chips." + p.chip.id + "." + f.name);
  }
  for (const auto& f : kAssumptionFields) out.push_back(std::string("assumptions.") + f.name);
  if (!s.projection) return out;
  out.push_back("regime");
  for (const auto& a : s.projection->actors) {
    for (const auto& f : kActorFields) out.push_back("actors[" + a.name + "]." + f.name);
    for (const auto& l : a.lines) {
      for (const auto& f : kLineFields) {
        const std::string path = "actors[" + a.name + "]." + line_kind_name(l.kind) + "[" + l.chip.id + "]." + f.name;
        if (std::find(out.begin(), out.end(), path) == out.end() && resolve_parameter(s, path)) out.push_back(path);
      }
    }
  }
  for (const auto& input : s.projection->production.inputs) {
    for (const auto& f : kInputFields) out.push_back("production.inputs[" + input.name + "]." + f.name);
    for (const auto& f : kSourceFields) {
      const std::string path = "production.sources[" + input.name + "]." + f.name;
      if (resolve_parameter(s, path)) out.push_back(path);
    }
  }
  for (const auto& l : s.projection->supply) {
    for (const auto& f : kSupplyFields) {
      const std::string path = "supply[" + l.chip_id + "]." + f.name;
      if (std::find(out.begin(), out.end(), path) == out.end() && resolve_parameter(s, path)) out.push_back(path);
    }
  }
  out.erase(std::remove_if(out.begin(), out.end(), [&](const std::string& p) { return p.rfind("actors[", 0) == 0 && !resolve_parameter(s, p); }),
            out.end());
  return out;
}

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
        if (l.chip.id == p.chip_id && l.kind == line_kind(p.target)) (p.field == 0 ? l.per_year : l.premium) = v;
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
        if (l.chip.id == p.chip_id && l.kind == line_kind(p.target)) return p.field == 0 ? l.per_year : l.premium;
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

std::optional<std::string> range_problem(const ParameterRef& p, double v) {
  if (!std::isfinite(v)) return "must be a finite number";
  switch (p.range) {
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
  if (std::fabs(v) > core::max_quantity_si) return "must be at most 1e24 in SI units";
  if (v != 0 && std::fabs(v) < core::min_quantity_si) return "must be 0 or at least 1e-24 in SI units";
  return std::nullopt;
}

bool in_range(const ParameterRef& p, double v) { return !range_problem(p, v); }

}  // namespace flopcast::engine
