// An actor of a fleet projection: what it buys (fixed orders, demand-driven options, smuggling),
// what it already holds, what it wants and prefers, and how it splits training and serving.
#include <algorithm>

#include "bind_entries.hpp"
#include "flopcast/core/suggest.hpp"
#include "bind_projection.hpp"

namespace flopcast::scenario {
namespace {

using core::ErrorCode;
using Kind = fleet::ProcurementLine::Kind;

const catalog::ChipSpec* find_chip(YamlReader& r, const CheckedMap& m, const engine::Scenario& s) {
  std::string id;
  if (!r.read(m, "chip", id)) return nullptr;
  if (const auto* c = s.catalog.find_chip(id)) return c;
  report_unknown_reference(r, m.value_node("chip"), m.child_path("chip"), "chip", id, s.catalog.chip_ids());
  return nullptr;
}

/// A procurement line: its kind from the flags (at most one), and what that kind needs.
void bind_line(YamlReader& r, const CheckedMap& l, const engine::Scenario& s, fleet::Actor& a) {
  fleet::ProcurementLine line;
  const auto* chip = find_chip(r, l, s);
  if (!chip) return;
  line.chip = *chip;
  std::vector<const char*> kinds;
  for (const char* flag : {"leakage", "option", "smuggled"}) {
    bool on = false;
    if (r.read(l, flag, on) && on) kinds.push_back(flag);
  }
  if (kinds.size() > 1) {
    r.report(ErrorCode::invalid_value, l.get(kinds[1])->key_node, l.child_path(kinds[1]),
             std::string("a line is one of leakage:, option: or smuggled:, not both ") + kinds[0] + ": and " + kinds[1] + ":",
             "write two lines for the same chip");
  }
  const std::string kind = kinds.empty() ? "" : kinds.front();
  line.kind = kind == "leakage" ? Kind::leakage : kind == "option" ? Kind::option : kind == "smuggled" ? Kind::smuggled : Kind::order;
  r.read(l, "per_year", line.per_year);
  r.read(l, "from", line.from);
  r.read(l, "to", line.to);
  r.read(l, "premium", line.premium);
  if ((line.kind == Kind::order || line.kind == Kind::leakage) && !l.has("per_year")) {
    r.report(r.make(ErrorCode::missing_key, l.value_node("chip"), l.child_path("per_year"),
                    "a fixed order needs per_year: (or mark the line option: true to let wants: and the budget decide)"));
  }
  if (l.has("premium") && line.kind != Kind::smuggled) {
    r.report(r.make(ErrorCode::invalid_value, l.get("premium")->key_node, l.child_path("premium"), "premium: is for smuggled: lines"));
  }
  if (!line.chip.specs_published && line.kind != Kind::leakage) {
    r.report(ErrorCode::invalid_value, l.value_node("chip"), l.child_path("chip"),
             "'" + line.chip.id + "' has no published performance figures, so its compute cannot be projected",
             "define the chip with its figures as an assumption (chips: {my-chip: {base: " + line.chip.id + ", dense_peak: ...}})");
  }
  a.lines.push_back(std::move(line));
}

void bind_installed_base(YamlReader& r, const CheckedMap& m, const engine::Scenario& s, core::YearMonth start, fleet::Actor& a) {
  for_each_map(r, m, "installed_base", [&](const CheckedMap& b) {
    fleet::InstalledStock stock;
    const auto* chip = find_chip(r, b, s);
    if (!chip) return;
    stock.chip = *chip;
    r.read(b, "count", stock.count);
    if (r.read(b, "vintage", stock.vintage) && start < stock.vintage) {
      r.report(r.make(ErrorCode::invalid_value, b.value_node("vintage"), b.child_path("vintage"),
                      "the installed base is held at the timeline start (" + start.str() + "); a later vintage is a purchase"));
    }
    a.installed_base.push_back(std::move(stock));
  });
}

/// prefer: pairs name option chips of this actor and must not loop (a before b before a).
void bind_preferences(YamlReader& r, const CheckedMap& m, fleet::Actor& a) {
  std::vector<std::string> options;
  for (const auto& l : a.lines) {
    if ((l.kind == Kind::option || l.kind == Kind::smuggled) && std::find(options.begin(), options.end(), l.chip.id) == options.end()) {
      options.push_back(l.chip.id);
    }
  }
  for_each_map(r, m, "prefer", [&](const CheckedMap& p) {
    std::pair<std::string, std::string> pair;
    if (!r.read(p, "chip", pair.first) || !r.read(p, "over", pair.second)) return;
    for (const char* key : {"chip", "over"}) {
      const std::string& id = std::string(key) == "chip" ? pair.first : pair.second;
      if (std::find(options.begin(), options.end(), id) != options.end()) continue;
      auto d = r.make(ErrorCode::unknown_reference, p.value_node(key), p.child_path(key),
                      "'" + id + "' is not among the chips " + a.name + " buys on demand (its option: and smuggled: lines)");
      d.suggestions = core::suggest_closest(id, options);
      d.candidates = options;
      d.hint = "preferences order the actor's own option: lines; add a line for the chip first";
      r.report(std::move(d));
      return;
    }
    a.prefer.push_back(pair);
    const auto loop = fleet::preference_cycle(a.prefer);
    if (!loop.empty()) {
      r.report(ErrorCode::invalid_value, p.value_node("over"), p.child_path("over"), "preferences loop: " + loop,
               "a chip cannot come before itself: drop one of the preferences in the loop");
      a.prefer.pop_back();
    }
  });
}

void bind_wants(YamlReader& r, const CheckedMap& m, core::YearMonth start, fleet::Actor& a) {
  const MapEntry* e = m.get("wants");
  if (!e) return;
  auto w = r.map(e->value, m.child_path("wants"), *e->spec->child);
  if (!w) return;
  fleet::Wants wants;
  wants.from = start;
  r.read(*w, "h100e_per_year", wants.h100e_per_year);
  r.read(*w, "growth", wants.growth_per_year);
  r.read(*w, "from", wants.from);
  a.wants = wants;
}

/// Demand-driven lines need a bound: wants: or a budget (with prices, checked by the caller).
void check_bounds(YamlReader& r, const CheckedMap& m, const fleet::Actor& a) {
  const bool options = std::any_of(a.lines.begin(), a.lines.end(), [](const auto& l) { return l.kind == Kind::option || l.kind == Kind::smuggled; });
  if (options && !a.wants && !a.budget_usd_per_year) {
    r.report(ErrorCode::missing_key, m.get("procurement")->key_node, m.child_path("wants"),
             "option: and smuggled: lines buy what wants: or budget_per_year: allow; this actor gives neither, so nothing bounds them",
             "add wants: {h100e_per_year: 100000} (the H100-equivalents sought a year) or budget_per_year: \"20B USD\"");
  }
  if (!options && m.has("wants")) {
    r.report(r.make(ErrorCode::invalid_value, m.get("wants")->key_node, m.child_path("wants"),
                    "wants: is met by option: lines, and this actor has none (mark lines option: true)"));
  }
}

}  // namespace

void bind_allocation(YamlReader& r, const CheckedMap& actor, core::YearMonth start, fleet::Allocation& out) {
  const MapEntry* e = actor.get("allocation");
  if (!e) return;
  auto m = r.map(e->value, actor.child_path("allocation"), *e->spec->child);
  if (!m) return;
  std::string policy = "shares";
  r.read(*m, "policy", policy);
  out.policy = policy == "serving-first" ? fleet::Allocation::Policy::serving_first : fleet::Allocation::Policy::shares;
  std::string serve_on = "best-suited";
  if (r.read(*m, "serve_on", serve_on) && out.policy != fleet::Allocation::Policy::serving_first) {
    r.report(ErrorCode::invalid_value, m->get("serve_on")->key_node, m->child_path("serve_on"),
             "serve_on is for policy: serving-first; with shares every chip type splits by training_share",
             "remove serve_on:, or use policy: serving-first");
  }
  out.serve_on = serve_on == "every-type" ? fleet::Allocation::ServeOn::every_type : fleet::Allocation::ServeOn::best_suited;
  r.read(*m, "training_share", out.training_share);
  r.read(*m, "demand_growth", out.demand_growth_per_year);
  r.read(*m, "peak_to_mean", out.peak_to_mean);
  r.read(*m, "target_utilisation", out.target_utilisation);
  if (out.peak_to_mean < 1) {
    r.report(r.make(ErrorCode::out_of_range, m->value_node("peak_to_mean"), m->child_path("peak_to_mean"),
                    "peak_to_mean is the daily peak over the mean demand, so at least 1"));
  }
  if (out.target_utilisation > 1) {
    r.report(r.make(ErrorCode::out_of_range, m->value_node("target_utilisation"), m->child_path("target_utilisation"),
                    "target_utilisation is a share of the serving chips' throughput, at most 100%"));
  }
  double constant = 0;
  if (r.read(*m, "serving_demand", constant)) out.demand = {{start, constant}};
  for_each_map(r, *m, "demand_curve", [&](const CheckedMap& p) {
    fleet::DemandPoint point;
    if (!r.read(p, "at", point.at) || !r.read(p, "demand", point.tokens_per_s)) return;
    if (!out.demand.empty() && !(out.demand.back().at < point.at)) {
      r.report(ErrorCode::invalid_value, p.value_node("at"), p.child_path("at"), "demand_curve points must be in increasing months",
               "list the points in time order: this at: must come after the point before it (" + out.demand.back().at.str() + ")");
      return;
    }
    out.demand.push_back(point);
  });
  if (m->has("serving_demand") && m->has("demand_curve")) {
    r.report(ErrorCode::invalid_value, m->get("demand_curve")->key_node, m->child_path("demand_curve"),
             "give serving_demand: (constant) or demand_curve: (points over time), not both",
             "remove serving_demand:, or put its value in the curve as its first point");
  }
  if (out.policy == fleet::Allocation::Policy::serving_first && m->has("training_share")) {
    r.report(ErrorCode::invalid_value, m->get("training_share")->key_node, m->child_path("training_share"),
             "training_share is for policy: shares; serving-first trains on what serving leaves", "remove training_share:, or use policy: shares");
  }
  if (out.policy == fleet::Allocation::Policy::serving_first && !m->has("serving_demand") && !m->has("demand_curve")) {
    r.report(ErrorCode::missing_key, e->key_node, m->child_path("serving_demand"), "policy: serving-first needs serving_demand: or demand_curve:",
             "add serving_demand: \"20T tokens/day\" (constant) or demand_curve: [{at: " + start.str() +
             ", demand: \"20T tokens/day\"}, ...] (over time), or use policy: shares");
  }
}

void bind_actor(YamlReader& r, const CheckedMap& m, const engine::Scenario& s, core::YearMonth start, fleet::Actor& a) {
  r.read(m, "name", a.name);
  r.read(m, "destination", a.destination);
  r.read(m, "headquarters", a.headquarters);
  r.read(m, "budget_per_year", a.budget_usd_per_year);
  r.read(m, "budget_growth", a.budget_growth_per_year);
  r.read(m, "power_cap", a.power_cap_w);
  a.priority = 1 << 30;  // without a priority: after every actor with one
  r.read(m, "priority", a.priority);
  std::string rank = "cost";
  r.read(m, "rank", rank);
  a.rank = rank == "listed" ? fleet::Actor::Rank::listed : fleet::Actor::Rank::cost;
  for_each_map(r, m, "procurement", [&](const CheckedMap& l) { bind_line(r, l, s, a); });
  bind_installed_base(r, m, s, start, a);
  bind_wants(r, m, start, a);
  bind_preferences(r, m, a);
  bind_allocation(r, m, start, a.allocation);
  check_bounds(r, m, a);
}

}  // namespace flopcast::scenario
