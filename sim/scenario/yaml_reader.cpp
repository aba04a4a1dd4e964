// Validating reads of yaml-cpp nodes; every failure becomes a Diagnostic with file:line:column.
#include "yaml_reader.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>

#include "flopcast/core/assert.hpp"
#include "flopcast/core/suggest.hpp"

namespace flopcast::scenario {
namespace {

using core::ErrorCode;

bool quoted(const YAML::Node& n) { return n.Tag() == "!"; }

std::string found_text(const YAML::Node& n) {
  if (!n.IsDefined() || n.IsNull()) return "nothing";
  if (n.IsMap()) return "a mapping";
  if (n.IsSequence()) return "a list";
  return "\"" + n.Scalar() + "\"";
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

/// "count: a whole number, 1 or more".
std::string whole_number_hint(std::string_view key, long long least) {
  return std::string(key) + ": a whole number, " + std::to_string(least) + " or more";
}

/// What a numeric key below its lower bound takes: "count: a whole number, 1 or more",
/// "tokens: greater than zero, as a number of tokens such as \"14.8T tokens\"".
std::string lower_bound_hint(std::string_view key, const KeySpec& spec) {
  if (spec.whole) return whole_number_hint(key, spec.positive ? 1 : 0);
  return std::string(key) + ": " + (spec.positive ? "greater than zero" : "0 or more") + ", as " + describe_kind(spec);
}

}  // namespace

std::string describe_kind(const KeySpec& spec) {
  switch (spec.kind) {
    case ValueKind::string: return "a string";
    case ValueKind::integer: return "a whole number";
    case ValueKind::number: return "a number";
    case ValueKind::quantity: return core::describe_dimension(spec.dimension);
    case ValueKind::boolean: return "true or false";
    case ValueKind::date: return "a month such as 2026-03";
    case ValueKind::enumeration: return "one of the listed values";
    case ValueKind::string_list: return "a list of names such as [a, b]";
    case ValueKind::map: return "a mapping of keys";
    case ValueKind::map_of_maps: return "a mapping from ids to entries";
    case ValueKind::list_of_maps: return "a list of entries";
    case ValueKind::string_or_map: return "a name or a mapping";
    case ValueKind::value: return "a number or a quantity in the parameter's unit";
    case ValueKind::value_list: return "a list of numbers or quantities in the parameter's unit";
  }
  return "a value";
}

const MapEntry* CheckedMap::get(std::string_view key) const {
  for (const auto& e : entries) {
    if (e.key == key) return &e;
  }
  return nullptr;
}

const YAML::Node& CheckedMap::value_node(std::string_view key) const {
  const MapEntry* e = get(key);
  return e ? e->value : node;
}

std::string CheckedMap::child_path(std::string_view key) const {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

core::SourceLocation YamlReader::at(const YAML::Node& node) const {
  core::SourceLocation loc{file_, 0, 0, 1};
  if (!node.IsDefined()) return loc;
  const YAML::Mark m = node.Mark();
  if (m.is_null()) return loc;
  loc.line = m.line + 1;  // yaml-cpp marks are 0-based
  loc.column = m.column + 1;
  if (node.IsScalar()) loc.length = std::max<int>(1, static_cast<int>(node.Scalar().size()) + (quoted(node) ? 2 : 0));
  return loc;
}

core::Diagnostic YamlReader::make(ErrorCode code, const YAML::Node& node, std::string path, std::string message) const {
  core::Diagnostic d;
  d.code = code;
  d.location = at(node);
  d.path = std::move(path);
  d.message = std::move(message);
  return d;
}

void YamlReader::report(core::Diagnostic d) { sink_.add(std::move(d)); }

void YamlReader::report(ErrorCode code, const YAML::Node& node, std::string path, std::string message, std::string hint) {
  auto d = make(code, node, std::move(path), std::move(message));
  d.hint = std::move(hint);
  report(std::move(d));
}

std::optional<CheckedMap> YamlReader::map(const YAML::Node& node, const std::string& path, const Section& section) {
  if (!node.IsMap()) {
    auto d = make(ErrorCode::wrong_type, node, path, "expected a mapping (" + std::string(section.description) + "), found " + found_text(node));
    d.expected = "a mapping with keys: " + join(section.key_names());
    d.found = found_text(node);
    report(std::move(d));
    return std::nullopt;
  }
  CheckedMap out{path, node, &section, {}};
  std::map<std::string, YAML::Node> seen;
  std::vector<std::string> suggested;  // a misspelt key already explains the matching missing one
  for (auto it = node.begin(); it != node.end(); ++it) {
    const YAML::Node key_node = it->first;
    if (!key_node.IsScalar()) {
      report(make(ErrorCode::wrong_type, key_node, path, "keys must be plain names"));
      continue;
    }
    const std::string key = key_node.Scalar();
    const std::string key_path = out.child_path(key);
    if (auto prev = seen.find(key); prev != seen.end()) {
      auto d = make(ErrorCode::duplicate_key, key_node, key_path, "duplicate key '" + key + "'");
      d.hint = "remove one of the two; YAML keeps only one value per key";
      d.notes.push_back({at(prev->second), "first defined here"});
      report(std::move(d));
      continue;
    }
    seen.emplace(key, key_node);
    const KeySpec* spec = section.find(key);
    if (!spec) {
      auto d = make(ErrorCode::unknown_key, key_node, key_path, "unknown key '" + key + "' in " + std::string(section.name));
      d.candidates = section.key_names();
      d.suggestions = core::suggest_closest(key, d.candidates);
      if (d.suggestions.size() == 1) suggested.push_back(d.suggestions.front());
      report(std::move(d));
      continue;
    }
    out.entries.push_back({key, key_node, it->second, spec});
  }
  for (const auto& k : section.keys) {
    const bool explained = std::find(suggested.begin(), suggested.end(), k.name) != suggested.end();
    if (k.required && !out.has(k.name) && !explained) {
      auto d = make(ErrorCode::missing_key, node, out.child_path(k.name),
                    "missing required key '" + std::string(k.name) + "' in " + std::string(section.name));
      d.expected = std::string(k.name) + ": " + describe_kind(k) + " (" + std::string(k.description) + ")";
      d.location.length = 1;
      report(std::move(d));
    }
  }
  return out;
}

void YamlReader::require(const CheckedMap& m, std::initializer_list<std::string_view> keys, const std::string& why) {
  for (auto k : keys) {
    if (m.has(k)) continue;
    auto d = make(ErrorCode::missing_key, m.node, m.child_path(k), "missing key '" + std::string(k) + "' " + why);
    if (const KeySpec* spec = m.section->find(k)) d.expected = std::string(k) + ": " + describe_kind(*spec);
    report(std::move(d));
  }
}

std::vector<MapEntry> YamlReader::id_map(const YAML::Node& node, const std::string& path) {
  std::vector<MapEntry> out;
  if (!node.IsMap()) {
    auto d = make(ErrorCode::wrong_type, node, path, "expected a mapping from ids to entries, found " + found_text(node));
    report(std::move(d));
    return out;
  }
  std::map<std::string, YAML::Node> seen;
  for (auto it = node.begin(); it != node.end(); ++it) {
    const YAML::Node key_node = it->first;
    if (!key_node.IsScalar()) {
      report(make(ErrorCode::wrong_type, key_node, path, "ids must be plain names"));
      continue;
    }
    const std::string id = key_node.Scalar();
    if (auto prev = seen.find(id); prev != seen.end()) {
      auto d = make(ErrorCode::duplicate_key, key_node, path + "." + id, "duplicate id '" + id + "'");
      d.notes.push_back({at(prev->second), "first defined here"});
      report(std::move(d));
      continue;
    }
    seen.emplace(id, key_node);
    out.push_back({id, key_node, it->second, nullptr});
  }
  return out;
}

std::optional<std::vector<YAML::Node>> YamlReader::list(const YAML::Node& node, const std::string& path, std::string_view what) {
  if (!node.IsSequence()) {
    report(ErrorCode::wrong_type, node, path, "expected a list of " + std::string(what) + ", found " + found_text(node), "start each item with '- '");
    return std::nullopt;
  }
  std::vector<YAML::Node> items;
  for (const auto& item : node) items.push_back(item);
  return items;
}

const YAML::Node* YamlReader::scalar(const CheckedMap& m, std::string_view key, std::string_view expected) {
  const MapEntry* e = m.get(key);
  if (!e) return nullptr;
  if (!e->value.IsScalar() || (e->value.IsNull())) {
    auto d = make(ErrorCode::wrong_type, e->value.IsNull() ? e->key_node : e->value, m.child_path(key),
                  "expected " + std::string(expected) + ", found " + found_text(e->value));
    d.expected = std::string(expected);
    d.found = found_text(e->value);
    report(std::move(d));
    return nullptr;
  }
  return &e->value;
}

bool YamlReader::read(const CheckedMap& m, std::string_view key, std::string& out) {
  const MapEntry* e = m.get(key);
  if (e && e->spec->kind == ValueKind::enumeration) return read_token(m, key, e->spec->choices(), out);
  const YAML::Node* n = scalar(m, key, "a string");
  if (!n) return false;
  out = n->Scalar();
  return true;
}

bool YamlReader::read(const CheckedMap& m, std::string_view key, int& out) {
  const MapEntry* e = m.get(key);
  if (!e) return false;
  FLOPCAST_ASSERT(e->spec->kind == ValueKind::integer, "key " + std::string(key) + " is not an integer key");
  const YAML::Node* n = scalar(m, key, "a whole number");
  if (!n) return false;
  const std::string& s = n->Scalar();
  long long v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec == std::errc::result_out_of_range || (ec == std::errc{} && p == s.data() + s.size() && (v > 1'000'000'000 || v < -1'000'000'000))) {
    report(make(ErrorCode::out_of_range, *n, m.child_path(key), "'" + s + "' is too large for " + std::string(key)));
    return false;
  }
  if (ec != std::errc{} || p != s.data() + s.size() || quoted(*n)) {
    auto d = make(ErrorCode::wrong_type, *n, m.child_path(key), "expected a whole number, found " + found_text(*n));
    d.expected = "a whole number";
    d.found = found_text(*n);
    report(std::move(d));
    return false;
  }
  if (static_cast<double>(v) < e->spec->minimum) {
    report(ErrorCode::out_of_range, *n, m.child_path(key),
           std::string(key) + " must be at least " + std::to_string(static_cast<long long>(e->spec->minimum)) + ", found " + s,
           whole_number_hint(key, static_cast<long long>(e->spec->minimum)));
    return false;
  }
  out = static_cast<int>(v);
  return true;
}

bool YamlReader::read(const CheckedMap& m, std::string_view key, double& out) {
  const MapEntry* e = m.get(key);
  if (!e) return false;
  const KeySpec& spec = *e->spec;
  FLOPCAST_ASSERT(spec.kind == ValueKind::quantity || spec.kind == ValueKind::number, "key " + std::string(key) + " is not numeric");
  const std::string expected = describe_kind(spec);
  const YAML::Node* n = scalar(m, key, expected);
  if (!n) return false;
  const std::string& s = n->Scalar();
  const std::string lowered = [&] { std::string t(trim(s)); for (auto& c : t) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c))); return t; }();
  if (lowered == ".nan" || lowered == "nan" || lowered == ".inf" || lowered == "-.inf" || lowered == "+.inf" || lowered == "inf" || lowered == "-inf") {
    auto d = make(ErrorCode::not_finite, *n, m.child_path(key), std::string(key) + " must be a finite number, found " + s);
    d.expected = expected;
    report(std::move(d));
    return false;
  }
  const auto parsed = core::parse_quantity(s, spec.kind == ValueKind::number ? core::Dimension::count : spec.dimension);
  if (!parsed.value_si) {
    const bool overflow = parsed.problem.find("overflow") != std::string::npos;
    auto d = make(parsed.bad_unit ? ErrorCode::bad_unit : overflow ? ErrorCode::out_of_range : ErrorCode::wrong_type, *n,
                  m.child_path(key), parsed.bad_unit ? "expected " + expected + ", found " + found_text(*n) : parsed.problem);
    if (!parsed.bad_unit && !overflow) d.message = "expected " + expected + ", found " + found_text(*n);
    d.expected = expected;
    d.found = found_text(*n);
    d.hint = parsed.hint;
    report(std::move(d));
    return false;
  }
  const double v = *parsed.value_si;
  if (spec.threshold) {  // compared, never multiplied: any finite value
    out = v;
    return true;
  }
  if (v < spec.minimum || (spec.positive && v <= 0)) {
    report(ErrorCode::out_of_range, *n, m.child_path(key),
           std::string(key) + " must be " + (spec.positive ? "greater than zero" : "at least 0") + ", found " + s, lower_bound_hint(key, spec));
    return false;
  }
  if (spec.whole && v != std::floor(v)) {
    report(ErrorCode::out_of_range, *n, m.child_path(key), std::string(key) + " counts whole things and must be a whole number, found " + s,
           "round it: a fraction of a chip (or of a sample) cannot be bought or run");
    return false;
  }
  if (spec.dimension == core::Dimension::fraction && spec.kind == ValueKind::quantity && v > 1.0) {
    report(ErrorCode::out_of_range, *n, m.child_path(key), std::string(key) + " is a fraction and must be at most 1 (100%), found " + s,
           std::string(key) + ": between 0 and 1, as " + expected);
    return false;
  }
  // Bounded magnitudes keep every product and quotient the engine forms finite (docs/reliability.md).
  if (std::fabs(v) > max_quantity_si) {
    report(ErrorCode::out_of_range, *n, m.child_path(key), std::string(key) + " must be at most 1e24 in SI units, found " + s,
           std::string(core::kMagnitudeHint));
    return false;
  }
  if (v != 0 && std::fabs(v) < core::min_quantity_si) {
    report(ErrorCode::out_of_range, *n, m.child_path(key), std::string(key) + " must be 0 or at least 1e-24 in SI units, found " + s,
           std::string(core::kMagnitudeHint));
    return false;
  }
  out = v;
  return true;
}

