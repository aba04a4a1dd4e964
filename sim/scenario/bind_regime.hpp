// Binding export-control regime files: conditions, rules, the destination table (internal).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "flopcast/catalog/catalog.hpp"
#include "flopcast/rules/export_regime.hpp"
#include "yaml_reader.hpp"

namespace flopcast::scenario {

/// What binding a condition needs to resolve names.
struct ConditionScope {
  const catalog::Catalog* chips = nullptr;  ///< for chips: [...]
  /// Looks up a named condition: the regime's own bound so far, then its base chain's.
  std::function<const rules::Condition*(const std::string&)> find_named;
  std::vector<std::string> named;  ///< names visible to meets:, for suggestions
};

/// Binds a condition map; several keys in one map are joined with all. Nothing if invalid.
std::optional<rules::Condition> bind_condition(YamlReader& r, const YAML::Node& node, const std::string& path,
                                               const ConditionScope& scope);

/// Binds one rule, resolving its destinations through `destinations`.
std::optional<rules::Rule> bind_rule(YamlReader& r, const YAML::Node& node, const std::string& path,
                                     const ConditionScope& scope, const rules::DestinationTable& destinations);

/// Binds destinations.yaml (groups and countries treated as another one) into `into`.
void bind_destinations(YamlReader& r, const YAML::Node& root, rules::DestinationTable& into);

}  // namespace flopcast::scenario
