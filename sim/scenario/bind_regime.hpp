// Binding export-control regime files: conditions, rules, the destination table (internal).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "flopcast/catalog/catalog.hpp"
#include "flopcast/rules/export_regime.hpp"
#include "yaml_reader.hpp"

namespace flopcast::scenario {

using ConditionPtr = std::shared_ptr<const rules::Condition>;

/// What binding a condition needs to resolve names.
struct ConditionScope {
  const catalog::Catalog* chips = nullptr;  ///< for chips: [...]
  /// Looks up a named condition: the regime's own bound so far, then its base chain's. Null if
  /// the name is unknown; a null ConditionPtr if it is known but failed to bind (already
  /// reported, so a use says nothing more). The node is shared by every meets:, never copied.
  std::function<const ConditionPtr*(const std::string&)> find_named;
  /// The names visible to meets:, for suggestions (asked only when a name is unknown).
  std::function<std::vector<std::string>()> visible_names;
};

// ---- shared by bind_condition.cpp and bind_regime.cpp ----
/// "path[i]".
std::string item_path(const std::string& path, std::size_t i);
/// The scalar items of a name-list key (a single name counts as a one-item list), with their
/// nodes so each can be reported at its own position.
std::vector<YAML::Node> scalar_items(YamlReader& r, const CheckedMap& m, std::string_view key);
/// A two-letter upper-case country code, or a located error (with the upper-case spelling as hint).
bool check_country(YamlReader& r, const YAML::Node& n, const std::string& path);

/// Binds a condition map; several keys in one map are joined with all. Null if invalid,
/// including a condition deeper than rules::kMaxConditionDepth counting through meets:.
ConditionPtr bind_condition(YamlReader& r, const YAML::Node& node, const std::string& path, const ConditionScope& scope);

/// `c` as the named condition `name`: labelled, so meets: can share it and evaluation memoises it.
ConditionPtr named_condition(ConditionPtr c, const std::string& name);

/// Binds one rule, resolving its destinations through `destinations`.
std::optional<rules::Rule> bind_rule(YamlReader& r, const YAML::Node& node, const std::string& path,
                                     const ConditionScope& scope, const rules::DestinationTable& destinations);

/// Binds a regime's supply_controls: list into regime.supply_controls (own ones; the caller
/// appends the base's).
void bind_regime_supply_controls(YamlReader& r, const YAML::Node& list, const rules::DestinationTable& destinations,
                                 rules::ExportRegime& regime);

/// Binds destinations.yaml (groups and countries treated as another one) into `into`.
void bind_destinations(YamlReader& r, const YAML::Node& root, rules::DestinationTable& into);

}  // namespace flopcast::scenario