bool YamlReader::read(const CheckedMap& m, std::string_view key, bool& out) {
  const YAML::Node* n = scalar(m, key, "true or false");
  if (!n) return false;
  const std::string& s = n->Scalar();
  if (!quoted(*n) && (s == "true" || s == "True" || s == "yes")) { out = true; return true; }
  if (!quoted(*n) && (s == "false" || s == "False" || s == "no")) { out = false; return true; }
  auto d = make(ErrorCode::wrong_type, *n, m.child_path(key), "expected true or false, found " + found_text(*n));
  d.expected = "true or false";
  report(std::move(d));
  return false;
}

bool YamlReader::read(const CheckedMap& m, std::string_view key, core::YearMonth& out) {
  const YAML::Node* n = scalar(m, key, "a month such as 2026-03");
  if (!n) return false;
  if (auto ym = core::parse_year_month(trim(n->Scalar()))) {
    out = *ym;
    return true;
  }
  const std::string_view text = trim(n->Scalar());
  if (text.size() == 10 && core::parse_year_month(text.substr(0, 7))) {  // a real month, a day it does not have
    report(ErrorCode::invalid_value, *n, m.child_path(key),
           "found " + found_text(*n) + ", a day " + std::string(text.substr(0, 7)) + " does not have",
           "check the day, or write just the month as YYYY-MM");
    return false;
  }
  auto d = make(ErrorCode::wrong_type, *n, m.child_path(key), "expected a month such as 2026-03, found " + found_text(*n));
  d.expected = "YYYY-MM";
  d.hint = "write the year and month as YYYY-MM, e.g. 2026-03";
  report(std::move(d));
  return false;
}

