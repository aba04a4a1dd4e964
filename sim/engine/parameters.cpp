// The table of sweepable parameters: path grammar, dimension and range of each field, and the
// paths a scenario offers (reading and writing values: parameter_values.cpp).
#include "flopcast/engine/parameters.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "flopcast/core/assert.hpp"
#include "line_target.hpp"

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

/// `ref` aimed at field `field` of `table`'s kind, item `index`; nothing if the table has no
/// such field.
template <std::size_t N>
std::optional<ParameterRef> with_field(ParameterRef ref, T target, const std::array<FieldName, N>& table, std::size_t index, const std::string& field) {
  const int f = field_index(table, field);
  if (f < 0) return std::nullopt;
  ref.target = target;
  ref.index = index;
  ref.field = f;
  const auto& entry = table[static_cast<std::size_t>(f)];
  ref.dimension = entry.dimension;
  ref.range = entry.range;
  return ref;
}

/// actors[A].procurement[CHIP].per_year (and leakage[], option[], smuggled[]), or an actor field.
std::optional<ParameterRef> resolve_actor(const fleet::ProjectionInputs& projection, ParameterRef ref, const std::string& name, const std::string& field) {
  auto i = index_of(projection.actors, name, [](const auto& a) { return a.name; });
  if (!i) return std::nullopt;
  const auto& actor = projection.actors[*i];
  std::string chip, line_field;
  for (auto [kind, target] : kLineKinds) {
    if (!split_indexed(field, kind, chip, line_field)) continue;
    const auto k = detail::line_kind(target);
    if (std::none_of(actor.lines.begin(), actor.lines.end(), [&](const auto& l) { return l.chip.id == chip && l.kind == k; })) return std::nullopt;
    if (line_field == "premium" && target != T::smuggled) return std::nullopt;
    ref.chip_id = chip;
    return with_field(ref, target, kLineFields, *i, line_field);
  }
  if ((field == "wants_scale" || field == "wants_growth") && !actor.wants) return std::nullopt;
  if (field == "budget_growth" && !actor.budget_usd_per_year) return std::nullopt;
  return with_field(ref, T::actor, kActorFields, *i, field);
}

/// supply[CHIP].field: wafer and HBM fields only where every line of the chip is derived from
/// them (else the stated chips per year would silently be replaced by a derivation with no dies
/// per wafer), and per_year only where none is.
std::optional<ParameterRef> resolve_supply(const fleet::ProjectionInputs& projection, ParameterRef ref, const std::string& chip, const std::string& field) {
  const auto& lines = projection.supply;
  if (std::none_of(lines.begin(), lines.end(), [&](const auto& l) { return l.chip_id == chip; })) return std::nullopt;
  const bool wafers = std::all_of(lines.begin(), lines.end(), [&](const auto& l) { return l.chip_id != chip || l.wafers_per_year; });
  const bool hbm = std::all_of(lines.begin(), lines.end(), [&](const auto& l) { return l.chip_id != chip || l.hbm_stacks_per_year; });
  if (((field == "wafers_per_year" || field == "yield") && !wafers) || (field == "hbm_stacks_per_year" && !hbm)) return std::nullopt;
  if (field == "per_year" && wafers) return std::nullopt;
  ref.chip_id = chip;
  return with_field(ref, T::supply, kSupplyFields, 0, field);
}

/// production.sources[INPUT].field: every source drawing on the input (its yield and dies per
/// wafer), where it converts wafers.
std::optional<ParameterRef> resolve_source(const fleet::ProjectionInputs& projection, ParameterRef ref, const std::string& input, const std::string& field) {
  bool used = false;
  for (const auto& p : projection.production.products) {
    for (const auto& n : p.needs) for (const auto& src : n.sources) used = used || (src.input == input && src.dies_per_wafer > 0);
  }
  ref.chip_id = input;
  return used ? with_field(ref, T::production_source, kSourceFields, 0, field) : std::nullopt;
}

}  // namespace

std::optional<ParameterRef> resolve_parameter(const Scenario& s, const std::string& path) {
  ParameterRef ref;
  ref.path = path;
  std::string name, field;
  if (split_indexed(path, "fleet.pools", name, field)) {
    auto i = index_of(s.fleet.pools, name, [](const auto& p) { return p.name; });
    return i ? with_field(ref, T::pool, kPoolFields, *i, field) : std::nullopt;
  }
  if (split_indexed(path, "training", name, field)) {
    // A multi-stage run's total is not an input: its stages (training[<run>/<stage>]) are.
    auto i = index_of(s.training, name, [](const auto& t) { return t.is_total() ? std::string() : t.name; });
    return i ? with_field(ref, T::training, kTrainingFields, *i, field) : std::nullopt;
  }
  if (split_indexed(path, "inference", name, field)) {
    auto i = index_of(s.inference, name, [](const auto& t) { return t.name; });
    return i ? with_field(ref, T::inference, kInferenceFields, *i, field) : std::nullopt;
  }
  if (path.rfind("chips.", 0) == 0) {
    const auto dot = path.find('.', 6);
    if (dot == std::string::npos) return std::nullopt;
    ref.chip_id = path.substr(6, dot - 6);
    const bool used = std::any_of(s.fleet.pools.begin(), s.fleet.pools.end(), [&](const auto& p) { return p.chip.id == ref.chip_id; });
    return used ? with_field(ref, T::chip, kChipFields, 0, path.substr(dot + 1)) : std::nullopt;
  }
  if (path == "regime") {  // an axis over regime timelines (the values are regime ids, bound by the sweep)
    if (!s.projection) return std::nullopt;
    ref.target = T::regime;
    ref.dimension = D::count;
    return ref;
  }
  if (path.rfind("assumptions.", 0) == 0) return with_field(ref, T::assumption, kAssumptionFields, 0, path.substr(12));
  if (!s.projection) return std::nullopt;
  if (split_indexed(path, "actors", name, field)) return resolve_actor(*s.projection, ref, name, field);
  if (split_indexed(path, "supply", name, field)) return resolve_supply(*s.projection, ref, name, field);
  if (split_indexed(path, "production.inputs", name, field)) {
    auto i = index_of(s.projection->production.inputs, name, [](const auto& x) { return x.name; });
    ref.chip_id = name;
    return i ? with_field(ref, T::production_input, kInputFields, *i, field) : std::nullopt;
  }
  if (split_indexed(path, "production.sources", name, field)) return resolve_source(*s.projection, ref, name, field);
  return std::nullopt;
}

std::vector<std::string> parameter_paths(const Scenario& s) {
  std::vector<std::string> out;
  for (const auto& p : s.fleet.pools) for (const auto& f : kPoolFields) out.push_back("fleet.pools[" + p.name + "]." + f.name);
  for (const auto& t : s.training) {
    if (!t.is_total()) for (const auto& f : kTrainingFields) out.push_back("training[" + t.name + "]." + f.name);
  }
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

}  // namespace flopcast::engine
