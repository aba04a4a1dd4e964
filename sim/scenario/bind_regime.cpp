// YAML -> export-control rules: rules with destination scopes, licence approval schedules,
// quantity caps and supply controls, and the destination group table (docs/rules.md). Their
// conditions: bind_condition.cpp.
#include "bind_regime.hpp"

#include <algorithm>
#include <cctype>

#include "bind_entries.hpp"
#include "flopcast/core/assert.hpp"
#include "flopcast/core/suggest.hpp"

namespace flopcast::scenario {

using core::ErrorCode;

std::string item_path(const std::string& path, std::size_t i) { return path + "[" + std::to_string(i) + "]"; }

/// The scalar items of a name-list key (a single name counts as a one-item list), with their
/// nodes so each can be reported at its own position.
std::vector<YAML::Node> scalar_items(YamlReader& r, const CheckedMap& m, std::string_view key) {
  const MapEntry* e = m.get(key);
  if (!e) return {};
  if (e->value.IsScalar() && !e->value.IsNull()) return {e->value};
  auto items = r.list(e->value, m.child_path(key), "names");
  if (!items) return {};
  std::vector<YAML::Node> out;
  for (std::size_t i = 0; i < items->size(); ++i) {
    const auto& n = (*items)[i];
    if (n.IsScalar() && !n.IsNull()) {
      out.push_back(n);
    } else {
      const std::string found = n.IsMap() ? "a mapping" : n.IsSequence() ? "a list" : "nothing";
      r.report(r.make(ErrorCode::wrong_type, n, item_path(m.child_path(key), i), "expected a name, found " + found));
    }
  }
  return out;
}

bool check_country(YamlReader& r, const YAML::Node& n, const std::string& path) {
  const std::string& s = n.Scalar();
  if (rules::is_country_code(s)) return true;
  auto d = r.make(ErrorCode::invalid_value, n, path, "expected a two-letter ISO 3166 country code such as CN, found \"" + s + "\"");
  d.expected = "a two-letter upper-case country code such as CN";
  d.found = "\"" + s + "\"";
  if (s.size() == 2 && std::isalpha(static_cast<unsigned char>(s[0])) && std::isalpha(static_cast<unsigned char>(s[1]))) {
    std::string upper = s;
    for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    d.hint = "write country codes in upper case: '" + upper + "'";
  }
  r.report(std::move(d));
  return false;
}

namespace {

/// "*", a group id or a country code -> the scope; unknown tokens are reported where written.
void bind_scope(YamlReader& r, const CheckedMap& m, const char* key, const rules::DestinationTable& table, rules::DestinationScope& scope) {
  const auto items = scalar_items(r, m, key);
  const bool single = m.has(key) && m.value_node(key).IsScalar();
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::string token = items[i].Scalar();
    const std::string path = single ? m.child_path(key) : item_path(m.child_path(key), i);
    scope.written.push_back(token);
    if (token == "*") {
      scope.everywhere = true;
    } else if (const auto* g = table.find_group(token)) {
      scope.countries.insert(scope.countries.end(), g->members.begin(), g->members.end());
    } else if (rules::is_country_code(token)) {
      scope.countries.push_back(token);
    } else if (token.size() == 2 && std::isalpha(static_cast<unsigned char>(token[0])) && std::isalpha(static_cast<unsigned char>(token[1]))) {
      check_country(r, items[i], path);  // a lower-case code: says how to write it
    } else {
      auto known = table.group_ids();
      known.push_back("*");
      auto d = r.make(ErrorCode::unknown_reference, items[i], path, "unknown destination '" + token + "'");
      d.suggestions = core::suggest_closest(token, known);
      d.candidates = known;
      d.hint = "write a two-letter country code (CN), a group from destinations.yaml, or * for everywhere";
      r.report(std::move(d));
    }
  }
  if (items.empty() && m.has(key) && m.value_node(key).IsSequence() && m.value_node(key).size() == 0) {
    r.report(ErrorCode::invalid_value, m.value_node(key), m.child_path(key), std::string(key) + ": needs at least one entry",
             "list country codes, groups, or * for everywhere");
  }
  std::sort(scope.countries.begin(), scope.countries.end());
  scope.countries.erase(std::unique(scope.countries.begin(), scope.countries.end()), scope.countries.end());
}

/// approval_schedule: [{from, probability}] in increasing months; licence rules only.
bool bind_approval_schedule(YamlReader& r, const CheckedMap& m, std::optional<rules::Outcome> outcome, rules::Rule& rule) {
  const MapEntry* e = m.get("approval_schedule");
  if (!e) return true;
  bool ok = true;
  if (outcome && *outcome != rules::Outcome::licence) {
    r.report(ErrorCode::invalid_value, e->key_node, m.child_path("approval_schedule"), "approval_schedule applies only to outcome: licence",
             "remove it, or set outcome: licence");
    ok = false;
  }
  for_each_item(r, m, "approval_schedule", [&](const YAML::Node& n, const std::string& path, const Section& section) {
    auto step = r.map(n, path, section);
    if (!step) return void(ok = false);
    core::YearMonth from;
    double p = 0;
    if (!r.read(*step, "from", from) || !r.read(*step, "probability", p)) return void(ok = false);
    if (!rule.approval_schedule.empty() && !(rule.approval_schedule.back().first < from)) {
      auto d = r.make(ErrorCode::invalid_value, step->value_node("from"), step->child_path("from"),
                      "approval_schedule months must increase: " + from.str() + " does not come after " + rule.approval_schedule.back().first.str());
      r.report(std::move(d));
      return void(ok = false);
    }
    rule.approval_schedule.emplace_back(from, p);
  });
  return ok;
}

/// quantity_cap: {h100e: N | tpp: N, per: year | total}.
bool bind_quantity_cap(YamlReader& r, const CheckedMap& m, rules::Rule& rule) {
  const MapEntry* e = m.get("quantity_cap");
  if (!e) return true;
  auto cap = r.map(e->value, m.child_path("quantity_cap"), *e->spec->child);
  if (!cap) return false;
  if (cap->has("h100e") == cap->has("tpp")) {
    auto d = r.make(ErrorCode::invalid_value, e->value, m.child_path("quantity_cap"), "quantity_cap: give exactly one of h100e or tpp");
    d.expected = "{h100e: 750000, per: year}";
    r.report(std::move(d));
    return false;
  }
  const char* unit = cap->has("h100e") ? "h100e" : "tpp";
  double amount = 0;
  if (!r.read(*cap, unit, amount)) return false;
  if (!(amount > 0)) {
    r.report(r.make(ErrorCode::invalid_value, cap->value_node(unit), cap->child_path(unit), "a quantity cap must be positive"));
    return false;
  }
  rule.quantity_cap_h100e = cap->has("h100e") ? amount : amount / 15832.0;  // 1 H100e = the H100's TPP
  std::string per = "year";
  if (cap->has("per") && !r.read(*cap, "per", per)) return false;
  rule.quantity_cap_per_year = per != "total";
  return true;
}

/// supply_controls: each cuts a tagged production flow for producers in its destinations.
void bind_supply_controls(YamlReader& r, const YAML::Node& list, const rules::DestinationTable& destinations, rules::ExportRegime& regime) {
  auto items = r.list(list, "supply_controls", "supply controls");
  if (!items) return;
  const Section& section = *regime_file_section().find("supply_controls")->child;
  for (std::size_t k = 0; k < items->size(); ++k) {
    const std::string path = "supply_controls[" + std::to_string(k) + "]";
    auto m = r.map((*items)[k], path, section);
    if (!m) continue;
    rules::SupplyControl sc;
    sc.defined_in = regime.id;
    bool ok = r.read(*m, "id", sc.id) && r.read(*m, "cuts", sc.cuts);
    r.read(*m, "title", sc.title);
    if (m->has("share")) ok = r.read(*m, "share", sc.share) && ok;
    r.read(*m, "source", sc.provenance.source);
    r.read(*m, "notes", sc.provenance.notes);
    sc.provenance.confidence = catalog::Confidence::A;
    sc.provenance.defined_at = r.at((*items)[k]);
    bind_scope(r, *m, "destinations", destinations, sc.destinations);
    if (ok) regime.supply_controls.push_back(std::move(sc));
  }
}

}  // namespace