bool YamlReader::read(const CheckedMap& m, std::string_view key, std::vector<std::string>& out) {
  const MapEntry* e = m.get(key);
  if (!e) return false;
  if (e->value.IsScalar() && !e->value.IsNull()) {  // a single name is a one-item list
    out = {e->value.Scalar()};
    return true;
  }
  auto items = list(e->value, m.child_path(key), "names");
  if (!items) return false;
  std::vector<std::string> names;
  for (std::size_t i = 0; i < items->size(); ++i) {
    const auto& item = (*items)[i];
    if (!item.IsScalar() || item.IsNull()) {
      report(make(ErrorCode::wrong_type, item, m.child_path(key) + "[" + std::to_string(i) + "]", "expected a name, found " + found_text(item)));
      return false;
    }
    names.push_back(item.Scalar());
  }
  out = std::move(names);
  return true;
}

bool YamlReader::read_token(const CheckedMap& m, std::string_view key, const std::vector<std::string>& choices, std::string& out) {
  const YAML::Node* n = scalar(m, key, "one of: " + join(choices));
  if (!n) return false;
  const std::string& s = n->Scalar();
  for (const auto& c : choices) {
    if (c == s) {
      out = s;
      return true;
    }
  }
  auto d = make(ErrorCode::invalid_value, *n, m.child_path(key), "unknown value " + found_text(*n) + " for " + std::string(key));
  d.candidates = choices;
  d.suggestions = core::suggest_closest(s, choices);
  report(std::move(d));
  return false;
}

}  // namespace flopcast::scenario
