// YAML -> export-control conditions: the condition language of docs/rules.md (all, any, not,
// bounds on chip metrics, meets: a named condition, chips:, origin:), bound to trees of limited
// depth. The rules that use them, and destinations: bind_regime.cpp.
#include "bind_regime.hpp"

#include <algorithm>

#include "bind_entries.hpp"
#include "flopcast/core/assert.hpp"
#include "flopcast/core/suggest.hpp"

namespace flopcast::scenario {
namespace {

using core::ErrorCode;
using rules::Condition;

/// A node over `children`; its depth is one more than its deepest child's.
std::shared_ptr<Condition> node_of(Condition::Kind kind, std::vector<ConditionPtr> children) {
  auto c = std::make_shared<Condition>();
  c->kind = kind;
  int depth = 0;
  for (const auto& child : children) depth = std::max<int>(depth, child->depth);
  c->depth = static_cast<std::uint16_t>(std::min(depth + 1, rules::kMaxConditionDepth + 1));
  c->children = std::move(children);
  return c;
}

ConditionPtr combined(Condition::Kind kind, std::vector<ConditionPtr> children) {
  if (kind == Condition::Kind::all && children.size() == 1) return std::move(children.front());
  return node_of(kind, std::move(children));
}

ConditionPtr leaf(Condition c) { return std::make_shared<const Condition>(std::move(c)); }

ConditionPtr bind_list(YamlReader& r, const MapEntry& e, const std::string& path, Condition::Kind kind, const ConditionScope& scope) {
  auto items = r.list(e.value, path, "conditions");
  if (!items) return nullptr;
  if (items->empty()) {
    r.report(r.make(ErrorCode::invalid_value, e.value, path, e.key + ": needs at least one condition"));
    return nullptr;
  }
  std::vector<ConditionPtr> children;
  bool ok = true;
  for (std::size_t i = 0; i < items->size(); ++i) {
    auto c = bind_condition(r, (*items)[i], item_path(path, i), scope);
    ok = ok && c != nullptr;
    if (c) children.push_back(std::move(c));
  }
  if (!ok) return nullptr;
  return node_of(kind, std::move(children));
}

/// tpp: {">=": 2400, "<": 4800} -> all(tpp >= 2400, tpp < 4800).
ConditionPtr bind_bounds(YamlReader& r, const MapEntry& e, const std::string& path, rules::Metric metric) {
  auto m = r.map(e.value, path, *e.spec->child);
  if (!m) return nullptr;
  if (m->entries.empty()) {
    auto d = r.make(ErrorCode::missing_key, e.value, path, e.key + ": give at least one comparison");
    d.expected = "a mapping such as {\">=\": 4800}";
    d.candidates = m->section->key_names();
    r.report(std::move(d));
    return nullptr;
  }
  std::vector<ConditionPtr> leaves;
  bool ok = true;
  for (const auto& op : rules::comparison_names()) {
    if (!m->has(op.token)) continue;
    Condition c;
    c.kind = Condition::Kind::compare;
    c.metric = metric;
    c.op = op.value;
    ok = r.read(*m, op.token, c.threshold) && ok;
    leaves.push_back(leaf(std::move(c)));
  }
  if (!ok) return nullptr;
  return combined(Condition::Kind::all, std::move(leaves));
}

ConditionPtr bind_meets(YamlReader& r, const CheckedMap& m, const ConditionScope& scope) {
  std::string name;
  if (!r.read(m, "meets", name)) return nullptr;
  const YAML::Node& at = m.value_node("meets");
  const ConditionPtr* named = scope.find_named ? scope.find_named(name) : nullptr;
  if (!named) {
    auto d = r.make(ErrorCode::unknown_reference, at, m.child_path("meets"), "unknown named condition '" + name + "'");
    if (scope.visible_names) d.candidates = scope.visible_names();
    d.suggestions = core::suggest_closest(name, d.candidates);
    d.hint = "meets: sees the conditions: of its base regimes and those defined above it in this file";
    r.report(std::move(d));
    return nullptr;
  }
  return *named;  // shared, not copied (the node carries its name); null if it had errors of its own
}

ConditionPtr bind_named_chips(YamlReader& r, const CheckedMap& m, const ConditionScope& scope) {
  Condition c;
  c.kind = Condition::Kind::named_chips;
  bool ok = true;
  const auto items = scalar_items(r, m, "chips");
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::string id = items[i].Scalar();
    if (scope.chips->find_chip(id)) {
      c.chips.push_back(id);
    } else {
      const bool single = m.value_node("chips").IsScalar();
      report_unknown_reference(r, items[i], single ? m.child_path("chips") : item_path(m.child_path("chips"), i), "chip", id,
                               scope.chips->chip_ids());
      ok = false;
    }
  }
  if (ok && c.chips.empty() && items.empty() && m.value_node("chips").IsSequence()) {
    r.report(r.make(ErrorCode::invalid_value, m.value_node("chips"), m.child_path("chips"), "chips: needs at least one chip"));
  }
  if (!ok || c.chips.empty()) return nullptr;
  return leaf(std::move(c));
}

/// origin: [US] -> the chip's catalog origin is one of these country codes.
ConditionPtr bind_origin(YamlReader& r, const CheckedMap& m) {
  Condition c;
  c.kind = Condition::Kind::origin;
  bool ok = true;
  const auto items = scalar_items(r, m, "origin");
  const bool single = m.value_node("origin").IsScalar();
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (check_country(r, items[i], single ? m.child_path("origin") : item_path(m.child_path("origin"), i))) {
      c.chips.push_back(items[i].Scalar());
    } else {
      ok = false;
    }
  }
  if (ok && c.chips.empty()) {
    r.report(r.make(ErrorCode::invalid_value, m.value_node("origin"), m.child_path("origin"), "origin: needs at least one country code"));
  }
  if (!ok || c.chips.empty()) return nullptr;
  return leaf(std::move(c));
}

