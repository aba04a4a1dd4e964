// The one table of scenario and catalog keys: name, type, unit, whether required, and a
// description. The binder validates against it, and the JSON Schema and docs are generated from it.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "flopcast/core/units.hpp"

namespace flopcast::scenario {

enum class ValueKind {
  string,
  integer,
  number,       ///< a plain real number
  quantity,     ///< a number with a unit of `dimension`
  boolean,
  date,         ///< YYYY-MM
  enumeration,  ///< one of `choices()`
  string_list,
  map,          ///< a nested section
  map_of_maps,  ///< id -> section (chips, models)
  list_of_maps, ///< a list of sections (pools, workloads)
  string_or_map,///< a catalog reference by id, or an inline section
  value,        ///< a number or a quantity in the unit of the parameter it sets (sweeps)
  value_list,   ///< a list of such values
};

struct Section;

struct KeySpec {
  std::string_view name;
  ValueKind kind;
  std::string_view description;
  bool required = false;
  core::Dimension dimension = core::Dimension::count;
  const Section* child = nullptr;                   ///< for map / list / map_of_maps
  std::vector<std::string> (*choices)() = nullptr;  ///< for enumeration
  double minimum = 0;       ///< inclusive lower bound for numbers and quantities
  bool positive = false;    ///< strictly greater than zero
  /// A threshold only compared with a result, never multiplied: any finite value, of either sign
  /// and any magnitude (cumulative FLOPs reach 1e29), instead of the 0..1e24 bounds.
  bool threshold = false;
  bool whole = false;       ///< a count of indivisible things (chips, samples): a fraction is refused
};

struct Section {
  std::string_view name;         ///< e.g. "pool"
  std::string_view description;
  std::span<const KeySpec> keys;

  [[nodiscard]] const KeySpec* find(std::string_view key) const;
  [[nodiscard]] std::vector<std::string> key_names() const;
};

// The sections, defined in key_table.cpp.
const Section& scenario_section();      ///< a scenario file
const Section& catalog_file_section();  ///< a built-in catalog file (chips: / models:)
const Section& source_entry_section();  ///< an entry of the bibliography (scenarios/catalog/sources.yaml)
const Section& chip_section();
const Section& model_section();
const Section& mode_section();
const Section& mix_item_section();
const Section& timeline_section();
const Section& regime_step_section();
const Section& actor_section();
const Section& supply_section();
const Section& market_volume_section();
const Section& production_section();  ///< domestic production from bounded inputs
const Section& expect_section();
const Section& answer_section();
const Section& sweep_section();
const Section& size_section();
const Section& buy_section();
const Section& uncertain_section();
const Section& regime_file_section();        ///< an export-control regime file (scenarios/regimes/*.yaml)
const Section& destinations_file_section();  ///< scenarios/regimes/destinations.yaml

}  // namespace flopcast::scenario
