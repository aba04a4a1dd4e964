// Reads yaml-cpp nodes against the key table, turning every problem into a located Diagnostic.
// yaml-cpp never sees user input unchecked: maps are walked pair by pair (it accepts duplicate
// keys silently), and conversions are done here, never with as<T>() on unvalidated nodes.
#pragma once

#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "flopcast/core/diagnostic.hpp"
#include "flopcast/core/enum_table.hpp"
#include "flopcast/core/year_month.hpp"
#include "key_table.hpp"

namespace flopcast::scenario {

using core::max_quantity_si;

/// One key of a validated map.
struct MapEntry {
  std::string key;
  YAML::Node key_node;
  YAML::Node value;
  const KeySpec* spec = nullptr;
};

/// A map whose keys have been checked against a Section (no unknown or duplicate keys).
struct CheckedMap {
  std::string path;  ///< field path of the map itself, "" for the document root
  YAML::Node node;
  const Section* section = nullptr;
  std::vector<MapEntry> entries;

  [[nodiscard]] const MapEntry* get(std::string_view key) const;
  [[nodiscard]] bool has(std::string_view key) const { return get(key) != nullptr; }
  /// The key's value node, or the map's own node when the key is absent (a check on a defaulted
  /// key then points at the map that left it out).
  [[nodiscard]] const YAML::Node& value_node(std::string_view key) const;
  [[nodiscard]] std::string child_path(std::string_view key) const;
};

class YamlReader {
 public:
  YamlReader(std::string file, core::DiagnosticSink& sink) : file_(std::move(file)), sink_(sink) {}

  [[nodiscard]] const std::string& file() const { return file_; }
  [[nodiscard]] core::SourceLocation at(const YAML::Node& node) const;

  /// Checks `node` is a map whose keys are in `section`; reports unknown, duplicate and missing keys.
  std::optional<CheckedMap> map(const YAML::Node& node, const std::string& path, const Section& section);
  /// Reports each of `keys` that `m` lacks as missing, saying `why` (e.g. "(mla attention needs it)").
  void require(const CheckedMap& m, std::initializer_list<std::string_view> keys, const std::string& why);
  /// For id -> section maps (chips:, models:): the (id, key node, value) pairs, duplicates reported.
  std::vector<MapEntry> id_map(const YAML::Node& node, const std::string& path);
  /// For lists of sections: the items, or nothing (and a diagnostic) if `node` is not a list.
  std::optional<std::vector<YAML::Node>> list(const YAML::Node& node, const std::string& path, std::string_view what);

  // Typed reads of one key. Each returns false when the key is absent or invalid (the latter
  // reported), leaving `out` untouched.
  bool read(const CheckedMap& m, std::string_view key, std::string& out);
  bool read(const CheckedMap& m, std::string_view key, int& out);
  bool read(const CheckedMap& m, std::string_view key, double& out);  ///< quantity per the key's dimension
  bool read(const CheckedMap& m, std::string_view key, bool& out);
  bool read(const CheckedMap& m, std::string_view key, core::YearMonth& out);
  bool read(const CheckedMap& m, std::string_view key, std::vector<std::string>& out);
  template <class E>
  bool read_enum(const CheckedMap& m, std::string_view key, std::span<const core::EnumName<E>> table, E& out) {
    std::string token;
    if (!read_token(m, key, core::enum_tokens(table), token)) return false;
    out = *core::enum_from_token(table, token);
    return true;
  }
  template <class T>
  bool read(const CheckedMap& m, std::string_view key, std::optional<T>& out) {
    T v{};
    if (!read(m, key, v)) return false;
    out = v;
    return true;
  }

  /// Reports a problem at `node` (the value for most errors, the key for key errors).
  void report(core::Diagnostic d);
  /// Makes, hints and reports a located problem in one call: most refusals are just these three steps.
  void report(core::ErrorCode code, const YAML::Node& node, std::string path, std::string message, std::string hint);
  /// Problems reported so far (to tell whether a section bound cleanly).
  [[nodiscard]] std::size_t error_count() const { return sink_.count(); }
  core::Diagnostic make(core::ErrorCode code, const YAML::Node& node, std::string path, std::string message) const;

 private:
  bool read_token(const CheckedMap& m, std::string_view key, const std::vector<std::string>& choices, std::string& out);
  const YAML::Node* scalar(const CheckedMap& m, std::string_view key, std::string_view expected);

  std::string file_;
  core::DiagnosticSink& sink_;
};

/// Calls f(item, item_path, item_section) for each item of the list under `key` in `m`, if the
/// key is present and holds a list (a wrong type is reported by r.list).
template <class F>
void for_each_item(YamlReader& r, const CheckedMap& m, std::string_view key, F f) {
  const MapEntry* e = m.get(key);
  if (!e) return;
  auto items = r.list(e->value, m.child_path(key), key);
  if (!items) return;
  for (std::size_t i = 0; i < items->size(); ++i) f((*items)[i], m.child_path(key) + "[" + std::to_string(i) + "]", *e->spec->child);
}

/// Calls f(item) for each item of the list under `key` that is a mapping of known keys (an item
/// that is not is reported by r.map and skipped).
template <class F>
void for_each_map(YamlReader& r, const CheckedMap& m, std::string_view key, F f) {
  for_each_item(r, m, key, [&](const YAML::Node& n, const std::string& path, const Section& section) {
    if (auto item = r.map(n, path, section)) f(*item);
  });
}

/// Human name of what a value kind expects, e.g. "a whole number".
std::string describe_kind(const KeySpec& spec);

}  // namespace flopcast::scenario