ConditionPtr bind_condition_key(YamlReader& r, const CheckedMap& m, const MapEntry& e, const ConditionScope& scope) {
  const std::string path = m.child_path(e.key);
  if (e.key == "all") return bind_list(r, e, path, Condition::Kind::all, scope);
  if (e.key == "any") return bind_list(r, e, path, Condition::Kind::any, scope);
  if (e.key == "not") {
    auto inner = bind_condition(r, e.value, path, scope);
    if (!inner) return nullptr;
    return node_of(Condition::Kind::negate, {std::move(inner)});
  }
  if (e.key == "meets") return bind_meets(r, m, scope);
  if (e.key == "chips") return bind_named_chips(r, m, scope);
  Condition c;
  if (e.key == "datacenter") {
    c.kind = Condition::Kind::datacenter;
    return r.read(m, "datacenter", c.datacenter) ? leaf(std::move(c)) : nullptr;
  }
  if (e.key == "item") {
    c.kind = Condition::Kind::item;
    return r.read_enum(m, "item", rules::item_kind_names(), c.item) ? leaf(std::move(c)) : nullptr;
  }
  if (e.key == "available_in_us") {
    c.kind = Condition::Kind::available_in_us;  // the value the chip must have is kept in `datacenter`
    return r.read(m, "available_in_us", c.datacenter) ? leaf(std::move(c)) : nullptr;
  }
  if (e.key == "origin") return bind_origin(r, m);
  const auto metric = core::enum_from_token(rules::metric_names(), e.key);
  FLOPCAST_ASSERT(metric.has_value(), "condition key '" + e.key + "' has no binding");
  return bind_bounds(r, e, path, *metric);
}

}  // namespace

ConditionPtr bind_condition(YamlReader& r, const YAML::Node& node, const std::string& path, const ConditionScope& scope) {
  auto m = r.map(node, path, *regime_file_section().find("conditions")->child);
  if (!m) return nullptr;
  if (m->entries.empty()) {
    auto d = r.make(ErrorCode::missing_key, node, path, "an empty condition");
    d.expected = "at least one condition key";
    d.candidates = m->section->key_names();
    r.report(std::move(d));
    return nullptr;
  }
  std::vector<ConditionPtr> parts;
  bool ok = true;
  for (const auto& e : m->entries) {
    auto c = bind_condition_key(r, *m, e, scope);
    ok = ok && c != nullptr;
    if (c) parts.push_back(std::move(c));
  }
  if (!ok) return nullptr;
  auto c = combined(Condition::Kind::all, std::move(parts));
  if (c->depth > rules::kMaxConditionDepth) {
    r.report(ErrorCode::too_deep, node, path,
             "this condition is more than " + std::to_string(rules::kMaxConditionDepth) + " levels deep, counting through meets:",
             "each meets: counts the levels of the condition it names; shorten the chain of named conditions");
    return nullptr;
  }
  return c;
}

ConditionPtr named_condition(ConditionPtr c, const std::string& name) {
  // A name for another named condition (C2: {meets: C1}) gets a node of its own, so C1 keeps its label.
  std::shared_ptr<Condition> named = c->label.empty() ? std::make_shared<Condition>(*c) : node_of(Condition::Kind::all, {c});
  named->label = name;
  return named;
}
}  // namespace flopcast::scenario