void bind_regime_supply_controls(YamlReader& r, const YAML::Node& list, const rules::DestinationTable& destinations, rules::ExportRegime& regime) {
  bind_supply_controls(r, list, destinations, regime);
}

std::optional<rules::Rule> bind_rule(YamlReader& r, const YAML::Node& node, const std::string& path, const ConditionScope& scope,
                                     const rules::DestinationTable& destinations) {
  auto m = r.map(node, path, *regime_file_section().find("rules")->child);
  if (!m) return std::nullopt;
  rules::Rule rule;
  r.read(*m, "id", rule.id);
  r.read(*m, "title", rule.title);
  const bool outcome_ok = r.read_enum(*m, "outcome", rules::outcome_names(), rule.outcome);
  r.read(*m, "approval_probability", rule.approval_probability);
  r.read(*m, "fee_share", rule.fee_share);
  r.read(*m, "volume_cap", rule.volume_cap);
  r.read(*m, "source", rule.provenance.source);
  r.read(*m, "notes", rule.provenance.notes);
  rule.provenance.confidence = catalog::Confidence::A;  // rule text
  rule.provenance.defined_at = r.at(node);
  if (outcome_ok && rule.approval_probability && rule.outcome != rules::Outcome::licence) {
    r.report(ErrorCode::invalid_value, m->get("approval_probability")->key_node, m->child_path("approval_probability"),
             "approval_probability applies only to outcome: licence", "remove it, or set outcome: licence");
  }
  ConditionPtr when;
  if (const MapEntry* e = m->get("when")) when = bind_condition(r, e->value, m->child_path("when"), scope);
  bind_scope(r, *m, "destinations", destinations, rule.destinations);
  bind_scope(r, *m, "headquarters", destinations, rule.headquarters);
  const bool extras_ok = bind_approval_schedule(r, *m, outcome_ok ? std::optional(rule.outcome) : std::nullopt, rule) && bind_quantity_cap(r, *m, rule);
  if (!when || !extras_ok) return std::nullopt;
  rule.when = std::move(when);
  return rule;
}

void bind_destinations(YamlReader& r, const YAML::Node& root, rules::DestinationTable& into) {
  auto top = r.map(root, "", destinations_file_section());
  if (!top) return;
  if (const MapEntry* e = top->get("groups")) {
    for (const auto& entry : r.id_map(e->value, "groups")) {
      const std::string path = "groups." + entry.key;
      if (entry.key == "*" || entry.key.size() == 2) {
        r.report(r.make(ErrorCode::invalid_value, entry.key_node, path, "a group id must not look like a country code or '*'"));
        continue;
      }
      auto m = r.map(entry.value, path, *e->spec->child);
      if (!m) continue;
      rules::DestinationGroup g;
      g.id = entry.key;
      r.read(*m, "title", g.title);
      r.read(*m, "source", g.provenance.source);
      r.read(*m, "notes", g.provenance.notes);
      const auto items = scalar_items(r, *m, "members");
      for (std::size_t i = 0; i < items.size(); ++i) {
        if (check_country(r, items[i], item_path(m->child_path("members"), i))) g.members.push_back(items[i].Scalar());
      }
      into.groups.push_back(std::move(g));
    }
  }
  if (const MapEntry* e = top->get("countries")) {
    for (const auto& entry : r.id_map(e->value, "countries")) {
      const std::string path = "countries." + entry.key;
      if (!check_country(r, entry.key_node, path)) continue;
      auto m = r.map(entry.value, path, *e->spec->child);
      std::string to;
      if (!m || !r.read(*m, "treated_as", to)) continue;
      if (check_country(r, m->value_node("treated_as"), m->child_path("treated_as"))) into.treated_as.emplace_back(entry.key, to);
    }
  }
}

}  // namespace flopcast::scenario
